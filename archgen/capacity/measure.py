"""Re-measure a design from its own structure and requirements: every figure, rate, size, instance count and cost.

The functions are the ones the rules architect runs while it plans, applied in the same order to the structure the
design holds, so an unedited design measures exactly as it was made, and an edited one (a store added, a
topology changed, the daily users raised) gets the figures its edit implies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from archgen.capacity.cost import estimate_cost
from archgen.capacity.ledger import Ledger
from archgen.capacity.load import ledger_value, load_figures
from archgen.capacity.prices import PRICE_KEYS, TABLE_FOR_CLOUD, Price, PriceTable, load_prices
from archgen.capacity.sizing import DATABASE_KINDS, size_deployables, size_services, size_store
from archgen.design.model import Capacity, Cost, CostLine, Design


@dataclass
class Measured:
    """A re-measured design, and what re-measuring changed in it (empty when the design was measured already)."""

    design: Design
    figures: list[str] = field(default_factory=list)  # keys of figures whose value changed, added or dropped
    instances: list[str] = field(default_factory=list)  # deployables whose instance bounds changed
    cost_lines: list[str] = field(default_factory=list)  # items of cost lines that changed, added or dropped
    cost_before: float = 0.0
    shipped_prices: list[str] = field(default_factory=list)  # lines a custom table had no price for

    @property
    def changed(self) -> bool:
        """Whether any derived value differs from the one the design held."""
        return bool(self.figures or self.instances or self.cost_lines)


def remeasure(design: Design, prices: Path | None = None) -> Measured:
    """`design` with every derived value recomputed from its structure and requirements.

    The prices are the shipped table of the design's cloud when the design was priced with a shipped table. A
    design priced with a table of the user's keeps the unit prices its cost lines show; lines that table never
    priced take the shipped price and are listed in `shipped_prices`. `prices` (a price file, as `--prices`
    takes) overrides both.
    """
    measured = design.model_copy(deep=True)
    req = measured.requirements
    ledger = Ledger()
    load_figures(req, ledger)
    size_services(req, ledger, measured.services)
    size_deployables(req, ledger, measured.deployables, measured.services)
    cached = {name for cache in measured.caches if cache.placement == "distributed" for name in cache.entities}
    for store in measured.stores:
        if store.kind in DATABASE_KINDS:
            sizing = size_store(req, ledger, store, any(name in cached for name in store.entities))
            store.size_bytes_3y = sizing.data_bytes_y3
            store.read_replicas = sizing.read_replicas
    for cache in measured.caches:
        if cache.placement == "distributed":
            cache.size_bytes = ledger_value(ledger, "cache.working_set")
    table, shipped_prices = _price_table(measured, ledger, prices)
    lines = estimate_cost(
        req, ledger, table, measured.deployables, measured.stores, measured.caches, measured.channels,
        measured.reliability,
    )  # fmt: skip
    measured.cost = Cost(
        price_table=table.name,
        lines=lines,
        total_usd_per_month=round(sum(line.monthly_usd for line in lines), 2),
        budget_usd_per_month=req.constraints.budget_usd_per_month,
    )
    measured.capacity = Capacity(figures=ledger.figures)
    return Measured(
        design=measured,
        figures=_changed({f.key: f.value for f in design.capacity.figures}, {f.key: f.value for f in ledger.figures}),
        instances=[
            new.name
            for old, new in zip(design.deployables, measured.deployables, strict=True)
            if old.scaling != new.scaling
        ],
        cost_lines=_changed(_lines(design.cost.lines), _lines(lines)),
        cost_before=design.cost.total_usd_per_month,
        shipped_prices=shipped_prices,
    )


def _changed(before: dict[str, object], after: dict[str, object]) -> list[str]:
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def _lines(lines: list[CostLine]) -> dict[str, object]:
    return {line.item: (line.quantity, line.unit_price_usd, line.monthly_usd) for line in lines}


def _price_table(design: Design, ledger: Ledger, override: Path | None) -> tuple[PriceTable, list[str]]:
    """The price table to re-price `design` with, and the cost lines that fall back to shipped prices."""
    cloud = design.requirements.constraints.cloud
    if override is not None:
        return load_prices(cloud, override), []
    shipped = load_prices(cloud, None)
    if design.cost.price_table in TABLE_FOR_CLOUD.values():
        return shipped, []
    # A table of the user's: its unit prices are known only through the lines it priced. Price the design once
    # with a marker price per key to learn which key each line uses, then keep the user's price for that key.
    markers = PriceTable(
        name="markers", prices={key: Price(usd=i + 1, per="marker") for i, key in enumerate(PRICE_KEYS)}
    )
    probe = estimate_cost(
        design.requirements, Ledger(ledger.figures), markers, design.deployables, design.stores, design.caches,
        design.channels, design.reliability,
    )  # fmt: skip
    key_of = {line.item: PRICE_KEYS[int(line.unit_price_usd) - 1] for line in probe}
    mine = {key_of[line.item]: line.unit_price_usd for line in design.cost.lines if line.item in key_of}
    prices = {
        key: Price(usd=mine[key], per=price.per) if key in mine else price for key, price in shipped.prices.items()
    }
    fallback = sorted(item for item, key in key_of.items() if key not in mine)
    return PriceTable(name=design.cost.price_table, description=shipped.description, prices=prices), fallback
