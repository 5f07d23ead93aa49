"""Asynchronous work: the events the design's operations publish, who consumes each and why, and what carries them."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft, option
from archgen.architects.rules.patterns import listed, text
from archgen.capacity.constants import constant
from archgen.capacity.load import use_case_rate
from archgen.design.model import Channel, Event
from archgen.formatting import number
from archgen.naming import pascal, slug
from archgen.requirements.intent import write_kind
from archgen.requirements.model import UseCase


def plan_messaging(draft: Draft) -> None:
    """Plan the events, their consumers and the channels that carry them, with retries and dead letters."""
    req = draft.req
    readers = _readers(draft)
    for use_case in req.use_cases:
        for name in use_case.writes:
            entity = draft.entity(name)
            how = write_kind(use_case, req.entity(name))
            if how.kind == "transition" and entity.state_machine:
                event_name = next(
                    (t.emits for t in entity.state_machine.transitions if t.target == how.target and t.emits),
                    f"{pascal(name)}Changed",
                )
            elif req.entity(name).mutability == "append_only" or how.kind == "create":
                event_name = (
                    f"{pascal(name)}{'Recorded' if req.entity(name).mutability == 'append_only' else 'Created'}"
                )
            else:
                event_name = f"{pascal(name)}{'Deleted' if how.kind == 'delete' else 'Updated'}"
            consumers = [c for c in readers.get(name, []) if c != entity.owner]
            if entity.search_index and entity.owner not in consumers:
                consumers.append(entity.owner)  # the owner's indexer keeps the search index in step
            consumers += [s for s in _copy_keepers(draft, name) if s not in consumers]
            logged = draft.store(entity.store).kind == "time-series"  # the log is its source: every write goes there
            accepted_first = use_case.interaction in ("stream", "batch") or use_case.async_ or logged
            if accepted_first and entity.owner not in consumers:
                consumers.append(entity.owner)  # accepted first, persisted by the owner's consumer
            if consumers:
                _event(
                    draft,
                    event_name,
                    _producer(draft, use_case, entity.owner),
                    consumers,
                    name,
                    use_case.name,
                    f"'{use_case.name}' changes {name}",
                )
    for use_case in req.use_cases:
        if use_case.interaction == "webhook" or (use_case.async_ and not use_case.writes):
            owner = draft.service_of((use_case.writes or use_case.reads or [draft.req.data.entities[0].name])[0])
            _event(
                draft,
                f"{pascal(use_case.name)}Received"
                if use_case.interaction == "webhook"
                else f"{pascal(use_case.name)}Requested",
                owner.name,
                [owner.name],
                None,
                use_case.name,
                f"'{use_case.name}' is accepted at once and processed in the background",
            )
    _pattern_events(draft)
    _pattern_consumers(draft)
    if not draft.events:
        _decide_no_messaging(draft)
        return
    _choose_channels(draft)
    for service in draft.services:
        service.publishes = [e.name for e in draft.events if e.producer == service.name]
        service.consumes = [e.name for e in draft.events if service.name in e.consumers]


def _producer(draft: Draft, use_case: UseCase, owner: str) -> str:
    """Who publishes a use case's change: the service whose operation or connection accepts it (an ingest tier
    hands the records to their owner this way), else the owner itself."""
    if use_case.interaction not in ("stream", "batch"):
        return owner
    for service in draft.services:
        if service.kind == "ingest" and any(use_case.name in e.use_cases for e in service.endpoints):
            return service.name
    for channel in draft.realtime:
        if use_case.name in channel.use_cases and draft.service(channel.service) is not None:
            return channel.service
    return owner


def _readers(draft: Draft) -> dict[str, list[str]]:
    """Who must hear of a change to each entity: services whose use cases read it without owning it (when the
    services are separate), and the service that pushes it live to clients."""
    out: dict[str, list[str]] = {}
    separate = not draft.small
    live = {n for s in draft.stores if s.kind == "in-memory" for n in s.entities}
    streamed = {n for u in draft.req.use_cases if u.interaction == "stream" for n in u.writes}
    changing = {e.name for e in draft.entities if e.state_machine is not None} | streamed
    for use_case in draft.req.use_cases:
        for name in use_case.reads:
            targets: list[str] = []
            if use_case.interaction == "push":
                channel = next((c for c in draft.realtime if use_case.name in c.use_cases), None)
                if channel is not None and (name in changing or name == use_case.reads[0]):
                    targets.append(channel.service)
            elif name in live:
                continue  # readers query the live copy; they keep no copy of their own
            elif separate and use_case.interaction != "scheduled":
                lead = (use_case.writes or use_case.reads)[0]
                home = draft.service_of(lead).name
                owner = draft.entity(name).owner
                if home != owner and owner not in draft.service_of(lead).depends_on:
                    targets.append(home)  # keeps a read model instead of calling the owner
            for target in targets:
                out.setdefault(name, [])
                if target not in out[name]:
                    out[name].append(target)
    return out


def _copy_keepers(draft: Draft, entity: str) -> list[str]:
    """Services that keep a derived copy of an entity in a store of their own (a live index, a warehouse)."""
    out = []
    for store in draft.stores:
        if entity in store.entities and store.name != draft.entity(entity).store and store.kind != "search":
            out += [s for s in store.services if s not in out]
    return out


def _pattern_events(draft: Draft) -> None:
    """Events the patterns add: facts their services announce (an offer made, a rollup window closed)."""
    for found in draft.patterns:
        for spec in (e for e in found.pattern.contributes.events if found.allows(e)):
            producer = text(draft, found, spec.producer)
            consumers = [c for c in listed(draft, found, spec.consumers) if draft.service(c) is not None]
            if draft.service(producer) is None or not consumers:
                continue
            entity = text(draft, found, spec.entity) if spec.entity else None
            entity = entity if entity is not None and any(e.name == entity for e in draft.entities) else None
            use_cases = listed(draft, found, spec.use_cases) if spec.use_cases else []
            name = text(draft, found, spec.name)
            _event(
                draft,
                name,
                producer,
                consumers,
                entity,
                use_cases[0] if use_cases else "",
                text(draft, found, spec.trigger),
            )
            event = next(e for e in draft.events if e.name == name)
            event.use_cases = [u for u in dict.fromkeys([*event.use_cases, *use_cases]) if u]
            if spec.ordering_key:
                event.ordering_key = spec.ordering_key
            event.outbox = spec.outbox
            draft.credit(found.pattern.id, f"event {name}")


def _pattern_consumers(draft: Draft) -> None:
    """Pattern services react to changes of what the pattern says they consume (a dispatcher to new requests)."""
    for found in draft.patterns:
        for spec in found.pattern.contributes.services:
            if not found.allows(spec):
                continue
            service = text(draft, found, spec.name)
            consumed = [n for part in spec.consumes for n in listed(draft, found, part)]
            if draft.service(service) is None:
                continue
            for name in consumed:
                known = [e for e in draft.events if e.entity == name]
                for event in known:
                    if service not in event.consumers and service != event.producer:
                        event.consumers.append(service)
                writers = [u for u in draft.req.use_cases if name in u.writes]
                if not known and writers and any(e.name == name for e in draft.entities):
                    owner = draft.entity(name).owner  # nobody listened yet: the owner starts announcing it
                    recorded = draft.req.entity(name).mutability == "append_only"
                    _event(
                        draft,
                        f"{pascal(name)}{'Recorded' if recorded else 'Created'}",
                        owner,
                        [service],
                        name,
                        writers[0].name,
                        f"'{writers[0].name}' adds a {name}",
                    )


def _event(
    draft: Draft, name: str, producer: str, consumers: list[str], entity: str | None, use_case: str, trigger: str
) -> None:
    existing = next((e for e in draft.events if e.name == name), None)
    if existing is not None:
        existing.consumers += [c for c in consumers if c not in existing.consumers]
        if use_case not in existing.use_cases:
            existing.use_cases.append(use_case)
        return
    draft.events.append(
        Event(
            name=name,
            producer=producer,
            consumers=list(consumers),
            channel="",
            entity=entity,
            trigger=trigger,
            use_cases=[use_case],
            ordering_key="id" if entity else None,
            outbox=True,
        )
    )


def event_rate(draft: Draft, event: Event) -> float:
    """Events a second at peak after three years: the records written by the use cases that publish it."""
    rates = {u.name: use_case_rate(draft.req, u).peak_y3 * u.batch_size for u in draft.req.use_cases}
    return sum(rates.get(n, 0.0) for n in event.use_cases)


def _choose_channels(draft: Draft) -> None:
    req = draft.req
    style = draft.architecture.style if draft.architecture else "modular-monolith"
    must = " ".join(req.constraints.must_use).lower()
    rate = sum(event_rate(draft, e) for e in draft.events)
    streams = [
        e
        for e in draft.events
        if any(u.name in e.use_cases and u.interaction in ("stream", "batch") for u in req.use_cases)
    ]
    log_rate = constant("log_events_per_second").value
    db_rate = constant("db_queue_events_per_second").value
    relational = draft.catalog["relational"]
    stream_rate = sum(event_rate(draft, e) for e in streams)
    if "kafka" in must or style == "event-driven" or rate >= log_rate or stream_rate >= db_rate:
        kind, technology = "log", draft.catalog["log"]
        reason = (
            "constraints.must_use names Kafka"
            if "kafka" in must
            else f"{number(rate)} events a second at peak after 3 years, more than a queue carries cheaply "
            f"({log_rate:,.0f}), and consumers need ordering per key and replay"
            if rate >= log_rate
            else "the streamed records must be replayable by every consumer that keeps a copy"
        )
    elif draft.small and rate < db_rate:
        kind, technology = "queue", f"{relational} job table (SELECT … FOR UPDATE SKIP LOCKED)"
        reason = f"{number(rate)} events a second at peak after 3 years and one database: a job table adds no component"
    else:
        kind, technology = "queue", draft.catalog["queue"]
        reason = (
            f"{number(rate)} events a second at peak after 3 years for a few consumers: a managed queue is simplest"
        )
    system = slug(req.system.name, "system")
    cluster = f"{system}-{'events' if kind == 'log' else 'jobs'}"
    job_table = "job table" in technology
    groups: dict[str, list[Event]] = {}
    for event in draft.events:
        topic = f"{slug(event.entity or event.name, 'events')}-events" if kind == "log" else cluster
        groups.setdefault(topic, []).append(event)
    for topic, events in groups.items():
        channel = Channel(
            name=topic,
            kind=kind,
            technology=technology,
            cluster=cluster,
            delivery="at-least-once",
            retries="exponential backoff with jitter: 1 s, 2 s, 4 s, 8 s, 16 s (5 attempts)",
            dead_letter=("failed_jobs table" if job_table else f"{topic}-dead-letters"),
            retention="7 days" if kind == "log" else "4 days",
        )
        draft.channels.append(channel)
        for event in events:
            event.channel = channel.name
    options = [
        option(
            draft.catalog["queue"],
            "A managed queue: each message delivered to one consumer group, deleted once handled.",
            ["no capacity planning; pay per message", "dead-letter queues and redrive built in"],
            ["no replay once consumed", "ordering only per message group"],
        ),
        option(
            draft.catalog["log"],
            "A partitioned, replicated log: consumers keep their own offsets and can replay.",
            ["high throughput with ordering per key", "replay rebuilds read models and feeds new consumers"],
            ["partitions, retention and consumer lag to operate", "a fixed monthly cost even when idle"],
        ),
        option(
            f"{relational} job table",
            "Jobs as rows in the system's own database, claimed with SKIP LOCKED.",
            ["no new infrastructure; jobs commit atomically with the data", "easy to inspect with SQL"],
            ["load lands on the primary database", "no fan-out to many consumers"],
        ),
    ]
    chosen = next(o.name for o in options if technology.startswith(o.name))
    decision_id = draft.decide(
        title="Asynchronous processing",
        context=f"{len(draft.events)} event types at about {number(rate)} events a second at peak after 3 years: "
        + ", ".join(e.name for e in draft.events[:6])
        + ("…" if len(draft.events) > 6 else "")
        + ".",
        options=options,
        decision=chosen,
        rationale=f"Chosen because {reason}.",
        consequences=[
            "producers write events to an outbox table in the same transaction as the data; a relay publishes them",
            "delivery is at-least-once: every consumer is idempotent (it records the event ids it has processed)",
            "failed messages retry with exponential backoff and jitter, then go to the dead-letter "
            + ("table" if job_table else "topic")
            + " with an alert; a redrive tool replays them after a fix",
        ],
        drivers=["use_cases", "load", "integrations"],
    )
    for event in draft.events:
        event.trigger = event.trigger or decision_id
    draft.trace(
        requirement="use_cases (async)",
        statement="Asynchronous work is decoupled from requests",
        elements=[c.name for c in draft.channels],
        decisions=[decision_id],
    )


def _decide_no_messaging(draft: Draft) -> None:
    """Record why the design has no queue or log: nothing needs to happen outside a request."""
    relational = draft.catalog["relational"]
    jobs = ", ".join(j.name for j in draft.jobs)
    draft.decide(
        title="Asynchronous processing",
        context="No use case is asynchronous, no service reacts to another's changes and no external system calls in"
        + (f"; the scheduled jobs ({jobs}) run on the platform's scheduler" if jobs else "")
        + ".",
        options=[
            option(
                "Everything within the request",
                "Every use case completes inside its request; no broker.",
                ["nothing extra to run, monitor or pay for", "no eventual consistency to reason about"],
                ["slow work (exports, e-mails) would block a request if it appears later"],
            ),
            option(
                f"{relational} job table",
                "A jobs table claimed with SKIP LOCKED, ready for background work.",
                ["background work without a broker"],
                ["unused today: code and operations for nothing"],
            ),
            option(
                draft.catalog["queue"],
                "A managed queue.",
                ["decouples producers from consumers"],
                ["a component with no producer or consumer yet"],
            ),
        ],
        decision="Everything within the request",
        rationale="There is no asynchronous work to carry; a broker now would be cost without benefit.",
        consequences=["when the first asynchronous use case appears, start with a job table in the existing database"],
        drivers=["use_cases", "integrations"],
    )
