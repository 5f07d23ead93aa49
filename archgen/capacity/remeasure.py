"""Re-measure an edited design: every figure, demand, size and cost line from its own structure, and what changed.

`render` runs it on a design.yaml a person edited (a store added, a topology changed, the daily users raised), so
the pages show the figures the edit implies. An unedited design measures exactly as it was made.

The sizes a person may set are a deployable's instance bounds (`scaling.min_instances`, `scaling.max_instances`)
and, for a store priced per node, its `shards`, `read_replicas` and `node_class`. Those a person changed from what
archgen last published are theirs: render keeps them as written, every instance figure starts from the minimum
written, and the cost follows; they stay theirs in later renders (the folder's state lists them). Sizes nobody
touched, and every other computed value (figures, demand, data sizes, capacities, cost lines), are derived and
recomputed; `render` writes the recomputed values back into design.yaml and names any it replaced that the
person had written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from archgen.capacity.measure import Settings, measure, store_settings
from archgen.capacity.prices import TABLE_FOR_CLOUD, Price, PriceTable, load_prices
from archgen.capacity.recovery import zone_loss_share
from archgen.capacity.restate import restate_costs
from archgen.common.english import fraction_word
from archgen.design.job_tables import follow_database
from archgen.design.model import CostLine, Design

Bounds = Settings  # per deployable or store: the sizes a person set
FIELDS = ("min_instances", "max_instances")
DRIVERS = ("min_instances", "shards")  # sizes others follow: archgen's maximum follows a minimum, replicas shards


@dataclass
class Measured:
    """A re-measured design, and what re-measuring changed in it (empty when the design was measured already)."""

    design: Design
    figures: list[str] = field(default_factory=list)  # keys of figures whose value changed, added or dropped
    instances: list[str] = field(default_factory=list)  # deployables whose instance bounds changed
    cost_lines: list[str] = field(default_factory=list)  # items of cost lines that changed, added or dropped
    derived: list[str] = field(default_factory=list)  # other computed values that changed (sizes, demand)
    cost_before: float = 0.0
    shipped_prices: list[str] = field(default_factory=list)  # lines a custom table had no price for
    set_by_you: Bounds = field(default_factory=dict)  # the sizes a person set, kept
    bounds: list[str] = field(default_factory=list)  # those sizes that differ from archgen's sizing, said
    short: list[str] = field(default_factory=list)  # why a size written is below what the load needs
    replaced: list[str] = field(default_factory=list)  # computed values a person wrote, recomputed: "path a → b"

    @property
    def changed(self) -> bool:
        """Whether any derived value differs from the one the design held."""
        return bool(self.figures or self.instances or self.cost_lines or self.derived)


def sizes(design: Design) -> Bounds:
    """The sizes a person may set in `design`: each deployable's instance bounds, and each store's sizing fields
    its cost is priced from (see `archgen.capacity.measure.settable`)."""
    found: Bounds = {}
    for d in design.deployables:
        found.setdefault(d.name, {}).update({k: getattr(d.scaling, k) for k in FIELDS})
    settable = store_settings(design)
    for s in design.stores:
        if settable[s.name]:
            found.setdefault(s.name, {}).update({k: getattr(s, k) for k in settable[s.name]})
    return found


def set_bounds(design: Design, published: Design | None, pinned: Bounds) -> Bounds:
    """The sizes in `design` a person set: those set before (`pinned`) that are still as written, and those that
    differ from the design archgen last published (from archgen's own sizing when there is no such record) unless
    archgen derives that very value from the person's other sizes (a maximum that follows their minimum)."""
    table, _ = _price_table(design, None)
    if published is None:
        published = measure(design, table)
    mine, archgens = sizes(design), sizes(published)
    kept: Bounds = {}
    for name, values in mine.items():
        for key, value in values.items():
            if name in pinned and key in pinned[name] and pinned[name][key] == value:
                kept.setdefault(name, {})[key] = value
    found: Bounds = {}
    for name, values in mine.items():
        for key, value in values.items():
            if key not in kept.get(name, {}) and key in archgens.get(name, {}) and archgens[name][key] != value:
                found.setdefault(name, {})[key] = value
    if not found:
        return kept
    drivers = {n: {k: v for k, v in b.items() if k in DRIVERS} for src in (kept, found) for n, b in src.items()}
    own, follows = sizes(measure(design, table)), sizes(measure(design, table, bounds=_merge(kept, drivers)))
    for name, values in found.items():
        for key, value in values.items():
            if own.get(name, {}).get(key) != value and (key in DRIVERS or follows.get(name, {}).get(key) != value):
                kept.setdefault(name, {})[key] = value
    return kept


def _merge(*parts: Bounds) -> Bounds:
    merged: Bounds = {}
    for part in parts:
        for name, values in part.items():
            merged.setdefault(name, {}).update(values)
    return merged


def unpriced_sizes(design: Design, prices: Path | None = None) -> list[tuple[tuple[str | int, ...], str]]:
    """Node classes written on stores that the price table has no price for, as (key path, message) pairs."""
    table, _ = _price_table(design, prices)
    classes = sorted(
        k.removeprefix("db_node_").removesuffix("_month") for k in table.prices if k.startswith("db_node_")
    )
    settable = store_settings(design)
    return [
        (
            ("stores", i, "node_class"),
            f"{s.node_class!r} is not a node class archgen can price; write one of {', '.join(classes)}",
        )
        for i, s in enumerate(design.stores)
        if "node_class" in settable[s.name] and s.node_class and s.node_class not in classes
    ]


def remeasure(design: Design, prices: Path | None = None, bounds: Bounds | None = None) -> Measured:
    """`design` with every derived value recomputed from its structure and requirements; `bounds` are the
    sizes a person set (see `set_bounds`), kept as they are.

    The prices are the shipped table of the design's cloud when the design was priced with a shipped table. A
    design priced with a table of the user's keeps the unit prices its cost lines show; lines that table never
    priced take the shipped price and are listed in `shipped_prices`. `prices` (a price file, as `--prices`
    takes) overrides both.
    """
    table, known = _price_table(design, prices)
    bounds = bounds or {}
    own = sizes(measure(design, table))
    measured = restate_costs(design, measure(design, table, design.requirements, bounds=bounds))
    follow_database(measured)  # a queue kept in a job table follows its database's engine
    _restate_zone_share(measured)  # a zone's loss takes the share the minimum instances now give
    fallback = sorted(line.item for line in measured.cost.lines if known is not None and line.price not in known)
    before = {d.name: d.scaling for d in design.deployables}
    derived = _derived(design, measured)
    return Measured(
        design=measured,
        figures=_changed(
            {f.key: f.value for f in design.capacity.figures}, {f.key: f.value for f in measured.capacity.figures}
        ),
        instances=[d.name for d in measured.deployables if before.get(d.name) != d.scaling],
        cost_lines=_changed(_lines(design.cost.lines), _lines(measured.cost.lines)),
        derived=sorted(derived),
        cost_before=design.cost.total_usd_per_month,
        shipped_prices=fallback,
        set_by_you=bounds,
        bounds=[
            f"{name} {key} {value} (archgen's: {own[name][key]})"
            for name, values in bounds.items()
            for key, value in values.items()
            if key in own.get(name, {}) and own[name][key] != value
        ],
        short=_short(measured),
    )


def replaced(published: Design | None, design: Design, measured: Measured) -> list[str]:
    """The computed values a person wrote in `design` (they differ from the design archgen last `published`)
    that render recomputed, as "path written → recomputed"."""
    if published is None:
        return []
    was = _flat(published.model_dump(mode="json"))
    written = _flat(design.model_dump(mode="json"))
    now = _flat(measured.design.model_dump(mode="json"))
    return [
        f"{path} {written[path]} → {now.get(path)}"
        for path in measured.derived
        if path in written and path in was and written[path] != was[path]
    ]


def _derived(design: Design, measured: Design) -> list[str]:
    """Paths of the computed values besides figures, cost lines and instance bounds that re-measuring changed."""
    before, after = _flat(design.model_dump(mode="json")), _flat(measured.model_dump(mode="json"))
    return [
        path
        for path in before.keys() | after.keys()
        if before.get(path) != after.get(path)
        and not path.startswith(("capacity.", "cost."))
        and not path.endswith((".scaling.min_instances", ".scaling.max_instances"))
    ]


def _flat(value: object, prefix: str = "") -> dict[str, object]:
    """A dumped design as path → scalar; list items that have a name are keyed by it (`stores[orders-db]`)."""
    out: dict[str, object] = {}
    if isinstance(value, dict):
        for key, item in value.items():
            out.update(_flat(item, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            name = item.get("name") if isinstance(item, dict) else None
            out.update(_flat(item, f"{prefix}[{name if isinstance(name, str) else i}]"))
    else:
        out[prefix] = value
    return out


def _short(design: Design) -> list[str]:
    """Deployables whose maximum is below the instances the load needs at peak after 3 years."""
    needs = {f.key: f.value for f in design.capacity.figures}
    short = []
    for s in design.stores:
        for name, what in (("shards", "its writes and data need"), ("read_replicas", "its reads need")):
            need = needs.get(f"db.{s.name}.{name}", 0.0)
            if need > getattr(s, name):
                short.append(
                    f"{s.name}: {name} {getattr(s, name)} is below the {need:.0f} {what} at peak after 3 years; "
                    "raise it or the store falls behind"
                )
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


_ZONE_SHARE = re.compile(r"(capacity drops by )(.+?)( until)")


def _restate_zone_share(design: Design) -> None:
    """The zone failure mode's "capacity drops by a third" follows the minimum instances, as a person may have set
    them: two instances in three zones lose half with the zone that holds one."""
    zones = design.reliability.zones_per_region
    served = [d for d in design.deployables if d.kind != "job"]
    if zones <= 1 or not served:
        return
    lost = max(zone_loss_share(d.scaling.min_instances, zones) for d in served)
    share = fraction_word(max(1, round(1 / lost))) if lost > 0 else fraction_word(zones)
    for mode in design.reliability.failure_modes:
        if mode.kind == "zone":
            mode.degraded = _ZONE_SHARE.sub(lambda m: f"{m.group(1)}{share}{m.group(3)}", mode.degraded)
