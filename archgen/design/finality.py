"""Records that become final stay final: which states make a record final, which states come before, whether an
update is limited to those, whether a correction keeps what it corrects, and whether a provider's refusal has a
move. Read by the rules architect (to design it) and the review (to find it missing)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from archgen.design.model import Endpoint, EntityDesign, StateMachine, Transition
from archgen.knowledge.finality import finality_words

SYSTEM = "system"
EDITS = ("update", "replace")


def final_states(machine: StateMachine | None) -> list[str]:
    """The states that sign, issue, send or release the record, reached by some move."""
    if machine is None:
        return []
    words = set(finality_words().final)
    reached = {t.target for t in machine.transitions}
    return [s for s in machine.states if s.lower() in words and s in reached and s != machine.initial]


def after_final(machine: StateMachine) -> list[str]:
    """The final states and every state a record reaches from one."""
    seen = set(final_states(machine))
    grown = True
    while grown:
        grown = False
        for move in machine.transitions:
            if set(move.source) & seen and move.target not in seen:
                seen.add(move.target)
                grown = True
    return [s for s in machine.states if s in seen]


def before_final(machine: StateMachine) -> list[str]:
    """The states a record is still being written in: those it is in before it becomes final."""
    after = set(after_final(machine))
    return [s for s in machine.states if s not in after]


def updates(endpoints: Iterable[Endpoint], entity: str) -> list[Endpoint]:
    """The operations that edit one record of the entity in place."""
    edits = [e for e in endpoints if e.entity == entity and e.action in EDITS]
    return [e for e in edits if e.method in ("PATCH", "PUT") and "{" in e.path]


def limited(endpoint: Endpoint, machine: StateMachine) -> bool:
    """Whether an update says it is allowed only in states before the record is final."""
    found = re.search(r"while it is ([a-z_ ]+?)(?:[;,.(]|$)", endpoint.summary)
    if found is None:
        return False
    named = set(re.split(r"\s+(?:or|and)\s+|\s+", found.group(1).strip()))
    return bool(named & set(machine.states)) and not named & set(after_final(machine))


def corrections(machine: StateMachine) -> list[Transition]:
    """The moves that correct a record once it is final (amend, correct, enter in error)."""
    words = set(finality_words().corrections)
    after = set(after_final(machine))
    return [t for t in machine.transitions if set(t.source) & after and t.target.lower() in words]


def keeps_prior(move: Transition, entity: EntityDesign) -> bool:
    """Whether a correction says the value it corrects is kept (or the record is append-only)."""
    text = move.guard.lower()
    return entity.mutability == "append_only" or any(m in text for m in finality_words().keep_marks)


def sequenced_moves(machine: StateMachine, people: set[str]) -> list[Transition]:
    """The moves a sending party makes with a result it sends in sequence (preliminary, final, corrected): the
    machine names at least two of its statuses and an outside party (no person, not the system) makes them."""
    words = set(finality_words().sequenced)
    if len([s for s in machine.states if s.lower() in words]) < 2 or "final" not in machine.states:
        return []
    return [
        t
        for t in machine.transitions
        if t.target.lower() in words and t.roles and not set(t.roles) & (people | {SYSTEM})
    ]


def sequence_said(move: Transition) -> bool:
    """Whether a move of a result sent in sequence says it is applied by its sequence number."""
    return any(m in move.guard.lower() for m in finality_words().sequence_marks)


def refusal_states(machine: StateMachine) -> list[str]:
    """The states a provider's refusal ends the record in (failed, declined)."""
    words = set(finality_words().refusals)
    return [s for s in machine.states if s.lower() in words]


def unrefused(machine: StateMachine, parties: set[str], provider_moves: Iterable[Transition]) -> list[str]:
    """The states a provider's answer moves a record out of that no refusal by the provider (or the system
    acting on its answer) leaves: a declined payment stays pending for ever."""
    refusals = set(refusal_states(machine))
    if not refusals:
        return []
    automatic = parties | {SYSTEM}
    out: list[str] = []
    for move in provider_moves:
        if move.target in refusals or move.target == machine.initial:
            continue  # a record issued again asks nothing of its own
        for state in (s for s in move.source if s not in refusals):  # a refused record issued again is not asked
            refused = any(
                t.target in refusals and state in t.source and set(t.roles) & automatic for t in machine.transitions
            )
            if not refused and state not in out:
                out.append(state)
    return out


def provider_moves(machine: StateMachine, calls: dict[str, list[str]], parties: set[str]) -> list[Transition]:
    """The moves that ask an outside party to act and take its answer: the system's, in a use case that calls the
    party (an authorisation the card acquirer answers), or the party's own first answer about a record just made.
    A later notice the party sends (a refund settled) answers no ask. `calls` maps a use case to the parties it
    calls."""
    out = []
    for move in machine.transitions:
        by_party = bool(set(move.roles) & parties) and move.source == [machine.initial]
        by_system = set(move.roles) == {SYSTEM} and bool(calls.get(move.use_case or "", []))
        if by_party or by_system:
            out.append(move)
    return out


def party_of(move: Transition, calls: dict[str, list[str]], parties: set[str]) -> str:
    """The outside party whose answer a move carries."""
    named = [r for r in move.roles if r in parties]
    return (named or calls.get(move.use_case or "", []) or [SYSTEM])[0]
