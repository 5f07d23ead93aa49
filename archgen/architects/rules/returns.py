"""Returns after settlement: a payout the bank returns is reached from the state in which its money arrived (the
bank settles a payment and, days later, returns it), never from the one in which it is still in transit, so the
return's posting credits back cash the settlement debited (archgen/knowledge/ledger_calls.yaml)."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.design.returns import arrived_states, early_returns


def plan_returns(draft: Draft) -> None:
    """Move each return of a record that sends money out to start from the states its money has arrived in."""
    for entity in draft.entities:
        arrived = arrived_states(entity)
        for _, move, _ in list(early_returns(entity)):
            move.source = arrived
