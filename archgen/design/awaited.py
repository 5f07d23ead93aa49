"""A record a use case makes that still waits on someone else before it is what the use case promised: a booking
made awaiting its payment, confirmed only when the provider answers. What the use case tells the outside world of
(the confirmation e-mail) waits for that move, not for the record's creation; the architect plans it so and the
review finds a design that does not."""

from __future__ import annotations

from collections.abc import Sequence

from archgen.common.naming import pascal
from archgen.design.model import EntityDesign, Transition
from archgen.design.steps import SYSTEM
from archgen.knowledge.operations import operation_words
from archgen.requirements.intent import write_kind
from archgen.requirements.model import Requirements, UseCase


def awaited_move(
    req: Requirements, entities: Sequence[EntityDesign], use_case: UseCase
) -> tuple[EntityDesign, Transition] | None:
    """The record the use case makes first and the move out of its first state that the use case waits on: made by
    the system for this same use case (a provider's answer, its webhook), and not a cancellation; None when the
    record is what was promised as soon as it is made, and for a job's run or a push, which tell as they go."""
    if use_case.interaction in ("push", "scheduled"):
        return None
    cancel = operation_words().states.cancel
    for name in use_case.writes:
        source = next((e for e in req.data.entities if e.name == name), None)
        if source is None or write_kind(use_case, source).kind != "create":
            continue
        entity = next((e for e in entities if e.name == name), None)
        machine = entity.state_machine if entity is not None else None
        if entity is None or machine is None:
            return None
        for move in machine.transitions:
            if (
                move.roles == [SYSTEM]
                and move.use_case == use_case.name
                and machine.initial in move.source
                and move.target.lower() not in cancel
                and move.target not in machine.terminal
            ):
                return entity, move
        return None
    return None


def awaited_event(entity: EntityDesign, move: Transition) -> str:
    """The name of the event the awaited move publishes: its own, else the record and the state it reaches."""
    return move.emits or f"{pascal(entity.name)}{pascal(move.target)}"
