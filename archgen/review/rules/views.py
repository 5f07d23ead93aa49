"""View rules: an operation that answers a view (a chart, what is free, a dashboard) takes and carries what the
view needs, answers one view only and is named after it."""

from __future__ import annotations

from archgen.common.english import plural
from archgen.common.naming import slug
from archgen.design import views
from archgen.design.model import Endpoint, EntityDesign, Service, StoredField
from archgen.design.read_models import is_bookkeeping, readable_in, wrong_parent
from archgen.design.views import View
from archgen.review.engine import Found, KeyPath, Problem, Subject, rule


def _label(service: str, endpoint: Endpoint) -> str:
    return f"{service}: {endpoint.method} {endpoint.path}"


def _viewing(subject: Subject) -> list[tuple[KeyPath, Service, Endpoint, EntityDesign | None, list[View]]]:
    out = []
    for path, service, endpoint in subject.endpoints():
        found = views.views_of(endpoint, subject.req.use_cases)
        if found:
            out.append((path, service, endpoint, subject.entities.get(endpoint.entity or ""), found))
    return out


@rule("API060", "error", "api", "Chart without a period or resolution")
def series_without_resolution(subject: Subject) -> Found:
    """A use case asks for a chart (consumption by day, week and month; a trend) and its operation takes no period
    or no resolution, or pages raw rows: a year at 15-minute intervals is hundreds of calls of 100 rows, summed by
    the client."""
    for path, service, endpoint, entity, found in _viewing(subject):
        for view in found:
            if not view.kind.resolution:
                continue
            missing = [
                what
                for what, ok in (
                    ("period", views.has_period(endpoint, entity)),
                    ("resolution", views.takes(endpoint, views.RESOLUTION)),
                    ("value per bucket (it pages raw rows)", endpoint.action == "aggregate"),
                )
                if not ok
            ]
            if missing:
                yield Problem(
                    element=_label(service.name, endpoint),
                    at=(*path, "inputs"),
                    message=f"carries {view.case.name!r}, a series, with no {' and no '.join(missing)}",
                    fix=f"answer it with an aggregate taking `{views.PERIOD[0]}`/`{views.PERIOD[1]}` and "
                    f"`{views.RESOLUTION}` (and the function), one value per bucket, read from a rollup",
                )


@rule("API061", "error", "api", "Availability without dates or a count")
def availability_without_count(subject: Subject) -> Found:
    """A use case asks what is free and its operation takes no dates, or answers with records none of which keeps
    a whole number to count from: the caller gets rows, not how many are left for the requested dates."""
    for path, service, endpoint, entity, found in _viewing(subject):
        for view in found:
            if not view.kind.counts:
                continue
            carried = [e for e in [entity, *(subject.entities.get(n) for n in endpoint.includes)] if e is not None]
            countable = any(f.type == "int" and f.name != "version" for e in carried for f in e.fields)
            missing = [
                what for what, ok in (("dates", views.has_period(endpoint, entity)), ("count", countable)) if not ok
            ]
            if missing:
                yield Problem(
                    element=_label(service.name, endpoint),
                    at=(*path, "inputs"),
                    message=f"carries {view.case.name!r}, an availability view, with no {' and no '.join(missing)}",
                    fix="take the first and last day asked and answer with the records that keep capacity, so "
                    "each answer says how many are free for the whole window and from what price",
                )


@rule("API062", "error", "api", "One operation answering several views")
def shared_view(subject: Subject) -> Found:
    """One read answers several use cases that each ask for a view of their own (a store dashboard, a comparison, an
    executive dashboard): one shape cannot carry each one's measures, comparisons and groups."""
    for path, service, endpoint, _, found in _viewing(subject):
        if len(found) > 1:
            yield Problem(
                element=_label(service.name, endpoint),
                at=(*path, "use_cases"),
                message="answers " + ", ".join(repr(v.case.name) for v in found) + " with one shape",
                fix="give each view its own operation, named after it and answering what it asks",
            )


@rule("API063", "warning", "api", "View named after its entity")
def view_named_after_entity(subject: Subject) -> Found:
    """An operation that answers a view is named after the records it reads (`/v1/readings`, `/v1/orders/stats`)
    rather than the view (`/v1/meters/{id}/consumption`): nothing in the API tells a client where the view is."""
    for path, service, endpoint, entity, found in _viewing(subject):
        last = endpoint.path.rstrip("/").rsplit("/", 1)[-1]
        collection = f"/v1/{slug(plural(entity.name))}" if entity else ""
        if last in ("stats", "{id}") or endpoint.path.rstrip("/") == collection:
            yield Problem(
                element=_label(service.name, endpoint),
                at=(*path, "path"),
                message=f"answers {found[0].case.name!r} at a path named after {entity.name if entity else 'a record'}",
                fix="name the path after the view, under the record it is about (/v1/meters/{id}/consumption)",
            )


@rule("API064", "error", "api", "Dashboard without a comparison or groups")
def flat_dashboard(subject: Subject) -> Found:
    """A dashboard or comparison answers one flat total: it takes nothing to set the figures against (a target,
    last year, the previous period) or no dimension to group them by."""
    for path, service, endpoint, _, found in _viewing(subject):
        for view in found:
            missing = [
                what
                for what, ok in (
                    ("comparison", not view.kind.compared or views.takes(endpoint, views.COMPARE)),
                    ("grouping", not view.kind.grouped or any(f.kind == "eq" for f in endpoint.filters)),
                )
                if not ok
            ]
            if missing:
                yield Problem(
                    element=_label(service.name, endpoint),
                    at=(*path, "inputs"),
                    message=f"carries {view.case.name!r}, a {view.kind.name}, with no {' and no '.join(missing)}",
                    fix=f"take `{views.COMPARE}` (target, last year, previous period) and the dimensions to group by",
                )


@rule("API065", "warning", "api", "Set against a target no record keeps")
def target_nobody_keeps(subject: Subject) -> Found:
    """A use case sets its figures against a target (today against target) and no record keeps a target: the
    dashboard cannot show it, and the targets' source (a planning system, an import) is undecided."""
    entities = list(subject.entities.values())
    if views.keeps_target(entities):
        return
    for path, service, endpoint, _, found in _viewing(subject):
        for view in found:
            if views.asks_target(view.case):
                yield Problem(
                    element=_label(service.name, endpoint),
                    at=(*path, "use_cases"),
                    message=f"{view.case.name!r} is set against a target, and no record keeps one",
                    fix="keep the targets (per store, day and measure) as a record imported from where they are "
                    "planned, and compare with it",
                )


@rule("API066", "error", "api", "Caller's own marks the answer cannot show")
def unreadable_marks(subject: Subject) -> Found:
    """A use case asks, for each record of its answer, whether the caller marked it (whether the reader liked each
    post), and the service answering cannot read those marks: the flag is missing or a call per record."""
    for path, service, endpoint in subject.endpoints():
        can = readable_in(subject.design, service)
        for link in views.marks(subject.entities, endpoint, subject.req.use_cases):
            if link not in can:
                yield Problem(
                    element=_label(service.name, endpoint),
                    at=(*path, "use_cases"),
                    message=f"must show whether the caller has each {link}, and {service.name} cannot read {link}",
                    fix=f"let {service.name} read the caller's {link} records (a call to their owner for the whole "
                    "page, or a copy kept from their events) and answer a flag per record",
                )


@rule("API090", "error", "api", "Records embedded under the wrong parent")
def wrong_parent_embedded(subject: Subject) -> Found:
    """A read answers each record with a list of records that belong to another one (a video with the subscriptions
    of its channel, a stock row with its room type's rates): the list is every sibling's, repeated under each record,
    and says it is this record's."""
    for path, service, endpoint in subject.endpoints():
        if endpoint.method != "GET" or endpoint.entity is None:
            continue
        for name in wrong_parent(subject.entities, endpoint.entity, endpoint.includes):
            yield Problem(
                element=_label(service.name, endpoint),
                at=(*path, "includes"),
                message=f"embeds {name} records under each {endpoint.entity} record, though {name} names none and "
                f"none leads to {name}",
                fix=f"nest {name} under the record it belongs to (one this answer references), or leave it out",
            )


@rule("API174", "error", "api", "A summary of child records that carries none of their values")
def summary_without_values(subject: Subject) -> Found:
    """An operation answers a record with its child records embedded (a chart, a parent's dashboard), but the
    person whose use case it carries may read none of a child's value fields: the summary shows ids, codes and
    dates and no reading, result or amount. Give that role the child's values, or answer the child from an
    operation it may read."""
    for path, service, endpoint in subject.endpoints():
        actors = {u.actor for u in subject.req.use_cases if u.name in endpoint.use_cases and u.actor}
        for name in endpoint.includes:
            child = subject.entities.get(name)
            values = _values(child) if child is not None else []
            for actor in sorted(actors & set(endpoint.roles)):
                if values and not any(_reads(f, actor) for f in values):
                    yield Problem(
                        element=_label(service.name, endpoint),
                        at=(*path, "includes"),
                        message=f"embeds {plural(name)} for {actor}, who may read none of their values "
                        f"({', '.join(f.name for f in values[:4])})",
                        fix=f"let {actor} read the values of {plural(name)} in this summary, or leave them out",
                    )


def _values(entity: EntityDesign) -> list[StoredField]:
    """What a record says, apart from what names, links, dates or moves it."""
    moved = entity.state_machine.field if entity.state_machine is not None else ""
    return [
        f
        for f in entity.fields
        if f.name not in ("id", moved)
        and not f.type.startswith("ref[")
        and f.type not in ("uuid", "timestamp", "date")
        and not is_bookkeeping(f)
    ]


def _reads(field: StoredField, role: str) -> bool:
    return not field.readers or role in field.readers or "self" in field.readers
