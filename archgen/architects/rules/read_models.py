"""Read models: a use case that reads several related records to answer one question gets an operation whose
contract is that answer — the inputs its description puts in (a stay's dates, a party size, the filters it names)
and each record composed with the related ones it reads — instead of a page of one entity's raw rows."""

from __future__ import annotations

import re
from typing import Literal

from archgen.architects.rules.draft import Draft
from archgen.architects.rules.ownership import copy_keepers
from archgen.architects.rules.services import _reaches
from archgen.design import model as m
from archgen.design.embeds import others_embedded, others_state
from archgen.design.read_models import (
    composes,
    connected,
    is_link,
    nested,
    read_only_cases,
    readable,
)
from archgen.design.views import marks, view_of
from archgen.knowledge.keys import is_position
from archgen.knowledge.operations import operation_words
from archgen.knowledge.searching import asked, search_words
from archgen.requirements.model import UseCase

# "Dates, guests and a city or hotel in; room types out": what a description says goes in
_IN = re.compile(r"^(.*?)\bin\s*[;:,.]", re.IGNORECASE)


def plan_read_models(draft: Draft) -> None:
    """Every read operation of a read-only use case gets the entity it answers with (when it had none), the
    related records its answer carries and the inputs the use case's description names."""
    entities = {e.name: e for e in draft.entities}
    cases = draft.req.use_cases
    keepers = copy_keepers(draft) if not draft.small else {}
    for service in draft.services:
        for endpoint in service.endpoints:
            answers = endpoint.action in ("get", "list", "search", "nearby") and endpoint.link is None
            if endpoint.method != "GET" or not answers:
                continue
            reading = read_only_cases(endpoint, cases)
            if not reading:
                continue
            if endpoint.entity is None:
                endpoint.entity = _hub(entities, reading[0])
            kept = [n for n in composes(entities, endpoint, cases) if _reach(draft, service, n, keepers)]
            endpoint.includes = _joined(entities, endpoint.entity, kept)
            for link in marks(entities, endpoint, cases):
                _reach(draft, service, link, keepers)  # whether the caller liked each is read from the likes
            for case in reading:
                _inputs(endpoint, case, [entities[n] for n in [endpoint.entity or "", *endpoint.includes] if n])
                if endpoint.action == "search" and endpoint.entity in entities:
                    _orders(endpoint, case, entities[endpoint.entity])


def settle_read_models(draft: Draft) -> None:
    """Once events and callers are planned, an answer keeps only the related records its service can read (its own,
    its dependencies', those in a database it shares with their owner, or those it keeps a copy of from the owner's
    events; a copy planned but not fed is left out) and, in a list, none about other people its callers may read
    only of themselves."""
    entities = {e.name: e for e in draft.entities}
    for service in draft.services:
        can = readable(draft.services, draft.entities, draft.events, service)
        for endpoint in service.endpoints:
            kept = [n for n in endpoint.includes if n in can]
            endpoint.includes = _joined(entities, endpoint.entity, kept)
            # a page of many records never carries, under each, others' records its callers may read only of their own
            # nor each person's own state in what they share (where a member read up to)
            others = [*others_embedded(draft.req, draft.personal_found, entities, endpoint)]
            others += others_state(entities, endpoint)
            endpoint.includes = _joined(entities, endpoint.entity, [n for n in endpoint.includes if n not in others])


def _joined(entities: dict[str, m.EntityDesign], start: str | None, kept: list[str]) -> list[str]:
    """The kept records still joined to the answer's own through kept ones (a premise reached only through a meter
    left out is left out too)."""
    if start is None:
        return []
    return [n for n in kept if n in connected(entities, start, [start, *kept])]


def _reach(draft: Draft, service: m.Service, entity: str, keepers: dict[str, list[str]]) -> bool:
    """Whether the service can read an entity it composes: it owns it, already depends on its owner or keeps a
    copy fed by the owner's events, or may start to call the owner without closing a cycle (else the answer
    leaves it out)."""
    owner = draft.service_of(entity)
    if owner.name == service.name or owner.name in service.depends_on or service.name in keepers.get(entity, []):
        return True
    if draft.small or draft.entity(entity).store in service.stores:
        return True  # one database: a read-only query of the owner's tables
    graph = {s.name: set(s.depends_on) for s in draft.services}
    if _reaches(graph, owner.name, service.name):
        return False
    order = [s.name for s in draft.services]
    service.depends_on = sorted({*service.depends_on, owner.name}, key=order.index)
    return True


def _hub(entities: dict[str, m.EntityDesign], case: UseCase) -> str | None:
    """The record a use case's answer is a list of, when its operation names none: the one it reads that reaches
    the most of its other reads (a timeline's posts, with their authors and media)."""
    kept = [n for n in case.reads if n in entities and not is_link(entities[n])]
    if not kept:
        return None
    return max(kept, key=lambda n: (len(connected(entities, n, case.reads)), -kept.index(n)))


def _said_in(case: UseCase) -> list[str]:
    """The words of what the use case puts in: its description's `… in;` clause, else its whole description."""
    text = case.description or ""
    found = _IN.match(text)
    return re.findall(r"[a-z][a-z-]*", (found.group(1) if found else text).lower())


def _inputs(endpoint: m.Endpoint, case: UseCase, entities: list[m.EntityDesign]) -> None:
    """The inputs and filters the use case's description names: a span of dates as its first and last day (in
    place of a range over the night's date), a party size, and equality filters on the fields of the records it
    composes."""
    said = _said_in(case)
    if not said:
        return
    words = operation_words().reads
    known = {i.name for i in endpoint.inputs}
    dated = [(e, f) for e in entities for f in e.fields if f.type == "date"]
    span = next((s for s in words.spans if set(said) & s.words), None)
    view = view_of(case)
    if span is None and view is not None and view.kind.counts:
        span = words.spans[-1]  # what is free is free for some dates: the plain span when none is named
    if span is not None and dated and not any(i.type == "date" for i in endpoint.inputs):
        first, last = span.inputs
        endpoint.filters = [f for f in endpoint.filters if not (f.kind == "range" and f.field == dated[0][1].name)]
        endpoint.inputs += [
            m.QueryInput(name=first, type="date", required=True, description="The first day of the span asked about."),
            m.QueryInput(
                name=last, type="date", required=True, description="The day after the last one asked about (exclusive)."
            ),
        ]
    party = next((w for w in said if w in words.party), None)
    if party is not None and party not in known:
        endpoint.inputs.append(
            m.QueryInput(name=party, type="int", required=True, description=f"How many {party} the answer must fit.")
        )
    named = {f.name for f in endpoint.filters}
    for entity in entities[1:]:
        for f in entity.fields:
            if f.name in said and f.name not in named and f.set_by == "client" and f.type in ("string", "text"):
                field = f"{nested(entity.name)}.{f.name}"
                endpoint.filters.append(m.Filter(name=f.name, field=field, kind="eq"))
                named.add(f.name)


def _orders(endpoint: m.Endpoint, case: UseCase, entity: m.EntityDesign) -> None:
    """The orders and facet counts the use case asks of a search: a range filter on each field it is sorted by, a
    filter on each it is counted by, and the caller's position for a distance order over records that keep
    theirs."""
    fields = {f.name for f in entity.fields}
    for ask in asked(case.description or ""):
        if ask.distance:
            name = search_words().position_input
            if any(is_position(f) for f in fields) and all(i.name != name for i in endpoint.inputs):
                endpoint.inputs.append(
                    m.QueryInput(
                        name=name,
                        type="string",
                        description="The caller's position as latitude,longitude: with `sort=distance` the nearest "
                        "records come first.",
                    )
                )
            continue
        field = ask.words.replace(" ", "_")
        kind: Literal["eq", "range"] = "range" if ask.kind == "order" else "eq"
        if field in fields and not any(f.field == field and f.kind == kind for f in endpoint.filters):
            endpoint.filters.append(m.Filter(name=field, field=field, kind=kind))
