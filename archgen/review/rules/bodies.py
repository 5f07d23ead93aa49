"""Stated body rules: the request and response bodies an operation states field by field (and its success status)
name real types, records and fields, take nothing the server owns or a lifecycle moves, and agree with when the
work is done."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from archgen.design.bodies import NO_BODY, answers_later, fields, nested, success_status, type_problem
from archgen.design.model import Body, BodyField, Endpoint, EntityDesign, Service, StoredField
from archgen.knowledge.operations import operation_words
from archgen.requirements.fieldtypes import parse_field_type
from archgen.review.engine import Found, KeyPath, Problem, Subject, rule

WRITES = ("create", "update", "replace", "command", "ingest")


def _label(service: Service, endpoint: Endpoint) -> str:
    return f"{service.name}: {endpoint.method} {endpoint.path}"


def _stated(subject: Subject) -> Iterator[tuple[KeyPath, Service, Endpoint, str, Body]]:
    """Every stated body, with its key path, its operation and whether it is the `request` or the `response`."""
    for path, service, endpoint in subject.endpoints():
        for side in ("request", "response"):
            body = getattr(endpoint, side)
            if body is not None:
                yield (*path, side), service, endpoint, side, body


def _carried(subject: Subject, endpoint: Endpoint, field: BodyField, top: bool) -> tuple[EntityDesign, StoredField]:
    """The stored field a body field carries: the one it names, or a top-level field of the operation's entity
    with its name; raises KeyError when there is none."""
    entity_name, _, name = field.field.partition(".") if field.field else (endpoint.entity or "", "", field.name)
    if not field.field and not top:
        raise KeyError(field.name)
    entity = subject.entities[entity_name]
    return entity, next(f for f in entity.fields if f.name == name)


def _stored(
    subject: Subject, endpoint: Endpoint, field: BodyField, top: bool
) -> tuple[EntityDesign, StoredField] | None:
    try:
        return _carried(subject, endpoint, field, top)
    except (KeyError, StopIteration):
        return None


@rule("API070", "error", "api", "Stated body field of an unknown type")
def unknown_type(subject: Subject) -> Found:
    """A field of a stated body has a type that is not one of the design's field types, refers (ref[X]) to a
    record the design does not define, or nests (object[X]) an object that is neither one of the body's objects
    nor an entity: the contract cannot be published as stated."""
    for at, service, endpoint, side, body in _stated(subject):
        objects = {o.name for o in body.objects}
        for where, field in fields(body):
            problem = type_problem(field.type)
            found = nested(field.type)
            if not problem and found is not None and found[0] not in objects | set(subject.entities):
                problem = f"it nests '{found[0]}', which is neither one of the body's objects nor an entity"
            if not problem and found is None:
                target = parse_field_type(field.type).references
                if target and target not in subject.entities:
                    problem = f"it refers to '{target}', which the design does not define"
            if problem:
                yield Problem(
                    element=_label(service, endpoint),
                    at=(*at, *where, "type"),
                    message=f"the {side} field '{field.name}' has the type '{field.type}': {problem}",
                    fix="type it as the design types fields (uuid, string, int, ..., enum[a, b], ref[Entity], "
                    "list[type]) or nest object[Name] of one of the body's objects or of an entity",
                )


@rule("API071", "error", "api", "Stated body field carries a stored field that does not exist")
def missing_stored_field(subject: Subject) -> Found:
    """A field of a stated body says it carries Entity.field, and the design has no such entity or field: what
    the operation reads or writes is not what the records hold."""
    for at, service, endpoint, side, body in _stated(subject):
        for where, field in fields(body):
            if field.field and _stored(subject, endpoint, field, top=True) is None:
                yield Problem(
                    element=_label(service, endpoint),
                    at=(*at, *where, "field"),
                    message=f"the {side} field '{field.name}' carries '{field.field}', which no entity of the "
                    "design has",
                    fix="name an existing field as Entity.field, add it to the entity, or leave `field` empty",
                )


def _request_fields(subject: Subject) -> Iterator[tuple[KeyPath, Service, Endpoint, BodyField, bool]]:
    """Every field a client sends in a stated request (not the server's, which is only answered), with its key
    path and whether it is at the top of the body."""
    for at, service, endpoint, side, body in _stated(subject):
        if side == "request":
            for where, field in fields(body):
                if not field.read_only:
                    yield (*at, *where), service, endpoint, field, where[0] == "fields"


@rule("API072", "error", "api", "Request body sets a state its lifecycle changes by transition")
def state_in_request(subject: Subject) -> Found:
    """A stated request (a PATCH, a create, a replace) lets the client set the field a state machine moves: the
    state would change without its transition, its guard or its event."""
    for at, service, endpoint, field, top in _request_fields(subject):
        if endpoint.action == "transition":
            continue  # the transition's own body says why; its state is set by the server
        stored = _stored(subject, endpoint, field, top)
        if stored is None:
            continue
        entity, target = stored
        machine = entity.state_machine
        if machine is not None and machine.transitions and target.name == machine.field:
            moves = ", ".join(t.name for t in machine.transitions[:4])
            yield Problem(
                element=_label(service, endpoint),
                at=at,
                message=f"the request sets {entity.name}.{machine.field}, which changes only by its transitions "
                f"({moves})",
                fix="drop it from the request (or mark it read_only) and change the state through POST …/{id}/"
                "{transition}",
            )


def _server_owned(entity: EntityDesign, field: StoredField) -> str:
    """Why a stored field is the server's to set, or '' when a client may set it."""
    known = operation_words().fields
    name = field.name.lower()
    machine = entity.state_machine
    if machine is not None and name == machine.field:
        return ""  # API072 says it better
    if name in entity.primary_key or name == "id":
        return "its id, which the server assigns"
    if field.set_by == "server":
        return f"set by the server ({field.source})" if field.source else "set by the server"
    if name in known.clock | known.stamped:
        return "a time the server witnesses"
    if name.endswith("_by") and name not in known.named_by_caller:
        return "who acted, which the caller's token says"
    return ""


@rule("API073", "error", "api", "Request body accepts a field the server owns")
def server_field_in_request(subject: Subject) -> Found:
    """A stated request accepts a field only the server may set: the record's id, a time it witnesses, who acted,
    or any field its entity marks set by the server (a computed total, the caller taken from the token)."""
    for at, service, endpoint, field, top in _request_fields(subject):
        stored = _stored(subject, endpoint, field, top)
        if stored is None or (endpoint.action not in WRITES and not field.field):
            continue
        entity, target = stored
        why = _server_owned(entity, target)
        if why:
            yield Problem(
                element=_label(service, endpoint),
                at=at,
                message=f"the request accepts {entity.name}.{target.name}: {why}",
                fix="mark it read_only (answered, never accepted) or drop it from the request",
            )


@rule("API074", "error", "api", "Answer status contradicts when the work is done")
def status_against_timing(subject: Subject) -> Found:
    """An operation answers 202 Accepted while it says it completes before answering (not async), or it says
    the work continues later (async) while answering 200, 201 or 204 as if it were done. A webhook may
    acknowledge deferred work with 200; a read answers with what it found."""
    for path, service, endpoint in subject.endpoints():
        status = success_status(endpoint)
        if status == 202 and not endpoint.async_:
            message = "answers 202 Accepted, but is not asynchronous: the caller is told the work is done later"
        elif (
            endpoint.async_
            and endpoint.status in (200, 201, 204)
            and endpoint.action != "webhook"
            and (answers_later(endpoint) or endpoint.action in WRITES)
        ):
            message = f"is asynchronous, but answers {endpoint.status} as if the work were done"
        else:
            continue
        yield Problem(
            element=_label(service, endpoint),
            at=(*path, "status" if endpoint.status is not None else "async"),
            message=message,
            fix="make them agree: async: true with status 202 for work finished from a queue, or async: false with "
            "the status of the finished work",
        )


@rule("API075", "error", "api", "Query field that cannot be a query parameter")
def nested_query(subject: Subject) -> Found:
    """A GET or DELETE states a request field that is an object or a list of objects: its request is its query,
    and a query parameter carries one value or several, never a nested object."""
    for at, service, endpoint, side, body in _stated(subject):
        if side != "request" or endpoint.method not in NO_BODY:
            continue
        for where, field in fields(body):
            if nested(field.type) is not None or where[0] == "objects":
                yield Problem(
                    element=_label(service, endpoint),
                    at=(*at, *where, "type"),
                    message=f"the query field '{field.name}' is a nested object, which a query parameter cannot carry",
                    fix="flatten it into scalar query fields (city, check_in, adults), or take it in a POST body",
                )


def _named_records(subject: Subject, body: Body) -> set[str]:
    """The field names of the records a body names by id or nests: the server copies what it needs from them."""
    names: set[str] = set()
    for field in body.fields:
        found = nested(field.type)
        if found is None and type_problem(field.type):
            continue  # API070 says what is wrong with it
        target = found[0] if found is not None else parse_field_type(field.type).references
        entity = subject.entities.get(target)
        if entity is not None:
            names |= {f.name for f in entity.fields}
    return names


def _linked_later(subject: Subject, entity: EntityDesign) -> set[str]:
    """The references to records a later move of the entity's lifecycle writes (the room check-in assigns): that
    move links them, not the create."""
    machine = entity.state_machine
    moves = {t.use_case for t in machine.transitions} if machine is not None else set()
    written = {w for u in subject.req.use_cases if u.name in moves for w in u.writes} - {entity.name}
    return {
        f.name for f in entity.fields if not type_problem(f.type) and parse_field_type(f.type).references in written
    }


@rule("API076", "error", "api", "Create body lacks a field its record requires")
def create_misses_required(subject: Subject) -> Found:
    """A stated create or replace body carries no value for a required field the client sets on the record (the
    guest a booking is for, the dates of its stay): not by name, not as the stored field it names, not as a nested
    object of the record it refers to, nor on a record it names that the server copies it from (the stay of the
    hold a booking confirms), and it is not a link a later move makes. The record cannot be made from what the
    body takes."""
    for at, service, endpoint, side, body in _stated(subject):
        entity = subject.entities.get(endpoint.entity or "")
        if side != "request" or entity is None or endpoint.action not in ("create", "replace"):
            continue
        given = {f.name for f in body.fields} | {f.field.partition(".")[2] for _, f in fields(body) if f.field}
        given |= _named_records(subject, body) | _linked_later(subject, entity)
        nests = {n[0] for f in body.fields if (n := nested(f.type)) is not None}
        missing = [
            f.name
            for f in entity.fields
            if f.required
            and f.set_by == "client"
            and f.name not in entity.primary_key
            and not {f.name, f.name.removesuffix("_id"), f"{f.name}_id"} & given
            and not (parse_field_type(f.type).references in nests and parse_field_type(f.type).references)
        ]
        if missing:
            yield Problem(
                element=_label(service, endpoint),
                at=(*at, "fields"),
                message=f"the request carries nothing for {', '.join(missing)}, which every {entity.name} requires",
                fix="add a field for each (or a nested object of the record it refers to), or say the server sets "
                "it (set_by: server)",
            )


@rule("API077", "error", "api", "Body field named twice")
def duplicate_body_field(subject: Subject) -> Found:
    """Two fields of one stated body, or of one of its nested objects, share a name: a JSON object has one value
    per name, so one of them cannot be sent."""
    for at, service, endpoint, side, body in _stated(subject):
        groups = [(("fields",), body.fields)] + [
            (("objects", i, "fields"), o.fields) for i, o in enumerate(body.objects)
        ]
        groups.append((("objects",), [BodyField(name=o.name, type="json") for o in body.objects]))
        for where, group in groups:
            for name, times in Counter(f.name for f in group).items():
                if times > 1:
                    yield Problem(
                        element=_label(service, endpoint),
                        at=(*at, *where),
                        message=f"the {side} names '{name}' {times} times",
                        fix="keep one field (or nested object) of each name",
                    )


@rule("API078", "error", "api", "Answer body on a 204 No Content")
def body_on_no_content(subject: Subject) -> Found:
    """An operation states a response body and answers 204 No Content: the body is never sent."""
    for path, service, endpoint in subject.endpoints():
        if endpoint.status == 204 and endpoint.response is not None and endpoint.response.fields:
            yield Problem(
                element=_label(service, endpoint),
                at=(*path, "status"),
                message="states a response body but answers 204 No Content, which carries none",
                fix="answer 200 with the body, or drop the response body",
            )


@rule("API155", "error", "api", "A command that says what it acts on and why but takes neither")
def command_without_its_object(subject: Subject) -> Found:
    """A command's summary says it acts on a record and why (open emergency access to a record, with a reason),
    yet its path names no record and its body carries no id, or it takes no reason: the caller cannot say which
    record or why, so the control the command exists for cannot be exercised or audited."""
    said = operation_words().commands
    for at, service, endpoint in subject.endpoints():
        if endpoint.action != "command" or endpoint.method != "POST":
            continue
        # "use case" is the questionnaire's word for a step, not a case record
        text = set(re.split(r"[^a-z]+", endpoint.summary.lower().replace("use case", "")))
        taken = endpoint.request.fields if endpoint.request is not None else []
        missing = []
        named = "{" in endpoint.path or any(parse_field_type(f.type).kind in ("uuid", "ref") for f in taken)
        if text & said.record and not named:
            missing.append("which record")
        if text & said.reason and not any(set(f.name.lower().split("_")) & said.reason for f in taken):
            missing.append("why")
        if missing:
            yield Problem(
                element=_label(service, endpoint),
                at=at,
                message=f"'{endpoint.summary}' names what it acts on or why, but neither its path nor its body "
                f"says {' or '.join(missing)}",
                fix="give it a request body naming the record (its kind and id) and the reason",
            )
