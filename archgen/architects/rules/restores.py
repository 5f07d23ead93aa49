"""Restores measured against the RTO once the stores are sized: a store a region's loss restores from backups whose
restore, at its size after three years, outlasts the RTO is put to the owner with the mechanism that would meet it."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.capacity.recovery import SNAPSHOT_RESTORED, index_restore_minutes, restored_stores
from archgen.capacity.standby import STANDBY, main_journey, standby_lines
from archgen.common.formatting import duration, quantity, usd
from archgen.design.model import Design
from archgen.knowledge.recovery_rows import recovery_rows
from archgen.knowledge.restores import restores


def ask_slow_restores(draft: Draft, measured: Design) -> None:
    """Ask how each store whose restore outlasts the RTO recovers: a replica in the recovery region, or a longer RTO."""
    rto = measured.reliability.rto_minutes
    for store, minutes in restored_stores(measured):
        if minutes <= rto:
            continue
        rate = restores().throughput[store.kind]
        copy = sum(line.monthly_usd for line in measured.cost.lines if line.component == store.name)
        price = f" (about {usd(copy)} a month, what the store costs now)" if copy else ""
        draft.ask(
            question=f"How does {store.name} recover within the RTO of {duration(rto * 60)}, when its restore takes "
            f"about {duration(minutes * 60)}?",
            context=f"A region's loss restores it from backups: {quantity(store.size_bytes_3y, 'bytes')} after three "
            f"years at {rate.mb_per_s:g} MB/s, plus {rate.start_minutes:g} minutes to start the server. A replica in "
            "the recovery region, promoted instead of restored (pilot light), meets the RTO at the cost of a second "
            f"database{price}; otherwise the RTO must allow the restore.",
            raised_by="quality.rto_minutes",
        )


def time_index_restores(draft: Draft, measured: Design) -> None:
    """A search index a region's loss restores from snapshots says how long that takes at its size; one that
    outlasts the RTO is put to the owner with the standby cluster that would meet it."""
    assert draft.reliability is not None
    rto = measured.reliability.rto_minutes
    rate = recovery_rows().index_restore
    for store in (s for s in measured.stores if s.kind == "search"):
        row = next((b for b in draft.reliability.backups if b.store == store.name), None)
        if row is None or not row.method.startswith(SNAPSHOT_RESTORED):
            continue
        minutes = index_restore_minutes(store.size_bytes_3y)
        took = (
            f"restoring its snapshot ({quantity(store.size_bytes_3y, 'bytes')}) into a new cluster takes about "
            f"{duration(minutes * 60)}"
        )
        standby = next((ln for ln in measured.cost.lines if ln.item == f"{store.name} standby nodes"), None)
        if minutes <= rto:
            row.method += f"; {took}, within the RTO of {duration(rto * 60)}"
        elif standby is not None:
            row.method = (
                f"{STANDBY} ({standby.quantity:,.0f} nodes, fed by its own indexer from the replicated system of "
                f"record) serves searches when the region is lost: {took.replace(' takes ', ' would take ')} "
                f"against an RTO of {duration(rto * 60)}, and search is a main journey the budget holds it for; "
                + row.method
            )
        else:
            question = f"How does {store.name} serve searches within the RTO of {duration(rto * 60)}, when {took}?"
            priced = standby_lines(store, measured.cost.lines)
            price = (
                f" (about {usd(sum(ln.monthly_usd for ln in priced))} a month for {priced[0].quantity:,.0f} nodes)"
                if priced
                else ""
            )
            draft.ask(
                question=question,
                context=f"The cluster is created first ({rate.start_minutes:g} minutes), then "
                f"its {quantity(store.size_bytes_3y, 'bytes')} are copied at about {rate.mb_per_s:g} MB/s. A "
                "standby cluster in the recovery region, fed by the indexer from the replicated system of record, "
                f"meets the RTO at the cost of a second cluster{price}; otherwise search needs an RTO that allows "
                "the restore, and answers 503 until then."
                + (
                    " Search is a main journey here; the standby is asked rather than decided because the cost "
                    "with it passes the budget."
                    if main_journey(draft.req, {f.key: f.value for f in measured.capacity.figures})
                    else ""
                ),
                raised_by="quality.rto_minutes",
            )
            qid = next(q.id for q in draft.questions if q.question == question)
            row.method += f"; {took}, beyond the RTO of {duration(rto * 60)}: open, put to the owner in {qid}"
        for kept in (s for s in draft.stores if s.name == store.name):
            kept.backup = row.method
        store.backup = row.method  # the measured stores are the ones the design keeps
