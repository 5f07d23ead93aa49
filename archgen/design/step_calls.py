"""Which operation a flow step should call for its use case: a status change goes through the transition the use
case performs (never a PATCH, never another move), and of several moves a use case performs on one record the one
named by the use case leads (check in a guest calls check-in, not no-show). The rules architect picks a flow's
operations by it and the review engine judges drawn flows by it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from archgen.common import english
from archgen.design.model import Endpoint, EntityDesign, Transition
from archgen.requirements.intent import words

EDITS = ("update", "replace")  # the actions that rewrite fields, which never move a status


def moves_of(entities: Iterable[EntityDesign], use_case: str) -> Iterator[tuple[EntityDesign, Transition]]:
    """The transitions a use case performs, with the entity each moves."""
    for entity in entities:
        machine = entity.state_machine
        for move in machine.transitions if machine else []:
            if move.use_case == use_case:
                yield entity, move


def names_move(use_case: str, move: str) -> bool:
    """Whether a use case's name says the move (Check in guest says check-in; it does not say no-show)."""
    said = set(words(use_case.replace("-", " ")))
    return set(move.split("-")) <= said


def leading(moves: list[Transition], use_case: str) -> Transition | None:
    """Of one record's moves in a use case, the one the use case is named for, unless it only opens the others
    (a case taken into review, then decided: the decision leads)."""
    named = next((m for m in moves if names_move(use_case, m.name)), None)
    if named is None or any(named.target in m.source for m in moves if m is not named):
        return None
    return named


def performer(endpoints: Iterable[Endpoint], entity: str, move: str) -> Endpoint | None:
    """The operation that performs a transition."""
    return next((e for e in endpoints if e.entity == entity and e.transition == move), None)


def better_call(entities: list[EntityDesign], endpoints: list[Endpoint], use_case: str, called: Endpoint) -> str:
    """Why a step of `use_case` should not call `called`, or '': a PATCH on a record whose status the use case
    moves, a transition other than the one the use case is named for, or a move no use case of the step's serves."""
    if called.entity is None:
        return ""
    moves = [m for e, m in moves_of(entities, use_case) if e.name == called.entity]
    done = [m for m in moves if performer(endpoints, called.entity, m.name) is not None]
    # an edit the use case itself makes (an employee's record updated, and terminated through its own move) stays
    if called.action in EDITS and done and use_case not in called.use_cases:
        names = english.join([m.name for m in done], "or")
        return f"the use case moves {called.entity}'s status ({names}), which a {called.method} never sets"
    if called.action != "transition" or called.transition is None:
        return ""
    named = leading(moves, use_case)
    if named is not None and named.name != called.transition and performer(endpoints, called.entity, named.name):
        return f"the use case is named for {named.name}, not {called.transition}"
    return _unserved(moves, done, use_case, called)


def _unserved(moves: list[Transition], done: list[Transition], use_case: str, called: Endpoint) -> str:
    """Why a step calls a move of a record its use case moves otherwise (and the move serves no use case of its)."""
    if moves and called.transition not in {m.name for m in moves} and use_case not in called.use_cases:
        names = english.join([m.name for m in done or moves], "or")
        return f"the use case moves {called.entity} by {names}, not {called.transition}"
    return ""


def fitting(
    entities: list[EntityDesign], endpoints: list[Endpoint], use_case: str, ranked: list[Endpoint], widest: bool = True
) -> Endpoint:
    """The first of the ranked operations a step of the use case may call (else the first of them); when `widest`,
    of the use case's own moves of that record, the one it takes from most states (a block before a reinstatement)."""
    own = {(e.name, m.name): len(m.source) for e, m in moves_of(entities, use_case)}
    fit = [e for e in ranked if not better_call(entities, endpoints, use_case, e)]
    if not fit:
        return ranked[0]
    if not widest or (fit[0].entity, fit[0].transition) not in own:
        return fit[0]
    same = [e for e in fit if e.entity == fit[0].entity and (e.entity, e.transition) in own]
    return max(same, key=lambda e: own[(e.entity or "", e.transition or "")])
