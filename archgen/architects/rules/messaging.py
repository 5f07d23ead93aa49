"""Asynchronous work: the events the design's operations publish, who consumes each and why, and what carries them."""

from __future__ import annotations

import re

from archgen.architects.rules.draft import Draft, option
from archgen.architects.rules.ownership import (
    Part,
    after_commit_calls,
    copy_keepers,
    home,
    notifiers,
    reads,
    tells,
    told_transitions,
    writes,
)
from archgen.architects.rules.patterns import listed, text
from archgen.architects.rules.postings import chart
from archgen.architects.rules.run_events import batch_run_events, upload_events
from archgen.capacity import events as event_rates
from archgen.capacity.constants import constant
from archgen.common import english
from archgen.common.formatting import number
from archgen.common.naming import pascal, slug
from archgen.design.awaited import awaited_event, awaited_move
from archgen.design.counters import counters, counts_only, live_dependents, rolled_up
from archgen.design.ephemeral import live_only
from archgen.design.housekeeping import housekeeping
from archgen.design.model import Channel, Event
from archgen.design.postings import keeper as ledger_keeper
from archgen.design.postings import movements
from archgen.design.search_docs import carried, indexers
from archgen.knowledge.catalog import Features
from archgen.knowledge.derived_feeds import derived_feeds
from archgen.knowledge.patterns import stream_key
from archgen.knowledge.signals import signals
from archgen.requirements.intent import creates, write_kind
from archgen.requirements.model import UseCase

JOURNALED = ("key-value", "wide-column", "document")  # database kinds some engines back up only as snapshots
DAY_MINUTES = 24 * 60


def plan_messaging(draft: Draft) -> None:
    """Plan the events, their consumers and the channels that carry them, with retries and dead letters."""
    _link_captured(draft)
    keepers = copy_keepers(draft) if not draft.small else {}
    told = notifiers(draft)
    for use_case in draft.req.use_cases:
        _use_case_events(draft, use_case, keepers, told)
    _operation_events(draft, keepers)
    _counter_feeds(draft)
    _ask_reference_sources(draft)
    _transition_events(draft, told)
    _movement_events(draft)
    journaled = _journal(draft)
    _pattern_events(draft)
    _pattern_consumers(draft)
    _document_feeds(draft)
    _removal_events(draft, told, keepers)
    _status_feeds(draft)
    _silence_unheard(draft)
    if not draft.events:
        _decide_no_messaging(draft)
        return
    batch_run_events(draft)
    upload_events(draft)
    for event in draft.events:
        # an outbox is a table in the producer's own database: a producer that keeps no store publishes directly
        producer = draft.service(event.producer)
        event.outbox = producer is None or bool(producer.stores)
    _choose_channels(draft, journaled)
    for service in draft.services:
        service.publishes = [e.name for e in draft.events if e.producer == service.name]
        service.consumes = [e.name for e in draft.events if service.name in e.consumers]


def _use_case_events(
    draft: Draft, use_case: UseCase, keepers: dict[str, list[str]], told: dict[str, list[tuple[UseCase, str]]]
) -> None:
    """The events one use case's work publishes. Each owner announces the change of what it wrote; the owners that
    write their part after the carrier hear of it from the carrier's event; work accepted for later is handed to
    the carrier's own workers by an event of its own."""
    carrier = home(draft, use_case)
    parts = writes(draft, use_case, carrier)
    service = draft.service(carrier)
    hands_over = service is not None and not service.entities and use_case.interaction in ("stream", "batch")
    followers = [] if hands_over else [p.owner for p in parts if p.mode == "event"]
    own = next((p for p in parts if p.mode == "own"), None)
    later = (use_case.async_ or use_case.interaction == "webhook") and use_case.interaction in ("request", "webhook")
    if later:
        received = use_case.interaction == "webhook"
        _event(
            draft,
            f"{pascal(_received(use_case.name))}Received" if received else f"{pascal(use_case.name)}Requested",
            carrier,
            [carrier, *(followers if own is None else [])],
            None,
            use_case.name,
            f"'{use_case.name}' is accepted at once and processed in the background by "
            f"{english.possessive(carrier)} workers",
        )
    elif own is None and followers:
        _event(
            draft,
            f"{pascal(use_case.name)}Requested",
            carrier,
            followers,
            None,
            use_case.name,
            f"'{use_case.name}' asks {english.join(followers)} to record their part",
        )
    # a record made waiting on a provider (a booking awaiting its payment) is told of once the wait is over
    waited = awaited_move(draft.req, draft.entities, use_case) if after_commit_calls(draft, use_case) else None
    if waited is not None:
        entity, move = waited
        move.emits = awaited_event(entity, move)
        _event(
            draft,
            move.emits,
            entity.owner,
            [carrier],
            entity.name,
            use_case.name,
            f"the {move.name} transition moves the {entity.name} to {move.target}",
        )
    for part in parts:
        for name in part.entities:
            if counts_only(name, use_case, draft.entities):
                continue  # a roll-up bumps the narrow counter row: no copy keeps the counts, nobody hears of them
            consumers = _consumers(draft, use_case, part, name, keepers, told, hands_over)
            if part is own and name == own.entities[0]:
                consumers += [f for f in followers if f not in consumers]  # they write their part from it
                if after_commit_calls(draft, use_case) and carrier not in consumers and waited is None:
                    consumers.append(carrier)  # its worker tells the outside world once the change is committed
            if consumers:
                producer = _producer(draft, use_case, part.owner)
                _event(
                    draft,
                    _event_name(draft, use_case, name, producer),
                    producer,
                    consumers,
                    name,
                    use_case.name,
                    f"'{use_case.name}' changes {name}",
                )


def _operation_events(draft: Draft, keepers: dict[str, list[str]]) -> None:
    """A copy is fed by every change of its source: an owner's operation that changes a kept entity without a use
    case naming it (an admin's edit) publishes the change too, or the copy drifts."""
    for name, kept_by in keepers.items():
        owner = draft.service(draft.entity(name).owner)
        if owner is None:
            continue
        consumers = [c for c in kept_by if c != owner.name]
        changes: dict[str, list[str]] = {}
        for endpoint in owner.endpoints if consumers else []:
            if endpoint.entity == name and not endpoint.use_cases and endpoint.method != "GET":
                verb = {"create": "Created", "delete": "Deleted"}.get(endpoint.action, "Updated")
                changes.setdefault(verb, []).append(f"{endpoint.method} {endpoint.path}")
        for verb, operations in changes.items():
            said = f"{english.join(operations)} {'changes' if len(operations) == 1 else 'change'} {name}"
            _event(draft, f"{pascal(name)}{verb}", owner.name, consumers, name, "", said)


def _counter_feeds(draft: Draft) -> None:
    """A count kept by one service of records another owns (a post's likes) is fed by the owner's event of every
    change of those records; the counting service consumes it."""
    for counter in counters(draft.entities):
        keeper, counted = counter.entity.owner, counter.counted
        if counted.owner == keeper or rolled_up(counter, draft.req.use_cases):
            continue  # counted in the transaction that adds or removes the record, or by the job that rolls it up
        for use_case in draft.req.use_cases:
            if counted.name not in use_case.writes or use_case.interaction == "push":
                continue
            producer = _producer(draft, use_case, counted.owner)
            _event(
                draft,
                _event_name(draft, use_case, counted.name, producer),
                producer,
                [keeper],
                counted.name,
                use_case.name,
                f"'{use_case.name}' changes {counted.name}",
            )


def _ask_reference_sources(draft: Draft) -> None:
    """Data read from a copy that nothing in the design changes cannot be fed by events: the design asks where it
    comes from instead of claiming a feed."""
    for use_case in draft.req.use_cases:
        carrier = home(draft, use_case)
        for read in reads(draft, use_case, carrier):
            if read.mode != "reference":
                continue
            owner = draft.entity(read.entity).owner
            draft.ask(
                question=f"Where do {read.entity} records come from, and how do they reach "
                f"{english.possessive(carrier)} copy?",
                context=(
                    f"No use case or operation creates or changes {read.entity}, yet {carrier} reads it "
                    f"('{use_case.name}') and calling {owner} would close a cycle of dependencies. Name the import "
                    f"from the system that holds them (or the operation that creates them), and {owner} publishes "
                    "each change so the copy stays in step."
                ),
                raised_by=f"data.entities[{read.entity}]",
            )


def _transition_events(draft: Draft, told: dict[str, list[tuple[UseCase, str]]]) -> None:
    """A notification hears the event of the transition it tells of (an outage confirmed, a video published),
    published by the entity's owner when the transition commits, not every change of the record."""
    for name, pushes in told.items():
        for push, notifier in pushes:
            for transition in told_transitions(draft, push, name):
                _event(
                    draft,
                    transition.emits or "",
                    draft.entity(name).owner,
                    [notifier],
                    name,
                    transition.use_case or push.name,
                    f"the {transition.name} transition moves the {name} to {transition.target}",
                )


def _removal_events(draft: Draft, told: dict[str, list[tuple[UseCase, str]]], keepers: dict[str, list[str]]) -> None:
    """What others derive from an owner's records (a copy, a count, an index, a timeline, a live screen) must also
    hear when one is removed, or the derived data keeps it for ever: the owner's delete operations publish the
    removal to every consumer of its other events, except the phones told only of news."""
    for entity in draft.entities:
        owner = draft.service(entity.owner)
        if owner is None:
            continue
        deletes = [e for e in owner.endpoints if e.entity == entity.name and e.action == "delete"]
        phones = {
            notifier
            for push, notifier in told.get(entity.name, [])
            if any(c.protocol == "mobile-push" and push.name in c.use_cases for c in draft.realtime)
        }
        # a removal is never pushed: the service that pushes to phones hears it only to mend a copy it keeps
        phones |= {c.service for c in draft.realtime if c.protocol == "mobile-push"} - set(keepers.get(entity.name, []))
        heard = [e for e in draft.events if e.entity == entity.name and e.producer == owner.name]
        consumers = list(dict.fromkeys(c for e in heard for c in e.consumers if c not in phones))
        if not deletes or not consumers:
            continue
        use_cases = list(dict.fromkeys(u for e in deletes for u in e.use_cases))
        said = english.join([f"{e.method} {e.path}" for e in deletes])
        _event(
            draft,
            f"{pascal(entity.name)}Deleted",
            owner.name,
            consumers,
            entity.name,
            use_cases[0] if use_cases else "",
            f"{said} removes a {entity.name}",
        )
        event = next(
            e
            for e in draft.events
            if e.entity == entity.name
            and e.name.startswith(f"{pascal(entity.name)}Deleted")
            and e.producer == owner.name
        )
        event.use_cases = list(dict.fromkeys([*event.use_cases, *use_cases]))


def _status_feeds(draft: Draft) -> None:
    """A live set kept in memory (drivers' positions) is filtered on the status of the records its entries belong
    to: the owner of those records publishes every move of their lifecycle to the set's keeper, or a suspended or
    offline driver stays in the available set."""
    for lifecycle, keeper in live_dependents(draft.entities, draft.stores):
        if lifecycle.state_machine is None:
            continue
        for transition in lifecycle.state_machine.transitions:
            if transition.emits:
                _event(
                    draft,
                    transition.emits,
                    lifecycle.owner,
                    [keeper],
                    lifecycle.name,
                    transition.use_case or "",
                    f"the {transition.name} transition moves the {lifecycle.name} to {transition.target}",
                )


def _silence_unheard(draft: Draft) -> None:
    """A transition emits only an event someone consumes: an announcement nobody hears is not published."""
    carried = {e.name for e in draft.events}
    for entity in draft.entities:
        for transition in entity.state_machine.transitions if entity.state_machine else []:
            if transition.emits not in carried:
                transition.emits = None


def _journal(draft: Draft) -> list[str]:
    """Data whose store cannot meet the RPO from its own backups (no point-in-time recovery) has every change
    kept in the log as well, so the store can be rebuilt by replaying it; returns the stores kept that way."""
    rpo = draft.req.quality.rpo_minutes
    out: list[str] = []
    for use_case in draft.req.use_cases:
        if use_case.interaction == "scheduled":
            continue  # a job re-derives what it writes: running it again restores it
        for part in writes(draft, use_case, home(draft, use_case)):
            for name in part.entities:
                store = draft.store(draft.entity(name).store)
                tech = draft.catalog.technology(store.technology)
                if store.kind not in JOURNALED or tech is None or tech.pitr_s != 0 or rpo >= DAY_MINUTES:
                    continue
                if store.name not in out:
                    out.append(store.name)
                if not any(e.entity == name and use_case.name in e.use_cases for e in draft.events):
                    producer = _producer(draft, use_case, part.owner)
                    _event(
                        draft,
                        _event_name(draft, use_case, name, producer),
                        producer,
                        [],
                        name,
                        use_case.name,
                        f"'{use_case.name}' changes {name}; kept in the log so {store.name} can be rebuilt from it",
                    )
    return out


def _received(name: str) -> str:
    """What a webhook use case receives, its verb of receiving left out: "Receive payment event" → "payment event",
    so its event reads PaymentEventReceived, not ReceivePaymentEventReceived."""
    first, _, rest = name.partition(" ")
    return rest if rest and first.lower() in ("receive", "handle", "process", "accept", "take", "get") else name


def _event_name(draft: Draft, use_case: UseCase, name: str, producer: str) -> str:
    entity = draft.entity(name)
    if producer != entity.owner:
        return f"{pascal(name)}Received"  # records an edge tier accepted for their owner, not yet the owner's change
    how = write_kind(use_case, draft.req.entity(name))
    if how.kind == "transition" and entity.state_machine:
        return next(
            (t.emits for t in entity.state_machine.transitions if t.target == how.target and t.emits),
            f"{pascal(name)}Changed",
        )
    appended = draft.req.entity(name).mutability == "append_only"
    if how.kind == "create" and use_case.interaction == "scheduled" and _made_by_people(draft, name):
        return f"{pascal(name)}Updated"  # a job over records people create updates them (a roll-up): no news
    if appended or how.kind == "create":
        return f"{pascal(name)}{'Recorded' if appended else 'Created'}"
    return f"{pascal(name)}{'Deleted' if how.kind == 'delete' else 'Updated'}"


def _made_by_people(draft: Draft, name: str) -> bool:
    """Whether a use case other than a job creates records of the entity."""
    return any(u.interaction != "scheduled" for u in creates(draft.req, draft.req.entity(name)))


def _consumers(
    draft: Draft,
    use_case: UseCase,
    part: Part,
    name: str,
    keepers: dict[str, list[str]],
    told: dict[str, list[tuple[UseCase, str]]],
    hands_over: bool,
) -> list[str]:
    """Who must hear of a change to an entity, each for a reason: services that keep a copy of it, the owner's
    indexer, stores of derived copies, the owner persisting records accepted into the log first, and the services
    that push its changes to people or systems."""
    entity = draft.entity(name)
    owner = entity.owner
    consumers = [c for c in keepers.get(name, []) if c != owner]
    if entity.search_index and owner not in consumers and not _log_fed(draft, entity.search_index):
        consumers.append(owner)  # the owner's indexer keeps the search index in step
    consumers += [s for s in _copy_keepers(draft, name) if s not in consumers]
    logged = draft.store(entity.store).kind == "time-series"  # the log is its source: every write goes there
    # a batch its owner accepts is stored in the owner's own transaction; one handed over by an edge tier is not
    first = use_case.interaction == "stream" or logged or (use_case.interaction == "batch" and hands_over)
    if first and (part.mode == "own" or hands_over) and owner not in consumers:
        consumers.append(owner)  # accepted into the log first, persisted by the owner's consumer
    for push, notifier in told.get(name, []):
        if push.name == use_case.name or notifier in consumers or not tells(draft, push, use_case, name):
            continue
        if housekeeping(draft.req, use_case, name):
            continue  # a job's pass over people's records is no news to a person or an outside system
        if notifier != owner or part.mode != "event":
            consumers.append(notifier)  # another's change, or its own pushed from the outbox once committed
    return consumers


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
            if draft.service(service) is None or service in captured(draft):
                continue  # the database's log feeds it: events as well would index every row twice
            for name in consumed:
                _listen(draft, service, name)


def _document_feeds(draft: Draft) -> None:
    """A search document that carries a related record's fields (a listing's part) is kept in step by that
    record's events, taken by whoever keeps the documents: the one path every change of them reaches the index."""
    entities = {e.name: e for e in draft.entities}
    fed = captured(draft)  # the database's log brings these keepers every row change: no event besides
    for searched, records in carried(entities, draft.services).items():
        for keeper in indexers(draft.services, draft.events, entities[searched]):
            for name in records if keeper not in fed else []:
                _listen(draft, keeper, name)
    # one indexer keeps a whole index: a record searched there beside the others (vehicles among suggestions)
    # reaches it the way they do, never through its owner writing the index as well
    for store in (s.name for s in draft.stores if s.kind == "search"):
        kept = [e for e in draft.entities if e.search_index == store]
        keepers = {k for e in kept for k in indexers(draft.services, draft.events, e) if k != e.owner and k not in fed}
        for entity in kept:
            for keeper in sorted(keepers):
                _listen(draft, keeper, entity.name)


def _movement_events(draft: Draft) -> None:
    """A transition that moves money is announced to the ledger's keeper when another service keeps the ledger: it
    posts from the event, on the movement's own key, once the record's change is committed."""
    kept = ledger_keeper(draft.services, draft.entities)
    if kept is None:
        return
    for entity, move, _ in movements(draft.entities):
        if entity.owner == kept[0] or move.use_case is None or not move.emits:
            continue
        trigger = f"the {move.name} transition moves the {entity.name} to {move.target}"
        _event(draft, move.emits, entity.owner, [kept[0]], entity.name, move.use_case, trigger)
    chart(draft)


def _listen(draft: Draft, service: str, name: str) -> None:
    """A service takes the change events of an entity; the owner starts announcing one nobody listened to yet."""
    known = [e for e in draft.events if e.entity == name]
    for event in known:
        if service not in event.consumers and service != event.producer:
            event.consumers.append(service)
    writers = [u for u in draft.req.use_cases if name in u.writes]
    if not known and writers and any(e.name == name for e in draft.entities):
        owner = draft.entity(name).owner
        if owner == service:
            return  # the owner keeps its own documents in the transaction that changes them
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
    same = [e for e in draft.events if e.name == name or re.fullmatch(rf"{re.escape(name)}\d+", e.name)]
    existing = next((e for e in same if e.producer == producer and e.entity == entity and entity is not None), None)
    if existing is None and same:
        name = f"{name}{len(same) + 1}"  # another producer's event (or another job) whose name reads the same
    design = next((e for e in draft.entities if e.name == entity), None)
    if existing is not None:
        existing.consumers += [c for c in consumers if c not in existing.consumers]
        if use_case and use_case not in existing.use_cases:
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
            use_cases=[use_case] if use_case else [],
            ordering_key=stream_key(design) if design else ("id" if entity else None),
            outbox=True,
        )
    )


def event_rate(draft: Draft, event: Event) -> float:
    """Events a second at peak after three years, as the capacity model counts them."""
    return event_rates.event_rate(draft.req, event, draft.entities)


def _choose_channels(draft: Draft, journaled: list[str]) -> None:
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
    # a queue hands each message to one consumer: several consuming services need a copy each
    consuming = sorted({c for e in draft.events for c in e.consumers})
    shared = next((e for e in draft.events if len(e.consumers) > 1), None)
    fans_out = len(consuming) > 1
    fan_reason = (
        f"{shared.name} goes to {english.join(shared.consumers)}"
        if shared is not None
        else f"{english.join(consuming)} each consume their own events"
    )
    db_rate = constant("db_queue_events_per_second").value
    # the job table lives in the database the system already has: its engine, not the catalog's default
    relational = next((s.technology for s in draft.stores if s.kind == "relational"), draft.catalog["relational"])
    skip = _claimed_how(draft, relational)
    stream_rate = sum(event_rate(draft, e) for e in streams)
    # streams beyond a job table go to a log only where its replay serves: a second consumer keeping a copy
    shared_stream = next((e for e in streams if len(e.consumers) > 1), None)
    replayed = stream_rate >= db_rate and shared_stream is not None
    if "kafka" in must or style == "event-driven" or rate >= log_rate or replayed or journaled:
        kind, technology = "log", draft.catalog["log"]
        reason = (
            "constraints.must_use names Kafka"
            if "kafka" in must
            else f"{english.join(journaled)} keep no point-in-time recovery: they are rebuilt by replaying the log"
            if journaled and rate < log_rate and stream_rate < db_rate
            else f"{number(rate)} events a second at peak after 3 years, more than a queue carries cheaply "
            f"({log_rate:,.0f}), and consumers need ordering per key and replay"
            if rate >= log_rate
            else f"the streamed records must be replayable by every consumer that keeps a copy "
            f"({shared_stream.name} goes to {english.join(shared_stream.consumers)})"
            if shared_stream is not None and replayed
            else "the architecture is event-driven: consumers subscribe to what the services publish"
        )
    elif draft.small and rate < db_rate:
        kind, technology = "queue", f"{relational} job table ({skip})"
        reason = f"{number(rate)} events a second at peak after 3 years and one database: a job table adds no component"
        if fans_out:
            kind, technology = "pubsub", f"{relational} job table with one job per consuming service ({skip})"
    elif fans_out:
        kind, technology = "pubsub", draft.catalog["pubsub"]
        reason = (
            f"{number(rate)} events a second at peak after 3 years, and {fan_reason}: a topic gives each consuming "
            "service its own queue"
        )
    else:
        kind, technology = "queue", draft.catalog["queue"]
        reason = (
            f"{number(rate)} events a second at peak after 3 years for one consuming service: a managed queue is "
            "simplest"
            + (
                f"; the streamed records ({number(stream_rate)} a second) have one consumer and nothing replays "
                "them, so a log's cluster would buy nothing"
                if stream_rate >= db_rate
                else ""
            )
        )
    system = slug(req.system.name, "system")
    cluster = f"{system}-{'jobs' if kind == 'queue' else 'events'}"
    job_table = "job table" in technology
    groups: dict[str, list[Event]] = {}
    for event in draft.events:
        topic = f"{slug(event.entity or event.name, 'events')}-events" if kind == "log" else cluster
        groups.setdefault(topic, []).append(event)
    for topic, events in groups.items():
        if kind == "log" and _signals(draft, topic, events):
            continue
        channel = Channel(
            name=topic,
            kind=kind,
            technology=technology,
            cluster=cluster,
            delivery="at-least-once",
            retries="exponential backoff with jitter: 1 s, 2 s, 4 s, 8 s, 16 s (5 attempts)",
            dead_letter=(
                "failed_jobs table"
                if job_table
                else f"{topic}-dead-letters, one per consuming service"
                if kind == "pubsub"
                else f"{topic}-dead-letters"
            ),
            retention="7 days" if kind == "log" else "4 days",
        )
        draft.channels.append(channel)
        for event in events:
            event.channel = channel.name
    options = [
        option(
            draft.catalog["pubsub"],
            "A topic in front of one queue per consuming service: every service gets its own copy of each message.",
            ["each consuming service retries and dead-letters on its own", "no brokers to run; pay per message"],
            ["no replay once consumed", "a new consumer sees only messages published after it subscribed"],
        ),
        option(
            draft.catalog["queue"],
            "A managed queue: each message delivered to one consumer, deleted once handled.",
            ["no capacity planning; pay per message", "dead-letter queues and redrive built in"],
            ["one message reaches one consumer: a second consuming service needs a topic in front", "no replay"],
        ),
        option(
            draft.catalog["log"],
            "A partitioned, replicated log: each consuming service reads every message through its own consumer "
            "group and offsets, and can replay.",
            ["high throughput with ordering per key", "replay rebuilds read models and feeds new consumers"],
            ["partitions, retention and consumer lag to operate", "a fixed monthly cost even when idle"],
        ),
        option(
            f"{relational} job table",
            f"Jobs as rows in the system's own database, claimed with {_claimed_how(draft, relational)}; one job per "
            "consuming service.",
            ["no new infrastructure; jobs commit atomically with the data", "easy to inspect with SQL"],
            ["load lands on the primary database", "fan-out writes a row per consuming service"],
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
            _outbox(draft),
            "delivery is at-least-once: every consumer is idempotent (it records the event ids it has processed)",
            *(
                [
                    "every consuming service reads through its own "
                    + ("consumer group" if kind == "log" else "queue")
                    + ", so each gets every message meant for it and a slow consumer delays only itself"
                ]
                if kind != "queue"
                else []
            ),
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


def _signals(draft: Draft, topic: str, events: list[Event]) -> bool:
    """Changes of a record kept only in memory (presence, typing) are signals the next one replaces: they travel on
    the live store's own pub/sub, not the durable log, which would write and keep for days what is gone in a minute."""
    live = live_only(draft.stores, events[0].entity)
    if live is None:
        return False
    known = signals()
    channel = Channel(
        name=f"{slug(events[0].entity or topic, 'events')}-{known.channel_suffix}",
        kind="pubsub",
        technology=known.technology.format(store=live.technology),
        cluster=live.name,
        delivery=known.delivery,
        retries=known.retries,
        dead_letter=None,
        retention=known.retention,
    )
    draft.channels.append(channel)
    for event in events:
        event.channel = channel.name
        event.outbox = False  # nothing durable to keep in step with: the signal is the record
    return True


def _decide_no_messaging(draft: Draft) -> None:
    """Record why the design has no queue or log: nothing needs to happen outside a request."""
    relational = next((s.technology for s in draft.stores if s.kind == "relational"), draft.catalog["relational"])
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
                f"A jobs table claimed with {_claimed_how(draft, relational)}, ready for background work.",
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


def _outbox(draft: Draft) -> str:
    """How producers publish their events, in the terms of their databases: an outbox committed with the data
    where the engine commits several rows together, the change stream or a retried publish where it cannot."""
    producing = {e.store for e in draft.entities if any(ev.entity == e.name for ev in draft.events)}
    apart = sorted(
        s.name
        for s in draft.stores
        if s.name in producing and not draft.catalog.engine(s.technology).has(Features(transactions="multi-row"))
    )
    direct = publish_directly(draft)
    if not apart and direct:
        return (
            f"producers with a database write events to an outbox table in the same transaction as the data; a relay "
            f"publishes them; {direct}"
        )
    if not apart:
        return "producers write events to an outbox table in the same transaction as the data; a relay publishes them"
    return (
        "producers whose database commits several rows together record each event with its data and a relay "
        f"publishes it; {english.join(apart)} cannot, so {'its' if len(apart) == 1 else 'their'} events come from "
        "the change stream, or are published after the write and retried until sent (consumers drop duplicates)"
    )


def publish_directly(draft: Draft) -> str:
    """The producers that keep no database and so no outbox, and what that means for their callers; '' if none."""
    direct = sorted({e.producer for e in draft.events if not e.outbox})
    if not direct:
        return ""
    one = len(direct) == 1
    return (
        f"{english.join(direct)} {'keeps' if one else 'keep'} no database and so no outbox: "
        f"{'it publishes' if one else 'they publish'} before answering, and a request fails while the broker is down"
    )


def _claimed_how(draft: Draft, technology: str) -> str:
    """How workers claim a job row on the engine: skipping rows others locked where it locks rows, otherwise a
    conditional update that only one worker's claim wins (an engine with optimistic concurrency has no row locks)."""
    if draft.catalog.engine(technology).locking == "optimistic":
        return "a conditional update that only one worker's claim wins"
    return "SELECT … FOR UPDATE SKIP LOCKED"


def captured(draft: Draft) -> set[str]:
    """The services a pattern feeds from the database's log (change data capture): their store follows the log,
    so no event feeds it too."""
    words = derived_feeds()
    out: set[str] = set()
    for found in draft.patterns:
        for spec in (f for f in found.pattern.contributes.flows if found.allows(f)):
            out |= {text(draft, found, step.target) for step in spec.steps if words.captured(step.message)}
    return {s for s in out if draft.service(s) is not None}


def _link_captured(draft: Draft) -> None:
    """A service the log feeds writes the store its flow indexes into (the search index): it keeps that store,
    and answers from it, with no event to say so."""
    fed = captured(draft)
    names = {s.name for s in draft.stores}
    for found in draft.patterns:
        for spec in (f for f in found.pattern.contributes.flows if found.allows(f)):
            for step in spec.steps:
                source, target = text(draft, found, step.source), text(draft, found, step.target)
                service = draft.service(source)
                if source not in fed or target not in names or service is None:
                    continue
                if target not in service.stores:
                    service.stores.append(target)
                store = draft.store(target)
                if source not in store.services:
                    store.services.append(source)


def _log_fed(draft: Draft, store: str) -> bool:
    """Whether a service the database's log feeds keeps the store."""
    return any((service := draft.service(name)) is not None and store in service.stores for name in captured(draft))
