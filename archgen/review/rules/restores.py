"""Recovery targets met by arithmetic and by the support model: a restore that outlasts the RTO, an office-hours
support model against a round-the-clock SLO, and a single region that recovers into a place nobody named."""

from __future__ import annotations

import re

from archgen.capacity.recovery import (
    SNAPSHOT_RESTORED,
    hours_scoped,
    index_restore_minutes,
    restored_stores,
    unpaged,
    unsupported_gap_minutes,
)
from archgen.capacity.standby import main_journey, standby_lines
from archgen.common.formatting import duration, quantity
from archgen.knowledge.catalog import Catalog
from archgen.knowledge.restores import restores
from archgen.review.engine import Found, Problem, Subject, rule


@rule("AVL028", "error", "availability", "Restore outlasts the RTO with no standby copy")
def restore_beyond_rto(subject: Subject) -> Found:
    """A region's loss is recovered by restoring a store from its backups, and at its size after three years that
    restore (its size at the restore rate of its kind, plus the time to start a server) takes longer than the RTO.
    Keep a standby or replica of the store in the recovery region, or agree an RTO the restore can meet; an open
    question that names the store's restore leaves it to the owner."""
    rto = subject.design.reliability.rto_minutes
    asked = [f"{q.question} {q.context}".lower() for q in subject.design.open_questions]
    for store, minutes in restored_stores(subject.design):
        if minutes <= rto or any(store.name.lower() in q and "restore" in q for q in asked):
            continue
        rate = restores().throughput[store.kind]
        yield Problem(
            element=store.name,
            at=("stores", subject.design.stores.index(store), "size_bytes_3y"),
            message=f"a restore of {quantity(store.size_bytes_3y, 'bytes')} at {rate.mb_per_s:g} MB/s plus "
            f"{rate.start_minutes:g} minutes to start takes about {duration(minutes * 60)}, beyond the RTO of "
            f"{duration(rto * 60)}, and no standby copy covers it",
            fix="keep a replica of the store in the recovery region (pilot light or warm standby), or restate the RTO",
        )


@rule("AVL029", "error", "availability", "Office-hours support against a round-the-clock target")
def unsupported_gap(subject: Subject) -> Found:
    """Nobody is paged, so an outage that starts as the last working day ends waits for the first one: a weekend
    and two nights. That gap exceeds the RTO or the month's error budget, yet the SLO is stated round the clock. State
    the SLO, error budget and RTO over the supported hours, or page someone."""
    design = subject.design
    gap = unsupported_gap_minutes()
    budget = design.reliability.error_budget_minutes_per_month
    rto = design.reliability.rto_minutes
    if unpaged(design) and (gap > rto or gap > budget) and not hours_scoped(design):
        yield Problem(
            element="reliability",
            at=("reliability", "rto_minutes"),
            message=f"nobody is paged, so an outage can wait {duration(gap * 60)} for office hours: more than the "
            f"RTO of {duration(rto * 60)} or the error budget of {budget:g} minutes a month",
            fix="state the SLO, error budget and RTO over office hours (an open question), or add a paging rota",
        )


def _named_regions(subject: Subject) -> set[str]:
    """Every region name the design's cloud has, with the provider's paired regions."""
    cloud = subject.design.deployment.cloud
    names = {r.name for r in Catalog(cloud, [], []).regions()}
    names |= {p.pair for p in restores().pairs.get(cloud, {}).values()}
    return names


@rule("AVL030", "error", "availability", "Single region with no named recovery location")
def unnamed_recovery_region(subject: Subject) -> Found:
    """The design runs in one region and recovers a region's loss into another, but no page names that region:
    the restore cannot be rehearsed, priced or checked against residency. Name the recovery region (the provider's
    paired region where backups go, or one chosen in the same area), or ask which it is."""
    design = subject.design
    topology = design.topology
    if topology is None or any(r.role == "standby" or r.recovers for r in topology.regions):
        return
    own = {r.name for r in topology.regions}
    texts = [design.reliability.strategy, *(c for d in design.decisions for c in d.consequences)]
    texts += [f.mitigation for f in design.reliability.failure_modes if f.kind == "region"]
    others = _named_regions(subject) - own
    if any(re.search(rf"\b{re.escape(n)}\b", t) for t in texts for n in others):
        return
    # a question that asks where a region's loss is recovered stands in (not one about a provider's region)
    recovery = ("loss", "restore", "backup", "recover", "fail")
    if any(
        "region" in q.question.lower()
        and any(w in q.question.lower() for w in recovery)
        and q.raised_by.startswith(("quality.rto", "compliance.data_residency"))
        for q in design.open_questions
    ):
        return
    yield Problem(
        element="reliability",
        at=("reliability", "strategy"),
        message="one region, and the region a region's loss is restored into is never named",
        fix="name the recovery region (the provider's paired region, or one in the same area) in the strategy",
    )


@rule("AVL042", "error", "availability", "Main-journey search left to a slow restore while the budget holds a standby")
def search_restore_left_open(subject: Subject) -> Found:
    """Search is a main journey of the product (the summary names it, or its use cases take a large share of the
    calls), a region's loss restores its index from snapshots slower than the RTO, and the question is left to the
    owner although a standby cluster in the recovery region, fed from the replicated system of record, fits the
    budget's headroom. Decide the standby and price it; ask only when the budget cannot hold it."""
    design = subject.design
    budget = subject.req.constraints.budget_usd_per_month
    rto = design.reliability.rto_minutes
    values = {f.key: f.value for f in subject.measured.capacity.figures}
    if len(design.reliability.regions) < 2 or not main_journey(subject.req, values):
        return
    for i, backup in enumerate(design.reliability.backups):
        store = subject.stores.get(backup.store)
        if store is None or store.kind != "search" or not backup.method.startswith(SNAPSHOT_RESTORED):
            continue
        minutes = index_restore_minutes(store.size_bytes_3y)
        extra = sum(ln.monthly_usd for ln in standby_lines(store, design.cost.lines))
        if minutes <= rto or not extra or (budget is not None and design.cost.total_usd_per_month + extra > budget):
            continue
        yield Problem(
            element=store.name,
            at=("reliability", "backups", i, "method"),
            message=f"serves a main journey and its restore takes about {duration(minutes * 60)} against an RTO of "
            f"{duration(rto * 60)}, while a standby cluster (about ${extra:,.0f} a month) fits the budget",
            fix="run a standby cluster in the recovery region, fed by its own indexer from the replicated system of "
            "record, and price it on the cost page",
        )
