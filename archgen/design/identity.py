"""Identity facts and segregation of duties, read from a design: which of a person's fields identify them, which
records a four-eyes decision relies on, whether those records keep their author, and which exits end a case
around the decision."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from archgen.design.accountability import audit_entities_of
from archgen.design.model import EntityDesign, StoredField, Transition
from archgen.design.obtaining import SELF
from archgen.knowledge.access import access_knowledge
from archgen.knowledge.identity import identity_knowledge
from archgen.requirements import Requirements


def identity_fields(entity: EntityDesign) -> list[StoredField]:
    """The fields that say who the person of a record is (an MRN, the date of birth, the legal name)."""
    names = set(identity_knowledge().identity_fields)
    return [f for f in entity.fields if f.name.lower() in names]


def bound_source(entity: EntityDesign) -> str:
    """The source of a field the person's sign-up copies from the record they bind to, if any."""
    bound = access_knowledge().binding.source.split(":")[0]
    return next((f.source for f in entity.fields if f.source.startswith(bound)), "")


def self_editable(entity: EntityDesign, field: StoredField) -> bool:
    """Whether the person a record is about may set a field, where someone else keeps the record (staff write it,
    or it is bound to a record elsewhere): named among its writers, or the field names no writers while the person
    writes other fields of the record."""
    kept = any(w != SELF for f in entity.fields for w in f.writers) or bool(bound_source(entity))
    if field.set_by != "client" or not kept:
        return False
    if SELF in field.writers:
        return True
    return not field.writers and any(SELF in f.writers for f in entity.fields)


def four_eyes(move: Transition) -> list[str]:
    """The conditions of a move's guard that keep four eyes (the caller is not who did another step)."""
    words = identity_knowledge().four_eyes
    return [part for part in move.guard.split("; ") if any(w in part for w in words)]


@dataclass(frozen=True)
class Guarded:
    """A four-eyes decision of a record and the records written by the earlier steps it compares against."""

    entity: EntityDesign
    move: Transition
    inputs: list[EntityDesign]


def guarded_decisions(req: Requirements, entities: Sequence[EntityDesign]) -> list[Guarded]:
    """Every move whose guard keeps four eyes, with the other records its earlier steps write (an assessment)."""
    audits = {e.name for e in audit_entities_of(entities)}
    by_name = {e.name: e for e in entities}
    writes = {u.name: u.writes for u in req.use_cases}
    out: list[Guarded] = []
    for entity in entities:
        machine = entity.state_machine
        if machine is None:
            continue
        for move in machine.transitions:
            if not four_eyes(move):
                continue
            said = set(re.findall(r"[a-z][a-z-]*", move.guard))
            earlier = {t.use_case for t in machine.transitions if t is not move and t.name in said and t.use_case}
            own = set(writes.get(move.use_case or "", []))
            names = dict.fromkeys(n for u in sorted(earlier) for n in writes.get(u, []))
            inputs = [
                by_name[n]
                for n in names
                if n in by_name and n != entity.name and n not in audits and n not in own
                if by_name[n].state_machine is None
            ]
            out.append(Guarded(entity, move, inputs))
    return out


def authored(entity: EntityDesign) -> bool:
    """Whether a record keeps who wrote it, set by the server from the caller's token."""
    known = identity_knowledge().author
    return any(f.set_by == "server" and (f.name == known.field or "from the token" in f.source) for f in entity.fields)


def unguarded_exits(guarded: Guarded) -> list[Transition]:
    """The moves that end a case from where the decision is taken, by the people who take it, without its four
    eyes: a close that rejects with no control."""
    machine = guarded.entity.state_machine
    if machine is None:
        return []
    return [
        t
        for t in machine.transitions
        if t is not guarded.move
        and t.name in identity_knowledge().verdict_exits
        and t.target in machine.terminal
        and set(t.roles) & set(guarded.move.roles)
        and set(t.source) & set(guarded.move.source)
        and not four_eyes(t)
    ]


def assignees(field: StoredField, roles: Sequence[str], deciders: Sequence[str]) -> list[str]:
    """Who an assignment field gives a record to: the role its name says (assigned_adjuster), else the deciders."""
    if not any(w in field.name.lower() for w in identity_knowledge().assignment):
        return []
    return [r for r in roles if r in field.name.lower()] or list(deciders)


def identity_provider(kind: str, name: str) -> bool:
    """Whether an outside system is an organisation's identity provider (single sign-on, SCIM provisioning)."""
    said = f" {kind} {name} ".lower()
    return any(re.search(rf"\b{re.escape(w)}\b", said) for w in identity_knowledge().identity_provider.words)
