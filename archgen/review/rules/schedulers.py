"""Scheduler rules: scheduled work names what starts it on the chosen platform, a provider is promised an
idempotency key only where it takes one, and retries, dead letters and circuit breakers speak of a queue or a
network call the design has (archgen/knowledge/scheduling.yaml)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from archgen.design.model import Design
from archgen.knowledge.scheduling import accepts_key, says, scheduling
from archgen.review.engine import Found, Problem, Subject, rule

Said = tuple[tuple[str | int, ...], str]


def _said(design: Design) -> Iterator[Said]:
    """The design's own words about how it runs and recovers, each with where it is."""
    for i, job in enumerate(design.jobs):
        yield ("jobs", i, "description"), f"{job.schedule}. {job.description}"
    for i, system in enumerate(design.integrations):
        yield ("integrations", i, "failure_handling"), f"{system.name}: {system.failure_handling}"
    for i, flow in enumerate(design.flows):
        for j, step in enumerate(flow.steps):
            yield ("flows", i, "steps", j, "message"), f"{step.target}: {step.message}"
    for i, measure in enumerate(design.reliability.resilience):
        yield ("reliability", "resilience", i), measure
    for i, mode in enumerate(design.reliability.failure_modes):
        yield ("reliability", "failure_modes", i, "mitigation"), f"{mode.component}: {mode.mitigation}"
    for i, risk in enumerate(design.risks):
        yield ("risks", i, "mitigation"), f"{risk.title}: {risk.mitigation}"
    for i, decision in enumerate(design.decisions):
        yield ("decisions", i), " ".join([decision.context, decision.rationale, *decision.consequences])


def _clauses(text: str) -> list[str]:
    return [c for c in re.split(r"\.\s+", text) if c.strip()]


@rule("RUN034", "error", "use cases", "Scheduled jobs on a platform with no named scheduler")
def unscheduled_platform(subject: Subject) -> Found:
    """The design has jobs on a timer but names nothing on its platform that starts them ('the platform's
    scheduler' on App Service, which has no cron for a container): nothing runs them, or each instance runs its own
    timer and every job runs once per instance. Name the scheduler (a Kubernetes CronJob, EventBridge Scheduler,
    Cloud Scheduler, a Container Apps job, a Functions timer trigger) and what keeps its runs one at a time."""
    design = subject.design
    if not design.jobs:
        return
    knowledge = scheduling()
    serving = [s for s in knowledge.schedulers if s.serves(design.deployment.cloud, design.deployment.platform)]
    if not serving:
        return  # a platform the knowledge does not know: nothing to judge it by
    text = " ".join(t for _, t in _said(design)) + " " + " ".join(design.deployment.ci_cd)
    if any(says(text, (s.name.lower(), *s.words)) for s in serving):
        return
    names = ", ".join(j.name for j in design.jobs[:3]) + ("…" if len(design.jobs) > 3 else "")
    yield Problem(
        element=design.deployment.platform,
        at=("jobs",),
        message=f"{len(design.jobs)} scheduled jobs ({names}) run on {design.deployment.platform}, yet nothing in "
        "the design names what starts them there",
        fix=f"name the scheduler ({' or '.join(s.name for s in serving)}), how it keeps runs one at a time and what "
        "becomes of a missed run",
    )


@rule("RUN035", "error", "use cases", "An idempotency key promised to a provider that takes none")
def key_to_keyless_provider(subject: Subject) -> Found:
    """The design retries a call 'with the same idempotency key' to a provider that accepts none (Microsoft Graph
    sendMail, SMTP, most SMS and push services): the key is dropped and a retry sends again. Say how duplicates
    are avoided instead: each send recorded before the call and marked on its answer, at-least-once accepted, or
    the provider's own de-duplication id where it has one."""
    knowledge = scheduling()
    keyless = [i.name for i in subject.req.integrations if not accepts_key(i.kind, i.name)]
    if not keyless:
        return
    for at, text in _said(subject.design):
        for clause in _clauses(text):
            if not says(clause, knowledge.key_words) or says(clause, knowledge.no_key_words):
                continue
            named = next((n for n in keyless if n.lower() in clause.lower()), None)
            if named is None:
                continue
            yield Problem(
                element=named,
                at=at,
                message=f"promises an idempotency key to {named}, which takes none: '{clause.strip()[:160]}'",
                fix=f"record each send to {named} before the call and mark it on the answer (a retry sends only what "
                "is unmarked; at-least-once accepted), or use the provider's own de-duplication id",
            )
            break


@rule("RUN036", "error", "use cases", "Retries through a queue the design lacks, or breakers around function calls")
def resilience_without_subject(subject: Subject) -> Found:
    """The design promises work 'queued for retry' or 'dead-lettered' with no queue, log or job table anywhere in
    it, or circuit breakers around calls between services that all run in one deployable, where a call is a function
    call with nothing to trip. Say what the job or request does on a failure (retries in its next run, marks the
    record failed and alerts), and keep breakers for integrations and network calls between deployables."""
    design = subject.design
    knowledge = scheduling()
    queued = bool(design.channels)
    single = len(design.deployables) <= 1
    for at, text in _said(design):
        if not queued and says(text, knowledge.queued_words):
            yield Problem(
                element=".".join(str(p) for p in at[:2]),
                at=at,
                message="promises queued retries or dead letters, yet the design has no queue, log or job table",
                fix="say what happens on a failure without one (the next run retries what is still due, the record "
                "is marked failed and an alert fires), or add the queue and its dead-letter destination",
            )
        elif single and "circuit breaker" in text.lower() and says(text, knowledge.in_process_breaker_words):
            yield Problem(
                element=".".join(str(p) for p in at[:2]),
                at=at,
                message="puts circuit breakers around calls between services that run in one deployable, where a "
                "call is a function call",
                fix="keep circuit breakers for integrations and network calls between deployables",
            )


@rule("RUN039", "error", "use cases", "Scheduled work on a thread of the web process")
def scheduled_in_web_process(subject: Subject) -> Found:
    """A job is started by a timer thread inside the web process. That process lives only while the platform keeps
    it: an idle App Service app is unloaded without Always On, Cloud Run stops the CPU between requests, and each
    worker process starts a timer of its own. The run misses its hour and catches up whenever someone next opens the
    app. Start the job from a scheduler the platform guarantees (a Functions timer trigger, a CronJob, EventBridge
    Scheduler, Cloud Scheduler)."""
    words = scheduling().web_process_words
    for i, job in enumerate(subject.design.jobs):
        if says(f"{job.schedule}. {job.description}", words):
            yield Problem(
                element=job.name,
                at=("jobs", i, "description"),
                message=f"{job.name} is started by a thread of the web process, which the platform may stop or "
                "unload while the app is idle",
                fix="start it from the platform's scheduler (a timer trigger, a CronJob or a managed scheduler), "
                "under a lock that keeps runs one at a time",
            )
