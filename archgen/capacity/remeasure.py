"""Re-measure an edited design: every figure, demand, size and cost line from its own structure, and what changed.

`render` runs it on a design.yaml a person edited (a store added, a topology changed, the daily users raised), so
the pages show the figures the edit implies. An unedited design measures exactly as it was made.

A deployable's instance bounds (`scaling.min_instances`, `scaling.max_instances`) that a person changed from what
archgen last published are theirs: render keeps them as written, every instance figure starts from the minimum
written, and the cost follows; they stay theirs in later renders (the folder's state lists them). Bounds nobody
touched are derived and recomputed like everything else computed (figures, demand, sizes, cost lines), and
`render` writes the recomputed values back into design.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from archgen.capacity.measure import measure
from archgen.capacity.prices import TABLE_FOR_CLOUD, Price, PriceTable, load_prices
from archgen.design.model import CostLine, Design

Bounds = dict[str, dict[str, int]]  # per deployable: min_instances and/or max_instances a person set
FIELDS = ("min_instances", "max_instances")


@dataclass
class Measured:
    """A re-measured design, and what re-measuring changed in it (empty when the design was measured already)."""

    design: Design
    figures: list[str] = field(default_factory=list)  # keys of figures whose value changed, added or dropped
    instances: list[str] = field(default_factory=list)  # deployables whose instance bounds changed
    cost_lines: list[str] = field(default_factory=list)  # items of cost lines that changed, added or dropped
    cost_before: float = 0.0
    shipped_prices: list[str] = field(default_factory=list)  # lines a custom table had no price for
    set_by_you: Bounds = field(default_factory=dict)  # the instance bounds a person set, kept
    bounds: list[str] = field(default_factory=list)  # those bounds that differ from archgen's sizing, said
    short: list[str] = field(default_factory=list)  # why a maximum written is below what the load needs

    @property
    def changed(self) -> bool:
        """Whether any derived value differs from the one the design held."""
        return bool(self.figures or self.instances or self.cost_lines)


def set_bounds(design: Design, published: Design | None, pinned: dict[str, dict[str, int]]) -> Bounds:
    """The instance bounds in `design` a person set: those that differ from the design archgen last published
    (every bound that differs from archgen's own sizing when there is no such record), and those set before
    (`pinned`) that are still as written."""
    if published is None:
        table, _ = _price_table(design, None)
        published = measure(design, table)
    archgens = {d.name: d.scaling for d in published.deployables}
    found: Bounds = {}
    for d in design.deployables:
        for name in FIELDS:
            value = getattr(d.scaling, name)
            theirs = d.name in archgens and getattr(archgens[d.name], name) != value
            if theirs or pinned.get(d.name, {}).get(name) == value:
                found.setdefault(d.name, {})[name] = value
    if not found:
        return found
    # a bound archgen itself derives from the person's minimums (the maximum follows the minimum) is not theirs
    table, _ = _price_table(design, None)
    minimums = {n: {"min_instances": b["min_instances"]} for n, b in found.items() if "min_instances" in b}
    derived = {
        "min_instances": {d.name: d.scaling for d in measure(design, table).deployables},
        "max_instances": {d.name: d.scaling for d in measure(design, table, bounds=minimums).deployables},
    }
    return {
        n: kept
        for n, bounds in found.items()
        if (kept := {k: v for k, v in bounds.items() if n not in derived[k] or getattr(derived[k][n], k) != v})
    }


def remeasure(design: Design, prices: Path | None = None, bounds: Bounds | None = None) -> Measured:
    """`design` with every derived value recomputed from its structure and requirements; `bounds` are the
    instance bounds a person set (see `set_bounds`), kept as they are.

    The prices are the shipped table of the design's cloud when the design was priced with a shipped table. A
    design priced with a table of the user's keeps the unit prices its cost lines show; lines that table never
    priced take the shipped price and are listed in `shipped_prices`. `prices` (a price file, as `--prices`
    takes) overrides both.
    """
    table, known = _price_table(design, prices)
    bounds = bounds or {}
    own = {d.name: d.scaling for d in measure(design, table).deployables}
    measured = measure(design, table, design.requirements, bounds=bounds)
    fallback = sorted(line.item for line in measured.cost.lines if known is not None and line.price not in known)
    before = {d.name: d.scaling for d in design.deployables}
    return Measured(
        design=measured,
        figures=_changed(
            {f.key: f.value for f in design.capacity.figures}, {f.key: f.value for f in measured.capacity.figures}
        ),
        instances=[d.name for d in measured.deployables if before.get(d.name) != d.scaling],
        cost_lines=_changed(_lines(design.cost.lines), _lines(measured.cost.lines)),
        cost_before=design.cost.total_usd_per_month,
        shipped_prices=fallback,
        set_by_you=bounds,
        bounds=[
            f"{name} {key} {value} (archgen's: {getattr(own[name], key)})"
            for name, values in bounds.items()
            for key, value in values.items()
            if name in own and getattr(own[name], key) != value
        ],
        short=_short(measured),
    )


def _short(design: Design) -> list[str]:
    """Deployables whose maximum is below the instances the load needs at peak after 3 years."""
    needs = {f.key: f.value for f in design.capacity.figures}
    short = []
    for d in design.deployables:
        need = needs.get(f"compute.{d.name}.instances.y3", 0.0)
        if need > d.scaling.max_instances:
            short.append(
                f"{d.name}: scaling.max_instances {d.scaling.max_instances} is below the {need:.0f} instances its "
                "load needs at peak after 3 years; raise it or the autoscaler stops short"
            )
    return short


def _changed(before: dict[str, object], after: dict[str, object]) -> list[str]:
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def _lines(lines: list[CostLine]) -> dict[str, object]:
    return {line.item: (line.quantity, line.unit_price_usd, line.monthly_usd) for line in lines}


def _price_table(design: Design, override: Path | None) -> tuple[PriceTable, set[str] | None]:
    """The table to re-price `design` with, and (for a table of the user's) the price keys it is known to hold."""
    cloud = design.requirements.constraints.cloud
    if override is not None:
        return load_prices(cloud, override), None
    shipped = load_prices(cloud, None)
    if design.cost.price_table in TABLE_FOR_CLOUD.values():
        return shipped, None
    # a table of the user's is known only through the lines it priced: each line names its price key
    mine = {line.price: line.unit_price_usd for line in design.cost.lines if line.price}
    prices = {
        key: Price(usd=mine[key], per=price.per) if key in mine else price for key, price in shipped.prices.items()
    }
    table = PriceTable(name=design.cost.price_table, description=shipped.description, prices=prices)
    return table, set(mine)
