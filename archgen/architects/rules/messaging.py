"""Asynchronous work: which events exist, who consumes them, and what carries them."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft, option
from archgen.architects.rules.services import home_service
from archgen.capacity.load import use_case_keys, use_case_slugs
from archgen.design.model import Channel, Event
from archgen.naming import pascal, slug, unique_slugs
from archgen.requirements.model import Requirements

LOG_EVENTS_PER_SECOND = 1_000  # above this (after 3 years) a partitioned log beats a queue on cost and ordering
DB_QUEUE_EVENTS_PER_SECOND = 50  # below this a small system keeps jobs in its database instead of a broker


def requested_events(req: Requirements) -> dict[str, str]:
    """The event each asynchronous use case publishes (distinct, like the use cases' slugs)."""
    return {name: f"{pascal(s)}Requested" for name, s in use_case_slugs(req).items()}


def plan_messaging(draft: Draft) -> None:
    """Plan events and the channel that carries them, with delivery semantics, retries and dead letters."""
    req = draft.req
    rates: list[float] = []
    keys, requested = use_case_keys(req), requested_events(req)
    for use_case in req.use_cases:
        rate = draft.figure(f"{keys[use_case.name]}.peak_rps.y3")
        home = home_service(draft, use_case.name)
        if use_case.async_:
            subject = (use_case.writes or use_case.reads or [""])[0] or None
            _event(
                draft,
                requested[use_case.name],
                home.name,
                [home.name],
                subject,
                f"accepted by the API for '{use_case.name}'; processed in the background",
            )
            rates.append(rate)
        for name in use_case.writes:
            entity = draft.entity(name)
            readers = sorted(
                {
                    home_service(draft, u.name).name
                    for u in req.use_cases
                    if name in u.reads and home_service(draft, u.name).name != entity.owner
                }
            )
            consumers = list(readers)
            if entity.search_index and entity.owner not in consumers:
                consumers.append(entity.owner)
            style = draft.architecture.style if draft.architecture else "modular-monolith"
            if consumers or style == "event-driven":
                _event(
                    draft,
                    f"{pascal(name)}Changed",
                    entity.owner,
                    consumers,
                    name,
                    f"'{use_case.name}' commits a change to {name}",
                )
                rates.append(rate)
    webhooks = unique_slugs((i.name for i in req.integrations), "integration")
    for integration in req.integrations:
        if integration.direction in ("inbound", "both"):
            users = [s.name for s in draft.services if integration.name in s.integrations] or [draft.services[0].name]
            _event(
                draft,
                f"{pascal(webhooks[integration.name])}WebhookReceived",
                users[0],
                users,
                None,
                f"{integration.name} calls our webhook; acknowledged at once, processed from the queue",
            )
            rates.append(draft.figure("traffic.peak_write_rps.y3") * 0.05)
    if not draft.events:
        _decide_no_messaging(draft)
        return
    event_rate = sum(rates)
    _choose_channel(draft, event_rate)
    for service in draft.services:
        service.publishes = [e.name for e in draft.events if e.producer == service.name]
        service.consumes = [e.name for e in draft.events if service.name in e.consumers]


def _event(draft: Draft, name: str, producer: str, consumers: list[str], entity: str | None, trigger: str) -> None:
    existing = next((e for e in draft.events if e.name == name), None)
    if existing is not None:
        existing.consumers += [c for c in consumers if c not in existing.consumers]
        return
    ordering = None
    if entity is not None:
        ordering = "id"
    draft.events.append(
        Event(
            name=name,
            producer=producer,
            consumers=consumers,
            channel="",
            entity=entity,
            trigger=trigger,
            ordering_key=ordering,
            outbox=True,
        )
    )


def _choose_channel(draft: Draft, event_rate: float) -> None:
    req = draft.req
    style = draft.architecture.style if draft.architecture else "modular-monolith"
    must = " ".join(req.constraints.must_use).lower()
    relational = draft.catalog["relational"]
    if "kafka" in must or style == "event-driven" or event_rate >= LOG_EVENTS_PER_SECOND:
        kind, technology = "log", draft.catalog["log"]
    elif draft.small and event_rate < DB_QUEUE_EVENTS_PER_SECOND:
        kind, technology = "queue", f"{relational} job table (SELECT … FOR UPDATE SKIP LOCKED)"
    else:
        kind, technology = "queue", draft.catalog["queue"]
    system = slug(req.system.name, "system")
    channel = Channel(
        name=f"{system}-{'events' if kind == 'log' else 'jobs'}",
        kind=kind,
        technology=technology,
        delivery="at-least-once",
        retries="exponential backoff with jitter: 1 s, 2 s, 4 s, 8 s, 16 s (5 attempts)",
        dead_letter=f"{system}-dead-letters" if "job table" not in technology else "failed_jobs table",
        retention="7 days" if kind == "log" else "4 days",
    )
    draft.channels.append(channel)
    for event in draft.events:
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
        "Asynchronous processing",
        f"{len(draft.events)} event type(s) at about {event_rate:,.1f} events/s at peak after 3 years: "
        + ", ".join(e.name for e in draft.events[:6])
        + ("…" if len(draft.events) > 6 else "")
        + ".",
        options,
        chosen,
        {
            "log": "The event rate, replay needs or the style call for a partitioned log with ordering per key.",
            "queue": "Events are work items for a few consumers at a modest rate; a managed queue is simplest.",
        }[kind]
        if "job table" not in technology
        else "The rate is low and the system has one database: a job table adds no infrastructure.",
        [
            "producers write events to an outbox table in the same transaction as the data; a relay publishes them",
            "delivery is at-least-once: every consumer is idempotent (it records processed event ids)",
            "failed messages retry with exponential backoff and jitter, then go to the dead-letter "
            + ("table" if "job table" in technology else "queue")
            + " with an alert",
        ],
        ["use_cases", "load", "integrations"],
    )
    for event in draft.events:
        event.trigger = event.trigger or decision_id
    draft.trace("use_cases (async)", "Asynchronous work is decoupled from requests", [channel.name], [decision_id])


def _decide_no_messaging(draft: Draft) -> None:
    """Record why the design has no queue or log: nothing needs to happen outside a request."""
    relational = draft.catalog["relational"]
    draft.decide(
        "Asynchronous processing",
        "No use case is asynchronous, no service reacts to another's changes, and no external system calls in.",
        [
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
        "Everything within the request",
        "There is no asynchronous work to carry; adding a broker now would be cost without benefit.",
        ["when the first asynchronous use case appears, start with a job table in the existing database"],
        ["use_cases", "integrations"],
    )
