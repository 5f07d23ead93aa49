"""A standby search cluster in the recovery region: when search is a main journey of the product (its share of the
people's calls, or the system's summary names it), and what the standby costs a month, from the primary cluster's
own cost line."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from archgen.capacity.load import use_case_keys
from archgen.design.model import CostLine, DataStore
from archgen.knowledge.searching import search_words
from archgen.requirements.intent import searches
from archgen.requirements.model import Requirements

STANDBY = "a standby cluster in the recovery region"  # how a backup row names the decided standby


def main_journey(req: Requirements, values: Mapping[str, float]) -> bool:
    """Whether searching is a main journey: the system's summary names it, or its use cases take a large share of
    the people's calls at peak."""
    words = search_words()
    summary = (req.system.summary or "").lower()
    if any(re.search(rf"\b{re.escape(w)}\b", summary) for w in words.headline):
        return True
    keys = use_case_keys(req)
    people = [u for u in req.use_cases if u.interaction not in ("scheduled", "push")]
    rates = {u.name: values.get(f"{keys[u.name]}.peak_rps.now", 0.0) for u in people if u.name in keys}
    total = sum(rates.values())
    searched = sum(r for n, r in rates.items() if searches(next(u for u in people if u.name == n)))
    return total > 0 and searched / total >= words.main_share


def standby_lines(store: DataStore, lines: list[CostLine]) -> list[CostLine]:
    """The cost lines of a standby for a search store: one copy of every shard (no zone replica: the standby is
    the replica) on nodes priced as the primary's, and the indexer that keeps it fed in the recovery region."""
    primary = next((ln for ln in lines if ln.item == f"{store.name} nodes"), None)
    if primary is None:
        return []
    nodes = max(2, math.ceil(primary.quantity / 2))
    return [
        CostLine(
            item=f"{store.name} standby nodes",
            category=primary.category,
            component=store.name,
            quantity=nodes,
            unit=primary.unit,
            unit_price_usd=primary.unit_price_usd,
            monthly_usd=round(nodes * primary.unit_price_usd, 2),
            price=primary.price,
            formula=f"max(2, ⌈{store.name} nodes / 2⌉): one copy of every shard in the recovery region, fed by "
            "its own indexer from the replicated system of record, so searches move with the region",
        )
    ]
