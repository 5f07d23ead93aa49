"""Operations rules: someone is paged when the SLO burns, messages never vanish, and production exists."""

from __future__ import annotations

from archgen.review.engine import Found, Problem, Subject, rule


@rule("OPS001", "warning", "operations", "No paging alert")
def paging_alert(subject: Subject) -> Found:
    """No alert pages anyone: an outage is noticed by users first."""
    if not any(a.severity == "page" for a in subject.design.observability.alerts):
        yield Problem(
            element="observability",
            at=("observability", "alerts"),
            message="no alert pages the on-call engineer",
            fix="page on fast error-budget burn and on latency above the SLO",
        )


@rule("OPS002", "warning", "operations", "Queue without a dead-letter")
def dead_letter(subject: Subject) -> Found:
    """A queue or log has no dead-letter destination: a poison message blocks it or is lost."""
    for i, channel in enumerate(subject.design.channels):
        if channel.delivery == "at-most-once":
            continue  # fire and forget: a signal the next one replaces has nothing to keep aside
        if not (channel.dead_letter or "").strip():
            yield Problem(
                element=channel.name,
                at=("channels", i, "dead_letter"),
                message="has no dead-letter destination: a message that keeps failing blocks the queue or is lost",
                fix="route messages that exhaust their retries to a dead-letter queue and alert on it",
            )


@rule("OPS003", "warning", "operations", "No production environment")
def production(subject: Subject) -> Found:
    """The deployment lists no production environment."""
    names = [e.name.lower() for e in subject.design.deployment.environments]
    if not any(name.startswith("prod") for name in names):
        yield Problem(
            element="deployment",
            at=("deployment", "environments"),
            message="no environment is production",
            fix="add a production environment and say what gates a release into it",
        )
