"""Stored data as it grows: when the projected bill passes the budget, or a store passes what one node holds,
within the horizon, history past its hot months moves to a cold tier from the year it must, and a decision says
so with the figures (archgen/capacity/storage_years.py, archgen/knowledge/store_fit.yaml)."""

from __future__ import annotations

import math

from archgen.architects.rules.draft import Draft, option
from archgen.capacity import constants as c
from archgen.capacity.cold_reads import keyed_readers, p99
from archgen.capacity.storage_years import (
    first_over_budget,
    first_past_node,
    growing,
    hot_share,
    projection,
    store_bytes,
    tier_driver,
)
from archgen.common.formatting import quantity, usd
from archgen.design.model import DataStore, Design
from archgen.knowledge.cost_drivers import cost_drivers
from archgen.knowledge.store_fit import store_fit
from archgen.requirements.model import Requirements, UseCase


def plan_tiering(draft: Draft, measured: Design) -> None:
    """Record when and where each growing store's history moves, if the horizon needs it."""
    req = draft.req
    over = first_over_budget(measured, req)
    full = {s.name: y for s in measured.stores if (y := first_past_node(req, s)) is not None}
    costly = [s for s, _ in growing(measured, req)] if over else []
    stores = {s.name: s for s in [*costly, *(s for s in measured.stores if s.name in full)]}
    if not stores:
        return
    cold = store_fit().cold_tier
    years = projection(measured, req)
    budget = req.constraints.budget_usd_per_month or 0.0
    facts: list[str] = []
    if over is not None:
        facts.append(
            "the estimate grows with the data it stores to "
            + ", ".join(f"{usd(y.monthly_usd)} a month in year {y.year}" for y in years)
            + f", past the {usd(budget)} budget in year {over.year}"
        )
    facts += [
        f"in year {y}, {n} holds {quantity(store_bytes(req, stores[n], y), 'bytes')}"
        + (
            f" ({quantity(store_bytes(req, stores[n], y) / s, 'bytes')} on each of its {s} shards)"
            if (s := stores[n].shards) > 1
            else ""
        )
        + f", more than the {c.NODE_STORAGE_LIMIT.value:g} TB a node takes"
        for n, y in full.items()
    ]
    when = min([*(full.values()), *([over.year] if over else [])])
    archive = cost_drivers().key_archive
    keyed = {n: readers for n, st in stores.items() if (readers := keyed_readers(req, st))}

    def share(name: str) -> float:
        return archive.price_share if name in keyed else cold.price_share

    saved = sum(
        usd_ * (1 - share(s.name)) * (1 - hot_share(req, s, cold.hot_months))
        for s, usd_ in growing(measured, req)
        if s.name in stores
    )
    consequences = [
        _moves(req, s, cold.hot_months, full.get(s.name, when), keyed.get(s.name, [])) for s in stores.values()
    ]
    if saved:
        consequences.append(
            f"about {usd(saved)} a month less on year three's storage, which brings year three to about "
            f"{usd(years[-1].monthly_usd - saved)} a month"
        )
    where = _where(list(stores), keyed, cold.name, archive.name)
    draft.decide(
        title=f"History moves to a cold tier from year {when}",
        context=facts[0][0].upper() + "; ".join(facts)[1:] + ".",
        options=[
            option(
                f"Keep {cold.hot_months} months hot, the rest in {where}",
                f"From year {when}, a monthly job copies rows older than {cold.hot_months} months out and drops them "
                "from the hot store.",
                ["storage grows at the cold price", "the hot store holds only the newest months"],
                [_slower(keyed, archive.read_ms, len(keyed) < len(stores)), "one more job to run and watch"],
            ),
            option(
                "Keep every row in the hot store",
                "Add nodes and storage as the data grows.",
                ["every read is as fast as today's"],
                [facts[0]],
            ),
        ],
        decision=f"Keep {cold.hot_months} months hot, the rest in {where}",
        rationale=f"Chosen because {facts[0]}; moving the history out keeps the hot store and the bill in step with "
        "the live data rather than with everything ever written"
        + ("; what operations with a latency target still read stays fetchable by its key" if keyed else "")
        + ".",
        consequences=consequences,
        drivers=[tier_driver(n) for n in stores],
    )


def _where(names: list[str], keyed: dict[str, list[UseCase]], cold: str, archive: str) -> str:
    """Where the history goes: by key for the stores operations still read by key, a query engine for the rest."""
    if len(keyed) == len(names):
        return archive
    if not keyed:
        return cold
    return f"{archive} ({_names(list(keyed))}) or {cold} (the others)"


def _slower(keyed: dict[str, list[UseCase]], read_ms: int, queried: bool) -> str:
    if keyed and not queried:
        return f"an old record costs a fetch from object storage, about {read_ms} ms"
    if keyed:
        return (
            f"an old record read by key costs a fetch from object storage, about {read_ms} ms; the rest of the "
            "history is read in seconds, through a query engine"
        )
    return "history is read in seconds, through a query engine"


def _moves(req: Requirements, store: DataStore, months: int, year: int, readers: list[UseCase]) -> str:
    """Where a store's old rows go, and why that path."""
    if readers:
        archive = cost_drivers().key_archive
        reads = "reads" if len(readers) == 1 else "read"
        path = (
            f"rows older than {months} months move to {archive.name}, from year {year}, because "
            f"{_ops(req, readers)} still {reads} them by key; a read that misses the hot store fetches "
            f"the object, about {archive.read_ms} ms"
        )
    else:
        path = (
            f"rows older than {months} months move to {store_fit().cold_tier.name} from year {year}; no operation "
            "with a latency target reads them, so they are read in seconds, through a query engine"
        )
    return f"{store.name}: {path}; " + _hot(req, store, months)


def _ops(req: Requirements, readers: list[UseCase]) -> str:
    said = [f"{u.name} (p99 {p99(req, u)} ms)" for u in readers[:3]]
    return _names(said)


def _names(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _hot(req: Requirements, store: DataStore, months: int) -> str:
    """What stays hot in year three and how many nodes it needs."""
    hot = store_bytes(req, store, 3) * hot_share(req, store, months)
    nodes = max(1, math.ceil(hot / (c.NODE_STORAGE_LIMIT.value * 1e12)))
    said = f"about {quantity(hot, 'bytes')} stays hot in year three"
    if store.kind in ("relational", "time-series") and nodes > max(1, store.shards):
        return said + f", which needs {nodes} shards of at most {c.NODE_STORAGE_LIMIT.value:g} TB"
    return said
