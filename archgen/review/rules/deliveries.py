"""Delivery rules: an outbound delivery (a webhook, an e-mail, an SMS, a page) goes out after the record it tells of
is committed and outside the request, a failed one is tried again on a schedule before it is dead-lettered, many due
deliveries are made in parallel, and no idempotency key is claimed of a provider that does not honour one."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

from ruamel.yaml import YAML

from archgen.capacity.measure import after_commit, delivery_wording, honours_key, per_message, side_effect
from archgen.knowledge.contracts import contracts, says
from archgen.knowledge.lifecycles import lifecycle_knowledge
from archgen.review.engine import Found, Problem, Subject, rule
from archgen.review.rules.flows import _writes


@dataclass(frozen=True)
class Checks:
    """integrations.yaml `delivery_checks`."""

    in_request: tuple[str, ...]
    serial: tuple[str, ...]
    sends: tuple[str, ...]
    tried_fields: tuple[str, ...]


@functools.cache
def checks() -> Checks:
    """The shipped phrases the delivery rules read a design with."""
    text = resources.files("archgen.knowledge").joinpath("integrations.yaml").read_text("utf-8")
    data = YAML(typ="safe", pure=True).load(text)["delivery_checks"]
    return Checks(*(tuple(str(w) for w in data[k]) for k in ("in_request", "serial", "sends", "tried_fields")))


def _says(text: str, phrases: tuple[str, ...]) -> bool:
    return any(p in text.lower() for p in phrases)


def _telling(subject: Subject) -> set[str]:
    """The external systems a call to only tells of a change (a message, a page, a purge)."""
    return {x.name for x in subject.design.integrations if after_commit(x.kind, x.name)}


@rule("FLOW070", "error", "flows", "A delivery made before the record it tells of is committed")
def delivery_before_commit(subject: Subject) -> Found:
    """A flow calls a system that tells people of a change (an e-mail, an SMS, a page) before the step that writes
    that change down: a crash or a refused write leaves people told of something that does not exist."""
    telling = _telling(subject)
    for i, flow in enumerate(subject.design.flows):
        for j, step in enumerate(flow.steps):
            if step.target not in telling or step.kind != "sync":
                continue
            # what the caller tells of is its own change: another service's later posting from the event is not
            writes = [
                k
                for k in range(j + 1, len(flow.steps))
                if flow.steps[k].target in subject.stores and flow.steps[k].source == step.source
            ]
            later = next((k for k in writes if _writes(flow.steps[k])), None)
            if later is not None:
                yield Problem(
                    element=flow.use_case,
                    at=("flows", i, "steps", j),
                    message=f"step {j + 1}: {step.source} calls {step.target} before step {later + 1} "
                    f"('{flow.steps[later].message[:60]}') commits what it tells of",
                    fix="commit the record with an outbox row in one transaction, then make the call from the outbox",
                )


@rule("FLOW071", "error", "flows", "A delivery made inside the request")
def delivery_in_request(subject: Subject) -> Found:
    """A lifecycle moves a record made by work nobody waits for (a delivery, a push) in the request that made the
    change: the caller waits for someone else's server, and a failed call is lost or fails the change."""
    use_cases = {u.name: u for u in subject.req.use_cases}
    for name, entity in subject.entities.items():
        machine = entity.state_machine
        for k, move in enumerate(machine.transitions if machine is not None else []):
            use_case = use_cases.get(move.use_case or "")
            unwaited = use_case is not None and (use_case.interaction == "push" or use_case.async_)
            if unwaited and _says(move.guard, checks().in_request):
                yield Problem(
                    element=name,
                    at=("entities", name, "state_machine", "transitions", k),
                    message=f"{move.name} ({use_case.name if use_case else ''}) happens '{move.guard}', "
                    "although nobody waits for it",
                    fix="make the record's worker take it from the outbox once the change is committed",
                )


@rule("FLOW072", "error", "flows", "A failed delivery is final")
def failure_final(subject: Subject) -> Found:
    """A record tried again (it counts its attempts) reaches a failed state that no transition leaves: one failed
    attempt ends it, with no retry schedule and no dead-letter after the last attempt."""
    failed_words = lifecycle_knowledge().retries.failed
    for name, entity in subject.entities.items():
        machine = entity.state_machine
        if machine is None or not any(_says(f.name, checks().tried_fields) for f in entity.fields):
            continue
        left = {s for t in machine.transitions for s in t.source}
        for state in machine.states:
            if state.lower() in failed_words and state not in left:
                yield Problem(
                    element=name,
                    at=("entities", name, "state_machine"),
                    message=f"{name} counts its attempts, but '{state}' is final: no attempt follows a failed one",
                    fix=f"add a retry from {state} on a backoff schedule, and a dead-letter state reached only when "
                    "the schedule is spent",
                )


@rule("FLOW073", "error", "flows", "Due deliveries made one at a time by one job")
def serial_deliveries(subject: Subject) -> Found:
    """A scheduled job sends what is due one at a time (one subscriber in turn): a few slow or dead endpoints hold
    up every other delivery, and the backlog grows faster than one run clears it."""
    c = checks()
    for i, job in enumerate(subject.design.jobs):
        if _says(job.description, c.serial) and _says(f"{job.name} {job.description}", c.sends):
            yield Problem(
                element=job.name,
                at=("jobs", i),
                message=f"{job.name} makes its deliveries one at a time ('{job.description[:80]}')",
                fix="claim due deliveries in batches with skipped row locks and make them from parallel workers, "
                "with a cap per recipient so a slow endpoint delays only itself",
            )


@rule("FLOW074", "error", "flows", "An idempotency key claimed of a provider that does not honour one")
def unkept_key(subject: Subject) -> Found:
    """A flow says a call to a provider that acts (sends a message) carries an idempotency key, but the provider
    honours none: a retry after a timeout sends again, and the design believes it cannot."""
    kinds = {x.name: x.kind for x in subject.design.integrations}
    for i, flow in enumerate(subject.design.flows):
        for j, step in enumerate(flow.steps):
            kind = kinds.get(step.target)
            if kind is None or not side_effect(kind, step.target) or honours_key(kind, step.target):
                continue
            if "idempotency key" in step.message.lower() and "no idempotency key" not in step.message.lower():
                yield Problem(
                    element=flow.use_case,
                    at=("flows", i, "steps", j),
                    message=f"step {j + 1}: the call to {step.target} claims an idempotency key {step.target} "
                    "does not honour",
                    fix="record each send before the call and mark it on the answer, so a retry sends only what is "
                    "unmarked",
                )


@rule("SVC015", "error", "flows", "A message provider handed a file")
def file_to_message_provider(subject: Subject) -> Found:
    """A flow hands an e-mail, SMS or push provider the run's records as a file (an SFTP drop, a bulk import with a
    manifest): such providers send one message a recipient through their API and take no file, so nobody is told."""
    kinds = {i.name: i.kind for i in subject.req.integrations}
    file_words = contracts().file_words
    for i, flow in enumerate(subject.design.flows):
        for j, step in enumerate(flow.steps):
            if step.target not in kinds or not per_message(kinds[step.target], step.target):
                continue
            if not says(step.message, file_words):
                continue
            yield Problem(
                element=flow.use_case,
                at=("flows", i, "steps", j),
                message=f"step {j + 1}: hands {step.target} a file, but {step.target} sends people messages one a "
                "recipient through its API and takes no file drop",
                fix=delivery_wording().per_recipient.format(name=step.target),
            )
