"""Provenance rules: every field is set by a party that can know it and may. A server-set field names a writer
that can write it; a field that decides authority (who is responsible, what is controlled, a limit, a role, a
verified identifier, a payout account) never comes from the client's word; a reference to the signed-in party is
required only where every maker signs in as that party; and each request carries what its step needs."""

from __future__ import annotations

import re
from collections.abc import Iterator

from archgen.capacity.load import actor_kind
from archgen.design.model import Endpoint, EntityDesign, StoredField
from archgen.design.step_values import carried_by_step, needy_steps
from archgen.knowledge.money import name_words
from archgen.knowledge.operations import operation_words
from archgen.knowledge.provenance import provenance
from archgen.requirements.intent import write_kind
from archgen.requirements.model import UseCase
from archgen.review.engine import Found, Problem, Subject, rule
from archgen.review.rules.verification import verified_kind


def _fields(subject: Subject) -> Iterator[tuple[int, int, EntityDesign, StoredField]]:
    for i, entity in enumerate(subject.design.entities):
        for j, field in enumerate(entity.fields):
            yield i, j, entity, field


def _makers(subject: Subject, entity: str) -> list[UseCase]:
    """The use cases that make an entity's records (it is the first thing they write, as a create)."""
    if entity not in {e.name for e in subject.req.data.entities}:
        return []
    held = subject.req.entity(entity)
    return [u for u in subject.req.use_cases if entity in u.writes[:1] and write_kind(u, held).kind == "create"]


def _endpoints(subject: Subject) -> Iterator[Endpoint]:
    for service in subject.design.services:
        yield from service.endpoints


KINDS = {
    "classification": "a classification that decides what is allowed",
    "identifier": "an identifier that binds the person to a record elsewhere",
    "account": "the bank account money is paid out to",
}


def _written_by_people(subject: Subject, entity: str) -> bool:
    """Whether signed-in people write an entity's records (an operation of theirs makes or edits them)."""
    return any(
        e.entity == entity and e.action in ("create", "replace", "update") and e.auth == "user"
        for e in _endpoints(subject)
    )


@rule("DAT084", "error", "data", "Server-set field with no writer that can write it")
def unwritable_server_field(subject: Subject) -> Found:
    """A field the server sets names as its writer a service that does not own the record (and does not say the
    owner takes it from that service's events), or a transition the record's state machine does not have: nothing
    can write it, so every guard that reads it never holds."""
    services = set(subject.services)
    for i, j, entity, field in _fields(subject):
        if field.set_by != "server" or not field.source:
            continue
        said = set(re.findall(r"[a-z0-9-]+", field.source.lower()))
        others = sorted((services - {entity.owner}) & said)
        through_events = entity.owner in said or any(w.startswith("event") for w in said)
        moves = {t.name for t in entity.state_machine.transitions} if entity.state_machine else set()
        missing = [t for t in re.findall(r"the ([a-z_-]+) transition", field.source) if t not in moves]
        if others and not through_events:
            message = f"the server sets it from {others[0]}, which does not own {entity.name} ({entity.owner} does)"
            fix = f"have {entity.owner} write it, from an event {others[0]} publishes, and say so in its source"
        elif missing:
            message = f"the server sets it by the {missing[0]} transition, which {entity.name} does not have"
            fix = "name the transition, job or flow step that writes it, or add the transition"
        else:
            continue
        yield Problem(
            element=f"{entity.name}.{field.name}",
            at=("entities", i, "fields", j, "source"),
            message=message,
            fix=fix,
        )


@rule("DAT085", "error", "data", "Field that decides authority taken from the client")
def client_asserted_authority(subject: Subject) -> Found:
    """A client sets a field that names who is responsible (a prescriber, an approver, an author) or a
    classification that decides what is allowed (a controlled substance, a limit, a role, a verified identifier, the
    bank account payouts go to), and anyone who writes the record, or the person it is about, may set it: the
    caller decides their own authority. It comes from the token, a lookup or a verification step."""
    known = provenance()
    actors = operation_words().fields.actor
    for i, j, entity, field in _fields(subject):
        if field.set_by != "client" or not _written_by_people(subject, entity.name):
            continue  # (a record copied from another system carries that system's word)
        if verified_kind(entity):
            continue  # (the value its holder proposes, used only once its status says it is proved)
        kind = known.authority(field.name)
        responsible = field.name.lower().removesuffix("_id") in actors and field.type.startswith(("ref[", "uuid"))
        open_to_all = not field.writers or "self" in field.writers
        if not responsible and not (kind and open_to_all):
            continue
        what = "who is responsible for it" if responsible else KINDS.get(kind or "", "")
        whom = "any caller that writes the record" if not field.writers else "the person it is about"
        yield Problem(
            element=f"{entity.name}.{field.name}",
            at=("entities", i, "fields", j, "set_by"),
            message=f"it names {what}, and {whom} sets it",
            fix="take it from the caller's token"
            if responsible
            else "set it on the server: from a lookup (reference data, the directory) or a verification step",
        )


@rule("DAT086", "error", "data", "Signed-in party required where another kind of caller makes the record")
def required_signed_in_party(subject: Subject) -> Found:
    """A required field comes from the signed-in person's token, but some records are made by a caller that is no
    such person (another system, a scheduled job): those records cannot be stored as modelled."""
    for i, j, entity, field in _fields(subject):
        said = field.source.lower()
        if field.set_by != "server" or not field.required or "signed-in" not in said or "token" not in said:
            continue
        if "transition" in said or "when they act" in said:
            continue  # (who acts on the record later, not who makes it)
        others = [u for u in _makers(subject, entity.name) if actor_kind(subject.req, u) not in ("person", "device")]
        if others:
            yield Problem(
                element=f"{entity.name}.{field.name}",
                at=("entities", i, "fields", j, "required"),
                message=f"it is required and taken from the signed-in person, but {others[0].name} makes "
                f"{entity.name} records with no such person",
                fix="make it optional and say what it holds when another system or a job makes the record",
            )


@rule("DAT087", "error", "data", "Step input without the value the step needs")
def step_without_its_value(subject: Subject) -> Found:
    """A use case's transitions must carry a value (a capture its final amount, a refund how much, a reply to a
    dispute its evidence) and none takes one: no field named for the step holds it and no body states it, so the
    use case cannot be carried out through the API."""
    bodies = {
        (e.entity, e.transition): e.request for e in _endpoints(subject) if e.action == "transition" and e.request
    }
    for i, entity in enumerate(subject.design.entities):
        machine = entity.state_machine
        for k, moves, need in needy_steps(subject.req, entity):
            assert machine is not None
            names = [machine.transitions[n].name for n in moves]
            carried = [f for name in names for f in carried_by_step(entity, name, need.carries)]
            sent = [
                f
                for name in names
                if (body := bodies.get((entity.name, name))) is not None
                for f in body.fields
                if not f.read_only and name_words(f.name) & need.carries
            ]
            if carried or sent:
                continue
            move = machine.transitions[k].name
            yield Problem(
                element=f"{entity.name}.{move}",
                at=("entities", i, "state_machine", "transitions", k),
                message=f"the {move} step takes no {need.adds}: {need.says}",
                fix=f"add the field the step sets ({move.replace('-', '_')}_{need.adds}) so its body carries it",
            )


@rule("DAT088", "error", "data", "Request for dates without its dates")
def dated_request_without_dates(subject: Subject) -> Found:
    """A person asks for a record made for a span of dates (a loan, a booking, a reservation), but the request
    that makes it lets them name no date: what they ask for is not recorded, and nothing can check it is free."""
    known = provenance()
    for i, entity in enumerate(subject.design.entities):
        if not name_words(entity.name) & known.dated_records:
            continue
        dates = [
            f
            for f in entity.fields
            if f.type in ("date", "timestamp")
            and (f.set_by == "client" or f.source)
            and (name_words(f.name) | {f.name.lower()}) & known.dated_words
        ]
        for use_case in _makers(subject, entity.name):
            if actor_kind(subject.req, use_case) != "person" or use_case.interaction != "request":
                continue
            role = use_case.actor or ""
            mine = [f for f in dates if f.set_by == "server" or not f.writers or {role, "self"} & set(f.writers)]
            makes = [
                e
                for e in _endpoints(subject)
                if e.entity == entity.name and e.action == "create" and use_case.name in e.use_cases
            ]
            sent = [
                f
                for e in makes
                if e.request is not None
                for f in e.request.fields
                if f.type in ("date", "timestamp") and not f.read_only
            ]
            if mine or sent:
                continue
            yield Problem(
                element=f"{entity.name}",
                at=("entities", i, "fields"),
                message=f"{use_case.name} makes {entity.name} records for a span of dates, but its input names no date",
                fix="let the maker send the dates it asks for (a start and an end), and check they are free",
            )
