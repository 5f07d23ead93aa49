"""Money that comes back from the bank (archgen/knowledge/ledger_calls.yaml): a return posts cash at the bank back
to the payee, so it is reached only from a state in which that cash has arrived (the payout settled); a return
from a state whose money is still in transit debits cash never credited."""

from __future__ import annotations

from collections.abc import Iterator

from archgen.design.model import EntityDesign, Transition
from archgen.design.postings import movement
from archgen.knowledge.ledger_calls import ledger_calls


def arrived_states(entity: EntityDesign) -> list[str]:
    """The states of a record in which its money has reached the bank's side (the target of a settling move)."""
    machine = entity.state_machine
    if machine is None:
        return []
    words = ledger_calls()
    return [s for s in machine.states if (m := movement(entity, s)) is not None and m.kind in words.arrived]


def early_returns(entity: EntityDesign) -> Iterator[tuple[int, Transition, list[str]]]:
    """(index, transition, states) of each return reached from states whose money has not arrived, when the
    lifecycle has a state in which it has."""
    machine = entity.state_machine
    arrived = arrived_states(entity)
    if machine is None or not arrived:
        return
    for i, move in enumerate(machine.transitions):
        found = movement(entity, move.target)
        if found is None or found.kind not in ledger_calls().returns:
            continue
        early = [s for s in move.source if s not in arrived]
        if early or not set(arrived) & set(move.source):
            yield i, move, early
