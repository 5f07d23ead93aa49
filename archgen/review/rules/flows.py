"""Flow rules: each service writes only what it owns, transactions stay inside one database, every consuming service
gets its own copy of an event, and what a flow promises about time and external calls holds."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from ruamel.yaml import YAML

from archgen.capacity.measure import side_effect
from archgen.design.model import Flow, FlowStep
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


@functools.cache
def words() -> Words:
    """The shipped word lists the flow rules read steps with."""
    text = resources.files("archgen.knowledge").joinpath("flow_words.yaml").read_text("utf-8")
    data = YAML(typ="safe", pure=True).load(text)
    return Words(frozenset(data["writes"]), tuple(data["atomic"]), tuple(data["guarded"]))


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
