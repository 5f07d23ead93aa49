"""Cross-checks of a Design: every name it mentions resolves, whoever wrote it (an architect or a person)."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable
from typing import get_args

from archgen.common.errors import InputError
from archgen.design.model import Design, StoreKind
from archgen.design.read_models import connected, nested

Path_ = tuple[str | int, ...]


def check(design: Design) -> list[tuple[Path_, str]]:
    """Dangling references and duplicate names, as (key path, message) pairs."""
    services = {s.name for s in design.services}
    stores = {s.name for s in design.stores}
    entities = {e.name for e in design.entities}
    deployables = {d.name for d in design.deployables}
    channels = {c.name for c in design.channels}
    events = {e.name for e in design.events}
    caches = {c.name for c in design.caches}
    decisions = {d.id for d in design.decisions}
    out: list[tuple[Path_, str]] = []

    def unique(path: Path_, names: Iterable[str], what: str) -> None:
        for name, count in Counter(names).items():
            if count > 1:
                out.append((path, f"the {what} '{name}' appears {count} times; names must be unique"))

    def refer(path: Path_, names: Iterable[str], known: set[str], what: str) -> None:
        for name in names:
            if name not in known:
                out.append((path, f"refers to the {what} '{name}', which the design does not define"))

    unique(("services",), (s.name for s in design.services), "service")
    unique(("services",), (s.slug for s in design.services), "service slug")
    unique(("stores",), (s.name for s in design.stores), "store")
    unique(("entities",), (e.name for e in design.entities), "entity")
    unique(("deployables",), (d.name for d in design.deployables), "deployable")
    unique(("decisions",), (d.id for d in design.decisions), "decision")
    unique(("events",), (e.name for e in design.events), "event")
    for i, service in enumerate(design.services):
        path: Path_ = ("services", i)
        refer((*path, "deployable"), [service.deployable], deployables, "deployable")
        refer((*path, "entities"), service.entities, entities, "entity")
        refer((*path, "depends_on"), service.depends_on, services, "service")
        refer((*path, "stores"), service.stores, stores, "store")
        refer((*path, "caches"), service.caches, caches, "cache")
        refer((*path, "publishes"), service.publishes, events, "event")
        refer((*path, "consumes"), service.consumes, events, "event")
        unique((*path, "endpoints"), (f"{e.method} {e.path}" for e in service.endpoints), "endpoint")
        unique((*path, "endpoints"), (e.operation_id for e in service.endpoints), "operation id")
        for j, endpoint in enumerate(service.endpoints):
            if endpoint.entity is not None:
                refer((*path, "endpoints", j, "entity"), [endpoint.entity], entities, "entity")
        out += _endpoint_problems(design, i)
    for i, deployable in enumerate(design.deployables):
        refer(("deployables", i, "services"), deployable.services, services, "service")
        low, high = deployable.scaling.min_instances, deployable.scaling.max_instances
        if low > high:
            out.append(
                (
                    ("deployables", i, "scaling", "max_instances"),
                    f"{high} is below min_instances {low}; raise max_instances or lower min_instances",
                )
            )
    for i, entity in enumerate(design.entities):
        refer(("entities", i, "owner"), [entity.owner], services, "service")
        refer(("entities", i, "store"), [entity.store], stores, "store")
        if entity.search_index is not None:
            refer(("entities", i, "search_index"), [entity.search_index], stores, "store")
        owners = [s.name for s in design.services if entity.name in s.entities]
        if entity.owner in services and owners != [entity.owner]:
            out.append(
                (("entities", i, "owner"), f"{entity.name} must be owned by exactly its owner service, not {owners}")
            )
    for i, store in enumerate(design.stores):
        refer(("stores", i, "entities"), store.entities, entities, "entity")
        refer(("stores", i, "services"), store.services, services, "service")
        if store.decision:
            refer(("stores", i, "decision"), [store.decision], decisions, "decision")
    for i, event in enumerate(design.events):
        refer(("events", i, "producer"), [event.producer], services, "service")
        refer(("events", i, "consumers"), event.consumers, services, "service")
        refer(("events", i, "channel"), [event.channel], channels, "channel")
    for i, cache in enumerate(design.caches):
        refer(("caches", i, "entities"), cache.entities, entities, "entity")
    for i, integration in enumerate(design.integrations):
        refer(("integrations", i, "used_by"), integration.used_by, services, "service")
    for i, job in enumerate(design.jobs):
        refer(("jobs", i, "service"), [job.service], services, "service")
    for i, trace in enumerate(design.traceability):
        refer(("traceability", i, "decisions"), [d for d in trace.decisions if d], decisions, "decision")
    if design.architecture.decision:
        refer(("architecture", "decision"), [design.architecture.decision], decisions, "decision")
    return out


def _endpoint_problems(design: Design, index: int) -> list[tuple[Path_, str]]:
    """An API serves only entities its service owns, reaches through a dependency, or hands to their owner through
    an event (an ingest tier that accepts readings and publishes them to the log the owner persists is not a second
    writer), by fields they have."""
    service = design.services[index]
    reachable = {
        e for s in design.services if s.name == service.name or s.name in service.depends_on for e in s.entities
    }
    # the entities it hands over: an event about the entity that the entity's owner consumes
    reachable |= {
        e.entity
        for e in design.events
        if e.producer == service.name and e.entity is not None
        for s in design.services
        if e.entity in s.entities and s.name in e.consumers
    }
    # a search or read answered from a copy it keeps from the owner's events (a search index) writes nothing
    copied = {e.entity for e in design.events if service.name in e.consumers and e.entity is not None}
    out: list[tuple[Path_, str]] = []
    for j, endpoint in enumerate(service.endpoints):
        path: Path_ = ("services", index, "endpoints", j)
        entity = next((e for e in design.entities if e.name == endpoint.entity), None)
        if entity is None:
            continue
        # or from the search index it keeps, whatever feeds it (the owner's events or the database's log)
        indexed = entity.search_index is not None and entity.search_index in service.stores
        reads = endpoint.method == "GET" and (entity.name in copied or indexed)
        # accepting records for their owner through a log (ingest, webhooks) is not a second writer
        if entity.name not in reachable and not reads:
            out.append(
                (
                    (*path, "entity"),
                    f"{service.name} serves {entity.name}, which neither it nor a service in its depends_on owns, "
                    "and it publishes no event about it that the owner consumes; move the endpoint to the owner, "
                    "add the owner to depends_on, or hand the data to the owner through such an event",
                )
            )
        fields = {f.name for f in entity.fields}
        for k, name in enumerate(endpoint.includes):
            other = next((e for e in design.entities if e.name == name), None)
            if other is None:
                out.append(((*path, "includes", k), f"no entity is named {name}"))
                continue
            if name not in reachable and name not in copied and other.store not in service.stores:
                out.append(
                    (
                        (*path, "includes", k),
                        f"{service.name} answers with {name}, which neither it nor a service in its depends_on owns "
                        "nor shares a database with, and it keeps no copy of from the owner's events; add the owner to "
                        "depends_on or drop it",
                    )
                )
            # a filter on a composed record names it: hotel.city
            fields |= {f"{nested(name)}.{f.name}" for f in other.fields}
        if endpoint.action == "search":
            # a search document carries fields of the records joined to its own (the vehicles a listing's part fits)
            by_name = {e.name: e for e in design.entities}
            for name in connected(by_name, entity.name, list(by_name)):
                fields |= {f"{nested(name)}.{f.name}" for f in by_name[name].fields}
        named: list[tuple[Path_, str]] = [
            ((*path, "filters", k, "field"), f.field) for k, f in enumerate(endpoint.filters)
        ]
        if endpoint.sort is not None:
            named.append(((*path, "sort"), endpoint.sort))
        for where, field in named:
            if field not in fields:
                out.append((where, f"{entity.name} has no field '{field}'; use one of {', '.join(sorted(fields))}"))
    return out


def validated(design: Design) -> Design:
    """`design` itself when every cross-check passes; an InputError listing the problems otherwise."""
    problems = check(design)
    if problems:
        raise InputError(*(f"design: {_dotted(path)}: {message}" for path, message in problems))
    return design


def _dotted(path: Path_) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


TYPO_SIMILARITY = 0.9  # how close (difflib's ratio, any case) a name must be to a known one to be taken as a typo


def unknown_technologies(design: Design, typos: bool = True) -> list[tuple[Path_, str]]:
    """Stores and caches whose technology archgen does not know on the design's cloud, with the closest names:
    with `typos`, those that look like a known name mistyped (refused: sizing, pricing and the review would
    silently treat them as unknown engines); otherwise the others (a technology archgen has no figures for).

    A technology the questionnaire must use, or one the design's decisions chose or weighed (from a catalog of the
    user's, `archgen new --catalog`), is taken as written.
    """
    from archgen.knowledge.catalog import Catalog

    req = design.requirements.constraints
    catalog = Catalog(design.deployment.cloud, req.must_use, req.avoid)
    roles = catalog.knowledge.technologies.clouds.get(catalog.cloud, {})
    # a store is matched against stores and caches only: an e-mail service or Kubernetes is no close match to one
    kept = (*get_args(StoreKind), "cache")
    known = sorted({t.name for role, entries in roles.items() if role.startswith(kept) for t in entries})
    by_lower = {name.lower(): name for name in known}
    weighed = {d.decision for d in design.decisions} | {o.name for d in design.decisions for o in d.options}
    required = {name.lower() for name in req.must_use}
    named: list[tuple[str, int, str, str]] = [("stores", i, s.technology, s.kind) for i, s in enumerate(design.stores)]
    named += [("caches", i, c.technology, "cache") for i, c in enumerate(design.caches)]
    out: list[tuple[Path_, str]] = []
    for section, i, name, kind in named:
        if catalog.technology(name) is not None or name in weighed or name.lower() in required:
            continue
        close = [by_lower[c] for c in difflib.get_close_matches(name.lower(), list(by_lower), n=3, cutoff=0.5)]
        mistyped = _mistyped(name, known)
        close = [*mistyped, *(c for c in close if c not in mistyped)][:3]
        typo = bool(mistyped)
        if typo != typos:
            continue
        # without a close name, the known ones of the element's own kind (every other kind would be noise)
        same_kind = sorted({t.name for role, entries in roles.items() if role.startswith(kind) for t in entries})
        hint = (
            "closest known: " + ", ".join(f"'{c}'" for c in close)
            if close
            else f"known for {kind}: " + ", ".join(same_kind or known)
        )
        cloud = design.deployment.cloud
        message = (
            f"unknown technology '{name}' for cloud '{cloud}'; {hint}"
            if typo
            else f"'{name}' is not in archgen's catalog for cloud '{cloud}': it is sized and priced as an engine "
            f"nothing is known of; {hint}"
        )
        out.append(((section, i, "technology"), message))
    return out


def _mistyped(name: str, known: list[str]) -> list[str]:
    """The known names `name` looks like mistyped: close to the whole name, or to its first words as far as `name`
    goes ('Amazon Timestrem' is 'Amazon Timestream for InfluxDB' cut short and misspelled). The first words exactly
    ('Amazon RDS') are a name archgen does not know, not a typo."""
    typed = name.lower()
    words = len(typed.split())
    found = []
    for candidate in known:
        whole = candidate.lower()
        head = " ".join(whole.split()[:words])
        if max(_alike(typed, whole), _alike(typed, head) if head != typed else 0.0) >= TYPO_SIMILARITY:
            found.append(candidate)
    return sorted(found, key=lambda c: -_alike(typed, c.lower()))


def _alike(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def kept_only_in_memory(design: Design) -> list[tuple[Path_, str]]:
    """Entities whose one store is an in-memory store (or a cache technology filed as another kind), which is not
    backed up: a restart or failover loses them. Live state that a stream keeps rewriting (presence, positions)
    refills itself and may live there."""
    from archgen.knowledge.catalog import Catalog

    req = design.requirements
    catalog = Catalog(design.deployment.cloud, req.constraints.must_use, req.constraints.avoid)
    streamed = {name for u in req.use_cases if u.interaction == "stream" for name in u.writes}
    stores = {s.name: s for s in design.stores}
    out: list[tuple[Path_, str]] = []
    for i, entity in enumerate(design.entities):
        store = stores.get(entity.store)
        if store is None or entity.name in streamed:
            continue
        if store.kind == "in-memory" or catalog.role_of(store.technology) == "cache":
            out.append(
                (
                    ("entities", i, "store"),
                    f"{entity.name} would be kept only in {store.name} ({store.technology}), an in-memory store "
                    "that is not backed up, so a restart loses it; keep it in a database and cache it there "
                    "(caches[].entities)",
                )
            )
    return out
