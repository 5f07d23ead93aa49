"""Each use case traced through the design, both sides: the caller, the operation, the stores written, the events
published and the consumers that act on them, the external calls, and where the latency budget goes."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.architects.rules.patterns import listed, text
from archgen.capacity.load import actor_kind
from archgen.design.model import Endpoint, Event, Flow, FlowStep
from archgen.knowledge.catalog import Features
from archgen.requirements.model import UseCase

# shares of a use case's latency budget, by kind of step (the rest is headroom for queueing and retries)
SHARE = {"edge": 0.05, "service": 0.05, "read": 0.15, "write": 0.2, "call": 0.35, "publish": 0.0}


def plan_flows(draft: Draft) -> None:
    """A flow per use case, with the consumer side of every event it publishes."""
    for use_case in draft.req.use_cases:
        steps = _steps(draft, use_case)
        for found in draft.patterns:
            for spec in found.pattern.contributes.flows:
                if use_case.name in listed(draft, found, spec.use_case) and found.allows(spec):
                    draft.credit(found.pattern.id, f"steps in the flow of {use_case.name}")
                    if spec.replace:
                        steps = []
                    added = [
                        FlowStep(
                            source=text(draft, found, s.source),
                            target=text(draft, found, s.target),
                            message=text(draft, found, s.message),
                            kind=s.kind,
                        )
                        for s in spec.steps
                    ]
                    reply = next((i for i, s in enumerate(steps) if s.kind == "reply"), len(steps))
                    at = reply if spec.at == "before-reply" else len(steps)
                    steps[at:at] = added
        draft.flows.append(
            Flow(
                use_case=use_case.name,
                actor=participant(draft, use_case),
                description=use_case.description or "",
                steps=steps,
                latency_budget_ms=use_case.latency_p99_ms or draft.req.quality.latency_p99_ms,
            )
        )
        draft.trace(
            requirement=f"use_cases[{use_case.name}]",
            statement=use_case.description or use_case.name,
            elements=sorted({s.target for s in steps if s.kind != "reply"} - {"gateway", use_case.actor or ""}),
            decisions=[],
        )


def participant(draft: Draft, use_case: UseCase) -> str:
    """Who starts a use case in its sequence diagram: its role, told apart from a component of the same name (a
    device role called 'gateway' is not the API gateway)."""
    if use_case.interaction == "scheduled":
        return "scheduler"
    name = use_case.actor or "user"
    components = {
        "gateway",
        *(s.name for s in draft.services),
        *(s.name for s in draft.stores),
        *(c.name for c in draft.channels),
        *(c.name for c in draft.caches),
    }
    return f"{name} ({actor_kind(draft.req, use_case)})" if name in components else name


def _operation(draft: Draft, use_case: UseCase) -> tuple[str, Endpoint] | None:
    for service in draft.services:
        for endpoint in service.endpoints:
            if use_case.name in endpoint.use_cases:
                return service.name, endpoint
    return None


def _steps(draft: Draft, use_case: UseCase) -> list[FlowStep]:
    budget = use_case.latency_p99_ms or draft.req.quality.latency_p99_ms
    actor = participant(draft, use_case)
    steps: list[FlowStep] = []

    def step(source: str, target: str, message: str, kind: str = "sync", share: str = "") -> None:
        steps.append(
            FlowStep(
                source=source,
                target=target,
                message=message,
                kind=kind,
                budget_ms=int(budget * SHARE.get(share, 0.0)),
            )
        )

    interaction = use_case.interaction
    channel = next((c for c in draft.realtime if use_case.name in c.use_cases), None)
    found = _operation(draft, use_case)
    if interaction == "scheduled":
        job = next((j for j in draft.jobs if j.use_case == use_case.name), None)
        home = job.service if job else draft.services[0].name
        step("scheduler", home, f"run '{use_case.name}' ({job.schedule if job else 'on its schedule'})", "async")
        _work(draft, use_case, home, step, commit=True)
        return steps
    if interaction == "push":
        home = channel.service if channel else draft.services[0].name
        for name in use_case.reads[:1]:
            event = next((e for e in draft.events if e.entity == name and home in e.consumers), None)
            if event is not None:
                step(event.channel, home, event.name, "async")
        step(home, actor, f"{use_case.name} ({channel.protocol if channel else 'push'})", "async")
        return steps
    if interaction == "stream" and channel is not None:
        step(actor, channel.service, f"{use_case.name} message over {channel.protocol}", "async", "edge")
        home = channel.service
        events = _events(draft, use_case)
        for event in events:
            step(home, event.channel, f"append {event.name}", "async", "publish")
        step(home, actor, "acknowledged (QoS 1)" if channel.protocol == "mqtt" else "acknowledged", "reply")
        for event in events:
            _consumers(draft, event, step)
        return steps
    if found is None:
        return [FlowStep(source=actor, target="gateway", message=f"{use_case.name}: no operation carries it")]
    home, endpoint = found
    entry = "gateway"
    signed = " (signed)" if endpoint.auth == "signature" else ""
    step(actor, entry, f"{endpoint.method} {endpoint.path}{signed}", "sync", "edge")
    step(entry, home, "verified request" if signed else "authenticated request", "sync", "service")
    if endpoint.auth == "signature":
        step(
            home,
            draft.entity(endpoint.entity).store if endpoint.entity else home,
            "verify signature; record the event id (duplicates stop here)",
            "sync",
            "write",
        )
    accepted = endpoint.async_ or endpoint.action in ("ingest", "webhook")
    if accepted:
        events = _events(draft, use_case)
        owner = draft.entity(endpoint.entity).owner if endpoint.entity else home
        handed_over = owner != home and bool(events)  # an ingest tier keeps nothing: the log is its only write
        if handed_over:
            for event in events:
                step(home, event.channel, f"append {event.name} (acknowledged by every replica)", "sync", "publish")
        else:
            target = draft.entity(endpoint.entity).store if endpoint.entity else home
            stored = _write(draft, "the work", target, True).replace("write ", "store ", 1)
            step(home, target, f"accept: {stored}", "sync", "write")
        answer = "202 Accepted" if endpoint.action != "webhook" else "200 OK (processing continues)"
        step(home, entry, answer, "reply")
        step(entry, actor, answer, "reply")
        for event in events if not handed_over else []:
            step(home, event.channel, event.name, "async", "publish")
        for event in events:
            _consumers(draft, event, step)
        return steps
    _work(draft, use_case, home, step, commit=bool(use_case.writes))
    status = {"create": "201 Created", "delete": "204 No Content"}.get(endpoint.action, "200 OK")
    step(home, entry, status, "reply")
    step(entry, actor, status, "reply")
    for event in _events(draft, use_case):
        step(home, event.channel, event.name, "async", "publish")
        _consumers(draft, event, step)
    return steps


def _work(draft: Draft, use_case: UseCase, home: str, step: object, commit: bool) -> None:
    """The reads, external calls and the write of a use case inside its service."""
    add = step  # a callable (source, target, message, kind, share)
    service = draft.service(home)
    for name in use_case.reads:
        entity = draft.entity(name)
        live = next((s for s in draft.stores if s.kind == "in-memory" and name in s.entities), None)
        if entity.owner != home and service is not None and entity.owner in service.depends_on:
            add(home, entity.owner, f"get {name}", "sync", "read")  # type: ignore[operator]
            add(entity.owner, home, name, "reply")  # type: ignore[operator]
        elif live is not None:
            add(home, live.name, f"query live {name}", "sync", "read")  # type: ignore[operator]
        else:
            searching = "search" in use_case.name.lower() and entity.search_index
            store = entity.search_index if searching and entity.search_index else entity.store
            cached = next((c.name for c in draft.caches if name in c.entities), None)
            if cached:
                add(home, cached, f"read {name} (cache-aside)", "sync", "read")  # type: ignore[operator]
            add(home, store, f"query {name}", "sync", "read")  # type: ignore[operator]
    for name in use_case.calls:
        add(home, name, f"call {name}", "sync", "call")  # type: ignore[operator]
    if commit:
        for name in use_case.writes:
            entity = draft.entity(name)
            published = any(e.entity == name for e in draft.events)
            add(home, entity.store, _write(draft, name, entity.store, published), "sync", "write")  # type: ignore[operator]


def _write(draft: Draft, name: str, store: str, published: bool) -> str:
    """A write in the terms of its store's engine: with its outbox row in one transaction where the engine has
    them, else the row alone, its event published from the engine's change stream (or after the write)."""
    if not published:
        return f"write {name}"
    kept = next((s for s in draft.stores if s.name == store), None)
    if kept is None:
        return f"write {name} + outbox (one transaction)"  # a service's own state, not a store of the design
    engine = draft.catalog.engine(kept.technology)
    if engine.has(Features(transactions="multi-row")):
        return f"write {name} + outbox (one transaction)"
    if engine.change_stream:
        return f"write {name}; its change stream publishes the event"
    return f"write {name}, then publish the event (retried until sent; consumers drop duplicates)"


def _events(draft: Draft, use_case: UseCase) -> list[Event]:
    return [e for e in draft.events if use_case.name in e.use_cases]


def _consumers(draft: Draft, event: Event, step: object) -> None:
    """The consumer side of an event: who receives it and what each does with it."""
    add = step
    for consumer in event.consumers:
        add(event.channel, consumer, event.name, "async")  # type: ignore[operator]
        service = draft.service(consumer)
        if service is None:
            continue
        channels = [c for c in draft.realtime if c.service == consumer]
        if service.kind == "realtime" and channels:
            for channel in channels:
                for role in channel.audience:
                    add(consumer, role, f"push {event.name}", "async")  # type: ignore[operator]
            continue
        entity = draft.entity(event.entity) if event.entity else None
        if entity is None:
            continue
        if consumer == entity.owner and entity.search_index:
            add(consumer, entity.search_index, f"index {entity.name}", "async")  # type: ignore[operator]
        copies = [
            s
            for s in draft.stores
            if entity.name in s.entities and consumer in s.services and s.name != entity.store and s.kind != "search"
        ]
        for store in copies:
            add(consumer, store.name, f"update {entity.name} copy", "async")  # type: ignore[operator]
        if consumer == entity.owner and event.use_cases and not copies and not entity.search_index:
            add(consumer, entity.store, f"persist {entity.name}", "async")  # type: ignore[operator]
        if consumer != entity.owner and not copies:
            add(consumer, consumer, f"react to {event.name} (idempotent on the event id)", "async")  # type: ignore[operator]
