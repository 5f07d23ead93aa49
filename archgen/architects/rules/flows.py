"""Each use case traced through the design, both sides: the caller, the operation, what the carrier reads and writes
and what it asks the owners of other data to write, the events each owner publishes and what every consumer does
with them, the external calls (those that only tell of a change go out after the commit), and where the latency
budget goes."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Literal

from archgen.architects.rules.consent import consent_steps
from archgen.architects.rules.creators import creators
from archgen.architects.rules.disclosures import disclosure_steps
from archgen.architects.rules.draft import Draft
from archgen.architects.rules.fetch_calls import fetch_steps
from archgen.architects.rules.field_sources import is_tenant_key, role_entity
from archgen.architects.rules.internal import service_list, service_read
from archgen.architects.rules.ownership import (
    Part,
    after_commit_calls,
    home,
    notifiers,
    reads,
    repeats_harm,
    subjects,
    telling_calls,
    tells,
    told_transitions,
    transaction_store,
    writes,
)
from archgen.architects.rules.patterns import listed, text
from archgen.architects.rules.postings import event_posting, same_service_postings
from archgen.architects.rules.services import _reaches
from archgen.capacity.constants import constant
from archgen.capacity.load import actor_kind, bulk_job
from archgen.capacity.measure import bulk_protocol, delivery_wording, per_message
from archgen.common import english
from archgen.design import claim_periods, decisions, holds
from archgen.design.addressing import Address, Holding, narrowing, start
from archgen.design.awaited import awaited_event, awaited_move
from archgen.design.channels import pushed_to
from archgen.design.connections import HELD_OPEN
from archgen.design.counters import counters, rolled_up
from archgen.design.holding import hold_sentence
from archgen.design.live import not_yet_assigned
from archgen.design.model import Endpoint, Event, Flow, FlowStep, Index, Transition
from archgen.design.money import money_children
from archgen.design.redirects import SEE_OTHER, destination
from archgen.design.search_docs import carried, indexers, scopes
from archgen.design.sourcing import bulk_system, source_of, sync_job
from archgen.design.step_calls import fitting
from archgen.knowledge.boundaries import boundaries
from archgen.knowledge.catalog import Engine, Features
from archgen.knowledge.contracts import contracts
from archgen.knowledge.holds import hold_words
from archgen.knowledge.money import is_posting, money_words, name_words
from archgen.knowledge.payment_channels import by_bank_file, channel_of
from archgen.knowledge.reservations import reservation_words
from archgen.knowledge.scheduling import accepts_key, scheduling
from archgen.knowledge.single_writer import single_writer
from archgen.knowledge.sources import sources
from archgen.requirements.intent import searches, verbs, words, write_kind
from archgen.requirements.model import UseCase

# how long each kind of step takes relative to a hop; the synchronous steps a caller waits for share its target
WEIGHTS = {
    "edge": "step_weight_hop",
    "service": "step_weight_hop",
    "read": "step_weight_read",
    "write": "step_weight_write",
    "call": "step_weight_call",
}
WRITING = ("create", "update", "replace", "delete", "transition", "command")
StepKind = Literal["sync", "async", "reply"]
NESTING = 2  # consumers whose own events are followed into their consumers, at most this deep


@dataclass
class _Trace:
    """The steps of one flow with the kind of work each is, so the latency budget can be shared at the end."""

    steps: list[FlowStep] = field(default_factory=list)
    shares: list[str] = field(default_factory=list)
    guard_at: int | None = None  # where the carrier's own writes start: a pattern's guard goes in front of them

    def add(self, source: str, target: str, message: str, kind: StepKind = "sync", share: str = "") -> None:
        self.steps.append(FlowStep(source=source, target=target, message=message, kind=kind))
        self.shares.append(share)


def _lookup(draft: Draft, use_case: UseCase, name: str) -> str:
    """A job that loads records from a system that hands over extracts fetches its file; others call it."""
    system = next((i for i in draft.req.integrations if i.name == name), None)
    if system is not None and use_case.interaction == "scheduled" and use_case.writes and bulk_system(system):
        return sources().fetch.format(system=name)
    return f"call {name}"


def plan_flows(draft: Draft) -> None:
    """A flow per use case, with the consumer side of every event it publishes."""
    for use_case in draft.req.use_cases:
        trace = _steps(draft, use_case)
        _availability(draft, use_case, trace)
        for at, posting in same_service_postings(draft, use_case.name, trace.steps):
            trace.steps.insert(at, posting)
            trace.shares.insert(at, "write" if posting.kind == "sync" else "")
        privacy = [*consent_steps(draft, use_case, trace.steps), *disclosure_steps(draft, use_case, trace.steps)]
        for at, step in sorted(privacy, key=lambda found: -found[0]):  # last first, so each place still holds
            trace.steps.insert(at, step)
            trace.shares.insert(at, "")
        for at, step in fetch_steps(draft, use_case, trace.steps):  # in order: the call, then its answer
            trace.steps.insert(at, step)
            trace.shares.insert(at, "")
        actor = participant(draft, use_case)
        for found in draft.patterns:
            for spec in found.pattern.contributes.flows:
                if use_case.name in listed(draft, found, spec.use_case) and found.allows(spec):
                    draft.credit(found.pattern.id, f"steps in the flow of {use_case.name}")
                    if spec.replace:
                        trace = _Trace()
                    added = [
                        FlowStep(
                            source=text(draft, found, s.source),
                            target=text(draft, found, s.target),
                            message=text(draft, found, s.message),
                            kind=s.kind,
                        )
                        for s in spec.steps
                    ]
                    added = [a for a in added if not _said_in_place(trace.steps, a)]
                    reply = _caller_reply(trace.steps, actor)
                    # a guard checks before anything is written or sent, inside the transaction it protects
                    guard = trace.guard_at if trace.guard_at is not None else reply
                    at = guard if spec.at == "before-reply" else len(trace.steps)
                    trace.steps[at:at] = added
                    trace.shares[at:at] = [""] * len(added)
        trace.shares = [
            share or _kind_of_step(draft, step, actor) for step, share in zip(trace.steps, trace.shares, strict=True)
        ]
        budget = use_case.latency_p99_ms or draft.req.quality.latency_p99_ms
        # work accepted for later answers at once: its target is for the whole job, the acceptance gets the default
        waited = min(budget, draft.req.quality.latency_p99_ms) if _accepts(draft, use_case) else budget
        _share_budget(trace, waited, actor)
        draft.flows.append(
            Flow(
                use_case=use_case.name,
                actor=actor,
                description=use_case.description or "",
                steps=trace.steps,
                latency_budget_ms=budget,
            )
        )
        _depend_on_called(draft, trace.steps, actor)
        steps = trace.steps
        draft.trace(
            requirement=f"use_cases[{use_case.name}]",
            statement=use_case.description or use_case.name,
            elements=sorted({s.target for s in steps if s.kind != "reply"} - {"gateway", use_case.actor or ""}),
            decisions=[],
        )


def _depend_on_called(draft: Draft, steps: list[FlowStep], actor: str) -> None:
    """A service a flow shows calling another while the caller waits depends on it, as its page says (a timeline
    merging and hydrating posts depends on the posts service), unless the call would close a cycle."""
    services = {s.name: s for s in draft.services}
    order = list(services)
    for step in steps[: _caller_reply(steps, actor)]:
        source, target = services.get(step.source), services.get(step.target)
        if step.kind != "sync" or source is None or target is None or source is target:
            continue
        graph = {s.name: set(s.depends_on) for s in draft.services}
        if target.name not in source.depends_on and not _reaches(graph, target.name, source.name):
            source.depends_on = sorted({*source.depends_on, target.name}, key=order.index)


def _accepts(draft: Draft, use_case: UseCase) -> bool:
    """Whether the use case's operation answers before the work is done (202, or a webhook's 200)."""
    found = _operation(draft, use_case)
    return found is not None and (found[1].async_ or found[1].action in ("ingest", "webhook"))


def _kind_of_step(draft: Draft, step: FlowStep, actor: str) -> str:
    """The kind of work a step a pattern or a posting adds is, from what it reaches, so it gets its share of the
    budget like the steps traced here: the caller's hop to the edge, a hop, a read of a store or cache (a pattern's
    synchronous store steps read: its writes go out after the reply), a call of another service or system."""
    if step.kind != "sync":
        return ""
    if step.target == "gateway":
        return "edge" if step.source == actor else "service"
    if step.source == "gateway" or step.target == step.source:
        return "service"
    # a store or cache, or another service answering from its data
    reached = {*(x.name for x in draft.stores), *(x.name for x in draft.caches), *(x.name for x in draft.services)}
    return "read" if step.target in reached else "call"


def _caller_reply(steps: list[FlowStep], actor: str) -> int:
    """Where the answer to the caller starts (the end when nobody waits for one)."""
    return next((i for i, s in enumerate(steps) if s.kind == "reply" and s.target in ("gateway", actor)), len(steps))


def _share_budget(trace: _Trace, budget: int, actor: str) -> None:
    """Each request the caller makes in a flow (a use case may take two, such as two searches) gets an equal part
    of the use case's p99 target, shared among the synchronous steps it waits for: the use case as a whole keeps to
    its target."""
    starts = [
        i for i, s in enumerate(trace.steps) if i and s.kind == "sync" and s.source == actor and s.target == "gateway"
    ]
    bounds = [0, *starts, len(trace.steps)]
    for first, last in itertools.pairwise(bounds):
        part = _Trace(steps=trace.steps[first:last], shares=trace.shares[first:last])
        _share_segment(part, budget // (len(bounds) - 1), actor)


def _share_segment(trace: _Trace, budget: int, actor: str) -> None:
    """The synchronous steps the caller waits for share its p99 target, headroom kept back, so the step budgets
    always add up to less than the target. The caller's hop to the edge gets the round trip the region plan allows
    the network (the same share the regions are chosen by); the steps behind the edge share the rest by weight."""
    waited = _caller_reply(trace.steps, actor)
    if waited == len(trace.steps):
        return  # nobody waits: a job, a push or a background consumer has no per-step budget
    waits = [i < waited and s.kind == "sync" for i, s in enumerate(trace.steps)]
    network = budget * constant("region_rtt_share").value
    edge = [
        w and share == "edge" and s.source == actor
        for w, s, share in zip(waits, trace.steps, trace.shares, strict=True)
    ]
    weights = [
        constant(WEIGHTS[share]).value if share in WEIGHTS and waited_for and not at_edge else 0.0
        for waited_for, at_edge, share in zip(waits, edge, trace.shares, strict=True)
    ]
    total = sum(weights)
    spendable = budget * (1 - constant("flow_headroom").value) - (network if any(edge) else 0.0)
    for step, weight, at_edge in zip(trace.steps, weights, edge, strict=True):
        if at_edge:
            step.budget_ms = int(network)
        elif total:
            step.budget_ms = int(spendable * weight / total)


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
    # a decision that also blocks or removes what it is about is drawn with its acting outcome, not its dismissal
    skipped = _dismissals(draft, use_case.name)
    acting = decisions.acting(draft.entities, use_case.name)
    for service in draft.services:
        for endpoint in service.endpoints:
            if use_case.name in endpoint.use_cases and (endpoint.entity, endpoint.transition) in acting:
                return service.name, endpoint
    # the step that moves a linked record with it is the one the flow shows (the loan's hand-out, not its approval)
    for entity, move in holds.leading_moves(draft.entities, use_case.name):
        for service in draft.services:
            for endpoint in service.endpoints:
                if (
                    use_case.name in endpoint.use_cases
                    and (endpoint.entity, endpoint.transition)
                    == (
                        entity.name,
                        move.name,
                    )
                    and (entity.name, move.name) not in skipped
                ):
                    return service.name, endpoint
    serving = [(s.name, e) for s in draft.services for e in s.endpoints if use_case.name in e.use_cases]
    serving = [(n, e) for n, e in serving if (e.entity, e.transition) not in skipped] or serving
    if not serving:
        return None
    # of the moves the use case makes, the one it is named for leads (check in a guest, not mark a no-show)
    every = [e for s in draft.services for e in s.endpoints]
    chosen = fitting(draft.entities, every, use_case.name, [e for _, e in serving], widest=False)
    return next((name, e) for name, e in serving if e is chosen)


def _dismissals(draft: Draft, use_case: str) -> set[tuple[str | None, str | None]]:
    """The dismissing outcomes of the records a use case decides, when it also enforces on another record."""
    decided = decisions.outcomes(draft.entities, use_case)
    if not [n for n, _ in decisions.enforcing(draft.entities, use_case) if n not in decided]:
        return set()
    return {(name, m.name) for name, moves in decided.items() for m in moves if decisions.dismisses(m)}


def _steps(draft: Draft, use_case: UseCase) -> _Trace:
    trace = _Trace()
    actor = participant(draft, use_case)
    carrier = home(draft, use_case)
    interaction = use_case.interaction
    channel = next((c for c in draft.realtime if use_case.name in c.use_cases), None)
    if interaction == "scheduled":
        job = next((j for j in draft.jobs if j.use_case == use_case.name), None)
        when = job.schedule if job else "on its schedule"
        trace.add("scheduler", carrier, f"run '{use_case.name}' ({when})", "async")
        _work(draft, use_case, carrier, trace, waiting=False)
        _publish(draft, use_case, carrier, trace)
        return trace
    if interaction == "push":
        _push(draft, use_case, carrier, trace)
        return trace
    if interaction == "stream" and channel is not None:
        trace.add(actor, carrier, f"{use_case.name} message over {channel.protocol}", "async", "edge")
        events = _events(draft, use_case)
        for event in events:
            verb = "publish" if _signal(draft, event.channel) else "append"  # a signal is sent, not kept
            trace.add(event.producer, event.channel, f"{verb} {event.name}", "async")
        trace.add(carrier, actor, "acknowledged (QoS 1)" if channel.protocol == "mqtt" else "acknowledged", "reply")
        for event in events:
            _consumers(draft, use_case, event, trace)
        return trace
    found = _operation(draft, use_case)
    if found is None:
        trace.add(actor, "gateway", f"{use_case.name}: no operation carries it")
        return trace
    carrier, endpoint = found
    entry = "gateway"
    signed = " (signed)" if endpoint.auth == "signature" else ""
    trace.add(actor, entry, f"{endpoint.method} {endpoint.path}{signed}", "sync", "edge")
    trace.add(entry, carrier, "verified request" if signed else "authenticated request", "sync", "service")
    if endpoint.auth == "signature":
        store = draft.entity(endpoint.entity).store if endpoint.entity else carrier
        trace.add(carrier, store, "verify signature; record the event id (duplicates stop here)", "sync", "write")
    if endpoint.async_ or endpoint.action in ("ingest", "webhook"):
        _accepted(draft, use_case, carrier, endpoint, actor, trace)
        return trace
    _work(draft, use_case, carrier, trace, waiting=True)
    status = {"create": "201 Created", "delete": "204 No Content"}.get(endpoint.action, "200 OK")
    if endpoint.status == SEE_OTHER:
        status = _see_other(draft, endpoint)
    trace.add(carrier, entry, status, "reply")
    # the address is said once, where it is decided
    trace.add(entry, actor, status.split(" (")[0] if endpoint.status == SEE_OTHER else status, "reply")
    for owner, other in _apart(draft, use_case):
        # the caller asks each other kind it looks for at the same time, from its own search
        trace.add(actor, entry, f"{other.method} {other.path} (at the same time)", "sync")
        trace.add(entry, owner, "authenticated request", "sync")
        _read(draft, use_case, owner, other.entity or "", "own", trace)
        trace.add(owner, entry, "200 OK", "reply")
        trace.add(entry, actor, "200 OK", "reply")
    _publish(draft, use_case, carrier, trace)
    return trace


def _see_other(draft: Draft, endpoint: Endpoint) -> str:
    """The answer of an operation that sends its caller elsewhere, naming the address it sends them to."""
    where = destination(draft.entities, endpoint.entity or "") or "the address still to be named"
    return f"303 See Other (Location: {where})"


def _apart(draft: Draft, use_case: UseCase) -> list[tuple[str, Endpoint]]:
    """The searches besides the use case's first operation that it makes for the other kinds it names (people,
    and posts by hashtag), each with the service that answers it."""
    found = _operation(draft, use_case)
    if found is None or not searches(use_case):
        return []
    return [
        (s.name, e)
        for s in draft.services
        for e in s.endpoints
        if use_case.name in e.use_cases and e.action == "search" and e.entity not in (None, found[1].entity)
    ]


def _accepted(draft: Draft, use_case: UseCase, carrier: str, endpoint: Endpoint, actor: str, trace: _Trace) -> None:
    """Work accepted at once and done in the background: stored with its job in one transaction, then taken up by
    the carrier's workers (or, from an edge tier that keeps nothing, appended to the log for the owners)."""
    events = _events(draft, use_case)
    service = draft.service(carrier)
    handed_over = service is not None and not service.entities and bool(events)
    if handed_over:
        for event in events:
            trace.add(carrier, event.channel, f"append {event.name} (acknowledged by every replica)", "sync", "write")
    else:
        store = transaction_store(draft, carrier, []) or carrier
        together = _engine(draft, store) is None or _one_transaction(draft, store)
        accepted = "store the work + outbox in one transaction" if together else "store the work; a job picks it up"
        trace.add(carrier, store, f"accept: {accepted}", "sync", "write")
    answer = "202 Accepted" if endpoint.action != "webhook" else "200 OK (processing continues)"
    if endpoint.status == SEE_OTHER:
        answer = _see_other(draft, endpoint)
    trace.add(carrier, "gateway", answer, "reply")
    trace.add("gateway", actor, answer.split(" (")[0] if endpoint.status == SEE_OTHER else answer, "reply")
    if handed_over:
        for event in events:
            _consumers(draft, use_case, event, trace)
        return
    job = next((e for e in events if e.entity is None and e.producer == carrier), None)
    if job is not None:
        trace.add(carrier, job.channel, job.name, "async")
        taker = "a worker" if any(d.kind == "worker" for d in draft.deployables) else "a background task"
        trace.add(job.channel, carrier, f"{job.name} ({taker} takes the job)", "async")
        _work(draft, use_case, carrier, trace, waiting=False)
        _publish(draft, use_case, carrier, trace, skip={job.name})
        others = [c for c in job.consumers if c != carrier]
        if others:
            _consumers(draft, use_case, job.model_copy(update={"consumers": others}), trace)
        return
    _publish(draft, use_case, carrier, trace)


def _work(draft: Draft, use_case: UseCase, carrier: str, trace: _Trace, waiting: bool) -> None:
    """What the carrier does itself: its reads, the external calls its change depends on, the owners it asks to
    write their part now, and its own transaction. External calls that only tell of the change wait for the commit
    (the caller does not); when nobody waits, they follow the commit here."""
    parts = writes(draft, use_case, carrier)
    checked = {n for p in parts if p.mode == "call" for n in p.entities}
    apart = {e.entity for _, e in _apart(draft, use_case)}
    found = [r for r in reads(draft, use_case, carrier) if r.entity not in apart]  # asked from their own search
    entities = {e.name: e for e in draft.entities}
    holding = _holding(draft, use_case)
    caller = role_entity(draft.req, use_case.actor) if use_case.actor else None
    narrowed = narrowing(entities, holding.lead, caller, use_case.reads) if holding and holding.listing else {}
    narrowed = {n: f for n, f in narrowed.items() if not is_tenant_key(draft, f)}  # the tenant wall holds that
    if searches(use_case) or narrowed:
        # what the caller may see is read first and filters the query itself, never the results after it
        scoping = {s for n in use_case.reads for s in scopes(entities, n, use_case.reads)} | set(narrowed)
        found = sorted(found, key=lambda r: r.entity not in scoping)
    for read in found:
        if read.entity in checked:  # the owner checks it inside its own operation
            continue
        address = holding.address(entities, read.entity) if holding is not None else None
        if address is not None and address.kind == "none" and read.mode == "call":
            continue  # nothing the flow holds names one yet: there is nothing to ask its owner for
        said = "".join(
            f", filtered in the query by the caller's {english.plural(n)} ({f} in theirs)" for n, f in narrowed.items()
        )
        lead = holding is not None and read.entity == holding.lead and read.mode in ("own", "shared")
        _read(draft, use_case, carrier, read.entity, read.mode, trace, address, said if lead else "")
        if holding is not None and address is not None:
            holding.learn(entities, read.entity, address)
    # a job has no consumer of its own change to tell others from: it tells them itself once committed
    later = (
        telling_calls(draft, use_case) if use_case.interaction == "scheduled" else after_commit_calls(draft, use_case)
    )
    if bulk_job(draft.req, use_case):
        _work_in_bulk(draft, use_case, carrier, parts, trace)
        return
    acting = [n for n in use_case.calls if n not in later and repeats_harm(draft, n)]
    for name in use_case.calls:
        if name not in later and name not in acting:  # a lookup the change depends on
            trace.add(carrier, name, _lookup(draft, use_case, name), "sync", "call")
    # who may take the step (four eyes, an authority limit) is checked on the record read, before anything is written
    for move in guarded_moves(draft, use_case):
        trace.add(carrier, carrier, f"check the {move.name} guard: {move.guard}", "sync")
    for claim, index in _claimed(draft, use_case):
        trace.add(
            carrier,
            claim.entity.store,
            f"claim the {claim.resource} through {index.name}: a second live {claim.entity.name} of it is refused "
            "by the store (409 Conflict)",
            "sync",
        )
    if trace.guard_at is None:
        trace.guard_at = len(trace.steps)
    _write(draft, use_case, carrier, parts, trace)
    # what acts on the world (money, messages) goes out once the guard has passed and the intent is committed,
    # never inside an open transaction; its outcome moves the record on, a refusal releases what was reserved
    kinds = {i.name: i.kind for i in draft.req.integrations}
    for name in acting:
        # a job pays a bank in one batch file before its cut-off, never one keyed API call a payment
        if use_case.interaction == "scheduled" and by_bank_file(kinds.get(name, ""), name):
            trace.add(carrier, name, _bank_file(kinds.get(name, ""), name), "sync", "call")
            continue
        trace.add(carrier, name, _acting_call(draft, name), "sync", "call")
    if not waiting:
        for name in later:
            trace.add(carrier, name, _telling_call(draft, name), "sync")


def _availability(draft: Draft, use_case: UseCase, trace: _Trace) -> None:
    """A browse or search of a resource claimed for periods reads the claims that overlap the period asked about:
    the resource's own state says nothing of next week's loans. The step follows the read of the claims, if any."""
    found = _operation(draft, use_case)
    if found is None:
        return
    words = hold_words().periods
    for claim in holds.claims(draft.entities, holds.said_of(draft.req)):
        index = holds.enforcing(claim)
        if index is None or claim.period is None or found[1] not in holds.browsing(claim, draft.services, draft.req):
            continue
        owner = claim.entity.owner
        reads = [i for i, s in enumerate(trace.steps) if s.target == owner and claim.entity.name in s.message]
        at = reads[0] + 1 if reads else _caller_reply(trace.steps, participant(draft, use_case))
        first, last = words.inputs
        message = words.availability_step.format(
            entity=claim.entity.name,
            resource=claim.resource,
            start=claim.period[0],
            end=claim.period[1],
            first=first,
            last=last,
            index=index.name,
        )
        source = owner if reads else found[0]
        trace.steps.insert(at, FlowStep(source=source, target=claim.entity.store, message=message, kind="sync"))
        trace.shares.insert(at, "read")


def _claimed(draft: Draft, use_case: UseCase) -> list[tuple[holds.Claim, Index]]:
    """The exclusive claims a person's use case takes: it makes the record, or moves it, into a state that holds
    the resource."""
    out = []
    for claim in holds.claims(draft.entities, holds.said_of(draft.req)):
        index = holds.enforcing(claim)
        machine = claim.entity.state_machine
        if index is None or machine is None or claim.entity.name not in use_case.writes or use_case.actor is None:
            continue
        moves = [t for t in machine.transitions if t.use_case == use_case.name]
        # a unit a later step assigns is claimed from that step on, not when the record is sold
        assigning = claim_periods.assigned_by(claim.entity, claim.resource, draft.req)
        if assigning is not None:
            claim = holds.Claim(claim.entity, claim.resource, claim_periods.from_step(claim.entity, assigning), None)
        # it enters the held states here (made into one, or moved from a state that holds nothing)
        made = machine.initial in claim.states and any(
            e.action == "create" and e.entity == claim.entity.name and use_case.name in e.use_cases
            for s in draft.services
            for e in s.endpoints
        )
        if made or any(t.target in claim.states and not set(t.source) & set(claim.states) for t in moves):
            out.append((claim, index))
    return out


def guarded_moves(draft: Draft, use_case: UseCase) -> list[Transition]:
    """The guarded steps a person's use case takes: their conditions are checked in its flow."""
    out: list[Transition] = []
    for entity in (e for e in draft.entities if e.name in use_case.writes and e.state_machine is not None):
        assert entity.state_machine is not None
        # a use case that makes the record takes only the step it is made with (a claim being reported is not
        # withdrawn in the same request)
        how = write_kind(use_case, draft.req.entity(entity.name))
        out += [
            t
            for t in entity.state_machine.transitions
            if t.use_case == use_case.name
            and t.guard
            and use_case.actor in t.roles
            and (how.kind != "create" or t.target == how.target)
        ]
    return out


def _work_in_bulk(draft: Draft, use_case: UseCase, carrier: str, parts: list[Part], trace: _Trace) -> None:
    """A job over more records a run than one may ask for one by one: it reads them from its own store or from the
    owners' read replicas, writes its result, and hands an external system the run as one transfer (a file, a bulk
    load) in that system's import channel, never a call per record."""
    if trace.guard_at is None:
        trace.guard_at = len(trace.steps)
    _write(draft, use_case, carrier, parts, trace)
    kinds = {i.name: i.kind for i in draft.req.integrations}
    telling = telling_calls(draft, use_case)  # messages to people still go one a recipient
    for name in use_case.calls:
        if name in telling:
            trace.add(carrier, name, _telling_call(draft, name), "sync")
            continue
        if per_message(kinds.get(name, ""), name):
            # an e-mail, SMS or push provider sends to people one by one: the run hands it a message a recipient
            trace.add(carrier, name, delivery_wording().per_recipient.format(name=name), "sync", "call")
            continue
        contract = contracts().of(f"{name} {kinds.get(name, '')}")
        per_item = contract is not None and contract.transfers is not None and contract.transfers.per_item
        direction = contracts().money_direction
        if _fetches(use_case):
            # a job that checks or reads the other side's records (reconcile, audit) takes them from it, and sends
            # nothing: money moves, and deliveries, are other use cases' work; a provider with an API per item
            # answers its report by API, others send a file
            how = "from its reporting API" if per_item else "as one file (its report or statement)"
            message = f"fetch {name}'s records for the run's period {how} and match them against the run's records "
            message += "by their reference; what does not match is recorded for follow-up"
            trace.add(carrier, name, message, "sync", "call")
            continue
        if contract is not None and contract.transfers is not None and direction.collecting(use_case.name):
            # a run that bills people takes money in: one invoice a customer and period, never a transfer out
            message = f"send the run's records to {name} (after the commit): "
            trace.add(carrier, name, message + direction.collect_protocol.format(name=name), "sync", "call")
            continue
        if contract is not None and contract.transfers is not None and per_item:
            # a provider that works by one API call a record takes no file: the run sends each, keyed; only a
            # job that moves money out uses its transfer API (an invoice run bills, it pays nobody)
            pays = set(words(use_case.name)) & set(contract.transfers.words)
            protocol = (
                contract.transfers.protocol
                if pays
                else (
                    f"one {name} API call a record, each with the record's id as its idempotency key and paced under "
                    "its rate limit"
                )
            )
            message = f"send the run's records to {name} (after the commit): {protocol}"
            trace.add(carrier, name, message, "sync", "call")
            continue
        if by_bank_file(kinds.get(name, ""), name):
            trace.add(carrier, name, _bank_file(kinds.get(name, ""), name), "sync", "call")
            continue
        protocol = bulk_protocol(kinds.get(name, ""), name)
        trace.add(carrier, name, f"deliver the run's records to {name} (after the commit): {protocol}", "sync", "call")


def _fetches(use_case: UseCase) -> bool:
    """Whether a job's verb takes the other side's records in (reconcile, audit, import) rather than hands it
    something (an export, a payout)."""
    return next(iter(words(use_case.name)), "") in verbs().fetch_from


def _bank_file(kind: str, name: str) -> str:
    """The step that hands a run's payments to a bank: one credit-transfer file, its status and statements back."""
    channel = channel_of(kind, name)
    assert channel is not None
    return channel.send.format(name=name)


def _acting_call(draft: Draft, name: str) -> str:
    """A call that acts (money, a message): keyed where the provider honours a key, else from recorded sends."""
    kind = next((i.kind for i in draft.req.integrations if i.name == name), "")
    wording = delivery_wording()
    return _spent(draft, (wording.keyed if accepts_key(kind, name) else wording.unkeyed).format(name=name))


def _telling_call(draft: Draft, name: str) -> str:
    """A call that tells of a committed change: from the outbox (or the send recorded with the change), retried,
    and dead-lettered rather than lost."""
    wording = delivery_wording()
    source = wording.outbox if any(e.outbox for e in draft.events) else wording.recorded
    return _spent(draft, wording.telling.format(name=name, source=source))


def _spent(draft: Draft, call: str) -> str:
    """A call whose retries are spent is dead-lettered only where a queue or job table holds it."""
    spent = scheduling().spent
    return call if draft.channels else call.replace(spent["queued"], spent["unqueued"])


def _holding(draft: Draft, use_case: UseCase) -> Holding | None:
    """What the flow of a caller's operation holds when it starts (None for a job, a stream or a push)."""
    found = _operation(draft, use_case)
    if found is None or use_case.interaction in ("scheduled", "stream", "push"):
        return None
    caller = role_entity(draft.req, use_case.actor) if use_case.actor else None
    return start({e.name: e for e in draft.entities}, draft.services, found[1], caller)


def _read(
    draft: Draft,
    use_case: UseCase,
    carrier: str,
    name: str,
    mode: str,
    trace: _Trace,
    address: Address | None = None,
    said: str = "",
) -> None:
    """One read in the terms of where the record is: its owner's operation (by id, by a link, a page in one call),
    a copy, a live store, a cache or a query (`said`: how the caller's own records filter the query)."""
    entity = draft.entity(name)
    if mode == "call" and bulk_job(draft.req, use_case):
        # a page of 100 a call would take thousands of calls a run: the owner grants the job a read-only role on
        # its store (on a read replica when the store has one, so the run does not load the primary)
        where = "a read replica of " if draft.store(entity.store).read_replicas else ""
        engine = _engine(draft, entity.store)
        rolled = engine is not None and engine.has(Features(rollups=True)) and entity.mutability == "append_only"
        # an engine that keeps rollups as rows arrive answers the run's window from them, not from the raw rows
        what = (
            f"the run's window of {name} from the rollup {where}{entity.store} keeps as rows arrive"
            if rolled
            else f"{name} in bulk from {where}{entity.store}"
        )
        # in a database the carrier shares with the owner, the job reads the owner's view like any module; from
        # another service's database, through the role the owner grants it
        same_db = any(e.owner == carrier and e.store == entity.store for e in draft.entities)
        wording = boundaries().view if same_db else boundaries().bulk_role
        crossing = wording.format(owner=english.possessive(entity.owner) if same_db else entity.owner)
        trace.add(
            carrier,
            entity.store,
            f"read {what} ({crossing}; one streamed query, not {english.possessive(entity.owner)} API)",
            "sync",
            "read",
        )
        return
    if mode == "call":
        source, target = draft.service(carrier), draft.service(entity.owner)
        local = source is not None and target is not None and source.deployable == target.deployable
        if address is not None and address.kind in ("link", "batch", "query"):
            message = _listing_call(draft, carrier, name, address, local)
        elif local:
            # no network, no token
            message = f"get {name} (an in-process call of {english.possessive(entity.owner)} module)"
        else:
            endpoint = service_read(draft, carrier, entity.owner, name)
            message = f"{endpoint.method} {endpoint.path} (service token)"
        trace.add(carrier, entity.owner, message, "sync", "read")
        trace.add(entity.owner, carrier, name, "reply")
        return
    if mode == "copy":
        store = transaction_store(draft, carrier, []) or carrier
        trace.add(
            carrier,
            store,
            f"query its copy of {name} (kept from {english.possessive(entity.owner)} events)",
            "sync",
            "read",
        )
        return
    if mode == "reference":
        store = transaction_store(draft, carrier, []) or carrier
        job = sync_job(draft.jobs, name)
        system = source_of(draft.req.integrations, name)
        if job is not None and system is not None:
            kept = sources().kept_copy.format(entity=name, system=system.name, job=job.name)
            trace.add(carrier, store, kept, "sync", "read")
            return
        said = f"query its copy of {name} (reference data: nothing in the design changes {name}, so no event feeds "
        trace.add(carrier, store, said + "the copy; where it comes from is an open question)", "sync", "read")
        return
    live = next((s for s in draft.stores if s.kind == "in-memory" and name in s.entities), None)
    if live is not None:
        trace.add(carrier, live.name, f"query live {name}", "sync", "read")
        return
    store = entity.search_index if searches(use_case) and entity.search_index else entity.store
    cached = next((c.name for c in draft.caches if name in c.entities), None)
    if cached:
        trace.add(carrier, cached, f"read {name} (cache-aside)", "sync", "read")
    shared = (
        f" ({boundaries().view.format(owner=english.possessive(entity.owner))})"
        if mode == "shared" and entity.owner != carrier
        else ""
    )
    if store == entity.search_index:
        scoping = scopes({e.name: e for e in draft.entities}, name, use_case.reads)
        shared += "".join(
            f", filtered in the query by the caller's {english.plural(s)} ({f} in theirs)"
            for s, f in scoping.items()
            if f"caller's {english.plural(s)} " not in said and not is_tenant_key(draft, f)
        )
    trace.add(carrier, store, f"query {name}{shared}{said}", "sync", "read")


def _listing_call(draft: Draft, carrier: str, name: str, address: Address, local: bool) -> str:
    """A read of the records that link to what the flow holds, of a page's records in one call, or of those the
    request's criteria find: the owner's list operation, filtered by the linking field (added when it lacks it)."""
    owner = draft.entity(name).owner
    records = english.plural(name)
    if address.kind == "query":
        which, by = f"the {records} the request's criteria find, a page at a time", "by the request's criteria"
    elif address.kind == "link":
        which, by = f"the {address.held}'s {records}", f"by {address.filter_name()}"
    elif address.field == "id":
        named = "the page's records name" if address.paged else "it names"
        which, by = f"every {name} {named}, in one call", f"by {address.filter_name()}"
    else:
        held = f"the page's {english.plural(address.held)}" if address.paged else f"every {address.held} it has"
        which, by = f"the {records} of {held}, in one call", f"by {address.field}"
    if local:
        return f"list {name} {by} ({which}; an in-process call of {english.possessive(owner)} module)"
    endpoint = service_list(draft, carrier, owner, name, address)
    query = f"?{address.filter_name()}={{id}}" if address.kind == "link" else ""
    query = f"?{address.filter_name()}={{ids}}" if address.kind == "batch" else query
    return f"{endpoint.method} {endpoint.path}{query} ({which}; service token)"


def _write(draft: Draft, use_case: UseCase, carrier: str, parts: list[Part], trace: _Trace) -> None:
    """The owners asked to write now (through their operations, or as modules inside this transaction), then the
    carrier's own transaction, which says what undoes the owners' part if it fails."""
    outboxed = {e.entity for e in draft.events if e.entity}
    called = [p for p in parts if p.mode == "call"]
    together = [p for p in parts if p.mode == "together"]
    own = next((p for p in parts if p.mode == "own"), None)
    for part in called:
        endpoint = owner_operation(draft, use_case, part)
        if endpoint is not None and "service" not in (endpoint.auth, *endpoint.other_callers):
            endpoint.other_callers.append("service")  # the carrier calls with its own identity, not a person's
        names = english.join(part.entities)
        how = f"{endpoint.method} {endpoint.path}" if endpoint else f"record {names}"
        trace.add(
            carrier,
            part.owner,
            f"{how} (it checks and writes {names}; idempotent on the request's key)",
            "sync",
            "service",
        )
        first, *rest = _by_store(draft, part.entities)
        written = Part(part.owner, first, part.mode)
        # a posting the carrier's move makes (not one it checks a balance with) says what it posts, as the
        # ledger's own step would: a pending hold on a creation, else the record's key
        checked = any(n in use_case.reads for n in part.entities)
        lead = own.entities[0] if own is not None and not checked else None
        trace.add(
            part.owner,
            draft.entity(first[0]).store,
            _posting(draft, use_case, lead, written, outboxed) or _transaction(draft, written, outboxed),
            "sync",
            "write",
        )
        trace.add(part.owner, carrier, "done (or refused: nothing was written)", "reply")
        _elsewhere(draft, part.owner, rest, trace)
    base = transaction_store(draft, carrier, own.entities if own else ())
    for part in together:
        names = english.join(part.entities)
        trace.add(carrier, part.owner, f"write {names} (in-process, inside this transaction)", "sync", "service")
        trace.add(part.owner, base or carrier, f"write {names}", "sync", "write")
    if own is None:
        if together:
            trace.add(carrier, base or carrier, "commit the writes above + outbox (one transaction)", "sync", "write")
        return
    first, *rest = _by_store(draft, own.entities)
    own = Part(own.owner, first, own.mode)
    message = _transaction(draft, own, outboxed)
    if together:
        message += f", together with the writes of {english.join(p.owner for p in together)} above"
    if called:
        undo = english.join(f"{p.owner}'s" for p in called)
        if any(is_posting(n) for p in called for n in p.entities):
            # a posting retried with its own key returns the first result: a reversal needs a key of its own
            message += "; " + money_words().reversal.format(undo=undo)
        else:
            message += f"; if it fails, a compensating call with the same key undoes {undo} part"
    followers = [p.owner for p in parts if p.mode == "event"]
    if followers:
        each = "writes its part" if len(followers) == 1 else "write their parts"
        message += f"; {english.join(followers)} {each} from its event (saga)"
    trace.add(carrier, base or carrier, message, "sync", "write")
    _elsewhere(draft, carrier, rest, trace)


def _by_store(draft: Draft, names: tuple[str, ...]) -> list[tuple[str, ...]]:
    """An owner's entities grouped by the database they live in, in the order given: one transaction each."""
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(draft.entity(name).store, []).append(name)
    return [tuple(g) for g in groups.values()]


def _elsewhere(draft: Draft, owner: str, groups: list[tuple[str, ...]], trace: _Trace) -> None:
    """What an owner keeps in another of its databases follows its first transaction: no transaction spans two."""
    for names in groups:
        store = draft.entity(names[0]).store
        message = f"write {english.join(names)} (after the commit above{_from_outbox(draft)}; idempotent on the id)"
        trace.add(owner, store, message, "async")


def _from_outbox(draft: Draft) -> str:
    """Where work after a commit comes from: the outbox where the design publishes through one."""
    return ", from the outbox" if any(e.outbox for e in draft.events) else ""


def _engine(draft: Draft, store: str) -> Engine | None:
    """The engine of a store of the design (None for a service's own state, which is no store of the design)."""
    kept = next((s for s in draft.stores if s.name == store), None)
    return draft.catalog.engine(kept.technology) if kept is not None else None


def _one_transaction(draft: Draft, store: str) -> bool:
    """Whether a store's engine commits several rows (a record and its outbox row) in one transaction."""
    engine = _engine(draft, store)
    return engine is not None and engine.has(Features(transactions="multi-row"))


def _transaction(draft: Draft, part: Part, outboxed: set[str]) -> str:
    """A write in the terms of its store's engine: with its outbox row in one transaction where the engine has
    them, else the row alone, its event published from the engine's change stream (or after the write)."""
    names = english.join(part.entities)
    published = any(n in outboxed for n in part.entities)
    store = draft.entity(part.entities[0]).store
    engine = _engine(draft, store)
    if engine is None or _one_transaction(draft, store):
        return f"write {names}{' + outbox' if published else ''} (one transaction)"
    if not published:
        return f"write {names}"
    if engine.change_stream:
        return f"write {names}; its change stream publishes the event"
    return f"write {names}, then publish the event (retried until sent; consumers drop duplicates)"


def owner_operation(draft: Draft, use_case: UseCase, part: Part) -> Endpoint | None:
    """The owner's operation that writes its part: one that changes the entity the way the use case does (a
    transition, an update, a create), one meant for other services first."""
    service = draft.service(part.owner)
    if service is None:
        return None
    wanted = {write_kind(use_case, draft.req.entity(n)).kind for n in part.entities}
    candidates = [e for e in service.endpoints if e.entity in part.entities and e.action in WRITING]
    candidates.sort(key=lambda e: (e.action not in wanted, e.auth != "service", e.action != "transition"))
    if not candidates:
        return None
    # a status the use case moves goes through its own transition, never a PATCH or another use case's move
    return fitting(draft.entities, [e for s in draft.services for e in s.endpoints], use_case.name, candidates)


def _events(draft: Draft, use_case: UseCase) -> list[Event]:
    return [e for e in draft.events if use_case.name in e.use_cases]


def _publish(draft: Draft, use_case: UseCase, carrier: str, trace: _Trace, skip: set[str] | None = None) -> None:
    """The events the carrier and the owners it called publish from their outboxes once committed, and what each
    consumer does with them; owners that write their part later publish theirs when they have."""
    parts = writes(draft, use_case, carrier)
    now = {carrier, *(p.owner for p in parts if p.mode in ("call", "together"))}
    for event in _events(draft, use_case):
        if event.producer in now and event.name not in (skip or set()):
            trace.add(event.producer, event.channel, event.name, "async")
            _consumers(draft, use_case, event, trace)


def _consumers(draft: Draft, use_case: UseCase, event: Event, trace: _Trace, depth: int = 0) -> None:
    """The consumer side of an event in one use case: who receives it and what each does with it. A consumer that
    is there for another use case's sake is left out of this one."""
    carrier = home(draft, use_case)
    parts = writes(draft, use_case, carrier)
    announced = _announcement(draft, use_case, carrier, parts)
    told = notifiers(draft)
    for consumer in event.consumers:
        if draft.service(consumer) is None:
            continue
        part = next((p for p in parts if p.owner == consumer and p.mode == "event"), None)
        follows = part if part is not None and announced is not None and event.name == announced.name else None
        lead = announced is not None and event.name == announced.name
        actions = _reactions(draft, use_case, event, consumer, follows, told, lead)
        subject = [event.entity] if event.entity else []
        pushes = [
            pushed
            for name in [*subject, *(follows.entities if follows else ())]
            for pushed, notifier in told.get(name, [])
            if notifier == consumer
            and pushed.name != use_case.name
            and tells(draft, pushed, use_case, name)
            and not _unassigned(draft, event, pushed)
        ]
        if not actions and not pushes:
            continue  # it consumes the event for another use case's sake
        trace.add(event.channel, consumer, event.name, "async")
        for target, message in actions:
            trace.add(consumer, target, message, "async")
        for name in dict.fromkeys(p.name for p in pushes):
            _push_steps(draft, next(p for p in pushes if p.name == name), consumer, trace, event.name)
        if follows is not None and depth < NESTING:
            for follow in _events(draft, use_case):
                if follow.producer == consumer and follow.entity in follows.entities:
                    trace.add(consumer, follow.channel, follow.name, "async")
                    _consumers(draft, use_case, follow, trace, depth + 1)


def _unassigned(draft: Draft, event: Event, pushed: UseCase) -> bool:
    """Whether a push would reach a party the record does not have yet (a new trip's driver, before acceptance)."""
    entity = next((e for e in draft.entities if e.name == event.entity), None)
    party = role_entity(draft.req, participant(draft, pushed))
    return entity is not None and not_yet_assigned(entity, event, party)


def _announcement(draft: Draft, use_case: UseCase, carrier: str, parts: list[Part]) -> Event | None:
    """The event from which the owners that write their part later learn of the carrier's change: the change
    event of what the carrier writes first, else the request it publishes for them."""
    own = next((p for p in parts if p.mode == "own"), None)
    for event in _events(draft, use_case):
        if event.producer != carrier:
            continue
        if (own is not None and event.entity == own.entities[0]) or (own is None and event.entity is None):
            return event
    return None


def _said_in_place(steps: list[FlowStep], step: FlowStep) -> bool:
    """Whether a pattern's write says how a generic step updates a copy (the same service and store): the pattern's
    words take that step's place, so the store is written once, by one service, where the event arrives."""
    if not single_writer().writes(step.message):
        return False
    for at, known in enumerate(steps):
        if known.source == step.source and known.target == step.target and re.match(r"update \S+ copy$", known.message):
            steps[at] = known.model_copy(update={"message": step.message})
            return True
    return False


def _reactions(
    draft: Draft,
    use_case: UseCase,
    event: Event,
    consumer: str,
    part: Part | None,
    told: dict[str, list[tuple[UseCase, str]]],
    lead: bool,
) -> list[tuple[str, str]]:
    """(target, message) steps a consumer takes on an event, one per reason it has in this use case."""
    service = draft.service(consumer)
    assert service is not None
    channels = [c for c in draft.realtime if c.service == consumer]
    pushes = event.entity is not None and any(
        n == consumer and tells(draft, p, use_case, event.entity) for p, n in told.get(event.entity, [])
    )
    if service.kind == "realtime" and channels:
        return [] if pushes else [(role, f"push {event.name}") for c in channels for role in c.audience]
    out: list[tuple[str, str]] = []
    channel = pushed_to(event, draft.entities, draft.req)
    if channel is not None:
        # the channel's adapter delivers the stop-sell: an event for an outside system is only as good as its call
        out.append((channel.name, reservation_words().push_step.format(event=event.name, integration=channel.name)))
    outboxed = {e.entity for e in draft.events if e.entity}
    if part is not None:
        saga = f"; a change it cannot apply is dead-lettered, paged, and {event.producer} compensates"
        first, *rest = _by_store(draft, part.entities)
        written = Part(part.owner, first, part.mode)
        message = _posting(draft, use_case, event.entity, written, outboxed) or (
            _transaction(draft, written, outboxed) + ", idempotent on the event id"
        )
        out.append((draft.entity(first[0]).store, message + saga))
        for names in rest:
            later = f"write {english.join(names)} (after the commit above{_from_outbox(draft)}; idempotent on the id)"
            out.append((draft.entity(names[0]).store, later))
    posted = event_posting(draft, consumer, event.name, event.entity) if part is None else None
    if posted is not None:
        out.append(posted)
    for creator in creators(draft):
        if creator.event == event.name and draft.entity(creator.entity).owner == consumer:
            made = draft.entity(creator.entity)
            start = f" in {made.state_machine.initial}" if made.state_machine else ""
            out.append(
                (
                    made.store,
                    f"create {made.name}{start} for the {creator.parent} (one per {creator.parent}: idempotent on "
                    "the event id)",
                )
            )
    entity = draft.entity(event.entity) if event.entity else None
    if entity is None:
        pattern = consumer in pattern_consumers(draft) and not out
        return out + ([(consumer, f"react to {event.name} (idempotent on the event id)")] if pattern else [])
    owner = entity.owner
    entities = {e.name: e for e in draft.entities}
    if consumer in indexers(draft.services, draft.events, entity):
        out.append((entity.search_index or "", f"index {entity.name} (idempotent on the event id)"))
    for searched, records in carried(entities, draft.services).items():
        # the documents that carry this record's fields follow its changes along the same path
        if entity.name in records and consumer in indexers(draft.services, draft.events, entities[searched]):
            index = entities[searched].search_index or ""
            out.append((index, f"update the {searched} documents that carry this {entity.name} (a bulk update)"))
    copies = [
        s
        for s in draft.stores
        if entity.name in s.entities and consumer in s.services and s.name != entity.store and s.kind != "search"
    ]
    for store in copies:
        out.append((store.name, f"update {entity.name} copy"))
    logged = use_case.interaction in ("stream", "batch") or draft.store(entity.store).kind == "time-series"
    if consumer == owner and logged and part is None and not copies and not entity.search_index:
        out.append((entity.store, f"persist {entity.name}"))
    if consumer != owner and not copies:
        kept = transaction_store(draft, consumer, [])
        if kept is not None and any(
            r.mode == "copy" and r.entity == entity.name
            for u in draft.req.use_cases
            if home(draft, u) == consumer
            for r in reads(draft, u, consumer)
        ):
            out.append((kept, f"update its copy of {entity.name} (idempotent on the event id)"))
    for counter in counters(draft.entities):
        if (
            counter.counted.name == entity.name
            and counter.entity.owner == consumer != owner
            and not rolled_up(counter, draft.req.use_cases)
        ):
            field = f"{counter.entity.name}.{counter.field}"
            out.append((counter.entity.store, f"count the change in {field} (idempotent on the event id)"))
    waited = awaited_move(draft.req, draft.entities, use_case)
    # what the use case tells the outside world of waits for the move that ends its record's wait, if it has one
    telling = event.name == awaited_event(*waited) if waited is not None else lead
    if telling and consumer == event.producer:
        for name in after_commit_calls(draft, use_case):
            out.append((name, f"call {name} (after the commit{_from_outbox(draft)}; retried until it answers)"))
    if not out and not pushes and consumer in pattern_consumers(draft):
        out.append((consumer, f"react to {event.name} (idempotent on the event id)"))
    return out


def _posting(draft: Draft, use_case: UseCase, moved: str | None, part: Part, outboxed: set[str]) -> str | None:
    """How a ledger posts the money of `moved` (the record whose change carries it): once per record and kind of
    posting, whichever step carries it (two events can describe the same money); on the creation of a record whose
    lifecycle still has to move its money, only a pending hold that the record's transitions post for good or
    release. None when the part posts nothing."""
    if not any(is_posting(n) for n in part.entities) or moved is None:
        return None
    words = money_words()
    noun = " ".join(sorted(name_words(moved), key=moved.lower().index))
    machine = draft.entity(moved).state_machine
    created = write_kind(use_case, draft.req.entity(moved)).kind == "create"
    # the records that move this one's money again (a payment's refunds) are each posted on their own id
    children = [" ".join(sorted(name_words(c), key=c.lower().index)) for c in money_children(draft.entities, moved)]
    if children:
        key = words.repeat_key.format(entity=noun, children=english.join(children, "or"))
    else:
        key = words.posting_key.format(entity=noun)
    if created and machine is not None and machine.transitions:
        said = hold_sentence(draft.entity(moved), draft.entities)
        return words.hold.format(stores=english.join(part.entities), key=key, moves=said).rstrip("; ")
    return f"{_transaction(draft, part, outboxed)}, {key}"


def pattern_consumers(draft: Draft) -> set[str]:
    """Services a pattern made consumers of changes (a dispatcher, a fan-out worker): they act on them by the
    pattern's own steps."""
    out = set()
    for found in draft.patterns:
        for spec in found.pattern.contributes.services:
            if found.allows(spec) and spec.consumes:
                out.add(text(draft, found, spec.name))
        for event in found.pattern.contributes.events:
            if found.allows(event):
                out.update(listed(draft, found, event.consumers))
    return out


def _push(draft: Draft, use_case: UseCase, notifier: str, trace: _Trace) -> None:
    """A push told of by the events of what it pushes: who publishes them, then what the notifier does."""
    triggers = _triggers(draft, use_case, notifier)
    for event in triggers:
        trace.add(event.producer, event.channel, event.name, "async")
        trace.add(event.channel, notifier, event.name, "async")
    if not triggers:
        trace.add(notifier, notifier, f"{use_case.name}: nothing publishes what it tells of yet", "async")
    _push_steps(draft, use_case, notifier, trace)


def _triggers(draft: Draft, use_case: UseCase, notifier: str) -> list[Event]:
    """The events that set a push off: changes of what it tells of, and the events on which the notifier writes
    what it tells of."""
    told = set(subjects(draft, use_case))
    out = []
    for event in draft.events:
        if notifier not in event.consumers:
            continue
        causes = [u for u in draft.req.use_cases if u.name in event.use_cases]
        moves = {t.emits for t in told_transitions(draft, use_case, event.entity)} if event.entity in told else set()
        if event.name in moves or (
            event.entity in told and any(tells(draft, use_case, u, event.entity) for u in causes)
        ):
            out.append(event)
            continue
        for name in event.use_cases:
            other = next((u for u in draft.req.use_cases if u.name == name), None)
            if other is None:
                continue
            part = next((p for p in writes(draft, other, home(draft, other)) if p.owner == notifier), None)
            if part is not None and part.mode == "event" and told & set(part.entities):
                out.append(event)
                break
    return out


def _connected_now(draft: Draft, notifier: str, gateway: str, trace: _Trace) -> None:
    """Ask who is connected where the answer is: the gateway's operation if it serves one, else the connection
    registry it keeps (a cache the notifier reads too); never a call to an operation the gateway does not have."""
    said = "which recipients are connected now (they see it live: no push)"
    service = draft.service(gateway)
    if service is not None and service.endpoints:
        trace.add(notifier, gateway, said, "sync")
        return
    registry = next((s for s in draft.stores if s.kind == "in-memory" and gateway in s.services), None)
    if registry is not None:
        trace.add(notifier, registry.name, f"{said}, from the connection registry the gateways keep", "sync")


def _push_steps(draft: Draft, use_case: UseCase, notifier: str, trace: _Trace, event: str | None = None) -> None:
    """What a notifier does to push: reads what it needs (device tokens from their owner), leaves out those who
    see it live, calls the push provider, and reaches the recipients with the change (`event`, inside another use
    case's flow) or with what the push use case tells of."""
    told = set(subjects(draft, use_case))
    for read in reads(draft, use_case, notifier):
        if read.entity not in told:
            _read(draft, use_case, notifier, read.entity, read.mode, trace)
    channel = next((c for c in draft.realtime if use_case.name in c.use_cases), None)
    live = next(
        (
            c
            for c in draft.realtime
            if c.protocol in HELD_OPEN and use_case.actor in c.audience and c.service != notifier
        ),
        None,
    )
    if channel is not None and channel.protocol == "mobile-push" and live is not None:
        _connected_now(draft, notifier, live.service, trace)
    for name in use_case.calls:
        trace.add(notifier, name, f"call {name}", "sync")
    if channel is None and actor_kind(draft.req, use_case) in ("service", "integration"):
        return  # another system is called over HTTPS by the delivery the pattern's steps trace, not pushed to
    protocol = channel.protocol if channel else "push"
    trace.add(notifier, participant(draft, use_case), f"{event or use_case.name} ({protocol})", "async")


def _signal(draft: Draft, name: str | None) -> bool:
    """Whether a channel carries ephemeral signals: fire and forget, nothing kept to replay."""
    return any(c.name == name and c.delivery == "at-most-once" for c in draft.channels)
