"""Which messages of a held-open channel carry a flow's steps: what its service pushes to the clients, what the
clients send it, and what another service asks it to push. Ties are by name: a message stands for a use case when it
is named after it or names it in its description, and for an event when it carries the event's record."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from archgen.common.naming import pascal
from archgen.design.connections import held_open
from archgen.design.model import EntityDesign, Event, Flow, FlowStep, RealtimeChannel, RealtimeMessage, StoredField
from archgen.knowledge.live_signals import live_signals

Direction = Literal["to-client", "from-client"]


@dataclass(frozen=True)
class Need:
    """A step of a flow that a message of a channel must carry."""

    flow: Flow
    index: int
    step: FlowStep
    channel: RealtimeChannel
    direction: Direction


def stands_for(message: RealtimeMessage, use_case: str) -> bool:
    """Whether a message is the one a use case sends or shows: named after it, or naming it."""
    return message.name == pascal(use_case) or use_case.lower() in message.description.lower()


def message_name(text: str) -> str:
    """The name of a message a step calls for: its words up to the first colon or semicolon."""
    clause = re.split(r"[:;,(]", text, maxsplit=1)[0]
    # articles name nothing: "acknowledge up to a sequence" is AcknowledgeUpToSequence
    words = [w for w in re.findall(r"[A-Za-z0-9]+", clause) if w.lower() not in ("a", "an", "the")]
    words = words[: live_signals().message_name_max_words]
    return pascal(" ".join(words)) if words else "Update"


def needs(
    channels: Iterable[RealtimeChannel], flows: list[Flow], events: list[Event], services: set[str], roles: set[str]
) -> list[Need]:
    """Every step on a held-open channel that a message must carry: its service to a client, a client to it, and
    another service asking it to push something that is not an event it consumes."""
    names = {e.name for e in events}
    out: list[Need] = []
    for channel in held_open(channels):
        for flow in flows:
            for i, step in enumerate(flow.steps):
                if step.kind == "reply":
                    continue
                named = step.message.split(" ", 1)[0]
                if step.source == channel.service and step.target in roles:
                    out.append(Need(flow, i, step, channel, "to-client"))
                elif step.target == channel.service and step.source in roles:
                    out.append(Need(flow, i, step, channel, "from-client"))
                elif (
                    step.target == channel.service
                    and step.source in services
                    and step.kind == "async"
                    and named not in names  # an event it consumes is pushed as its record's message
                ):
                    out.append(Need(flow, i, step, channel, "to-client"))
    return out


def carried(events: list[Event], need: Need) -> bool:
    """Whether a message of the channel carries the step: one standing for the flow's use case or named in the
    step, or (to a client) one carrying the record of the event the step pushes."""
    mine = [m for m in need.channel.messages if m.direction == need.direction]
    if any(stands_for(m, need.flow.use_case) or m.name in need.step.message for m in mine):
        return True
    if need.direction == "from-client":
        return False
    event = next((e for e in events if need.step.message.startswith(e.name)), None)
    return event is not None and event.entity is not None and any(m.entity == event.entity for m in mine)


def server_clock(field: StoredField | None) -> bool:
    """Whether the server stamps a time from its own clock when it stores the record (a resend gets a new one)."""
    return (
        field is not None
        and field.set_by == "server"
        and field.type in ("timestamp", "date")
        and field.source.startswith("its clock")
    )


def not_yet_assigned(entity: EntityDesign, event: Event, party: str | None) -> bool:
    """Whether a record's creation event reaches a party the record does not have yet: every reference it holds to
    the party's record is empty until a later transition sets it (a trip's driver, set on acceptance)."""
    if party is None or event.entity != entity.name or not event.name.endswith("Created"):
        return False
    refs = [f for f in entity.fields if f.type == f"ref[{party}]"]
    return bool(refs) and all(not f.required and "transition" in f.source for f in refs)
