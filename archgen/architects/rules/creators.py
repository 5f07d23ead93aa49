"""Who creates each record the questionnaire says arrives, so that every record someone owns is written by someone.

A record no use case creates, whose writers only move it along its lifecycle (a payment released, sent, settled),
is made by its owner when the record it belongs to reaches the state those moves wait on: the owner consumes the
event of the transition into that state (a claim approved makes its payment). Where no such event exists, the
design asks where the records come from instead of leaving a table nothing fills.
"""

from __future__ import annotations

from dataclasses import dataclass

from archgen.architects.rules.draft import Draft
from archgen.common.formatting import number
from archgen.design import creation
from archgen.design import model as m
from archgen.design.sourcing import sync_job
from archgen.knowledge.record_makers import record_makers


@dataclass(frozen=True)
class Creator:
    """An owner making records of `entity` from `event`, the transition of the `parent` record they belong to."""

    entity: str
    event: str
    parent: str


def uncreated(draft: Draft, entity: m.EntityDesign) -> bool:
    """Whether records of an entity arrive while nothing in the design makes one."""
    return creation.uncreated(draft.req, entity, (e for s in draft.services for e in s.endpoints))


def _parent_event(draft: Draft, entity: m.EntityDesign) -> Creator | None:
    """The event of the transition that brings the record it belongs to into the state its writers' moves of that
    record start from (the claim approved, which the payment's settlement moves on to paid)."""
    writers = {u.name for u in draft.req.use_cases if entity.name in u.writes}
    source = draft.req.entity(entity.name)
    parents = [k.target for k in source.fields.values() if k.kind == "ref" and k.target and k.target != entity.name]
    for name in parents:
        parent = next((e for e in draft.entities if e.name == name), None)
        machine = parent.state_machine if parent else None
        if machine is None:
            continue
        awaited = {s for t in machine.transitions if t.use_case in writers for s in t.source}
        for transition in machine.transitions:
            if transition.target in awaited and transition.emits and draft_event(draft, transition.emits):
                return Creator(entity.name, transition.emits, name)
    return None


def draft_event(draft: Draft, name: str) -> m.Event | None:
    return next((e for e in draft.events if e.name == name), None)


def creators(draft: Draft) -> list[Creator]:
    """The records made by their owner from the event of the record they belong to."""
    return [c for e in draft.entities if uncreated(draft, e) and (c := _parent_event(draft, e)) is not None]


def plan_creators(draft: Draft) -> None:
    """The owner of each record nothing makes consumes the event that should produce it; where no event does,
    the design asks where the records come from."""
    made = creators(draft)
    for creator in made:
        event = draft_event(draft, creator.event)
        owner = draft.entity(creator.entity).owner
        assert event is not None
        if owner not in event.consumers:
            event.consumers.append(owner)
        service = draft.service(owner)
        if service is not None and event.name not in service.consumes:
            service.consumes.append(event.name)
    done = {c.entity for c in made} | {e.name for e in draft.entities if sync_job(draft.jobs, e.name)}
    for entity in draft.entities:
        asked = any(q.raised_by == f"data.entities[{entity.name}]" for q in draft.questions)
        if entity.name in done or asked or not uncreated(draft, entity):
            continue  # made from an event, or already asked where its records come from
        per_day = draft.req.entity(entity.name).growth_per_day or 0
        draft.ask(
            question=f"What creates {entity.name} records?",
            context=f"{entity.name} records arrive every day ({number(per_day)} a day), yet no use case creates one "
            f"and nothing in the design makes one, so {entity.owner} owns a table nothing fills. Name the use case "
            "that makes them (a person's request, an import from the system that holds them, or the event whose "
            f"consumer makes them), and {entity.owner} takes the operation or the consumer.",
            raised_by=f"data.entities[{entity.name}]",
        )
    _ask_keepers(draft, done)


def _ask_keepers(draft: Draft, done: set[str]) -> None:
    """A record use cases read or refer to that nothing makes (reference data no role is said to keep) is asked
    about: who adds and corrects it. None is invented."""
    texts = record_makers()
    endpoints = [e for s in draft.services for e in s.endpoints]
    for entity in draft.entities:
        asked = any(q.raised_by == f"data.entities[{entity.name}]" for q in draft.questions)
        used = creation.used(draft.req, entity.name)
        if entity.name in done or asked or used is None or not creation.unmade(draft.req, entity, endpoints):
            continue
        draft.ask(
            question=texts.question.format(entity=entity.name),
            context=texts.context.format(entity=entity.name, used=used, owner=entity.owner),
            raised_by=f"data.entities[{entity.name}]",
        )
