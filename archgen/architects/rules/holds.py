"""Exclusive claims enforced by the store: a record that holds a resource (a loan its item, a booking its room)
gets the constraint its engine offers for it, so two concurrent requests cannot both win."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.design import holds


def plan_holds(draft: Draft) -> None:
    """Add the constraint that enforces each exclusive claim the design makes."""
    for claim in holds.claims(draft.entities, holds.said_of(draft.req)):
        if holds.enforcing(claim) is not None:
            continue
        store = draft.store(claim.entity.store)
        tech = draft.catalog.technology(store.technology)
        claim.entity.indexes.append(holds.claim_index(claim, tech.engine if tech is not None else None))
