"""Where reference and master data comes from, and who writes the record of a decision.

A record use cases read that nothing in the design makes is loaded from the outside system the questionnaire names
as its system of record (the billing system's meters, the ERP's products): a nightly import of its extract, checked
against the extract's manifest and keyed by the system's own key. Only when no such system exists does the design
ask who keeps the records (creators.py). A record of a decision (an approval) is written by the guarded transition
it records, in the same transaction: an operation that makes one on its own would bypass the guard.
"""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.architects.rules.jobs import schedule
from archgen.common import english
from archgen.common.naming import words_of
from archgen.design import creation
from archgen.design import model as m
from archgen.design.natural_keys import external_key
from archgen.design.sourcing import decision_records, source_of, sync_job
from archgen.knowledge.sources import sources


def plan_sources(draft: Draft) -> None:
    """An import job for each record read from a system of record; decisions written by their transition."""
    words = sources()
    endpoints = [e for s in draft.services for e in s.endpoints]
    for entity in draft.entities:
        if creation.used(draft.req, entity.name) is None or not creation.unmade(draft.req, entity, endpoints):
            continue
        system = source_of(draft.req.integrations, entity.name)
        if system is None or sync_job(draft.jobs, entity.name) is not None:
            continue
        key = external_key(entity)
        things = english.plural(words_of(entity.name))
        draft.jobs.append(
            m.Job(
                name=words.job_name.format(entities=entity.name, system=system.name),
                schedule=schedule(words.runs_per_day),
                service=entity.owner,
                description=words.job_says.format(
                    system=system.name,
                    entities=things,
                    key=key.name if key is not None else f"the {entity.name} number {system.name} gives it",
                ),
            )
        )
    _decide_in_transitions(draft)


def _decide_in_transitions(draft: Draft) -> None:
    """An operation that makes a decision's record on its own is dropped; the transitions of its use cases write
    the record in their own transaction."""
    for record, moves in decision_records(draft.entities, draft.req.use_cases).items():
        for service in draft.services:
            service.endpoints = [
                e for e in service.endpoints if not (e.entity == record and creation.makes(e) and _decided(e, moves))
            ]


def _decided(endpoint: m.Endpoint, moves: list[m.Transition]) -> bool:
    """Whether every use case the operation serves records its decision by one of the moves."""
    carried = {t.use_case for t in moves}
    return bool(endpoint.use_cases) and set(endpoint.use_cases) <= carried
