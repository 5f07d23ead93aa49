"""Realtime and event contracts: every message a flow sends over a held-open channel is in the channel's contract,
a synchronous call reaches an operation the callee has, and resends are recognised by fields the client sends."""

from __future__ import annotations

import re

from archgen.architects.rules.field_sources import role_entity
from archgen.common.english import join
from archgen.design.live import carried, needs, not_yet_assigned, server_clock
from archgen.design.model import EntityDesign
from archgen.knowledge.live_signals import live_signals
from archgen.review.engine import Found, Problem, Subject, rule

METHOD = re.compile(r"^(GET|POST|PUT|PATCH|DELETE) /")


@rule("API184", "error", "api", "A live step with no message in the channel's contract")
def uncarried_live_step(subject: Subject) -> Found:
    """A flow sends something over a channel that holds the connection open (the service pushes to a client,
    another service asks it to push, or the client sends an acknowledgement, typing or presence), but the channel's
    AsyncAPI has no message for it: client teams must invent that part of the protocol."""
    design = subject.design
    roles = {r.name for r in subject.req.users.roles}
    services = {s.name for s in design.services}
    index = {id(f): i for i, f in enumerate(design.flows)}
    for need in needs(design.realtime, design.flows, design.events, services, roles):
        if carried(design.events, need):
            continue
        way = "the client sends" if need.direction == "from-client" else f"{need.channel.service} pushes"
        yield Problem(
            element=need.flow.use_case,
            at=("flows", index[id(need.flow)], "steps", need.index),
            message=f"step {need.index + 1}: {way} '{need.step.message}' over the {need.channel.name} channel, "
            "which has no message for it",
            fix=f"add a {need.direction} message to the {need.channel.name} channel with its payload (name it "
            f"after the step or the use case) and, for a push, have {need.channel.service} consume the event that "
            "triggers it",
        )


@rule("API185", "error", "api", "A synchronous question to a service that has no operations")
def question_without_operation(subject: Subject) -> Found:
    """A flow step asks another service something and waits (which recipients are connected now), but that
    service, shipped apart, serves no operation at all (its OpenAPI has no paths): the question cannot be asked.
    Give the callee an internal operation that answers it, or read the shared store that holds the answer."""
    services = {s.name: s for s in subject.design.services}
    for i, flow in enumerate(subject.design.flows):
        for j, step in enumerate(flow.steps):
            caller, callee = services.get(step.source), services.get(step.target)
            if step.kind != "sync" or caller is None or callee is None or caller is callee:
                continue
            if callee.endpoints or caller.deployable == callee.deployable or METHOD.match(step.message):
                continue  # a named operation the callee lacks is FLOW040's
            yield Problem(
                element=flow.use_case,
                at=("flows", i, "steps", j),
                message=f"step {j + 1}: {step.source} asks {step.target} '{step.message}' and waits, but "
                f"{step.target} serves no operation",
                fix=f"give {step.target} an internal operation that answers it (service callers only), or have "
                f"{step.source} read the store that holds the answer",
            )


def _clock(entity: EntityDesign, name: str) -> bool:
    return server_clock(next((f for f in entity.fields if f.name == name), None))


@rule("API186", "error", "api", "Resends recognised by a field that is missing or the server's clock")
def dedupe_key(subject: Subject) -> Found:
    """A channel's contract says it de-duplicates resends on a field its records do not have, or on a time the
    server stamps when it stores the record: a resend gets a new time, so it is never recognised and is counted
    twice. Key on what the client sends again unchanged (its sequence or its own time)."""
    design = subject.design
    for i, channel in enumerate(design.realtime):
        sent = [
            subject.entities[m.entity]
            for m in channel.messages
            if m.direction == "from-client" and m.entity in subject.entities
        ]
        if not sent:
            continue
        for key in live_signals().dedupe_keys(channel.delivery):
            wrong = [
                n
                for n in key
                if not any(n in {f.name for f in e.fields} for e in sent) or any(_clock(e, n) for e in sent)
            ]
            if wrong:
                yield Problem(
                    element=channel.name,
                    at=("realtime", i, "delivery"),
                    message=f"de-duplicates on ({', '.join(key)}), but {join(wrong)} "
                    f"{'is not a field' if len(wrong) == 1 else 'are not fields'} the client sends in its records",
                    fix="name the fields of the record's natural key that the client sends unchanged in a resend",
                )


@rule("FLOW118", "error", "flows", "A push to a party the record does not have yet")
def push_before_party(subject: Subject) -> Found:
    """A flow pushes a record's creation to a party (a driver) whose reference on the record stays empty until a
    later transition sets it: nobody can be addressed, or every party of that kind is told of a record that is not
    theirs. Push to that party from the transition that assigns it, or send offers to candidates by name."""
    design = subject.design
    events = {e.name: e for e in design.events}
    for i, flow in enumerate(design.flows):
        for j, step in enumerate(flow.steps):
            event = events.get(step.message.split(" ", 1)[0])
            party = role_entity(subject.req, step.target)
            entity = subject.entities.get(event.entity or "") if event is not None else None
            if event is None or entity is None or not not_yet_assigned(entity, event, party):
                continue
            yield Problem(
                element=flow.use_case,
                at=("flows", i, "steps", j),
                message=f"step {j + 1}: {step.source} pushes {event.name} to the {step.target}, but a new "
                f"{entity.name} has no {step.target} until a later transition sets it",
                fix=f"push to the {step.target} from the transition that assigns them, or offer the record to "
                "candidates named by the matching step",
            )
