"""Exclusive claims enforced by the store: a record that holds a resource (a loan its item, a booking its room)
gets the constraint its engine offers for it, so two concurrent requests cannot both win."""

from __future__ import annotations

from archgen.architects.rules.binding_periods import (
    assignment,
    bind_periods,
    hold_past_end,
    repair_returns,
    settle_assigned,
)
from archgen.architects.rules.draft import Draft
from archgen.design import holds
from archgen.knowledge.holds import hold_words


def plan_holds(draft: Draft) -> None:
    """Add the constraint that enforces each exclusive claim the design makes, and let what a step reports of a
    linked record (the condition an item came back in) update that record with the step."""
    bind_periods(draft)
    for claim in holds.claims(draft.entities, holds.said_of(draft.req)):
        if holds.enforcing(claim) is not None:
            continue
        claim = holds.spanned(claim)
        store = draft.store(claim.entity.store)
        tech = draft.catalog.technology(store.technology)
        assigned = assignment(draft, claim) if claim.period is not None else None
        index = holds.claim_index(claim, tech.engine if tech is not None else None, assigned)
        claim.entity.indexes.append(index)
        if assigned is not None:
            settle_assigned(claim, assigned)
        hold_past_end(claim, index)
    repair_returns(draft)
    words = hold_words()
    for link in holds.links(draft.entities):
        pairs = holds.reported(link)
        machine = link.parent.state_machine
        child = link.child.state_machine
        if not pairs or machine is None or child is None:
            continue
        for move in machine.transitions:
            steps = {t.name for t in child.transitions if t.use_case == move.use_case} if move.use_case else set()
            # the child's step the report is named for (return_condition at the return) carries it
            for field, target in (p for p in pairs if p[0].split("_")[0] in steps):
                said = words.reported_guard.format(target=target, child=link.child.name, field=field)
                if said not in move.guard:
                    move.guard = "; ".join(g for g in (move.guard, said) if g)
