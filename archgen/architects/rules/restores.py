"""Restores measured against the RTO once the stores are sized: a store a region's loss restores from backups whose
restore, at its size after three years, outlasts the RTO is put to the owner with the mechanism that would meet it."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.capacity.recovery import restored_stores
from archgen.common.formatting import duration, quantity
from archgen.design.model import Design
from archgen.knowledge.restores import restores


def ask_slow_restores(draft: Draft, measured: Design) -> None:
    """Ask how each store whose restore outlasts the RTO recovers: a replica in the recovery region, or a longer RTO."""
    rto = measured.reliability.rto_minutes
    for store, minutes in restored_stores(measured):
        if minutes <= rto:
            continue
        rate = restores().throughput[store.kind]
        draft.ask(
            question=f"How does {store.name} recover within the RTO of {duration(rto * 60)}, when its restore takes "
            f"about {duration(minutes * 60)}?",
            context=f"A region's loss restores it from backups: {quantity(store.size_bytes_3y, 'bytes')} after three "
            f"years at {rate.mb_per_s:g} MB/s, plus {rate.start_minutes:g} minutes to start the server. A replica in "
            "the recovery region, promoted instead of restored (pilot light), meets the RTO at the cost of a second "
            "database; otherwise the RTO must allow the restore.",
            raised_by="quality.rto_minutes",
        )
