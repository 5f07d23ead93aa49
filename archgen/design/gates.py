"""Checks a record must pass before anyone else sees it (automated moderation, a malware scan): which use cases run
one on a record they make, and which moves of the record's lifecycle publish it, or ready it for publishing, without
waiting for the check's verdict."""

from __future__ import annotations

import re

from archgen.design.model import StateMachine, Transition
from archgen.knowledge.lifecycles import lifecycle_knowledge
from archgen.knowledge.operations import operation_words
from archgen.requirements.model import Requirements, UseCase


def _said(text: str, words: frozenset[str]) -> bool:
    padded = f" {re.sub(r'[^a-z0-9]+', ' ', text.lower())} "
    return any(f" {w} " in padded for w in words)


def runs_check(req: Requirements, use_case: UseCase) -> bool:
    """Whether a use case checks what it makes before it is seen: by its words, the kind of a system it calls or a
    record of the check it writes (a ModerationCase)."""
    gates = lifecycle_knowledge().guards.gates
    kinds = {i.name: f"{i.name} {i.kind}" for i in req.integrations}
    said = [use_case.name, use_case.description or "", *(kinds.get(c, c) for c in use_case.calls)]
    said += [re.sub(r"([a-z])([A-Z])", r"\1 \2", w) for w in use_case.writes]
    return any(_said(text, gates) for text in said)


def checks_of(req: Requirements, entity: str) -> list[UseCase]:
    """The use cases that make or move an entity's records and check them before they are seen."""
    return [u for u in req.use_cases if entity in u.writes and runs_check(req, u)]


def _staff(req: Requirements, roles: list[str]) -> bool:
    """Whether a move is staff's decision (a moderator reinstating a video): that decision is the check itself."""
    internal = {r.name for r in req.users.roles if r.internal and r.kind == "person"}
    return bool(set(roles) & internal)


def ungated(req: Requirements, entity: str, machine: StateMachine) -> list[Transition]:
    """The moves that publish a checked record, or ready it for the move that publishes it, and whose condition
    says nothing of the check: a record the check would flag is out before anyone looks."""
    if not checks_of(req, entity):
        return []
    published = operation_words().reads.published_states
    gates = lifecycle_knowledge().guards.gates
    publishing = [t for t in machine.transitions if t.target.lower() in published]
    before = {s for t in publishing for s in t.source}
    out = []
    for move in machine.transitions:
        readies = move.target in before and move.target not in move.source and move.target != machine.initial
        if not (move in publishing or readies) or _staff(req, move.roles) or _said(move.guard, gates):
            continue
        out.append(move)
    return out


def guard_text(req: Requirements, entity: str) -> str:
    """The condition a publishing move of a checked record carries, in the check's own word (moderation)."""
    staff = {r.name for r in req.users.roles if r.internal and r.kind == "person"}
    checks = [u for u in checks_of(req, entity) if u.actor not in staff] or checks_of(req, entity)
    gates = lifecycle_knowledge().guards.gates
    kinds = {i.name: f"{i.name} {i.kind}" for i in req.integrations}
    said = " ".join(f"{u.name} {u.description or ''} {' '.join(kinds.get(c, c) for c in u.calls)}" for u in checks)
    said += " " + " ".join(re.sub(r"([a-z])([A-Z])", r"\1 \2", w) for u in checks for w in u.writes)
    gate = next((w for w in sorted(gates) if _said(said, frozenset({w}))), "")
    return lifecycle_knowledge().guards.gate_guard.format(gate=gate, check=" and ".join(u.name for u in checks))
