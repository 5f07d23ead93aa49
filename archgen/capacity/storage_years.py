"""Stored data and its cost year by year over the horizon, from each entity's growth and retention: when the bill
passes the budget and when a store passes what one node holds (archgen/knowledge/store_fit.yaml's cold tier)."""

from __future__ import annotations

from dataclasses import dataclass

from archgen.capacity import constants as c
from archgen.capacity.load import entity_rows, growth
from archgen.design.model import DataStore, Design
from archgen.requirements.model import Requirements

HORIZON = (1, 2, 3)  # the years the design is sized for
NODE_BOUND = ("relational", "time-series")  # kinds whose data sits on the nodes the design runs (not a service's)


@dataclass(frozen=True)
class Year:
    """One year of the projection."""

    year: int
    monthly_usd: float  # the whole estimate, its storage lines grown to this year's data
    storage_usd: float  # what the storage lines come to


def _weight(req: Requirements, store: DataStore, year: int) -> float:
    entities = [e for e in req.data.entities if e.name in store.entities]
    return sum(entity_rows(req, e, year) * (e.record_bytes or 100) for e in entities)


def store_bytes(req: Requirements, store: DataStore, year: int) -> float:
    """A store's size in a year: its size after three years scaled by its entities' rows then."""
    whole = _weight(req, store, 3)
    return store.size_bytes_3y * _weight(req, store, year) / whole if whole else 0.0


def storage_lines(design: Design) -> list[tuple[DataStore, float]]:
    """Each store's monthly storage cost in the estimate (its data and its backups)."""
    stores = {s.name: s for s in design.stores}
    out: dict[str, float] = {}
    for line in design.cost.lines:
        if line.component in stores and line.unit == "GB-months" and "storage" in line.price:
            out[line.component] = out.get(line.component, 0.0) + line.monthly_usd
    return [(stores[n], usd) for n, usd in out.items()]


def projection(design: Design, req: Requirements) -> list[Year]:
    """The estimate in each year of the horizon: year one as priced, storage grown with the data after it."""
    years = []
    for year in HORIZON:
        grown = 0.0
        storage = 0.0
        for store, usd in storage_lines(design):
            first = _weight(req, store, 1)
            scaled = usd * _weight(req, store, year) / first if first else usd
            grown += scaled - usd
            storage += scaled
        years.append(Year(year, design.cost.total_usd_per_month + grown, storage))
    return years


def first_over_budget(design: Design, req: Requirements) -> Year | None:
    """The first year whose projected estimate passes the budget."""
    budget = req.constraints.budget_usd_per_month
    if not budget:
        return None
    return next((y for y in projection(design, req) if y.monthly_usd > budget), None)


def first_past_node(req: Requirements, store: DataStore) -> int | None:
    """The first year a node-bound store holds more on one node (or shard) than a node takes."""
    if store.kind not in NODE_BOUND or not store.size_bytes_3y:
        return None
    limit = c.NODE_STORAGE_LIMIT.value * 1e12
    return next((y for y in HORIZON if store_bytes(req, store, y) / max(1, store.shards) > limit), None)


def growing(design: Design, req: Requirements) -> list[tuple[DataStore, float]]:
    """The stores whose storage grows most over the horizon, with their storage cost in year three, largest first:
    those that together make nine tenths of the growth."""
    rises = []
    for store, usd in storage_lines(design):
        first = _weight(req, store, 1)
        third = usd * _weight(req, store, 3) / first if first else usd
        if third > usd:
            rises.append((store, third, third - usd))
    rises.sort(key=lambda r: -r[2])
    total = sum(r[2] for r in rises)
    out: list[tuple[DataStore, float]] = []
    covered = 0.0
    for store, third, rise in rises:
        if covered >= total * 0.9:
            break
        out.append((store, third))
        covered += rise
    return out


def hot_share(req: Requirements, store: DataStore, months: int) -> float:
    """The share of a store's year-three data written in its last `months` (what a hot tier keeps)."""
    entities = [e for e in req.data.entities if e.name in store.entities]
    whole = _weight(req, store, 3)
    recent = sum(
        min(entity_rows(req, e, 3), e.growth_per_day * growth(req, 3) * months * c.DAYS_PER_YEAR / 12)
        * (e.record_bytes or 100)
        for e in entities
    )
    return min(1.0, recent / whole) if whole else 1.0


def tier_driver(store: str) -> str:
    """The driver a decision names when it plans where a store's history goes as it grows."""
    return f"stores[{store}].growth"
