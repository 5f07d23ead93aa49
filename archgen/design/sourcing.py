"""Where a record comes from: the outside system that holds it, the job that imports it, and the records of a
decision that only a guarded transition may write. Shared by the rules architect and the review."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from archgen.common.naming import words_of
from archgen.design.model import EntityDesign, Job, Transition
from archgen.knowledge.sources import sources
from archgen.requirements.model import Integration, UseCase


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9][a-z0-9-]*", text.lower()))


def _has(text: str, phrases: Iterable[str]) -> bool:
    """Whether a phrase appears in the text, as whole words."""
    lowered = f" {' '.join(re.findall(r'[a-z0-9][a-z0-9-]*', text.lower()))} "
    return any(f" {p} " in lowered for p in phrases)


def _record_words(entity: str) -> set[str]:
    return {w.rstrip("s") for w in _words(words_of(entity))}


def source_of(integrations: Sequence[Integration], entity: str) -> Integration | None:
    """The system of record the questionnaire names for an entity: one whose kind names the record, or whose kind
    makes it a system that holds records of that kind (an ERP's products, a billing system's meters)."""
    names = _record_words(entity)
    for system in integrations:
        said = f"{system.kind} {system.name}"
        rules = [r for r in sources().systems_of_record if _has(said, r.words)]
        kind = {w.rstrip("s") for w in _words(system.kind)}
        holds = {h.rstrip("s") for r in rules for h in r.holds}
        if rules and names & kind:
            return system
        if rules and not kind & holds and names & holds:  # a kind that says what it supplies supplies only that
            return system
    return None


def bulk_system(system: Integration) -> bool:
    """Whether a system hands its records over as extracts (files), not one API call each: an ERP or a billing
    system, unless its kind says it offers an API."""
    said = f"{system.kind} {system.name}"
    return _has(said, sources().bulk_words) and not _has(system.kind, sources().api_words)


def sync_job(jobs: Iterable[Job], entity: str) -> Job | None:
    """The job that brings records of an entity in from elsewhere, by its name (an import, a sync of an extract)."""
    words = sources().sync_words
    named = re.compile(rf"\b(?:{re.escape(entity)}|{re.escape(words_of(entity))})(?:s|es)?\b", re.I)
    for job in jobs:
        if _words(job.name) & words and named.search(job.name):  # the job's name says what it brings in
            return job
    return None


def decision_records(entities: Sequence[EntityDesign], use_cases: Sequence[UseCase]) -> dict[str, list[Transition]]:
    """The records of a decision (an approval) and the guarded transitions that record it: an entity named as a
    decision that refers to a record whose guarded moves are made by use cases that also write the decision."""
    words = sources().decision_words
    by_name = {e.name: e for e in entities}
    found: dict[str, list[Transition]] = {}
    for entity in entities:
        if not _words(words_of(entity.name)) & words:
            continue
        writers = {u.name for u in use_cases if entity.name in u.writes}
        for field in entity.fields:
            target = by_name.get(field.type[4:-1]) if field.type.startswith("ref[") else None
            machine = target.state_machine if target is not None else None
            if machine is None:
                continue
            moves = [t for t in machine.transitions if t.guard and t.use_case in writers]
            if moves:
                found.setdefault(entity.name, []).extend(moves)
    return found


def decided_by_move(entities: Sequence[EntityDesign], use_cases: Sequence[UseCase], entity: str) -> bool:
    """Whether a decision's records are written by the guarded transitions that record them."""
    return entity in decision_records(entities, use_cases)


def brought_in(
    jobs: Iterable[Job], entities: Sequence[EntityDesign], use_cases: Sequence[UseCase], entity: str
) -> bool:
    """Whether records of an entity come into being outside any create operation: imported by a job, or written by
    the guarded transition of the decision they record."""
    return sync_job(jobs, entity) is not None or decided_by_move(entities, use_cases, entity)
