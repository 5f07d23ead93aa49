"""Consistency rules: every name resolves, figures add up, and the design answers the questionnaire given."""

from __future__ import annotations

import re
from collections.abc import Iterator

from archgen.common import english
from archgen.common.yamlio import dotted
from archgen.design.checks import check
from archgen.design.diff import changed_paths
from archgen.design.job_tables import database_named
from archgen.design.read_models import connected, nested
from archgen.knowledge.catalog import Catalog
from archgen.review.engine import Found, KeyPath, Problem, Subject, rule

COST_TOLERANCE_USD = 1.0  # cost lines are rounded to cents; a dollar of drift is rounding, more is an edit
MAX_LISTED = 5


@rule("CON001", "error", "consistency", "Broken reference or duplicate name")
def references(subject: Subject) -> Found:
    """A name the design mentions is not defined, is defined twice, or an entity's owner does not list it."""
    for path, message in check(subject.design):
        yield Problem(
            element=_element(subject, path),
            at=path,
            message=message,
            fix="define it, rename it, or remove the reference",
        )


def _element(subject: Subject, path: KeyPath) -> str:
    """The name of the element a key path points into, e.g. the service at services[0]."""
    if len(path) >= 2 and isinstance(path[0], str) and isinstance(path[1], int):
        items = getattr(subject.design, path[0], [])
        if path[1] < len(items):
            item = items[path[1]]
            return str(getattr(item, "name", None) or getattr(item, "id", None) or dotted(path[:2]))
    return dotted(path[:1])


@rule("CON002", "error", "consistency", "Cost lines do not add up to the total")
def cost_total(subject: Subject) -> Found:
    """The monthly total differs from the sum of the cost lines."""
    cost = subject.design.cost
    summed = sum(line.monthly_usd for line in cost.lines if line.category != "transaction fees")
    if abs(summed - cost.total_usd_per_month) > COST_TOLERANCE_USD:
        yield Problem(
            element="cost",
            at=("cost", "total_usd_per_month"),
            message=f"the total is ${cost.total_usd_per_month:,.2f} but the lines add up to ${summed:,.2f}",
            fix="set total_usd_per_month to the sum of the lines",
        )


def _field_references(subject: Subject) -> Iterator[tuple[str, KeyPath, str]]:
    """(entity, key path, field name) for every place the design names a field of an entity."""
    for i, entity in enumerate(subject.design.entities):
        for field in entity.primary_key:
            yield entity.name, ("entities", i, "primary_key"), field
        for j, index in enumerate(entity.indexes):
            for field in index.fields:
                yield entity.name, ("entities", i, "indexes", j, "fields"), field
        if entity.partition_key:
            # "created_at (range, daily) + device (hash)": each part starts with a field name
            for part in entity.partition_key.split("+"):
                if part.split():
                    yield entity.name, ("entities", i, "partition_key"), part.split()[0]
    for path, _, endpoint in subject.endpoints():
        composed = {nested(n): n for n in endpoint.includes}
        if endpoint.action == "search" and endpoint.entity in subject.entities:
            # a search document carries fields of the records joined to its own (the vehicles a part fits)
            joined = connected(subject.entities, endpoint.entity, list(subject.entities))
            composed |= {nested(n): n for n in joined if nested(n) not in composed}
        for j, flt in enumerate(endpoint.filters):
            key, _, field = flt.field.partition(".")
            if field and key in composed:  # a filter on a composed record: hotel.city
                yield composed[key], (*path, "filters", j, "field"), field
            elif endpoint.entity:
                yield endpoint.entity, (*path, "filters", j, "field"), flt.field
    for i, handling in enumerate(subject.design.security.pii):
        for field in handling.fields:
            yield handling.entity, ("security", "pii", i, "fields"), field


@rule("CON003", "error", "consistency", "Reference to a field the entity does not have")
def field_references(subject: Subject) -> Found:
    """A key, index, filter or personal-data entry names a field its entity does not have."""
    for name, path, field in _field_references(subject):
        entity = subject.entities.get(name)
        if entity is not None and field not in {f.name for f in entity.fields}:
            yield Problem(
                element=name,
                at=path,
                message=f"names the field '{field}', which {name} does not have",
                fix=f"use one of {', '.join(f.name for f in entity.fields)}, or add the field",
            )


@rule("CON004", "error", "consistency", "Decision chose an option it did not weigh")
def decision_option(subject: Subject) -> Found:
    """A decision record's chosen option is not one of the options it lists."""
    for i, decision in enumerate(subject.design.decisions):
        names = [o.name for o in decision.options]
        if decision.decision not in names:
            yield Problem(
                element=decision.id,
                at=("decisions", i, "decision"),
                message=f"chose '{decision.decision}', which is not among its options",
                fix=f"choose one of: {'; '.join(names)} (or add the option with its pros and cons)",
            )


@rule("CON005", "error", "consistency", "Scaling bounds inverted")
def scaling_bounds(subject: Subject) -> Found:
    """A deployable's minimum instances exceed its maximum."""
    for i, d in enumerate(subject.design.deployables):
        if d.scaling.min_instances > d.scaling.max_instances:
            yield Problem(
                element=d.name,
                at=("deployables", i, "scaling"),
                message=f"min_instances {d.scaling.min_instances} is above max_instances {d.scaling.max_instances}",
                fix="make max_instances at least min_instances",
            )


@rule("CON006", "error", "consistency", "Store and entity disagree")
def store_membership(subject: Subject) -> Found:
    """An entity names a store that does not list it, or a store lists an entity kept elsewhere."""
    for i, entity in enumerate(subject.design.entities):
        store = subject.stores.get(entity.store)
        if store is not None and entity.name not in store.entities:
            yield Problem(
                element=entity.name,
                at=("entities", i, "store"),
                message=f"is kept in {store.name}, but {store.name} does not list it",
                fix=f"add {entity.name} to the entities of {store.name}",
            )
    for i, store in enumerate(subject.design.stores):
        for name in store.entities:
            kept = subject.entities.get(name)
            derived = store.kind in ("search", "in-memory", "warehouse")  # stores that keep a copy fed by events
            if kept is not None and store.name not in (kept.store, kept.search_index) and not derived:
                yield Problem(
                    element=store.name,
                    at=("stores", i, "entities"),
                    message=f"lists {name}, which is kept in {kept.store}",
                    fix=f"remove {name} from it, or set {name}'s store or search_index to it",
                )


@rule("CON007", "warning", "consistency", "Design answers a different questionnaire")
def requirements_drift(subject: Subject) -> Found:
    """The requirements saved in the design differ from the questionnaire it is reviewed against."""
    saved = subject.design.requirements.model_dump(mode="json", by_alias=True)
    given = subject.req.model_dump(mode="json", by_alias=True)
    changed = changed_paths(saved, given)
    if changed:
        shown = ", ".join(changed[:MAX_LISTED])
        more = f" and {len(changed) - MAX_LISTED} more" if len(changed) > MAX_LISTED else ""
        yield Problem(
            element="requirements",
            at=("requirements",),
            message=f"the design was made for other answers: {shown}{more} changed since",
            fix="design again with `archgen new`, or check each finding against the changed answers",
        )


def _words(text: str) -> str:
    """A name as lower-case words without brackets, hyphens or underscores: "Modular monolith" is modular-monolith."""
    return " ".join(re.sub(r"[()\-_]", " ", text.lower()).split())


def _same(a: str, b: str) -> bool:
    """Whether two technology names name the same thing: one contains the other, as words."""
    x, y = _words(a), _words(b)
    return bool(x) and bool(y) and (x in y or y in x)


@rule("CON008", "error", "consistency", "Decision record contradicts the element it decided")
def decision_contradiction(subject: Subject) -> Found:
    """A decision record chose one thing and the element it decided is another: a store on a different technology,
    an architecture of a different style, a platform other than the one chosen."""
    decisions = {d.id: d for d in subject.design.decisions}
    for i, store in enumerate(subject.design.stores):
        decision = decisions.get(store.decision)
        if decision is None:
            continue
        weighs = any(_same(o.name, store.technology) for o in decision.options)
        names_technology = Catalog(subject.design.deployment.cloud, [], []).technology(decision.decision) is not None
        if not weighs and not names_technology:
            continue  # a decision that does not choose a technology (a layout, a partitioning) is not compared
        if not _same(decision.decision, store.technology):
            yield Problem(
                element=store.name,
                at=("stores", i, "technology"),
                message=f"runs on {store.technology}, but {decision.id} chose {decision.decision}",
                fix=f"make the store and {decision.id} agree: change one, and the prose that names the other",
            )
    architecture = subject.design.architecture
    decision = decisions.get(architecture.decision)
    if decision is not None and _words(decision.decision) != _words(architecture.style):
        yield Problem(
            element="architecture",
            at=("architecture", "style"),
            message=f"the style is {architecture.style}, but {decision.id} chose {decision.decision}",
            fix=f"make the architecture and {decision.id} agree",
        )
    platform = subject.design.deployment.platform
    for decision in subject.design.decisions:
        weighs_platform = (
            any(_same(o.name, platform) for o in decision.options) and "platform" in decision.title.lower()
        )
        if weighs_platform and not _same(decision.decision, platform):
            yield Problem(
                element="deployment",
                at=("deployment", "platform"),
                message=f"runs on {platform}, but {decision.id} chose {decision.decision}",
                fix=f"make the deployment and {decision.id} agree",
            )


@rule("CON024", "error", "consistency", "Job table in a database the design does not have")
def job_table_elsewhere(subject: Subject) -> Found:
    """A queue kept as a job table names a database engine no relational store of the design runs (the store's
    technology was changed, and the queue still names the old one): its workers would claim jobs from a database
    that is not there."""
    engines = {s.technology for s in subject.design.stores if s.kind == "relational"}
    for i, channel in enumerate(subject.design.channels):
        named = database_named(channel)
        if named is not None and named not in engines:
            yield Problem(
                element=channel.name,
                at=("channels", i, "technology"),
                message=f"is a job table in {named}, which no store of the design runs"
                + (f" (its relational store runs {english.join(sorted(engines))})" if engines else ""),
                fix="name the database the job table lives in (`archgen render` does it when there is one)",
            )
