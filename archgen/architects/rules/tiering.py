"""Stored data as it grows: when the projected bill passes the budget, or a store passes what one node holds,
within the horizon, history past its hot months moves to a cold tier from the year it must, and a decision says
so with the figures (archgen/capacity/storage_years.py, archgen/knowledge/store_fit.yaml)."""

from __future__ import annotations

import math

from archgen.architects.rules.draft import Draft, option
from archgen.capacity import constants as c
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
from archgen.knowledge.store_fit import store_fit
from archgen.requirements.model import Requirements


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
    saved = sum(
        usd_ * (1 - cold.price_share) * (1 - hot_share(req, s, cold.hot_months))
        for s, usd_ in growing(measured, req)
        if s.name in stores
    )
    consequences = [
        f"{s.name}: rows older than {cold.hot_months} months move to {cold.name} from year {full.get(s.name, when)}; "
        + _hot(req, s, cold.hot_months)
        for s in stores.values()
    ]
    if saved:
        consequences.append(
            f"about {usd(saved)} a month less on year three's storage, priced at {cold.price_share:.0%} of the hot "
            f"price, which brings year three to about {usd(years[-1].monthly_usd - saved)} a month; reads of the "
            "history go through the query engine, seconds rather than milliseconds"
        )
    draft.decide(
        title=f"History moves to a cold tier from year {when}",
        context=facts[0][0].upper() + "; ".join(facts)[1:] + ".",
        options=[
            option(
                f"Keep {cold.hot_months} months hot, the rest in {cold.name}",
                f"From year {when}, a monthly job copies rows older than {cold.hot_months} months out and drops them "
                "from the hot store.",
                ["storage grows at the cold price", "the hot store holds only the newest months"],
                ["history is read in seconds, through a query engine", "one more job to run and watch"],
            ),
            option(
                "Keep every row in the hot store",
                "Add nodes and storage as the data grows.",
                ["every read is as fast as today's"],
                [facts[0]],
            ),
        ],
        decision=f"Keep {cold.hot_months} months hot, the rest in {cold.name}",
        rationale=f"Chosen because {facts[0]}; moving the history out keeps the hot store and the bill in step with "
        "the live data rather than with everything ever written.",
        consequences=consequences,
        drivers=[tier_driver(n) for n in stores],
    )


def _hot(req: Requirements, store: DataStore, months: int) -> str:
    """What stays hot in year three and how many nodes it needs."""
    hot = store_bytes(req, store, 3) * hot_share(req, store, months)
    nodes = max(1, math.ceil(hot / (c.NODE_STORAGE_LIMIT.value * 1e12)))
    said = f"about {quantity(hot, 'bytes')} stays hot in year three"
    if store.kind in ("relational", "time-series") and nodes > max(1, store.shards):
        return said + f", which needs {nodes} shards of at most {c.NODE_STORAGE_LIMIT.value:g} TB"
    return said
