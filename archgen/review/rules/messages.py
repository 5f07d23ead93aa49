"""What realtime messages carry: a phone notification nothing personal of its record, a live screen what its use case
names (archgen/knowledge/notifications.yaml)."""

from __future__ import annotations

from archgen.common.english import join
from archgen.common.naming import pascal
from archgen.design.connections import HELD_OPEN
from archgen.design.model import RealtimeChannel, RealtimeMessage
from archgen.knowledge.notifications import named_concepts, notifications
from archgen.review.engine import Found, Problem, Subject, rule

LIVE = HELD_OPEN  # connections a screen holds open while it shows the record


def _carried(subject: Subject, message: RealtimeMessage) -> list[str]:
    """The fields a message carries: the ones it names, or its whole record."""
    if message.fields is not None:
        return message.fields
    entity = subject.entities.get(message.entity or "")
    return [f.name for f in entity.fields] if entity else []


def _personal(subject: Subject, entity: str, field: str) -> bool:
    record, _, name = field.rpartition(".")
    record = record or entity
    found = subject.personal.get(record)
    design = subject.entities.get(record)
    stored = next((f for f in design.fields if f.name == name), None) if design else None
    return name != "id" and ((found is not None and name in found.fields) or (stored is not None and stored.pii))


@rule("SEC035", "error", "security", "Notification carries personal data of its record")
def notification_payload(subject: Subject) -> Found:
    """A mobile-push notification carries personal fields of the record it is about (the whole record, a report,
    a name): the push provider (APNs, FCM) and a locked screen see them, and the provider signs no agreement to
    process them. It carries the record's id, its kind and a generic text; the app fetches the rest after sign-in."""
    for i, channel in enumerate(subject.design.realtime):
        if channel.protocol != "mobile-push":
            continue
        for j, message in enumerate(channel.messages):
            if message.direction != "to-client" or not message.entity:
                continue
            leaked = [f for f in _carried(subject, message) if _personal(subject, message.entity, f)]
            if leaked:
                yield Problem(
                    element=message.name,
                    at=("realtime", i, "messages", j),
                    message=f"a phone notification carries personal fields of {message.entity}: {join(leaked)}",
                    fix=f"carry only {join(notifications().notification.fields)}, the record's kind and a generic "
                    "text; the app fetches the record over the API after sign-in",
                )


def _messages_of(channel: RealtimeChannel, use_case: str) -> list[RealtimeMessage]:
    """The messages that carry a use case to the client: the one named after it, or every one sent."""
    sent = [m for m in channel.messages if m.direction == "to-client" and m.entity]
    return [m for m in sent if pascal(m.name) == pascal(use_case)] or sent


@rule("SEC036", "error", "security", "Live message without what its screen shows")
def live_payload(subject: Subject) -> Found:
    """A use case pushes a live screen that shows something it names (the car's position, the ETA, the status), and
    no message it receives carries a field that holds it: the screen cannot show it, or the client fetches it again
    on every update and reads whatever it may."""
    for i, channel in enumerate(subject.design.realtime):
        if channel.protocol not in LIVE:
            continue
        for use_case in subject.req.use_cases:
            if use_case.interaction != "push" or use_case.name not in channel.use_cases:
                continue
            carried = [f for m in _messages_of(channel, use_case.name) for f in _carried(subject, m)]
            missing = [
                c.concept
                for c in named_concepts(f"{use_case.name} {use_case.description}")
                if not any(c.holds(f) for f in carried)
            ]
            if missing:
                yield Problem(
                    element=use_case.name,
                    at=("realtime", i, "messages"),
                    message=f"its screen shows {join(missing)}, but no message {channel.name} sends for it carries "
                    + ("it" if len(missing) == 1 else "them"),
                    fix="add to its message the fields that hold it, from the records it reads or computed when sent",
                )


@rule("SEC037", "error", "security", "Agreement claimed with a push provider")
def push_agreement(subject: Subject) -> Found:
    """A control counts the push provider (APNs, FCM) among the parties to an agreement it does not sign (a HIPAA
    business associate agreement): the claim is false, and it hides that health data must stay out of the push."""
    unsigned = notifications().unsigned
    providers = {c.technology for c in subject.design.realtime if c.protocol == "mobile-push"}
    for i, control in enumerate(subject.design.security.controls):
        said = f"{control.requirement} {control.measure}".lower()
        if control.regime.lower() not in unsigned.regimes or not any(w in said for w in unsigned.words):
            continue
        for provider in sorted(providers & set(control.elements)):
            yield Problem(
                element=provider,
                at=("security", "controls", i),
                message=f"counted as a party to '{control.requirement}', which push providers do not sign",
                fix="take the push provider out of the agreement and keep the notification to a record's id and a "
                "generic text",
            )
