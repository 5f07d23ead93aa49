"""Consent that is read: a use case that uses a person's data for a purpose their consent governs checks it first,
and one that compares a person with others reads an aggregate over a minimum group, never another's own records."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.common import english
from archgen.design.model import FlowStep
from archgen.design.subject_rights import compares, consent_governed
from archgen.knowledge.subject_rights import subject_rights
from archgen.requirements import personal
from archgen.requirements.model import UseCase


def consent_steps(draft: Draft, use_case: UseCase, steps: list[FlowStep]) -> list[tuple[int, FlowStep]]:
    """The steps that read the person's consent (right after the request reaches the service) and that take the
    comparison from an aggregate (in place of nothing: right after the service's first read of its store); where
    each goes, last first."""
    entities = {e.name: e for e in draft.entities}
    stores = {s.name for s in draft.stores}
    edge = next((i for i, s in enumerate(steps) if s.source == "gateway" and s.kind == "sync"), None)
    service = steps[edge].target if edge is not None else (steps[0].source if steps else "")
    out: list[tuple[int, FlowStep]] = []
    governed = consent_governed(draft.req).get(use_case.name)
    if governed and service and governed[0] in entities:
        name, purposes = governed
        consent = entities[name]
        who = _subject(draft, name)
        target = consent.store if consent.owner == service else consent.owner
        message = (
            f"read the {who}'s {name} for {english.join(purposes, 'and')}; without it granted, the answer leaves out "
            f"what {english.join(purposes, 'or')} covers"
        )
        out.append((edge + 1 if edge is not None else 0, FlowStep(source=service, target=target, message=message)))
    personal_reads = [n for n in use_case.reads if n in entities and entities[n].pii]
    read = next((i for i, s in enumerate(steps) if s.source == service and s.target in stores), None)
    if compares(draft.req, use_case.name) and personal_reads and read is not None:
        group = subject_rights().min_group
        who = english.plural(_subject(draft, governed[0])) if governed else "people"
        message = (
            f"query the aggregate of {english.join(personal_reads)} over at least {group} similar {who} for the "
            f"comparison, never another's own records; a smaller group is not shown"
        )
        out.append((read + 1, FlowStep(source=service, target=steps[read].target, message=message)))
    return sorted(out, key=lambda found: -found[0])


def _subject(draft: Draft, consent: str) -> str:
    """Whom a consent record is about, in words: the person its reference names."""
    entity = next((e for e in draft.entities if e.name == consent), None)
    refs = [f.type[4:-1] for f in (entity.fields if entity else []) if f.type.startswith("ref[")]
    found = next((r for r in refs if personal.is_person(r)), None)
    return " ".join(personal.name_words(found)).lower() if found else "person"
