"""Flow rules: each service writes only what it owns, transactions stay inside one database, every consuming service
gets its own copy of an event, and what a flow promises about time and external calls holds."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from ruamel.yaml import YAML

from archgen.capacity.constants import constant
from archgen.capacity.load import bulk_job, records_per_run
from archgen.capacity.measure import after_commit, side_effect
from archgen.common import english
from archgen.design.counters import counters, rolled_up
from archgen.design.model import FLOW_EDGES, Endpoint, Event, Flow, FlowStep
from archgen.knowledge.contracts import contracts
from archgen.knowledge.hotspots import fans_out
from archgen.requirements.intent import creates, notified_states
from archgen.review.engine import Found, Problem, Subject, rule

# A consumer of its own event has a reason when it feeds something its transaction cannot write: a search index, a
# copy in another store, records accepted into the log before they are stored, or an external system told after
# the commit. Work accepted for later (an event about no entity) goes to its own workers by design.


@dataclass(frozen=True)
class Words:
    """The word lists of flow_words.yaml."""

    writes: frozenset[str]
    atomic: tuple[str, ...]
    guarded: tuple[str, ...]
    opens: tuple[str, ...]
    guards: tuple[str, ...]
    meaningful_states: frozenset[str]
    creation_suffixes: tuple[str, ...]
    removal_suffixes: tuple[str, ...]


@functools.cache
def words() -> Words:
    """The shipped word lists the flow rules read steps with."""
    text = resources.files("archgen.knowledge").joinpath("flow_words.yaml").read_text("utf-8")
    data = YAML(typ="safe", pure=True).load(text)
    return Words(
        frozenset(data["writes"]),
        tuple(data["atomic"]),
        tuple(data["guarded"]),
        tuple(data["opens"]),
        tuple(data["guards"]),
        frozenset(data["meaningful_states"]),
        tuple(data["creation_suffixes"]),
        tuple(data["removal_suffixes"]),
    )


def _writes(step: FlowStep) -> bool:
    first = step.message.strip().split(" ", 1)[0].lower().strip(":,")
    return step.kind != "reply" and first in words().writes


def _named(message: str, names: list[str]) -> list[str]:
    """The names (entities, stores) a step's message mentions as whole words."""
    return [n for n in names if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", message)]


def _steps(subject: Subject) -> list[tuple[int, Flow, int, FlowStep]]:
    return [(i, f, j, s) for i, f in enumerate(subject.design.flows) for j, s in enumerate(f.steps)]


@rule("FLOW001", "error", "flows", "A service writes another service's data")
def foreign_write(subject: Subject) -> Found:
    """A flow step has a service write an entity in the store where that entity lives although another service
    owns it: the owner's rules and events are bypassed."""
    for i, flow, j, step in _steps(subject):
        if step.source not in subject.services or step.target not in subject.stores or not _writes(step):
            continue
        for name in _named(step.message, list(subject.entities)):
            entity = subject.entities[name]
            if entity.store == step.target and entity.owner != step.source and entity.owner in subject.services:
                yield Problem(
                    element=flow.use_case,
                    at=("flows", i, "steps", j),
                    message=f"step {j + 1}: {step.source} writes {name} in {step.target}, which {entity.owner} owns",
                    fix=f"have {entity.owner} write it, through its own operation or from an event it consumes",
                )


def _claims(subject: Subject) -> list[tuple[tuple[str | int, ...], str, str, str]]:
    """(key path, element, text, the store it writes to if any) of every statement that can claim a transaction."""
    out: list[tuple[tuple[str | int, ...], str, str, str]] = []
    for i, flow, j, step in _steps(subject):
        target = step.target if step.target in subject.stores and step.kind != "reply" else ""
        out.append((("flows", i, "steps", j), flow.use_case, step.message, target))
    security = subject.design.security
    out.append((("security", "audit"), "security", security.audit, ""))
    for i, threat in enumerate(security.threats):
        out.append((("security", "threats", i, "mitigation"), threat.target, threat.mitigation, ""))
    return out


@rule("FLOW002", "error", "flows", "One transaction across databases")
def split_transaction(subject: Subject) -> Found:
    """A step or a security statement says writes commit together, but what it names lives in different
    databases: no single transaction spans them, so a crash leaves one written and not the other."""
    entities, stores = list(subject.entities), list(subject.stores)
    for path, element, text, target in _claims(subject):
        said = text.lower()
        if not any(p in said for p in words().atomic):
            continue
        named = _named(text, entities)
        where = {subject.entities[n].store for n in named} | set(_named(text, stores)) | ({target} if target else set())
        where = {w for w in where if w in subject.stores and subject.stores[w].kind not in ("search", "cache")}
        if len(where) > 1:
            yield Problem(
                element=element,
                at=path,
                message=f"claims one transaction over {', '.join(sorted(where))}, which are different databases",
                fix="commit in one database and carry the rest through the outbox to its owner, or keep the "
                "data together",
            )


@rule("FLOW003", "error", "flows", "An event for several services on one queue")
def shared_queue(subject: Subject) -> Found:
    """An event several services consume travels on a queue, which hands each message to one of them: the
    others never see it."""
    kinds = {c.name: c.kind for c in subject.design.channels}
    for i, event in enumerate(subject.design.events):
        consumers = sorted(set(event.consumers))
        if kinds.get(event.channel) == "queue" and len(consumers) > 1:
            yield Problem(
                element=event.name,
                at=("events", i, "channel"),
                message=f"goes to {', '.join(consumers)} through the queue {event.channel}, which delivers each "
                "message "
                "to only one of them",
                fix="publish it to a topic with a queue (subscription) per consuming service, or to a log that each "
                "reads with its own consumer group",
            )


def _self_reason(subject: Subject, event_entity: str | None, producer: str) -> bool:
    """Whether a service has a reason to consume its own event (see the note at the top)."""
    if event_entity is None or event_entity not in subject.entities:
        return True
    entity = subject.entities[event_entity]
    if entity.search_index or entity.owner != producer:
        return True
    if any(event_entity in s.entities and s.name != entity.store for s in subject.design.stores):
        return True  # it keeps a derived copy elsewhere (a live index, a warehouse)
    service = subject.services.get(producer)
    if service is not None and service.integrations:
        return True  # it tells an external system once the change is committed
    return subject.stores[entity.store].kind == "time-series" if entity.store in subject.stores else False


@rule("FLOW004", "warning", "flows", "A service consumes its own change for nothing")
def self_consumed(subject: Subject) -> Found:
    """A service consumes the change events it publishes about its own data with nothing to feed: the work belongs
    in its transaction, and the round trip through the broker only adds delay and failure."""
    for i, event in enumerate(subject.design.events):
        if event.producer in event.consumers and not _self_reason(subject, event.entity, event.producer):
            yield Problem(
                element=event.name,
                at=("events", i, "consumers"),
                message=f"{event.producer} publishes it and consumes it itself, with no index, copy or outside "
                "system to feed",
                fix=f"drop {event.producer} from its consumers and do the work in the transaction that publishes it",
            )


@rule("FLOW005", "error", "flows", "A push that nothing sets off")
def untriggered_push(subject: Subject) -> Found:
    """A use case that pushes to people or systems has no event, schedule or call in its flow that sets it off: it
    never runs."""
    pushes = {u.name for u in subject.req.use_cases if u.interaction == "push"}
    channels = {c.name for c in subject.design.channels}
    for i, flow in enumerate(subject.design.flows):
        if flow.use_case not in pushes or not flow.steps:
            continue
        first = flow.steps[0]
        started = first.source in channels or first.source == "scheduler" or first.source in subject.services
        set_off = started and first.source != first.target
        if not set_off:
            yield Problem(
                element=flow.use_case,
                at=("flows", i, "steps"),
                message=f"starts with '{first.message}': no event, schedule or call sets it off",
                fix="have the notifying service consume the events of the changes it tells of",
            )


@rule("FLOW006", "error", "flows", "An event about data its producer does not own")
def foreign_event(subject: Subject) -> Found:
    """A service publishes a change event about an entity another service owns, and the owner does not take it in:
    consumers learn of a change the owner never made."""
    for i, event in enumerate(subject.design.events):
        entity = subject.entities.get(event.entity or "")
        if entity is None or entity.owner == event.producer or entity.owner not in subject.services:
            continue
        if entity.owner in event.consumers:
            continue  # records accepted at the edge and handed to their owner, who stores them
        yield Problem(
            element=event.name,
            at=("events", i, "producer"),
            message=f"{event.producer} publishes a change to {entity.name}, which {entity.owner} owns",
            fix=f"let {entity.owner} publish it once it has made the change, or make {entity.owner} its consumer",
        )


@rule("FLOW007", "error", "flows", "Step budgets add up to more than the target")
def step_budgets(subject: Subject) -> Found:
    """The latency budgets of a flow's steps sum above its p99 target: the target cannot be met even when every
    step keeps to its budget."""
    for i, flow in enumerate(subject.design.flows):
        total = sum(s.budget_ms for s in flow.steps)
        if flow.latency_budget_ms and total > flow.latency_budget_ms:
            yield Problem(
                element=flow.use_case,
                at=("flows", i, "steps"),
                message=f"its steps' budgets add up to {total} ms; the target is {flow.latency_budget_ms} ms",
                fix="share the target among the synchronous steps the caller waits for, with headroom kept back",
            )


@rule("FLOW008", "error", "flows", "An external call before the commit that a retry repeats")
def unguarded_call(subject: Subject) -> Found:
    """A flow calls an external system that acts on each call (moves money, sends a message) and only then commits
    its own change, without saying the call is idempotent: a retry after a failed commit repeats it."""
    harmful = {x.name for x in subject.design.integrations if side_effect(x.kind, x.name)}
    for i, flow in enumerate(subject.design.flows):
        for j, step in enumerate(flow.steps):
            if step.target not in harmful or step.kind != "sync":
                continue
            if any(p in step.message.lower() for p in words().guarded):
                continue
            commits = [k for k, s in enumerate(flow.steps) if s.source == step.source and s.target in subject.stores]
            commits = [k for k in commits if _writes(flow.steps[k])]
            if commits and commits[0] > j:  # its first commit comes after the call
                yield Problem(
                    element=flow.use_case,
                    at=("flows", i, "steps", j),
                    message=f"step {j + 1}: {step.source} calls {step.target} before it commits its own change",
                    fix="send the request's idempotency key with the call (or record the intent first and call from "
                    "the outbox after the commit)",
                )


def _says(step: FlowStep, phrases: tuple[str, ...]) -> bool:
    return any(p in step.message.lower() for p in phrases)


def _acting(subject: Subject) -> set[str]:
    """The external systems a call changes something in (money, messages)."""
    return {x.name for x in subject.design.integrations if side_effect(x.kind, x.name)}


def _before_reply(flow: Flow) -> int:
    """Where the answer to the caller starts (the end when nobody waits for one)."""
    return next((i for i, s in enumerate(flow.steps) if s.kind == "reply" and s.target == flow.actor), len(flow.steps))


@rule("FLOW009", "error", "flows", "Money or messages leave before the guard passes")
def call_before_guard(subject: Subject) -> Found:
    """A flow calls an external system that acts (charges a card, sends money or a message) before the step that
    checks the change is allowed or records its intent: a refused or crashed change leaves the act done with no
    record to reconcile it against."""
    acting = _acting(subject)
    for i, flow in enumerate(subject.design.flows):
        end = _before_reply(flow)
        for j, step in enumerate(flow.steps[:end]):
            if step.target not in acting or step.kind != "sync":
                continue
            later = [
                k
                for k in range(j + 1, end)
                if flow.steps[k].kind == "sync"
                and (
                    _says(flow.steps[k], words().guards)
                    or (flow.steps[k].target in subject.stores and _writes(flow.steps[k]))
                )
            ]
            if later:
                yield Problem(
                    element=flow.use_case,
                    at=("flows", i, "steps", j),
                    message=f"step {j + 1}: {step.source} calls {step.target} before step {later[0] + 1} "
                    f"('{flow.steps[later[0]].message[:60]}') checks or records the change",
                    fix="check the guard and record the intent (a pending record, the funds reserved) in one local "
                    "transaction first, then call with the intent's id as idempotency key; the answer or a signed "
                    "webhook moves the record on, a refusal releases the reservation",
                )


def _commits(subject: Subject, step: FlowStep) -> bool:
    """Whether a step commits a transaction in a store of the design."""
    committed = _says(step, words().atomic) and not _says(step, words().opens)  # "inside this transaction" opens one
    return step.target in subject.stores and _writes(step) and committed


@rule("FLOW010", "error", "flows", "An external call inside an open transaction")
def call_in_transaction(subject: Subject) -> Found:
    """A flow calls an external system between a step that writes inside a transaction and the step that commits
    it: the transaction (its locks, its connection) stays open for the provider's round trip, and a rollback
    cannot take back what the provider did."""
    acting = _acting(subject)
    for i, flow in enumerate(subject.design.flows):
        steps = flow.steps
        for j, step in enumerate(steps):
            if step.target not in acting or step.kind != "sync":
                continue

            opened = next(
                (k for k in range(j - 1, -1, -1) if _commits(subject, steps[k]) or _says(steps[k], words().opens)), None
            )
            inside = _says(step, words().opens) or _says(step, words().atomic)
            if opened is not None and not _commits(subject, steps[opened]):
                closed = next((k for k in range(j + 1, len(steps)) if _commits(subject, steps[k])), None)
                inside = inside or closed is not None
            if inside:
                yield Problem(
                    element=flow.use_case,
                    at=("flows", i, "steps", j),
                    message=f"step {j + 1}: {step.source} calls {step.target} while its transaction is open",
                    fix="commit the intent first, then call the provider outside any transaction and record its "
                    "answer in a second, short transaction",
                )


def _created_before_meaningful(subject: Subject, event: Event) -> bool:
    """Whether an event announces a record that is not news yet: it is no transition's event, and the record's
    lifecycle starts in a state that means nothing to people and reaches one that does later."""
    entity = subject.entities.get(event.entity or "")
    machine = entity.state_machine if entity is not None else None
    if machine is None or any(t.emits == event.name for t in machine.transitions):
        return False
    meaningful = words().meaningful_states
    return machine.initial not in meaningful and any(s in meaningful for s in machine.states)


@rule("FLOW011", "warning", "flows", "People are told of a record before it is ready for them")
def early_notification(subject: Subject) -> Found:
    """A consumer that notifies people (a push, a message) reacts to the event of a record's creation although the
    record's lifecycle reaches a published or ready state later: people are told of something they cannot see yet,
    or that moderation will never let out."""
    acting = _acting(subject)
    events = {(e.channel, e.name): e for e in subject.design.events}
    components = {*subject.services, *subject.stores, *acting, "gateway", *(c.name for c in subject.design.channels)}
    for i, flow in enumerate(subject.design.flows):
        for j, step in enumerate(flow.steps):
            event = events.get((step.source, step.message))
            if event is None or not _created_before_meaningful(subject, event):
                continue
            told = [s for s in flow.steps[j + 1 :] if s.source == step.target]
            if any(s.target in acting or (s.kind == "async" and s.target not in components) for s in told):
                yield Problem(
                    element=flow.use_case,
                    at=("flows", i, "steps", j),
                    message=f"step {j + 1}: {step.target} tells people of {event.name}, before the "
                    f"{event.entity} reaches a state that means something to them",
                    fix=f"notify on the transition that makes the {event.entity} ready (published, approved), "
                    "not on its creation",
                )


@rule("FLOW012", "error", "flows", "A job announces records it does not create")
def job_creation_event(subject: Subject) -> Found:
    """A scheduled job publishes the creation event of records it only updates (a roll-up of counters): every run
    tells every consumer that the records are new, and whoever notifies people on it floods them."""
    events = {(e.channel, e.name): e for e in subject.design.events}
    use_cases = {u.name: u for u in subject.req.use_cases}
    requirements = {e.name: e for e in subject.req.data.entities}
    for i, flow in enumerate(subject.design.flows):
        use_case = use_cases.get(flow.use_case)
        scheduled = (use_case is not None and use_case.interaction == "scheduled") or (
            bool(flow.steps) and flow.steps[0].source == "scheduler"
        )
        if not scheduled:
            continue
        for j, step in enumerate(flow.steps):
            event = events.get((step.target, step.message))
            if event is None or event.entity not in requirements or not event.name.endswith(words().creation_suffixes):
                continue
            entity = requirements[event.entity]
            makers = [u for u in creates(subject.req, entity) if u.interaction != "scheduled"]
            # a job writing records that people create updates them (a roll-up of counters), whatever its verb
            made = use_case is not None and use_case in creates(subject.req, entity) and not makers
            if not made:
                yield Problem(
                    element=flow.use_case,
                    at=("flows", i, "steps", j),
                    message=f"step {j + 1}: the job publishes {event.name}, yet it creates no {event.entity}",
                    fix=f"publish an update event (or none) for the {event.entity} records the job changes",
                )


@rule("FLOW013", "error", "flows", "Flow step through a component the design lacks")
def step_through_missing_component(subject: Subject) -> Found:
    """A flow routes a call or message through a service, store, channel or system the design does not define (one
    removed by an edit, say): its sequence diagram shows work nothing will do."""
    design = subject.design
    known = {
        *FLOW_EDGES,
        *(s.name for s in design.services),
        *(s.name for s in design.stores),
        *(c.name for c in design.channels),
        *(c.name for c in design.caches),
        *(d.name for d in design.deployables),
        *(r.name for r in design.realtime),
        *(i.name for i in design.integrations),
        *(r.name for r in subject.req.users.roles),
    }
    for i, flow in enumerate(design.flows):
        # an edge may name which of its kinds it is: "gateway (device)"; a name may hold brackets of its own
        missing = sorted(
            {p for s in flow.steps for p in (s.source, s.target) if p not in known and p.split(" (")[0] not in known}
        )
        if missing:
            yield Problem(
                element=flow.use_case,
                at=("flows", i, "steps"),
                message=f"the flow goes through {', '.join(missing)}, which the design does not define",
                fix="route the flow through what carries the use case now, or put back what it names",
            )


@rule("FLOW020", "error", "flows", "An event nobody consumes")
def unconsumed_event(subject: Subject) -> Found:
    """An event the design publishes that no service consumes (and no log keeps for replay): an outbox, a relay
    and a topic kept running for an announcement nobody acts on, or a reaction someone meant to write and never
    did."""
    logs = {c.name for c in subject.design.channels if c.kind == "log"}
    for i, event in enumerate(subject.design.events):
        if not event.consumers and event.channel not in logs:
            yield Problem(
                element=event.name,
                at=("events", i, "consumers"),
                message=f"{event.producer} publishes {event.name} on {event.channel or 'no channel'}, and nothing "
                "consumes it",
                fix="give it the consumer that acts on it (a notification, a copy, a follow-up step), or stop "
                "publishing it",
            )


@rule("FLOW021", "error", "flows", "A lifecycle emits an event the design does not carry")
def emitted_but_not_carried(subject: Subject) -> Found:
    """A transition says it emits an event that the design's events do not list: no channel carries it and no one
    consumes it, so whoever should react to the transition (a notification on confirmation) never hears of it."""
    carried = {e.name for e in subject.design.events}
    for i, entity in enumerate(subject.design.entities):
        machine = entity.state_machine
        for j, transition in enumerate(machine.transitions if machine else []):
            if transition.emits and transition.emits not in carried:
                yield Problem(
                    element=entity.name,
                    at=("entities", i, "state_machine", "transitions", j, "emits"),
                    message=f"the {transition.name} transition emits {transition.emits}, which no channel carries "
                    "and no service consumes",
                    fix=f"declare {transition.emits} with the consumer that acts on it, or let the transition emit "
                    "nothing",
                )


@rule("FLOW022", "error", "flows", "People are told on a change, not on the transition they care about")
def notified_on_the_wrong_event(subject: Subject) -> Found:
    """A phone notification about a record with a lifecycle is set off by an event that is not the emit of the
    transition it tells of (a video's every update, not its publication; an outage's creation, not its
    confirmation): people are told too often, too early, or never of what they asked for."""
    design = subject.design
    pushed = {u for c in design.realtime if c.protocol == "mobile-push" for u in c.use_cases}
    events = {(e.channel, e.name): e for e in design.events}
    entities = {e.name: e for e in design.entities}
    shown = words().meaningful_states
    known = {e.name for e in subject.req.data.entities}
    for use_case in (u for u in subject.req.use_cases if u.interaction == "push" and u.name in pushed):
        i, flow = next(((i, f) for i, f in enumerate(design.flows) if f.use_case == use_case.name), (None, None))
        if flow is None or i is None:
            continue
        for j, step in enumerate(flow.steps):
            event = events.get((step.source, step.message))
            entity = entities.get(event.entity or "") if event is not None else None
            machine = entity.state_machine if entity is not None else None
            if event is None or machine is None or event.entity not in known:
                continue
            states = notified_states(use_case, subject.req.entity(event.entity or ""), shown)
            moves = [t for t in machine.transitions if t.target in states]
            if moves and all(t.emits != event.name for t in moves):
                names = ", ".join(t.emits or f"the {t.name} transition" for t in moves)
                yield Problem(
                    element=use_case.name,
                    at=("flows", i, "steps", j),
                    message=f"step {j + 1}: people are told on {event.name}, but what they are told of is "
                    f"{', '.join(states)} ({names})",
                    fix="subscribe the notification to the event the transition into that state emits",
                )


_KEPT_COPY = re.compile(r"its copy of (\w+) \(kept from ([\w-]+)'s events\)")


@rule("FLOW030", "error", "flows", "A copy kept from events its owner never publishes")
def unfed_copy(subject: Subject) -> Found:
    """A step reads a copy a service keeps from the owner's events, yet the owner publishes no event of that entity
    the service consumes: the copy is never written, so every answer built on it is empty or stale. Reference
    data nothing changes comes from an import or an operation that creates it, or is read by a call."""
    design = subject.design
    for i, flow in enumerate(design.flows):
        for j, step in enumerate(flow.steps):
            found = _KEPT_COPY.search(step.message)
            if found is None:
                continue
            entity, owner = found.groups()
            if any(e.entity == entity and step.source in e.consumers for e in design.events):
                continue
            yield Problem(
                element=step.source,
                at=("flows", i, "steps", j),
                message=f"{step.source} reads its copy of {entity} kept from {english.possessive(owner)} events "
                f"('{flow.use_case}'), "
                f"but no event of {entity} that {step.source} consumes is published",
                fix=f"have {owner} publish every change of {entity} with {step.source} among the consumers, or read "
                f"{entity} by a call, or say where it comes from (an import, an operation that creates it)",
            )


@rule("FLOW031", "error", "flows", "A count its maintainer is never told of")
def unfed_counter(subject: Subject) -> Found:
    """A record keeps a count of records another service owns (a post's like_count, a member's follower_count),
    yet the service that keeps it consumes no event of those records: the count never moves."""
    design = subject.design
    index = {e.name: i for i, e in enumerate(design.entities)}
    for counter in counters(design.entities):
        keeper, counted = counter.entity.owner, counter.counted
        stored = next(f for f in counter.entity.fields if f.name == counter.field)
        if stored.set_by != "server" or counted.owner == keeper or rolled_up(counter, subject.req.use_cases):
            continue  # counted in the owner's transaction, or by the job that rolls the records up
        if any(e.entity == counted.name and keeper in e.consumers for e in design.events):
            continue
        yield Problem(
            element=counter.entity.name,
            at=("entities", index[counter.entity.name], "fields"),
            message=f"{counter.entity.name}.{counter.field} counts {counted.name} records, which {counted.owner} "
            f"owns, but {keeper} (which keeps the count) consumes no event of {counted.name}",
            fix=f"have {counted.owner} publish each {counted.name} added or removed with {keeper} among the "
            f"consumers, and show the step that updates {counter.field}",
        )


@rule("FLOW032", "error", "flows", "An event-driven step whose event nobody publishes")
def unpublished_trigger(subject: Subject) -> Found:
    """A flow has a service act on an event (delivered to it by a channel) that the design's events do not list,
    or list without that service among its consumers: the step never runs."""
    design = subject.design
    channels = {c.name for c in design.channels}
    events = {e.name: e for e in design.events}
    services = {s.name for s in design.services}
    for i, flow in enumerate(design.flows):
        for j, step in enumerate(flow.steps):
            if step.kind != "async" or step.source not in channels or step.target not in services:
                continue
            name = step.message.split(" ", 1)[0]
            event = events.get(name)
            if event is not None and (step.target in event.consumers or step.target == event.producer):
                continue
            yield Problem(
                element=step.target,
                at=("flows", i, "steps", j),
                message=f"'{flow.use_case}' has {step.target} take {name} from {step.source}, but "
                + ("no service publishes it" if event is None else f"{step.target} is not among its consumers"),
                fix=f"publish {name} with {step.target} among its consumers, or drop the step",
            )


_OPERATION = re.compile(r"^(GET|POST|PUT|PATCH|DELETE) (/[^\s?]+)")
_ENTITY_READ = re.compile(r"^(get|list|fetch) ([A-Z]\w*)$")


def _service_calls(subject: Subject) -> list[tuple[int, Flow, int, FlowStep]]:
    """Synchronous steps from one service to another shipped apart: calls over the network to its API."""
    services = subject.services
    return [
        (i, f, j, s)
        for i, f, j, s in _steps(subject)
        if s.kind == "sync"
        and s.source in services
        and s.target in services
        and s.source != s.target
        and services[s.source].deployable != services[s.target].deployable
    ]


def _called(subject: Subject, step: FlowStep) -> tuple[bool, Endpoint | None]:
    """Whether the step names an operation of its target, and the one it names if the target has it."""
    target = subject.services[step.target]
    named = _OPERATION.match(step.message)
    if named:
        method, path = named.groups()
        return True, next((e for e in target.endpoints if e.method == method and e.path == path), None)
    read = _ENTITY_READ.match(step.message.strip())
    if read:
        return True, next((e for e in target.endpoints if e.method == "GET" and e.entity == read.group(2)), None)
    return False, None


@rule("FLOW040", "error", "flows", "A call to an operation the target does not expose")
def call_to_missing_operation(subject: Subject) -> Found:
    """A service calls another service, shipped apart, for an operation that service's API does not have: the step
    cannot be built as drawn."""
    for i, flow, j, step in _service_calls(subject):
        names, endpoint = _called(subject, step)
        if names and endpoint is None:
            yield Problem(
                element=flow.use_case,
                at=("flows", i, "steps", j),
                message=f"{step.source} calls {step.target} for '{step.message}', which {step.target} does not expose",
                fix=f"name the {step.target} operation it calls, or add an internal one to {step.target} "
                "(service callers only) and name it",
            )


SERVICE_READS = ("get", "list", "search", "aggregate", "nearby")


def _depends(subject: Subject, step: FlowStep) -> bool:
    return step.target in subject.services[step.source].depends_on


@rule("FLOW041", "error", "flows", "A service calls an operation only people may call")
def call_without_service_identity(subject: Subject) -> Found:
    """A service calls another's operation that accepts only a person's token (or none): the calling service has no
    person's token to send, so the call fails or the service borrows a user's identity."""
    for i, flow, j, step in _service_calls(subject):
        _, endpoint = _called(subject, step)
        if endpoint is None or "service" in (endpoint.auth, *endpoint.other_callers):
            continue
        # a person's read also takes the mutual-TLS identity of the services that depend on its owner
        if endpoint.action in SERVICE_READS and endpoint.auth == "user" and _depends(subject, step):
            continue
        yield Problem(
            element=flow.use_case,
            at=("flows", i, "steps", j),
            message=f"{step.source} calls {endpoint.method} {endpoint.path} on {step.target}, which accepts "
            f"{endpoint.auth} callers only, not a service",
            fix=f"let {endpoint.method} {endpoint.path} accept service callers, or add an internal operation",
        )


@rule("FLOW042", "error", "flows", "A job reads another service's records through its API in bulk")
def job_paging_an_api(subject: Subject) -> Found:
    """A scheduled job whose run reads more records than one may ask for (thousands of calls of a page of 100)
    asks another service's API for them instead of reading a replica, a rollup or a stream it is given."""
    use_cases = {u.name: u for u in subject.req.use_cases}
    limit = constant("bulk_read_records").value
    for i, flow, j, step in _service_calls(subject):
        use_case = use_cases.get(flow.use_case)
        if use_case is None or not bulk_job(subject.req, use_case):
            continue
        names, endpoint = _called(subject, step)
        if names and (endpoint is None or endpoint.method == "GET"):
            yield Problem(
                element=flow.use_case,
                at=("flows", i, "steps", j),
                message=f"a run reads up to {records_per_run(subject.req, use_case):,.0f} records (more than "
                f"{limit:,.0f}), yet asks {english.possessive(step.target)} API for them ('{step.message}')",
                fix=f"read them in bulk from {english.possessive(step.target)} store under a read-only role "
                "(a replica or rollup), "
                "or from a stream the job is given",
            )


@rule("FLOW043", "error", "flows", "A bulk job hands an external system its records call by call")
def export_by_calls(subject: Subject) -> Found:
    """A scheduled job over more records a run than one may send one by one calls an external system without
    saying how the run is transferred (a file, a bulk load): one call per record, or one call for millions."""
    use_cases = {u.name: u for u in subject.req.use_cases}
    kinds = {x.name: x.kind for x in subject.req.integrations}
    for i, flow in enumerate(subject.design.flows):
        use_case = use_cases.get(flow.use_case)
        if use_case is None or not bulk_job(subject.req, use_case):
            continue
        for j, step in enumerate(flow.steps):
            kind = kinds.get(step.target)
            if kind is None or step.kind == "reply" or after_commit(kind, step.target):
                continue
            contract = contracts().of(f"{step.target} {kind}")
            if contract is not None and contract.transfers is not None and contract.transfers.per_item:
                continue  # a provider that moves money per item takes no file (API162 holds it to its own calls)
            if not re.search(r"\b(file|bulk)", step.message.lower()):
                yield Problem(
                    element=flow.use_case,
                    at=("flows", i, "steps", j),
                    message=f"the job sends a run's records to {step.target} as '{step.message}', not as a file "
                    "or bulk load",
                    fix=f"deliver the run to {step.target} as one file or bulk load in its import channel, with "
                    "a manifest and its acknowledgement",
                )


@rule("FLOW086", "error", "flows", "A fan-out step without a size")
def unsized_fanout(subject: Subject) -> Found:
    """A step copies one write to (or gathers one read from) every member of a set (every follower's timeline,
    every connected device, the posts of every followed account) yet states no figure of how many a second and has
    no budget of its own: the step that grows with the largest set is the one nobody sized."""
    for i, flow in enumerate(subject.design.flows):
        for j, step in enumerate(flow.steps):
            if fans_out(step.message) and not re.search(r"\d", step.message) and not step.budget_ms:
                yield Problem(
                    element=flow.use_case,
                    at=("flows", i, "steps", j, "message"),
                    message=f"'{step.message}' fans out to a whole set with no size: how many a second at peak "
                    "is not stated",
                    fix="state the copies or reads a second at peak after 3 years (calls × set size, from the load "
                    "model) and size the store and workers that carry them",
                )
