"""A decision on a reported record that ends in one of several outcomes (a moderation case actioned or
dismissed) and, in the same use case, acts on the record it is about (the video blocked): the flow leads with the
outcome that acts, never with the dismissal, so the step applied is the one chosen. The rules architect draws
flows by it and the review engine judges drawn flows by it."""

from __future__ import annotations

from collections.abc import Iterable

from archgen.design.model import EntityDesign, Transition
from archgen.design.step_calls import moves_of
from archgen.knowledge.operations import operation_words
from archgen.knowledge.system_records import system_records


def dismisses(move: Transition) -> bool:
    """Whether a move ends a decision with no action on what it is about."""
    return move.target.lower() in system_records().dismissals


def enforcing(entities: Iterable[EntityDesign], use_case: str) -> list[tuple[str, Transition]]:
    """(entity, move) of each move the use case makes into a state of enforcement (blocked, removed)."""
    staff = set(operation_words().states.enforcement)
    return [(e.name, m) for e, m in moves_of(entities, use_case) if m.target.lower() in staff]


def outcomes(entities: Iterable[EntityDesign], use_case: str) -> dict[str, list[Transition]]:
    """The records a use case decides: each with two or more of its moves into different ends, one a dismissal."""
    found: dict[str, list[Transition]] = {}
    for entity, move in moves_of(entities, use_case):
        found.setdefault(entity.name, []).append(move)
    return {
        name: moves
        for name, moves in found.items()
        if len({m.target for m in moves}) > 1 and any(dismisses(m) for m in moves)
    }


def acting(entities: list[EntityDesign], use_case: str) -> set[tuple[str, str]]:
    """(entity, move) of each outcome that acts, of the records a use case decides while it also blocks or
    removes another record: the move its flow leads with."""
    decided = outcomes(entities, use_case)
    if not [n for n, _ in enforcing(entities, use_case) if n not in decided]:
        return set()
    # an outcome ends the use case's work on the record: no other move of it starts from there (not the review)
    return {
        (name, m.name)
        for name, moves in decided.items()
        for m in moves
        if not dismisses(m) and not any(m.target in o.source for o in moves if o is not m)
    }


def wrongly_dismissed(entities: list[EntityDesign], use_case: str, called: list[tuple[str, str]]) -> str:
    """Why a flow's calls of (entity, move) apply another outcome than the one chosen, or '': it dismisses the
    decided record and then blocks or removes the record the decision is about."""
    decided = outcomes(entities, use_case)
    acts = {(name, m.name) for name, m in enforcing(entities, use_case) if name not in decided}
    for name, moves in decided.items():
        first = next((m for e, n in called if e == name for m in moves if m.name == n), None)
        enforced = [f"{e} {n}" for e, n in called if (e, n) in acts]
        if first is not None and dismisses(first) and enforced:
            return f"it dismisses {name} ({first.name}) and then applies {', '.join(enforced)}"
    return ""
