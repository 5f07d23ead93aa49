"""Use-case rules: can each use case actually be carried out through the design, with the right semantics?

A use case runs when an operation, a realtime channel or a scheduled job carries it, and when what carries it does
what the use case needs: a create for what people create, a transition for what changes a state, a signed public
endpoint for a provider's callbacks, a channel for what is pushed, a batch or a device protocol for a stream.
"""

from __future__ import annotations

from archgen.capacity.load import actor_kind
from archgen.capacity.measure import carriers
from archgen.common import english
from archgen.design.model import Endpoint
from archgen.design.produced import producer
from archgen.design.sourcing import decided_by_move
from archgen.knowledge.operations import operation_words
from archgen.requirements.intent import acted_writes, acts_on_existing, words, write_kind
from archgen.requirements.model import UseCase
from archgen.review.engine import Found, KeyPath, Problem, Subject, rule

WRITES = ("create", "update", "replace", "delete", "transition", "ingest", "webhook", "command")
MAKERS = {"create", "ingest", "webhook", "command"}  # what can bring a new record into being


def _operations(subject: Subject, use_case: str) -> list[tuple[KeyPath, str, Endpoint]]:
    """(key path, service, endpoint) of every operation that lists the use case."""
    return [(path, service.name, e) for path, service, e in subject.endpoints() if use_case in e.use_cases]


@rule("RUN001", "error", "use cases", "Use case nothing carries")
def not_carried(subject: Subject) -> Found:
    """No operation, realtime channel or scheduled job carries a use case: nobody can run it."""
    carried = carriers(subject.design)
    for i, use_case in enumerate(subject.req.use_cases):
        if not carried.get(use_case.name):
            yield Problem(
                element=use_case.name,
                at=("services",),
                message=f"no operation, channel or job carries it ({use_case.interaction} by "
                f"{use_case.actor or 'the system'})",
                fix="add the operation (or the realtime channel, or the job) that runs it and list the use case on it",
            )
        del i


@rule("RUN002", "error", "use cases", "Entity people create cannot be created or listed")
def create_and_list(subject: Subject) -> Found:
    """An entity a person creates through a use case has no create operation, or no way to list what exists."""
    for use_case in subject.req.use_cases:
        writes = acted_writes(use_case)
        if not writes or actor_kind(subject.req, use_case) != "person" or use_case.interaction != "request":
            continue
        name = writes[0]
        entity = next((e for e in subject.req.data.entities if e.name == name), None)
        if entity is None or write_kind(use_case, entity).kind != "create":
            continue
        if producer(subject.req, name) is not None:
            continue  # a worker makes it from the record it belongs to (API192)
        if any(getattr(e, "link", None) == "export" for _, _, e in _operations(subject, use_case.name)):
            continue  # an export job writes what it records of the run itself
        if decided_by_move(subject.design.entities, subject.req.use_cases, name):
            continue  # the record of a decision is written by the guarded move it records
        operations = [e for _, _, e in subject.endpoints() if e.entity == name]
        creates = [e for e in operations if e.action in ("create", "ingest") and e.method in ("POST", "PUT")]
        lists = [e for e in operations if e.action in ("list", "search")]
        missing = [what for what, found in (("create", creates), ("list", lists)) if not found]
        if missing:
            yield Problem(
                element=name,
                at=("entities",),
                message=f"{use_case.name} creates {name}, but no operation can {' or '.join(missing)} it",
                fix="add " + " and ".join(f"{'POST' if m == 'create' else 'GET'} on the collection" for m in missing),
            )


@rule("RUN003", "error", "use cases", "Operation with the wrong semantics for its use case")
def wrong_semantics(subject: Subject) -> Found:
    """A use case that creates records is carried by no operation that creates one (only by changes of existing
    ones), or one that writes only by reads."""
    entities = {e.name: e for e in subject.req.data.entities}
    for use_case in subject.req.use_cases:
        writes = acted_writes(use_case)
        if not writes or use_case.interaction in ("push", "scheduled"):
            continue
        found = _operations(subject, use_case.name)
        if not found:
            continue
        actions = {getattr(e, "action", "") for _, _, e in found}
        path = found[0][0]
        lead = entities.get(writes[0])
        if not actions & set(WRITES):
            yield Problem(
                element=use_case.name,
                at=path,
                message=f"writes {', '.join(writes)} but every operation that carries it only reads",
                fix="carry it with the operation that makes the change (POST, a transition, PATCH or DELETE)",
            )
        elif (
            lead is not None
            and write_kind(use_case, lead).kind == "create"
            and not actions & MAKERS
            and not (
                "transition" in actions and decided_by_move(subject.design.entities, subject.req.use_cases, lead.name)
            )
        ):
            yield Problem(
                element=use_case.name,
                at=path,
                message=f"creates {english.a(lead.name)}, but it is carried only by an update of an existing one",
                fix=f"carry it with POST on the {lead.name} collection (201 with Location, Idempotency-Key)",
            )


@rule("RUN004", "error", "use cases", "Webhook behind user login or without a signature")
def webhook_auth(subject: Subject) -> Found:
    """A provider's callback (an inbound integration or a webhook use case) reaches an operation that asks for a
    user's token or checks no signature: the provider has no user, and a forged call would be believed."""
    inbound = {i.name for i in subject.req.integrations if i.direction != "outbound"}
    hooks = {u.name for u in subject.req.use_cases if u.interaction == "webhook"}
    for path, service, endpoint in subject.endpoints():
        # a read that lists what a webhook wrote is not where the provider calls in
        serves_hook = bool(hooks & set(endpoint.use_cases)) or endpoint.action == "webhook"
        from_provider = bool(inbound & set(endpoint.roles))
        if (serves_hook or from_provider) and endpoint.method != "GET" and endpoint.auth != "signature":
            yield Problem(
                element=f"{service.name}: {endpoint.method} {endpoint.path}",
                at=(*path, "auth"),
                message=f"receives a provider's callbacks but authenticates them as '{endpoint.auth}'",
                fix="make it a public endpoint verified by the provider's signature (auth: signature), "
                "idempotent on the "
                "provider's event id",
            )


def _called(subject: Subject, use_case: UseCase) -> bool:
    """Whether a push to another system is delivered by calling it (a webhook POST in its flow)."""
    systems = {r.name for r in subject.req.users.roles if r.kind != "person"} | {
        i.name for i in subject.req.integrations
    }
    flow = next((f for f in subject.design.flows if f.use_case == use_case.name), None)
    return (
        use_case.actor in systems
        and flow is not None
        and any(s.target == use_case.actor and s.kind == "sync" and "POST" in s.message for s in flow.steps)
    )


@rule("RUN005", "error", "use cases", "Push use case with no channel")
def push_channel(subject: Subject) -> Found:
    """A use case that pushes updates to clients is not carried by any realtime channel (WebSocket, Server-Sent
    Events, MQTT or mobile push): clients would have to poll."""
    for use_case in subject.req.use_cases:
        if use_case.interaction != "push" or _called(subject, use_case):
            continue
        if not any(use_case.name in c.use_cases for c in subject.design.realtime):
            yield Problem(
                element=use_case.name,
                at=("realtime",),
                message="pushes updates, but no realtime channel carries it",
                fix="add a realtime channel (WebSocket or SSE for clients, mobile push for phones) with its message",
            )


@rule("RUN006", "error", "use cases", "Stream ingested one record per request")
def stream_ingest(subject: Subject) -> Found:
    """A stream of small updates arrives through operations that take one record each, with no batch endpoint or
    device protocol: every reading costs a full HTTPS request."""
    for use_case in subject.req.use_cases:
        if use_case.interaction != "stream":
            continue
        if any(use_case.name in c.use_cases for c in subject.design.realtime):
            continue
        found = _operations(subject, use_case.name)
        if found and not any(getattr(e, "batch", False) for _, _, e in found):
            yield Problem(
                element=use_case.name,
                at=found[0][0],
                message="streams records, but each arrives as its own request",
                fix="take batches (POST …/batches, 202) or a device protocol (MQTT) on a realtime channel",
            )


@rule("RUN007", "error", "use cases", "Scheduled job exposed as a caller's request")
def scheduled_as_request(subject: Subject) -> Found:
    """A job the system runs on a timer is carried by an operation a caller invokes, instead of a scheduled job."""
    for use_case in subject.req.use_cases:
        if use_case.interaction != "scheduled":
            continue
        jobs = [j for j in subject.design.jobs if j.use_case == use_case.name]
        found = _operations(subject, use_case.name)
        if found and not jobs:
            yield Problem(
                element=use_case.name,
                at=found[0][0],
                message="runs on a timer, but is carried by an operation someone must call",
                fix="make it a scheduled job (jobs) run by the service that owns what it writes",
            )


@rule("RUN008", "error", "use cases", "State nothing reaches")
def unreachable_state(subject: Subject) -> Found:
    """A state of an entity's lifecycle is the target of no transition: no caller, job, callback or background
    work can ever put a record there (a video never becomes ready, a trip never starts)."""
    for i, entity in enumerate(subject.design.entities):
        machine = entity.state_machine
        if machine is None:
            continue
        reached = {machine.initial} | {t.target for t in machine.transitions}
        for state in (s for s in machine.states if s not in reached):
            yield Problem(
                element=f"{entity.name}.{machine.field}: {state}",
                at=("entities", i, "state_machine", "transitions"),
                message=f"no transition reaches {state}",
                fix="add the transition into it, carried by what does it: a caller's use case (POST …/{id}/{verb}), "
                "the job or provider callback that moves it, or the background work that finishes it",
            )


@rule("RUN009", "error", "use cases", "Search carried by a read by id")
def search_by_id(subject: Subject) -> Found:
    """A use case that looks for records (search, find, browse…) is carried only by reads of one record by its id:
    the caller has no id yet, and nothing takes what they look for (words, dates, filters)."""
    looking = operation_words().reads.search | {"browse"}
    for use_case in subject.req.use_cases:
        if use_case.interaction != "request" or use_case.writes or not set(words(use_case.name)) & looking:
            continue
        found = _operations(subject, use_case.name)
        by_id = [(p, e) for p, _, e in found if getattr(e, "method", "") == "GET" and e.path.endswith("/{id}")]
        if found and len(by_id) == len(found):
            yield Problem(
                element=use_case.name,
                at=by_id[0][0],
                message=f"looks for records, but is carried only by {by_id[0][1].method} {by_id[0][1].path}",
                fix="carry it with a query over the collection (GET …?filters or …/search) whose parameters are the "
                "entity's access patterns: ranges for dates, equality filters, full-text terms",
            )


@rule("RUN010", "error", "use cases", "A step on the way that ends the record")
def dead_end_step(subject: Subject) -> Found:
    """No transition leaves a state, yet the state before it can also move on to a later state that is not an end:
    the lifecycle says work goes on past it, but a record that reaches it is stuck (a loan checked out is never
    returned, a released payment never sent)."""
    known = operation_words().states
    ends = known.terminal | known.cancel
    for i, entity in enumerate(subject.design.entities):
        machine = entity.state_machine
        if machine is None:
            continue
        order = {s: k for k, s in enumerate(machine.states)}
        leaving = {s for t in machine.transitions for s in t.source}
        # a state named as an end is one, unless it names work under way (checked out, released)
        stuck = [
            s for s in machine.states if s not in leaving and (s.lower() not in ends or s.lower() in known.commitment)
        ]
        for state in stuck:
            before = {s for t in machine.transitions if t.target == state for s in t.source}
            onward = sorted(
                {
                    t.target
                    for t in machine.transitions
                    if before & set(t.source)
                    and order.get(t.target, -1) > order[state]
                    and t.target.lower() not in ends
                }
            )
            if onward:
                yield Problem(
                    element=f"{entity.name}.{machine.field}: {state}",
                    at=("entities", i, "state_machine", "transitions"),
                    message=f"no transition leaves {state}, though the records beside it go on to {', '.join(onward)}",
                    fix=f"move on from {state} (to {onward[0]}, or to the end it leads to), or say why it is final",
                )


@rule("RUN011", "error", "use cases", "A state with no way out")
def no_way_out(subject: Subject) -> Found:
    """A state the lifecycle does not declare an end has no transition leaving it: a record that gets there is
    stuck for ever (an overdue loan never returned, an escalated report never resolved, a disputed payment never
    settled)."""
    for i, entity in enumerate(subject.design.entities):
        machine = entity.state_machine
        if machine is None:
            continue
        leaving = {s for t in machine.transitions for s in t.source}
        for state in machine.states:
            if state not in leaving and state not in machine.terminal:
                yield Problem(
                    element=f"{entity.name}.{machine.field}: {state}",
                    at=("entities", i, "state_machine", "transitions"),
                    message=f"no transition leaves {state}, and the lifecycle does not declare it an end",
                    fix=f"add the move out of {state} (carried by the use case, job or callback that decides it), "
                    "or list it among the terminal states",
                )


@rule("RUN012", "error", "use cases", "A paused state with no way back")
def no_way_back(subject: Subject) -> Found:
    """A state a record rests in and comes back from (out of stock, out of order, suspended) leads only to ends: a
    restocked item, a repaired room or a reinstated account can never return to the live lifecycle."""
    paused = operation_words().states.paused
    for i, entity in enumerate(subject.design.entities):
        machine = entity.state_machine
        if machine is None:
            continue
        for state in (s for s in machine.states if s.lower() in paused and s not in machine.terminal):
            back = [t for t in machine.transitions if state in t.source and t.target not in machine.terminal]
            if not back:
                yield Problem(
                    element=f"{entity.name}.{machine.field}: {state}",
                    at=("entities", i, "state_machine", "transitions"),
                    message=f"a record in {state} can only end; nothing brings it back",
                    fix=f"add the move from {state} back to the state it left (restock, repair, reinstate), carried "
                    "by whoever or whatever does it",
                )


@rule("RUN013", "error", "use cases", "A record a request names and makes that nothing creates")
def named_but_never_made(subject: Subject) -> Found:
    """A person's request makes a record that names another record it also makes (a booking for a guest new to
    the hotel), yet no operation, callback or job can create that other record: the request must name an id that
    cannot exist yet."""
    # a command on one record (an erasure request) acts on what exists; one on the collection may make a record
    made = {e.entity for _, _, e in subject.endpoints() if e.action in MAKERS and e.entity and "{" not in e.path}
    for use_case in subject.req.use_cases:
        if use_case.interaction != "request" or actor_kind(subject.req, use_case) != "person" or not use_case.writes:
            continue
        lead = next((e for e in subject.req.data.entities if e.name == use_case.writes[0]), None)
        if lead is None or write_kind(use_case, lead).kind != "create":
            continue
        named = {k.target for k in lead.fields.values() if k.kind == "ref"}
        for other in (n for n in use_case.writes[1:] if n in named and n not in made):
            yield Problem(
                element=use_case.name,
                at=("use_cases",),
                message=f"makes {lead.name} naming {english.a(other)} it also makes, but no operation creates one",
                fix=f"add POST on the {other} collection for the same callers (or take the new {other} inside the "
                f"{lead.name}'s body)",
            )


@rule("RUN014", "error", "use cases", "A take-down or reinstatement no operation performs")
def enforcement_without_operation(subject: Subject) -> Found:
    """People (moderators, support) put a record into a state of enforcement (blocked, removed, hidden, suspended)
    or lift it, but no operation performs that transition: the use case that reviews the report or the case can
    decide, yet nobody can take the content down or restore it."""
    known = operation_words().states
    people = {r.name for r in subject.req.users.roles if r.kind == "person"}
    done = {(e.entity, e.transition) for _, _, e in subject.endpoints() if e.action == "transition"}
    for i, entity in enumerate(subject.design.entities):
        machine = entity.state_machine
        if machine is None:
            continue
        for move in machine.transitions:
            enforced = {move.target, *move.source} & (known.enforcement | known.paused)
            if not enforced or not move.roles or not set(move.roles) <= people or (entity.name, move.name) in done:
                continue
            yield Problem(
                element=f"{entity.name}.{machine.field}: {move.name}",
                at=("entities", i, "state_machine", "transitions"),
                message=f"{english.join(move.roles)} may move {english.a(entity.name)} to {move.target} "
                f"({move.name}), but no operation performs it",
                fix=f"add POST …/{{id}}/{move.name} for {english.join(move.roles)}, carried by the use case that "
                "decides it",
            )


@rule("API154", "error", "api", "A request about an existing record that makes a new one")
def asking_makes_a_record(subject: Subject) -> Found:
    """A use case whose verb acts on a record that exists (request more information, escalate, flag) writes a
    record another use case creates, yet it is carried by that record's create: asking the policyholder for a
    document opens a second claim, with its own number, event and clocks."""
    for use_case in subject.req.use_cases:
        lead = acts_on_existing(subject.req, use_case)
        for at, _, endpoint in subject.endpoints():
            if lead is None or endpoint.entity != lead or use_case.name not in endpoint.use_cases:
                continue
            if endpoint.action == "create":
                yield Problem(
                    element=use_case.name,
                    at=at,
                    message=f"acts on {english.a(lead)} that exists, but {endpoint.method} {endpoint.path} carries "
                    f"it by creating a new {lead}",
                    fix=f"carry it by a command on the {lead} it is about (POST …/{{id}}/{words(use_case.name)[0]}…) "
                    "whose body says what is asked",
                )
