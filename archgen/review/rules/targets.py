"""Targets designed for, not disclosed as unmet: a store on no critical path that sets the RTO instead of being
declared a degraded mode, a missed target left to the owner while a copy fits the budget, and a negotiated price
booked as if a price table held it (knowledge: archgen/knowledge/targets.yaml)."""

from __future__ import annotations

import re

from archgen.capacity.recovery import restored_stores
from archgen.common.formatting import duration
from archgen.design.off_path import off_path
from archgen.knowledge.targets import targets
from archgen.review.engine import Found, Problem, Subject, rule

MISSED = re.compile(r"beyond the RTO|to recover in another region")


@rule("AVL043", "error", "availability", "A store on no critical path sets the recovery time")
def trail_sets_the_rto(subject: Subject) -> Found:
    """A store whose records are append-only, written by use cases nobody waits on and read live from a copy rebuilt
    from the stream is said to miss the RTO, yet no degradation line declares it. The journeys that matter recover
    without it, so its slow recovery is a degraded mode, not a missed target. Say so on the reliability page (which
    journeys recover within the RTO without it, what waits for it) and measure the RTO on the stores they need."""
    design = subject.design
    declared = [d for d in design.reliability.degradation if targets().degraded_words in d]
    texts = [f"{b.store}: {b.method}" for b in design.reliability.backups]
    texts += [f.degraded for f in design.reliability.failure_modes if f.kind == "region"]
    texts += [part for d in design.decisions for part in d.rationale.split(";")]
    for name in off_path(subject.req, design.stores):
        if any(name in d for d in declared):
            continue
        said = next((t for t in texts if name in t and MISSED.search(t)), None)
        if said is None:
            continue
        store = subject.stores[name]
        yield Problem(
            element=name,
            at=("reliability", "degradation"),
            message=f"is on no critical path (append-only, written by nobody waiting, read live from a copy) but "
            f"is said to miss the RTO of {duration(design.reliability.rto_minutes * 60)} and no degradation line "
            f"declares it ({store.kind})",
            fix="declare it a degraded-mode dependency on the reliability page and measure the RTO on the stores "
            "the journeys need",
        )


@rule("AVL044", "warning", "availability", "A missed recovery target left open while a copy fits the budget")
def restore_left_open_within_budget(subject: Subject) -> Found:
    """A region's loss restores a store from its backups slower than the RTO and the gap is handed to an open
    question, while a second copy of the store in the recovery region (its own cost lines again) fits the headroom
    between the estimate and the budget. A remedy the budget holds is a design decision: keep the replica and price
    it, and ask only when it would not fit."""
    design = subject.design
    budget = subject.req.constraints.budget_usd_per_month
    if not budget:
        return
    rto = design.reliability.rto_minutes
    headroom = budget - design.cost.total_usd_per_month
    asked = [f"{q.question} {q.context}".lower() for q in design.open_questions]
    for store, minutes in restored_stores(design):
        if minutes <= rto or not any(store.name.lower() in q and "restore" in q for q in asked):
            continue
        copy = sum(line.monthly_usd for line in design.cost.lines if line.component == store.name)
        if not copy or copy > headroom:
            continue
        yield Problem(
            element=store.name,
            at=("stores", design.stores.index(store), "backup"),
            message=f"its restore takes about {duration(minutes * 60)} against an RTO of {duration(rto * 60)} and "
            f"is left to an open question, while a replica in the recovery region (about ${copy:,.0f} a month) "
            f"fits the ${headroom:,.0f} of headroom",
            fix="keep a replica of the store in the recovery region and price it; ask only when it does not fit",
        )


@rule("COST033", "error", "cost", "A negotiated price booked as the estimate's price")
def negotiated_price_booked(subject: Subject) -> Found:
    """A cost line is priced at a rate a contract sets (a committed or negotiated rate), not one the price table
    lists, so the estimate assumes a deal nobody has signed. Keep the list price in the estimate and offer the
    negotiated rate as a costed choice beside it (what it saves, and the commitment it needs)."""
    for i, line in enumerate(subject.design.cost.lines):
        if line.price in targets().negotiated_prices:
            yield Problem(
                element=line.item,
                at=("cost", "lines", i, "price"),
                message=f"is priced at {line.price}, a rate only a signed contract sets, at "
                f"${line.unit_price_usd:g} a {line.unit}",
                fix="price it at the list tiers and offer the committed rate as a choice with its saving",
            )
