"""Holds released by the posting that confirms the money: where a record's creation placed a pending hold, each
step that posts its money for good says it releases that hold in the same transaction, so the amount is never
taken twice (archgen/design/holding.py)."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.design.holding import hold_moves, holds, releases
from archgen.design.postings import posts
from archgen.knowledge.money import is_posting
from archgen.knowledge.money_moves import money_moves


def release_holds(draft: Draft) -> None:
    """Make each posting of a held record's money release its hold."""
    names = [e.name for e in draft.entities if is_posting(e.name)]
    said = money_moves().release
    for _, _, held in list(holds(draft.flows, draft.events)):
        found = hold_moves(draft.entity(held), draft.entities)
        for flow in draft.flows:
            for step in flow.steps:
                if posts(step, names) and releases(step, found, draft.entities) is False:
                    step.message = f"{step.message.rstrip('; ')}; {said}"
