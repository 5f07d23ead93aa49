"""Whether the callers that make a record can supply what its create input requires, read from the design: the
records they can get hold of, a reference to a part of a record beside the record itself, and who may add other
people to a private space. The rules architect and the review engine both judge a create input by it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from archgen.design.model import EntityDesign, Service, StoredField
from archgen.design.natural_keys import external_key
from archgen.knowledge.operations import operation_words
from archgen.requirements.intent import is_role_record
from archgen.requirements.model import Requirements

MAKES = ("create", "ingest")  # the operations whose callers name, in their input, the records a new one refers to
SELF = "self"  # in a field's writers: the person the record is about
ANYONE = "*"  # who can call an operation that needs no sign-in


def target(type_: str) -> str:
    """The entity a reference names (Hold for ref[Hold]), or ''."""
    found = re.match(r"^ref\[([A-Za-z0-9_]+)\]$", type_)
    return found.group(1) if found else ""


def obtainers(services: Iterable[Service], entity: str) -> set[str]:
    """The callers that can get hold of a record's id: they make, read or move such records, an answer they get
    carries one, or it is the record of who they are."""
    found: set[str] = set()
    for service in services:
        for endpoint in service.endpoints:
            answers = endpoint.response.fields if endpoint.response else []
            carried = any(f"[{entity}]" in f.type for f in answers)
            if endpoint.entity == entity or entity in endpoint.includes or carried:
                found |= {ANYONE} if endpoint.auth == "public" else set(endpoint.roles)
    return found


def may_set(entity: EntityDesign, field: StoredField, role: str) -> bool:
    """Whether a caller may set a field of a record: every caller when the field names no writers, else those it
    names, and `self` stands for each caller no field of the record names (the person it is about)."""
    if not field.writers or role in field.writers:
        return True
    named = {w for f in entity.fields for w in f.writers}
    return SELF in field.writers and role not in named


def makers(services: Iterable[Service], entity: str, by_key: bool = False) -> list[str]:
    """The callers of the operations that make an entity's records, in the order they are first named; without
    those of an upload that names records by the sender's own keys (`by_key`), which the server resolves."""
    roles = [
        r
        for s in services
        for e in s.endpoints
        if e.entity == entity and e.action in MAKES and not (by_key and e.action == "ingest")
        for r in e.roles
    ]
    return list(dict.fromkeys(roles))


@dataclass(frozen=True)
class Unobtainable:
    """A required reference some makers of a record cannot supply: they cannot make or read what it names."""

    field: StoredField
    target: str
    lacking: list[str]  # the makers who cannot supply it
    able: list[str]  # the makers who can


def unobtainable(
    services: list[Service], entities: dict[str, EntityDesign], entity: EntityDesign
) -> Iterator[Unobtainable]:
    """The required references of `entity` that some of its makers (allowed to set the field) cannot obtain."""
    for field in entity.fields:
        named = target(field.type)
        if field.set_by != "client" or not field.required or named not in entities or named == entity.name:
            continue
        made_by = makers(services, entity.name, by_key=external_key(entities[named]) is not None)
        callers = [r for r in made_by if may_set(entity, field, r)]
        reach = obtainers(services, named)
        if ANYONE in reach:
            continue
        lacking = [r for r in callers if r not in reach and not is_role_record(r, named)]
        if lacking:
            yield Unobtainable(field, named, lacking, [r for r in callers if r not in lacking])


def part_and_whole(
    entities: dict[str, EntityDesign], entity: EntityDesign
) -> Iterator[tuple[StoredField, StoredField]]:
    """Pairs of required client references of `entity` (whole, part) where the part's record itself refers to the
    whole (a report naming a post and one of its comments) and the record is about either (its description names
    both, joined by "or"): the part is sent only when the record is about it."""
    about = (entity.description or "").lower()
    refs = [f for f in entity.fields if f.set_by == "client" and f.required and target(f.type) in entities]
    for whole in refs:
        for part in refs:
            inner = entities[target(part.type)]
            if part is whole or target(part.type) == target(whole.type):
                continue
            if not any(target(f.type) == target(whole.type) for f in inner.fields):
                continue
            words = [_words(target(whole.type)), _words(target(part.type))]
            if _alternatives(about, words[0], words[1]):
                yield whole, part


def _words(name: str) -> str:
    return " ".join(w.lower() for w in re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", name))


def _alternatives(text: str, first: str, second: str) -> bool:
    """Whether a text names two things as alternatives (a post or comment, a comment or a post)."""
    either = rf"\b{re.escape(first)}s?\b[^.;]{{0,20}}\bor\b[^.;]{{0,12}}\b{re.escape(second)}s?\b"
    other = rf"\b{re.escape(second)}s?\b[^.;]{{0,20}}\bor\b[^.;]{{0,12}}\b{re.escape(first)}s?\b"
    return bool(re.search(either, text) or re.search(other, text))


@dataclass(frozen=True)
class Joining:
    """Callers that may add anyone to a private space they do not run (a member adding people to a private
    channel): `space` names the space, `person` who joins."""

    space: StoredField
    person: StoredField
    members: list[str]  # the makers who do not run the space, yet may name who joins
    runners: list[str]  # who makes or changes the spaces


def private_joins(
    req: Requirements, services: list[Service], entities: dict[str, EntityDesign], entity: EntityDesign
) -> Iterator[Joining]:
    """Where makers of `entity` who do not run the private spaces it puts people in may name the person."""
    roles = [r.name for r in req.users.roles]
    people = [f for f in entity.fields if any(is_role_record(r, target(f.type)) for r in roles)]
    for space in entity.fields:
        named = entities.get(target(space.type))
        if named is None or named.name == entity.name or space in people or not _private(named):
            continue
        runners = {
            r
            for s in services
            for e in s.endpoints
            if e.entity == named.name and e.action in ("create", "update", "delete", "transition")
            for r in e.roles
        }
        members = [r for r in makers(services, entity.name) if r not in runners]
        for person in people:
            adders = [r for r in members if person.set_by == "client" and may_set(entity, person, r)]
            if adders:
                yield Joining(space, person, adders, sorted(runners))


def _private(entity: EntityDesign) -> bool:
    """Whether some records of an entity are private spaces: a choice of its (not its state) names a private kind."""
    private = operation_words().fields.private
    state = entity.state_machine.field if entity.state_machine else ""
    choices = [f.type[5:-1].split(",") for f in entity.fields if f.type.startswith("enum[") and f.name != state]
    return any({v.strip().lower() for v in values} & private for values in choices)
