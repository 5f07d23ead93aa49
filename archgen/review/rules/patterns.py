"""Workload pattern rules: a design whose questionnaire shows a recognised shape (chat, feeds, media, a searched
catalogue, analytics, dispatch, telemetry...) contains what that shape needs: the fields its mechanism keeps, its
events in the order the mechanism relies on, the mechanism in its flows, a failure mode and a decision record for
it. The patterns are matched afresh from the questionnaire, so a design that ignores its shape is caught too."""

from __future__ import annotations

from collections.abc import Iterator

from archgen.knowledge.patterns import EssentialSpec, Match, entities_of, has_field, mentions, scope_field
from archgen.review.engine import Found, Problem, Subject, rule


def _essentials(subject: Subject) -> Iterator[tuple[Match, EssentialSpec]]:
    for found in subject.patterns:
        for essential in found.pattern.contributes.essentials:
            if found.allows(essential):
                yield found, essential


@rule("PAT001", "error", "data", "A pattern's mechanism has no field to keep it")
def mechanism_without_field(subject: Subject) -> Found:
    """The questionnaire shows a workload pattern whose mechanism keeps a value on a record (a message's sequence
    number in its conversation, the batch a fact was loaded by, when an offer lapses), and the entity lacks it: the
    flows and decisions promise what the data cannot hold."""
    for found, essential in _essentials(subject):
        for need in essential.fields:
            for name in entities_of(need.entity, found, subject.req):
                entity = subject.entities.get(name)
                if entity is None or has_field(entity, need):
                    continue
                index = subject.design.entities.index(entity)
                yield Problem(
                    element=name,
                    at=("entities", index, "fields"),
                    message=f"{found.pattern.name}: {essential.part} needs {name}.{need.name} ({need.type}), "
                    f"which the entity lacks; {essential.why}",
                    fix=f"add {need.name} to {name}: {need.source}",
                )


@rule("PAT002", "error", "data", "A pattern's ordered events are keyed by something else")
def ordered_events_unkeyed(subject: Subject) -> Found:
    """The pattern's mechanism relies on the events about an entity arriving in order per the record they belong to
    (one conversation's messages, one device's readings), and the event is keyed by something else: consumers see
    them out of order across partitions."""
    for found, essential in _essentials(subject):
        if not essential.ordered:
            continue
        for name in entities_of(essential.ordered, found, subject.req):
            entity = subject.entities.get(name)
            scope = scope_field(entity) if entity else None
            if scope is None:
                continue
            for i, event in enumerate(subject.design.events):
                if event.entity == name and event.ordering_key != scope:
                    yield Problem(
                        element=event.name,
                        at=("events", i, "ordering_key"),
                        message=f"{found.pattern.name}: {essential.part} needs the events about {name} in order "
                        f"per {scope}, but {event.name} is keyed by {event.ordering_key or 'nothing'}",
                        fix=f"make {scope} the ordering key of {event.name}, so one {scope}'s events stay in one "
                        "partition in the order they were written",
                    )


@rule("PAT003", "warning", "architecture", "A pattern's mechanism is missing from its flows")
def mechanism_not_in_flows(subject: Subject) -> Found:
    """The flow of a use case the pattern's mechanism runs in never names it (no sequence in the live delivery, no
    celebrity threshold in the fan-out, no conversion in the upload): the hard part is named but not designed."""
    flows = {f.use_case: (i, f) for i, f in enumerate(subject.design.flows)}
    for found, essential in _essentials(subject):
        if not essential.flow or not essential.flow_words:
            continue
        for use_case in found.bound.get(essential.flow.strip("{}"), []):
            if use_case not in flows:
                continue
            i, flow = flows[use_case]
            if not any(mentions(s.message, essential.flow_words) for s in flow.steps):
                yield Problem(
                    element=use_case,
                    at=("flows", i, "steps"),
                    message=f"{found.pattern.name}: the flow of {use_case} never shows {essential.part} "
                    f"(no step mentions {' or '.join(essential.flow_words)}); {essential.why}",
                    fix=f"add the steps where {essential.part} happens, with the store or service that does it",
                )


@rule("PAT004", "warning", "availability", "No failure mode for a pattern's mechanism")
def mechanism_without_failure_mode(subject: Subject) -> Found:
    """The pattern's mechanism has a known way to fail (a reconnect storm, a fan-out backlog, late data, an offer
    nobody accepts) and no failure mode of the design covers it."""
    modes = subject.design.reliability.failure_modes
    texts = [" ".join((m.component, m.kind, m.failure, m.mitigation, m.degraded)) for m in modes]
    for found, essential in _essentials(subject):
        if essential.failure_words and not any(mentions(t, essential.failure_words) for t in texts):
            yield Problem(
                element=found.pattern.id,
                at=("reliability", "failure_modes"),
                message=f"{found.pattern.name}: no failure mode covers {essential.part} "
                f"(none mentions {' or '.join(essential.failure_words)})",
                fix="add a failure mode row: how it fails, how it is noticed, what limits the damage and what "
                "users see meanwhile",
            )


@rule("PAT005", "warning", "architecture", "A pattern's key decision is not recorded")
def mechanism_without_decision(subject: Subject) -> Found:
    """The pattern's mechanism rests on a choice with real alternatives (fan-out on write or read, how messages are
    ordered, how the index is rebuilt) and no decision record weighs it."""
    titles = [d.title for d in subject.design.decisions]
    for found, essential in _essentials(subject):
        if essential.decision and not any(essential.decision.lower() in t.lower() for t in titles):
            yield Problem(
                element=found.pattern.id,
                at=("decisions",),
                message=f"{found.pattern.name}: no decision record weighs {essential.part} "
                f"(none titled like '{essential.decision}')",
                fix="record the decision with its real alternatives, their trade-offs and the figures that decide it",
            )
