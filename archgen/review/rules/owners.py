"""Ownership rules: every write lands in the service that owns the record, every record someone owns and the
questionnaire says arrives is created by someone, and no service reads another's database behind its back."""

from __future__ import annotations

import re

from archgen.capacity.measure import DATABASE_KINDS
from archgen.common import english
from archgen.design.creation import uncreated
from archgen.design.model import PUSH_REGISTRATION, EntityDesign, Service
from archgen.design.sourcing import brought_in
from archgen.knowledge.boundaries import boundaries
from archgen.knowledge.contracts import says
from archgen.knowledge.single_writer import single_writer
from archgen.requirements.intent import device_token_holder
from archgen.review.engine import Found, Problem, Subject, rule

WRITES = ("create", "replace", "update", "delete", "transition", "ingest", "webhook", "command")
CREATE_WORDS = ("create", "insert", "add", "open", "record", "make")  # a step that makes a record says so first
READS = re.compile(r"^(?:query|read|select|scan|get|list|fetch)\b", re.I)  # a step that reads says so first


def _handed_over(subject: Subject, service: Service, entity: EntityDesign) -> bool:
    """Whether a service that accepts records at the edge hands them to their owner as events the owner stores."""
    return any(
        e.producer == service.name and e.entity == entity.name and entity.owner in e.consumers
        for e in subject.design.events
    )


@rule("SVC010", "error", "services", "A write placed in a service that does not own the record")
def foreign_operation(subject: Subject) -> Found:
    """An operation (or a protocol endpoint: a device registration, a webhook, an ingest) creates, changes or deletes
    an entity another service owns, and hands nothing to the owner: the owner, the only writer of its data, never
    sees the change, and its own store stays empty or stale."""
    holder = device_token_holder(subject.req)
    for path, service, endpoint in subject.endpoints():
        name = endpoint.entity
        if endpoint.operation_id == PUSH_REGISTRATION and holder and name != holder:
            owner = subject.entities[holder].owner if holder in subject.entities else service.name
            yield Problem(
                element=f"{endpoint.method} {endpoint.path}",
                at=path,
                message=f"registers devices for push in {service.name}, though phones' tokens are {holder} records, "
                f"which {owner} owns: the pushes look up tokens nothing writes",
                fix=f"move the registration to {owner} and have it write {holder}",
            )
            continue
        if endpoint.action not in WRITES or name is None or name not in subject.entities:
            continue
        entity = subject.entities[name]
        if entity.owner == service.name or entity.owner not in subject.services:
            continue
        if _handed_over(subject, service, entity):
            continue
        yield Problem(
            element=f"{endpoint.method} {endpoint.path}",
            at=path,
            message=f"{service.name} {endpoint.action}s {name} records, which {entity.owner} owns and is the only "
            "writer of",
            fix=f"move the operation to {entity.owner}, or publish the change for {entity.owner} to consume and store",
        )


def _carried(subject: Subject, use_case: str) -> bool:
    """Whether the design runs a use case: an operation, a job, a realtime channel or an event carries it."""
    design = subject.design
    return (
        any(use_case in e.use_cases for _, _, e in subject.endpoints())
        or any(j.use_case == use_case for j in design.jobs)
        or any(use_case in c.use_cases for c in design.realtime)
        or any(use_case in e.use_cases for e in design.events)
    )


def _created(subject: Subject, entity: EntityDesign) -> bool:
    """Whether something in the design brings records of an entity into being: an operation or a use case that
    makes them, or the owner making them from an event it consumes, as its flow says."""
    if not uncreated(subject.req, entity, (e for _, _, e in subject.endpoints()), lambda u: _carried(subject, u)):
        return True
    if brought_in(subject.design.jobs, subject.design.entities, subject.req.use_cases, entity.name):
        return True
    return _flow_writes(subject, entity, CREATE_WORDS)


def _flow_writes(subject: Subject, entity: EntityDesign, said: tuple[str, ...]) -> bool:
    """Whether a flow has the owner make records of the entity in its store: a step that names it, or one of a use
    case that writes it ("record the attempt")."""
    starts = re.compile(rf"^(?:{'|'.join(said)})s?\b", re.I)
    named = re.compile(rf"(?<![\w-]){re.escape(entity.name)}(?![\w-])")
    writers = {u.name for u in subject.req.use_cases if entity.name in u.writes}
    return any(
        step.source == entity.owner
        and step.target == entity.store
        and starts.search(step.message)
        and (named.search(step.message.split(";")[0]) or flow.use_case in writers)
        for flow in subject.design.flows
        for step in flow.steps
    )


def _asked(subject: Subject, entity: str) -> bool:
    """Whether an open question asks where the records come from."""
    word = re.compile(rf"(?<![\w-]){re.escape(entity)}(?![\w-])")
    return any(
        word.search(q.question) and q.raised_by == f"data.entities[{entity}]" for q in subject.design.open_questions
    )


@rule("SVC011", "error", "services", "Records arrive that nothing creates")
def uncreated_records(subject: Subject) -> Found:
    """A service owns an entity whose records the questionnaire says arrive (it grows),
    yet no operation, event consumer or job of the design creates one and no open question asks where they come
    from: everything that reads them reads an empty table."""
    for i, entity in enumerate(subject.design.entities):
        if entity.owner not in subject.services or _created(subject, entity) or _asked(subject, entity.name):
            continue
        yield Problem(
            element=entity.name,
            at=("entities", i),
            message=f"{entity.owner} owns {entity.name}, whose records arrive every day, but no operation, event "
            "consumer or job creates one",
            fix=f"give {entity.owner} the operation that creates it, or have it consume the event that should "
            "produce it (with the flow drawn), or ask where the records come from",
        )


@rule("SVC012", "warning", "services", "A service reads another's database directly")
def foreign_store_read(subject: Subject) -> Found:
    """A flow has a service read a database whose every entity another service owns: the reader is coupled to the
    owner's tables, so the owner can no longer change its schema, move its data or enforce who reads what."""
    for i, flow in enumerate(subject.design.flows):
        for j, step in enumerate(flow.steps):
            store = subject.stores.get(step.target)
            if store is None or step.source not in subject.services or store.kind not in DATABASE_KINDS:
                continue
            owners = {subject.entities[e].owner for e in store.entities if e in subject.entities}
            if not owners or step.source in owners or step.kind == "reply":
                continue
            yield Problem(
                element=flow.use_case,
                at=("flows", i, "steps", j),
                message=f"step {j + 1}: {step.source} reads {step.target}, the database of {', '.join(sorted(owners))}",
                fix="read through the owner's operation (a bulk export for a job), or from an extract or copy the "
                "owner publishes",
            )


def _decided(subject: Subject, phrases: tuple[str, ...]) -> bool:
    """Whether a decision (its choice, rationale or consequences) says one of the phrases."""
    return any(says(" ".join((d.decision, d.rationale, *d.consequences)), phrases) for d in subject.design.decisions)


@rule("SVC013", "error", "services", "A read of another's tables the design's boundary rule forbids")
def forbidden_table_read(subject: Subject) -> Found:
    """A decision forbids queries across schemas (or of another service's tables), yet a flow has a module or a
    service query records another owns in the owner's store, and neither the decision nor the step says it is the
    one sanctioned exception (a read-only view, a bulk job's read-only role): the design breaks its own rule, and the
    architecture test it promises would fail the build."""
    rules = boundaries()
    if not _decided(subject, rules.forbids):
        return
    allowed = _decided(subject, rules.sanctioned)
    for i, flow in enumerate(subject.design.flows):
        for j, step in enumerate(flow.steps):
            store = subject.stores.get(step.target)
            if store is None or store.kind not in DATABASE_KINDS or step.source not in subject.services:
                continue
            if step.kind == "reply" or not READS.search(step.message) or "copy" in step.message.lower():
                continue
            head = step.message.split("(")[0]
            foreign = [
                e
                for e in store.entities
                if e in subject.entities
                and subject.entities[e].owner not in (step.source, "")
                and re.search(rf"(?<![\w-]){re.escape(e)}(?![\w-])", head)
            ]
            if not foreign or (allowed and says(step.message, rules.sanctioned)):
                continue
            owner = subject.entities[foreign[0]].owner
            table = f"{english.possessive(owner)} table"
            yield Problem(
                element=flow.use_case,
                at=("flows", i, "steps", j),
                message=f"step {j + 1}: {step.source} queries {foreign[0]} in {step.target}, {table}, "
                "while the design's boundary decision forbids queries across schemas or of another's tables",
                fix=f"read through {owner}'s interface or a copy fed by its events, or make the read the one "
                f"exception the decision states (a read-only view {owner} publishes) and say so in the step",
            )


@rule("SVC018", "error", "services", "A store structure two services write")
def two_writers(subject: Subject) -> Found:
    """Two services write the same structure in a store that is the home of no record (a live index, a set of
    available members, a registry kept from events): each overwrites what the other decided, so a member reserved by
    one is put back by the other's next update, and no one service can say what the structure holds. Give the
    structure one writer; the other asks it by a call or sends it events, and the owner exposes the move."""
    homes = {e.store for e in subject.design.entities}
    names = sorted((e.name for e in subject.design.entities), key=len, reverse=True)
    record = re.compile(rf"\b({'|'.join(map(re.escape, names))})\b") if names else None
    first: dict[tuple[str, str], str] = {}
    for i, flow in enumerate(subject.design.flows):
        for j, step in enumerate(flow.steps):
            store = subject.stores.get(step.target)
            if store is None or store.name in homes or step.source not in subject.services or step.kind == "reply":
                continue
            if not single_writer().writes(step.message):
                continue
            # a shared search cluster holds each service's own documents: the structure is the record it writes
            named = record.search(step.message) if record else None
            writer = first.setdefault((store.name, named.group(1) if named else ""), step.source)
            if writer == step.source:
                continue
            yield Problem(
                element=flow.use_case,
                at=("flows", i, "steps", j),
                message=f"step {j + 1}: {step.source} writes {store.name}, which {writer} writes too",
                fix=f"let {writer} alone write {store.name}: {step.source} sends it the change as an event or a "
                "call, and reads what it needs",
            )
