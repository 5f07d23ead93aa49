"""Logical services: one per domain owning its entities, plus the components the workload needs — a realtime
service holding client connections, an ingest service taking device streams, and what the patterns add."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.architects.rules.patterns import listed, text
from archgen.capacity import constants as c
from archgen.capacity.load import actor_kind, records_per_s
from archgen.common.naming import unique_slugs
from archgen.design.model import Service
from archgen.design.reach import memberships
from archgen.design.scope_paths import decides_access
from archgen.requirements.intent import words
from archgen.requirements.model import Requirements, UseCase

REALTIME = "realtime"
INGEST = "ingest"
NOTIFY_WORDS = ("notify", "notification", "notifications", "alert", "alerts", "remind", "reminder", "digest")


def by_notification(req: Requirements, use_case: UseCase) -> bool:
    """A push to a person that a notification provider delivers: it needs no connection of ours held open."""
    return (
        use_case.interaction == "push"
        and actor_kind(req, use_case) == "person"
        and bool(set(words(use_case.name)) & set(NOTIFY_WORDS))
    )


def plan_services(draft: Draft) -> None:
    """One service per domain, the only writer of the domain's entities; then the workload's own components."""
    req = draft.req
    for domain, entity_names in draft.domains.items():
        described = [f"{n} ({d})" if (d := req.entity(n).description) else n for n in entity_names]
        draft.services.append(
            Service(
                name=domain,
                slug="",
                domain=domain,
                responsibility=f"Owns {', '.join(described)}: the only writer of this data and its API.",
                deployable="",
                entities=list(entity_names),
            )
        )
    _pattern_services(draft)
    # a gateway holding connections is a deployable of its own: only a live update a person waits for justifies it
    people_live = [
        u
        for u in req.use_cases
        if u.interaction in ("push", "stream") and actor_kind(req, u) == "person" and not by_notification(req, u)
    ]
    if people_live and draft.service(REALTIME) is None:
        roles = sorted({u.actor or "" for u in people_live if u.actor})
        draft.services.append(
            Service(
                name=REALTIME,
                slug="",
                domain=REALTIME,
                kind="realtime",
                responsibility=f"Holds the live connections of {', '.join(roles)}: receives their streamed updates and "
                "pushes changes to them as they happen; keeps no data of its own beyond who is connected where.",
                deployable="",
            )
        )
    devices = [u for u in req.use_cases if u.interaction in ("stream", "batch") and actor_kind(req, u) == "device"]
    if devices and draft.service(INGEST) is None:
        owners = sorted({n for u in devices for n in u.writes})
        draft.services.append(
            Service(
                name=INGEST,
                slug="",
                domain=INGEST,
                kind="ingest",
                responsibility=f"Accepts the devices' streams and uploads ({', '.join(u.name for u in devices)}): "
                f"authenticates each device, validates and de-duplicates, and appends to the log from which the "
                f"owners of {', '.join(owners) or 'the data'} persist it; never the owner of that data.",
                deployable="",
            )
        )
    slugs = unique_slugs((s.name for s in draft.services), fallback="service")
    for service in draft.services:
        service.slug = slugs[service.name]
    _dependencies(draft)


def _pattern_services(draft: Draft) -> None:
    """Services the matched patterns contribute; one that owns entities takes them from their domain's service, and
    what a pattern asks of a service that exists already is added to its responsibility."""
    additions: dict[str, list[str]] = {}
    for found in draft.patterns:
        for spec in found.pattern.contributes.services:
            if not found.allows(spec):
                continue
            name = text(draft, found, spec.name)
            owned = [n for part in spec.owns for n in listed(draft, found, part)]
            owned = [n for n in owned if any(e.name == n for e in draft.req.data.entities)]
            existing = draft.service(name)
            if existing is None:
                existing = Service(
                    name=name,
                    slug="",
                    domain=name,
                    kind=spec.kind,
                    responsibility=text(draft, found, spec.responsibility).strip(),
                    deployable="",
                )
                draft.services.append(existing)
            else:
                addition = " ".join(text(draft, found, spec.responsibility).split())
                if addition not in additions.setdefault(name, []):
                    additions[name].append(addition)
            for entity in owned:
                for other in draft.services:
                    if entity in other.entities and other is not existing:
                        other.entities.remove(entity)
                if entity not in existing.entities:
                    existing.entities.append(entity)
                for members in draft.domains.values():
                    if entity in members:
                        members.remove(entity)
                draft.domains.setdefault(name, [])
                if entity not in draft.domains[name]:
                    draft.domains[name].append(entity)
            draft.credit(found.pattern.id, f"service {name}")
    # a domain whose entities all moved to a pattern's service is gone
    draft.services = [
        s
        for s in draft.services
        if s.entities or s.kind != "domain" or s.name not in draft.domains or draft.domains[s.name]
    ]
    draft.domains = {d: e for d, e in draft.domains.items() if e}
    for service in draft.services:
        if service.kind == "domain" and service.entities:
            described = [f"{n} ({d})" if (d := draft.req.entity(n).description) else n for n in service.entities]
            if service.responsibility.startswith("Owns "):
                service.responsibility = f"Owns {', '.join(described)}: the only writer of this data and its API."
    for service in draft.services:
        service.responsibility = " ".join([service.responsibility.strip(), *additions.get(service.name, [])])


def home_service(draft: Draft, use_case_name: str) -> Service:
    """The service that leads a use case: the owner of what it writes first, else of the caller's memberships it
    reads (what they belong to is found through them), else of what it reads first."""
    use_case = next(u for u in draft.req.use_cases if u.name == use_case_name)
    joined = [] if use_case.writes else [m for m, _ in memberships(draft.req, use_case)]
    lead = (use_case.writes or joined or use_case.reads or [draft.req.data.entities[0].name])[0]
    return draft.service_of(lead)


def _dependencies(draft: Draft) -> None:
    """A service depends on another when its use cases read the other's data or its entities refer to the other's;
    a dependency that would close a cycle is left to events instead (the reader keeps a copy). Requests come first:
    what a job or a notifier reads in the background gives way to them when only one side can call the other.
    Reads of a stream come before all: a copy of it would take the stream's full write rate in the reader's own
    database, so the reader calls its owner and the other side keeps the copy. Checks of who may reach what (a
    membership, a grant) come first of the requests: a copy fed by events would let a removed member in until it
    caught up."""
    depends: dict[str, set[str]] = {s.name: set() for s in draft.services}
    checks: dict[str, set[str]] = {s.name: set() for s in draft.services}
    streams: dict[str, set[str]] = {s.name: set() for s in draft.services}
    limit = c.constant("ingest_write_rps").value
    rates = {
        e.name: sum(records_per_s(draft.req, u) for u in draft.req.use_cases if e.name in u.writes)
        for e in draft.req.data.entities
    }
    background: dict[str, set[str]] = {s.name: set() for s in draft.services}
    integrations: dict[str, set[str]] = {s.name: set() for s in draft.services}
    for use_case in draft.req.use_cases:
        home = home_service(draft, use_case.name)
        edges = background if use_case.interaction in ("push", "scheduled") else depends
        for name in use_case.reads:
            owner = draft.service_of(name)
            if owner.name == home.name:
                continue
            if edges is depends and decides_access(name):
                checks[home.name].add(owner.name)
            elif rates.get(name, 0.0) >= limit:
                streams[home.name].add(owner.name)
            else:
                edges[home.name].add(owner.name)
        integrations[home.name].update(use_case.calls)
    for service in draft.services:
        for entity_name in service.entities:
            for field_type in draft.req.entity(entity_name).fields.values():
                target = field_type.references
                if target and (owner := draft.service_of(target)).name != service.name:
                    depends[service.name].add(owner.name)
    order = [s.name for s in draft.services]
    accepted: dict[str, set[str]] = {name: set() for name in order}
    for edges in (checks, streams, depends, background):
        for source in order:
            for target in sorted(edges[source], key=order.index):
                if not _reaches(accepted, target, source):
                    accepted[source].add(target)
                elif edges is streams:
                    # two services each reading the other's stream: one of them keeps a copy as fast as the stream
                    draft.ask(
                        question=f"Should {source} and {target} be one service?",
                        context=f"each reads records the other writes faster than {limit:,.0f} a second, so one of "
                        "them keeps a copy of the other's stream in its own database (the review's CAP017): one "
                        "service owning both, or a store built for streams, would carry it",
                        raised_by="use_cases",
                    )
    integration_order = [i.name for i in draft.req.integrations]
    for service in draft.services:
        service.depends_on = sorted(accepted[service.name], key=order.index)
        service.integrations = sorted(integrations[service.name], key=integration_order.index)


def _reaches(graph: dict[str, set[str]], start: str, goal: str) -> bool:
    """Whether `goal` can be reached from `start` along accepted dependencies (a cycle would close)."""
    seen, pending = set(), [start]
    while pending:
        node = pending.pop()
        if node == goal:
            return True
        if node not in seen:
            seen.add(node)
            pending.extend(graph.get(node, ()))
    return False
