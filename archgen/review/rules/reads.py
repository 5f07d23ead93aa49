"""Read rules: a flow reads another service's record by id only when it holds a reference to it (the request, the
caller, a record read before), never before the step that assigns it and never once per item of a page; a list
it reads through names a filter the operation has, and a link to a record the flow holds."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from archgen.common import english
from archgen.design.addressing import Address, Holding, start, takes_many
from archgen.design.model import Endpoint, EntityDesign, Flow, FlowStep
from archgen.design.read_models import targets
from archgen.requirements.intent import is_role_record
from archgen.review.engine import Found, Problem, Subject, rule

_CALL = re.compile(r"^GET (/[^\s?]+)(\?\S*)?")
# interactions whose flow starts from no request of a caller: what they hold is the job's or the event's
UNJUDGED = ("scheduled", "stream", "push")


@dataclass(frozen=True)
class Read:
    """One read of another service's records in a flow, with what the flow held just before it."""

    at: int
    flow: Flow
    index: int
    step: FlowStep
    endpoint: Endpoint
    entity: str
    filters: tuple[str, ...]
    held: Holding


def _reads(subject: Subject) -> Iterator[Read]:
    """The reads the service carrying a caller's request makes of other services' records, in order, each with
    what the flow holds at that point (the request, the caller, the records read before)."""
    entities = {e.name: e for e in subject.design.entities}
    services = subject.services
    use_cases = {u.name: u for u in subject.req.use_cases}
    for i, flow in enumerate(subject.design.flows):
        use_case = use_cases.get(flow.use_case)
        if use_case is None or use_case.interaction in UNJUDGED or len(flow.steps) < 2:
            continue
        entry, carrier = flow.steps[0], flow.steps[1].target
        called = re.match(r"^(GET|POST|PUT|PATCH|DELETE) (/[^\s?]+)", entry.message)
        service = services.get(carrier)
        if called is None or service is None:
            continue
        endpoint = next((e for e in service.endpoints if (e.method, e.path) == called.groups()), None)
        if endpoint is None:
            continue
        caller = next((e for e in entities if use_case.actor and is_role_record(use_case.actor, e)), None)
        held = start(entities, subject.design.services, endpoint, caller)
        for j, step in enumerate(flow.steps[2:], 2):
            read = _read(subject, entities, i, flow, j, step, carrier, held)
            if read is None:
                continue
            yield read
            address = _address(read)
            if address.kind != "id" or read.entity in held.one:  # a read that cannot be made yields nothing
                held.learn(entities, read.entity, address)


def _read(
    subject: Subject,
    entities: dict[str, EntityDesign],
    i: int,
    flow: Flow,
    j: int,
    step: FlowStep,
    carrier: str,
    held: Holding,
) -> Read | None:
    target = subject.services.get(step.target)
    named = _CALL.match(step.message)
    if step.source != carrier or step.kind != "sync" or target is None or step.target == carrier or not named:
        return None
    path, query = named.group(1), named.group(2) or ""
    endpoint = next((e for e in target.endpoints if e.method == "GET" and e.path == path), None)
    if endpoint is None or endpoint.entity not in entities:
        return None  # FLOW040 names a call to an operation the target lacks
    filters = tuple(re.findall(r"[?&]([A-Za-z_][\w.]*)=", query))
    snapshot = Holding(set(held.one), set(held.many), dict(held.later), held.lead, held.listing, held.finds)
    return Read(i, flow, j, step, endpoint, endpoint.entity or "", filters, snapshot)


def _by_id(read: Read) -> bool:
    return read.endpoint.action == "get" and read.endpoint.path.endswith("{id}")


def _per_item(read: Read, entities: dict[str, EntityDesign]) -> bool:
    """Whether a read by id is one of many: a record the page's records name, or one that names the page's."""
    held = read.held
    return read.entity in held.many or (held.listing and held.lead in targets(entities[read.entity]))


def _address(read: Read) -> Address:
    """How the read reached its records, as the flow's holding learns from it."""
    if _by_id(read):
        return Address("id", "id")
    if not read.filters:
        return Address("query")
    name = read.filters[0]
    found = next((f for f in read.endpoint.filters if f.name == name), None)
    field = found.field if found is not None else name
    return Address("batch" if takes_many(name, field) else "link", field)


@rule("FLOW080", "error", "flows", "A record read by an id the flow does not hold")
def read_by_unheld_id(subject: Subject) -> Found:
    """A flow asks another service for one record by id although nothing it holds at that point names that record:
    not the request, not the caller, not a record read before. The id cannot be filled in; the flow must list the
    records by the field that links them to one it holds (the trip's positions, the caller's subscriptions)."""
    entities = {e.name: e for e in subject.design.entities}
    for read in _reads(subject):
        held = read.held
        if not _by_id(read) or read.entity in held.one or read.entity in held.later or _per_item(read, entities):
            continue
        links = [f"{f} ({t})" for t, f in targets(entities[read.entity]).items() if t in held.one]
        yield Problem(
            element=read.flow.use_case,
            at=("flows", read.at, "steps", read.index),
            message=f"{read.step.source} reads {read.entity} by id ('{read.step.message}'), but nothing the flow "
            f"holds at that point names {english.a(read.entity)}",
            fix=(
                f"list {read.entity} by {' or '.join(links)} through {english.possessive(read.step.target)} list "
                "operation with that filter"
                if links
                else f"read {read.entity} after the step that returns its id, or drop the read"
            ),
        )


@rule("FLOW081", "error", "flows", "A record read before the step that assigns it")
def read_before_assigned(subject: Subject) -> Found:
    """A flow that creates a record reads what one of its references names, although a later step assigns that
    reference (a trip's driver is set when a driver accepts): there is no such record yet, and the call only spends
    the caller's latency budget."""
    for read in _reads(subject):
        held = read.held
        if not _by_id(read) or read.entity in held.one or read.entity not in held.later:
            continue
        yield Problem(
            element=read.flow.use_case,
            at=("flows", read.at, "steps", read.index),
            message=f"{read.step.source} reads {read.entity} by id ('{read.step.message}') while it creates the "
            f"{held.lead} whose {read.entity} is assigned later: {held.later[read.entity]}",
            fix=f"drop the read from this flow; read {read.entity} in the flow of the step that assigns it",
        )


@rule("FLOW082", "error", "flows", "A record read once per item of a page")
def read_per_item(subject: Subject) -> Found:
    """A flow that answers a page of records (or works over many) reads what each names from another service by
    id: one call per item, N+1 calls a page, each adding its latency to the caller's wait."""
    entities = {e.name: e for e in subject.design.entities}
    for read in _reads(subject):
        if not _by_id(read) or read.entity in read.held.one or not _per_item(read, entities):
            continue
        yield Problem(
            element=read.flow.use_case,
            at=("flows", read.at, "steps", read.index),
            message=f"{read.step.source} reads {read.entity} by id ('{read.step.message}') for each of many records "
            "it holds: one call per item",
            fix=f"read every {read.entity} of the page in one call (a list filtered by a page of ids or of the "
            "records they link to), or keep a projection of it fed by its owner's events",
        )


@rule("FLOW083", "error", "flows", "A list read by a filter its operation lacks")
def read_by_missing_filter(subject: Subject) -> Found:
    """A flow lists another service's records by a filter the list operation does not offer: the call as drawn
    cannot be made, or it returns every record instead of the linked ones."""
    for read in _reads(subject):
        offered = {f.name for f in read.endpoint.filters}
        for name in read.filters:
            if name in offered:
                continue
            yield Problem(
                element=read.flow.use_case,
                at=("flows", read.at, "steps", read.index),
                message=f"{read.step.source} lists {read.entity} by '{name}' ('{read.step.message}'), but "
                f"{read.endpoint.method} {read.endpoint.path} has no such filter",
                fix=f"add the filter '{name}' to {read.endpoint.method} {read.endpoint.path} (with an index on "
                "its field), or list by one it has",
            )


@rule("FLOW084", "error", "flows", "A list read by a link to a record the flow does not hold")
def read_by_unheld_link(subject: Subject) -> Found:
    """A flow lists another service's records by a reference to a record it does not hold at that point: the
    filter's value cannot be filled in."""
    entities = {e.name: e for e in subject.design.entities}
    for read in _reads(subject):
        fields = {f.name: f.field for f in read.endpoint.filters}
        refs = {f: t for t, f in targets(entities[read.entity]).items()}
        held = read.held
        for name in read.filters:
            target = refs.get(fields.get(name, name))
            if target is None or target in held.one or target in held.many:
                continue
            yield Problem(
                element=read.flow.use_case,
                at=("flows", read.at, "steps", read.index),
                message=f"{read.step.source} lists {read.entity} by '{name}' ('{read.step.message}'), but nothing "
                f"the flow holds at that point names {english.a(target)}",
                fix=f"read the {target} first (or list by a reference to a record the flow holds)",
            )
