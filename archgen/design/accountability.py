"""Whether a design accounts for what people do to its records (archgen/knowledge/accountability.yaml).

The rules architect (which shapes audit records and decision fields by it) and the review (which reports where any
design falls short of it) ask this module, so the two cannot disagree. It reads elements and requirements only."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from archgen.design.model import EntityDesign, StoredField, Transition
from archgen.design.steps import SYSTEM
from archgen.knowledge import compliance
from archgen.knowledge.accountability import accountability_words
from archgen.requirements.model import Requirements


def _words(name: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", name.lower()))


def value_fields(audit: EntityDesign) -> list[StoredField]:
    """The fields of an audit record that copy the changed record's values (before, after, a diff)."""
    words = set(accountability_words().values)
    return [f for f in audit.fields if f.name.lower() in words or (_words(f.name) & words and f.type == "json")]


def actor_fields(audit: EntityDesign) -> list[StoredField]:
    """The fields of an audit record that name who acted."""
    actors = set(accountability_words().actors)
    return [f for f in audit.fields if f.name.lower() in actors]


def audited(entities: Sequence[EntityDesign], req: Requirements, audit: EntityDesign) -> list[EntityDesign]:
    """The records an audit record accounts for: those the use cases that write it change, else every other one."""
    audits = {a.name for a in audit_entities_of(entities)}
    written = {n for u in req.use_cases if audit.name in u.writes for n in u.writes}
    return [e for e in entities if e.name not in audits and (not written or e.name in written)]


def audit_entities_of(entities: Sequence[EntityDesign]) -> list[EntityDesign]:
    """The audit records among `entities` (by their names, as compliance.yaml recognises them)."""
    return [e for e in entities if "audit" in compliance.record_kinds(e.name, [f.name for f in e.fields])]


def protected(entities: Sequence[EntityDesign]) -> list[tuple[EntityDesign, StoredField]]:
    """The fields only some callers may read, or that are encrypted: what an audit entry must not reveal."""
    return [(e, f) for e in entities for f in e.fields if f.encrypted or f.readers]


def value_readers(audited_: Sequence[EntityDesign]) -> list[str]:
    """Who may read an audit entry's copied values: those who may read every protected field of what it audits
    (an empty list when nothing is protected: every reader of the entry)."""
    lists = [f.readers for _, f in protected(audited_) if f.readers]
    if not lists:
        return []
    common = [r for r in lists[0] if all(r in other for other in lists[1:])]
    if common:
        return common
    # the person the values are about reads them, unless a field is kept from them too (their fraud score): then
    # no caller does, and the entry keeps them for the record alone
    return ["self"] if all("self" in other for other in lists) else [SYSTEM]


def auditors(req: Requirements, audit: EntityDesign) -> list[str]:
    """The roles people sign in as whose use cases read an audit record: those it is kept for, who must see what
    changed (an admin reviewing the log, an auditor testing controls)."""
    people = person_roles(req)
    return list(dict.fromkeys(u.actor for u in req.use_cases if audit.name in u.reads and u.actor in people))


def shown_to(audit: EntityDesign, field: StoredField, callers: Sequence[str]) -> list[str]:
    """The roles that read a field of an audit record: its readers, else every caller of the record."""
    return list(field.readers) or list(callers)


def person_roles(req: Requirements) -> set[str]:
    """The roles people sign in as."""
    return {r.name for r in req.users.roles if r.kind == "person"}


@dataclass(frozen=True)
class Decision:
    """A move of a record that is a person's decision: the fields that keep who made it and when."""

    move: Transition
    by: str  # approved_by
    at: str  # approved_at


def decisions(entity: EntityDesign, people: set[str]) -> list[Decision]:
    """The moves of a record that people make and that are decisions (approve, hand out, sign), each with the
    fields that keep who and when."""
    machine = entity.state_machine
    if machine is None:
        return []
    words = accountability_words()
    out: list[Decision] = []
    for move in machine.transitions:
        if move.name not in words.decisions or not set(move.roles) & people:
            continue
        stem = words.participle(move.name)
        out.append(Decision(move, f"{stem}_by", f"{stem}_at"))
    return out


def unkept(entity: EntityDesign, people: set[str]) -> list[tuple[Decision, str]]:
    """The decisions a record does not keep: (decision, what is missing in words)."""
    out: list[tuple[Decision, str]] = []
    for decision in decisions(entity, people):
        move = decision.move
        stems = {accountability_words().participle(move.name), move.target.lower()}
        by_move = f"the {move.name} transition"  # a field its transition sets, whatever its name (second_approver)
        who = [
            f
            for f in entity.fields
            if f.set_by == "server"
            and (
                f.name.lower() in {f"{s}_by" for s in stems} | {f"{s}_by_id" for s in stems}
                or f.name.lower() in {move.name.replace("-", "_") + e for e in ("r", "er", "or")}
                or (by_move in f.source and ("caller" in f.source or "token" in f.source))
            )
        ]
        when = [
            f
            for f in entity.fields
            if f.set_by == "server"
            and (f.name.lower() in {f"{s}_at" for s in stems} or (by_move in f.source and f.type == "timestamp"))
        ]
        missing = [w for w, found in (("who", who), ("when", when)) if not found]
        if missing:
            out.append((decision, " and ".join(missing)))
    return out


def short_kept(audit: EntityDesign, audited_: Sequence[EntityDesign]) -> list[EntityDesign]:
    """The audited records kept longer than the audit record that accounts for them."""
    if audit.retention_days is None:
        return []
    return [e for e in audited_ if e.retention_days and e.retention_days > audit.retention_days]


def logs_reads(text: str) -> bool:
    """Whether a design's words say every read is recorded, one entry per record returned."""
    said = text.lower()
    return any(p in said for p in accountability_words().read_logging)


def logs_requests(text: str) -> bool:
    """Whether a design's words say every read is recorded, one entry per request naming the records returned."""
    said = text.lower()
    return any(p in said for p in accountability_words().request_logging)
