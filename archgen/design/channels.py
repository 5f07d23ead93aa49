"""Inventory an outside channel sells too (a channel manager feeding the online travel agencies, a marketplace):
the record it sells, and the record that counts what is free (the words: archgen/knowledge/channels.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from archgen.design import claim_periods as cp
from archgen.design.model import EntityDesign, Event
from archgen.knowledge.channels import channel_words
from archgen.knowledge.reservations import reservation_words
from archgen.requirements.model import Integration, Requirements


@dataclass(frozen=True)
class Sale:
    """An outside channel's use case that sells a record of inventory we also sell."""

    integration: Integration
    use_case: str
    entity: EntityDesign
    counter: EntityDesign


def said(integration: Integration) -> str:
    """An integration's name and kind as plain words."""
    return " " + re.sub(r"[^a-z0-9.]+", " ", f"{integration.name} {integration.kind}".lower()) + " "


def is_channel(integration: Integration) -> bool:
    """Whether an integration is an outside sales channel by its name or kind."""
    text = said(integration)
    return any(f" {m} " in text for m in channel_words().marks)


def outside_sales(entities: list[EntityDesign], req: Requirements) -> list[Sale]:
    """The use cases by which an outside channel makes records of inventory counted per type and night, which our
    own people sell as well."""
    by_name = {e.name: e for e in entities}
    out = []
    for integration in (i for i in req.integrations if is_channel(i)):
        for case in (u for u in req.use_cases if u.actor == integration.name and u.writes):
            entity = by_name.get(case.writes[0])
            counter = cp.counter(entity, entities, req) if entity is not None else None
            if entity is not None and counter is not None:
                out.append(Sale(integration, case.name, entity, counter))
    return out


def reference(entity: EntityDesign) -> str | None:
    """The field that holds the channel's own id of a record, if it has one."""
    return next((f.name for f in entity.fields if f.name.lower() in channel_words().reference_fields), None)


def pushes(sale: Sale, events: list[Event]) -> bool:
    """Whether an event tells the channel as the free count changes (a stop-sell pushed at once)."""
    marks = channel_words().push_marks
    mine = {sale.entity.name, sale.counter.name}
    return any(
        e.entity in mine and any(m in f"{e.name} {e.trigger}".lower().replace("stopsell", "stop-sell") for m in marks)
        for e in events
    )


def is_push(event: Event) -> bool:
    """Whether an event's name or trigger says it pushes availability out as it changes."""
    marks = channel_words().push_marks
    return any(m in f"{event.name} {event.trigger}".lower().replace("stopsell", "stop-sell") for m in marks)


def pushed_to(event: Event, entities: list[EntityDesign], req: Requirements) -> Integration | None:
    """The outside channel a stop-sell event is meant for: the channel that sells what the event's record counts."""
    if event.entity is None or not is_push(event):
        return None
    return next((s.integration for s in outside_sales(entities, req) if s.counter.name == event.entity), None)


def told(event: Event, req: Requirements) -> list[Integration]:
    """The outside systems an event's trigger says it is meant for (Channel Manager is told at once)."""
    text = event.trigger.lower()
    marks = reservation_words().told_marks
    return [i for i in req.integrations if any(m.format(integration=i.name.lower()) in text for m in marks)]
