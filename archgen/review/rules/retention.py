"""Retention rules: a period is counted from the moment that ends a record's use, what belongs to a record or is named
by a kept one goes with it or after it, an audit trail outlives what it audits, the mechanism named is one the store
has, and every page states the same period (archgen/design/retention.py says when each record may go)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from archgen.common import english
from archgen.design.model import Job
from archgen.design.retention import Ending, endings, is_audit, said_of
from archgen.knowledge.compliance import hold
from archgen.knowledge.jobs import job_words
from archgen.knowledge.keys import key_words, resend_hours
from archgen.review.engine import Found, Problem, Subject, rule

AUDITS = re.compile(r"\baudit(s|ed)?\b", re.IGNORECASE)  # the word, not an entity named AuditEvent
KEPT = re.compile(r"\b(kept|deleted after)\s+(?:at least\s+)?([\d,]+)\s+days")


def _deleting(subject: Subject) -> Iterator[tuple[int, Job, Ending, str]]:
    """Each job that deletes an entity past its retention, with when the entity may go and what the job says of it."""
    ends = endings(subject.design.entities, subject.design.stores)
    for i, job in enumerate(subject.design.jobs):
        if not any(w in job.description.lower() for w in job_words().deletes):
            continue
        for ending in ends.values():
            said = said_of(job.description, ending.entity)
            if said:
                yield i, job, ending, said


def _names(said: str, words: tuple[str, ...]) -> list[str]:
    return [w for w in words if re.search(rf"\b{re.escape(w)}\b", said)]


@rule("DAT050", "error", "data", "Retention counted from creation for a record whose use ends later")
def counted_from_creation(subject: Subject) -> Found:
    """A job deletes a record a period after it was written, while the record's use ends later: at a final state of
    its lifecycle (a claim a decade after closure), or at the newest record that refers to it (a patient ten years
    after the last visit). A record still in use would be deleted."""
    for i, job, ending, said in _deleting(subject):
        moments = ending.closes or ending.activity
        if ending.parent or ending.partitioned or not moments or _names(said, moments):
            continue
        yield Problem(
            element=job.name,
            at=("jobs", i, "description"),
            message=f"deletes {ending.entity} by its age, but its use ends when it reaches "
            f"{english.join(moments, 'or')}: a record still in use would go",
            fix=f"count {ending.entity}'s period from when it reaches {english.join(moments, 'or')}",
        )


@rule("DAT051", "error", "data", "Record deleted while a kept record refers to it")
def deleted_under_a_reference(subject: Subject) -> Found:
    """A job deletes a record that records kept at least as long still refer to (an appointment an encounter names):
    their reference would point at nothing."""
    for i, job, ending, said in _deleting(subject):
        missing = [n for n in ending.held_by if n not in _names(said, ending.held_by)]
        if not missing or ending.parent:
            continue
        yield Problem(
            element=job.name,
            at=("jobs", i, "description"),
            message=f"deletes {ending.entity} without waiting for the {english.join(missing)} that refer to it "
            "and are kept at least as long",
            fix=f"delete {ending.entity} only once no kept {english.join(missing, 'or')} refers to it",
        )


@rule("DAT052", "error", "data", "Record aged out apart from what it belongs to")
def aged_out_alone(subject: Subject) -> Found:
    """A job deletes records that belong to another (a claim's events and documents, a visit's readings) on their own
    clock, while the record they belong to is kept: its history goes before it does."""
    for i, job, ending, said in _deleting(subject):
        if not ending.parent or _names(said, (ending.parent,)):
            continue
        yield Problem(
            element=job.name,
            at=("jobs", i, "description"),
            message=f"deletes {ending.entity} by its own age, apart from the {ending.parent} it belongs to",
            fix=f"delete {ending.entity} together with its {ending.parent}, before it",
        )


@rule("DAT053", "error", "data", "Audit trail deleted before what it audits")
def audit_goes_first(subject: Subject) -> Found:
    """A job deletes audit entries by their age while records they audit are kept longer, and the questionnaire
    gives the trail no period of its own: who did what to a record can no longer be shown while the record exists."""
    longer = [e.name for e in subject.design.entities if e.retention_days]
    asked = {e.name for e in subject.req.data.entities if e.retention_days}
    for i, job, ending, said in _deleting(subject):
        kept = [n for n in longer if (subject.entities[n].retention_days or 0) > ending.days]
        if not ending.audit or ending.entity in asked or not kept or AUDITS.search(said) or _names(said, ending.audits):
            continue
        yield Problem(
            element=job.name,
            at=("jobs", i, "description"),
            message=f"deletes {ending.entity} after {ending.days:,} days while {english.join(kept[:3])} "
            f"{'is' if len(kept) == 1 else 'are'} kept longer",
            fix=f"keep each {ending.entity} entry while the record it audits is kept",
        )


@rule("DAT054", "error", "data", "Retention by dropping partitions the records are not in")
def partitions_claimed(subject: Subject) -> Found:
    """A decision says retention drops partitions, while records it is about are in no time partitions or a job
    deletes them row by row."""
    ends = endings(subject.design.entities, subject.design.stores)
    jobs = [j.description for j in subject.design.jobs]
    claims = job_words().retention.partition_claims
    for i, decision in enumerate(subject.design.decisions):
        text = " ".join([decision.rationale, *decision.consequences])
        if not any(w in text.lower() for w in claims):
            continue
        about = [
            e
            for e in ends.values()
            if re.search(rf"\b{re.escape(e.entity)}\b", text) or (e.audit and "audit" in text.lower())
        ]
        wrong = [
            e.entity
            for e in about
            if not e.partitioned or any(said_of(j, e.entity) and "partition" not in said_of(j, e.entity) for j in jobs)
        ]
        if wrong:
            yield Problem(
                element=decision.id,
                at=("decisions", i, "consequences"),
                message=f"says retention drops partitions, but {english.join(wrong)} "
                f"{'is' if len(wrong) == 1 else 'are'} not in time partitions or deleted row by row",
                fix="partition those records by time and drop expired partitions, or say how they are deleted",
            )


@rule("DAT055", "error", "data", "Two pages state different retention for one entity")
def retention_disagrees(subject: Subject) -> Found:
    """The security design keeps or deletes a record after a number of days that is not the entity's retention (or
    gives a period to a record the data design keeps without limit)."""
    for i, handling in enumerate(subject.design.security.pii):
        entity = subject.entities.get(handling.entity)
        if entity is None:
            continue
        for control in handling.controls:
            found = KEPT.match(control)  # the record's own period, not a copy's (backups kept 35 days)
            if found is None or "at least" in found.group(0):
                continue
            days = int(found.group(2).replace(",", ""))
            if days != entity.retention_days:
                stated = f"{entity.retention_days:,} days" if entity.retention_days else "no limit"
                yield Problem(
                    element=handling.entity,
                    at=("security", "pii", i, "controls"),
                    message=f"the security design says {found.group(0)}, the data design {stated}",
                    fix="state one retention per entity: the entity's, or change the entity's retention_days",
                )


@rule("DAT056", "error", "data", "Recovery that forgets what the senders keep and resend")
def recovery_without_resend(subject: Subject) -> Found:
    """Clients keep what they sent for a stated window and resend it, but the store's recovery plan never asks for
    it: what a restore to an older point lost is given up although the senders still hold it."""
    for i, backup in enumerate(subject.design.reliability.backups):
        store = next((s for s in subject.design.stores if s.name == backup.store), None)
        if store is None or store.kind in ("search", "in-memory"):
            continue
        writers = [u for u in subject.req.use_cases if set(store.entities) & set(u.writes)]
        resent = [u.name for u in writers if resend_hours([u.description or ""])]
        if not resent or any(re.search(rf"\b{re.escape(w)}\b", backup.method.lower()) for w in key_words().resend):
            continue
        yield Problem(
            element=backup.store,
            at=("reliability", "backups", i, "method"),
            message=f"the senders of {english.join(resent)} keep and resend what they sent, but the recovery "
            "plan never asks them to",
            fix="after a restore, ask the senders to resend the window they keep since the restore point",
        )


@rule("DAT075", "error", "data", "Audit trail kept for another period than the questionnaire asks")
def audit_period_asked(subject: Subject) -> Found:
    """The questionnaire gives an audit trail its period (six years, seven under SOX) and the design keeps it for
    another: the auditors test the period asked, the storage is sized for one period and the pages state another,
    and personal data in the entries is kept longer than the people were told."""
    asked = {e.name: e.retention_days for e in subject.req.data.entities if e.retention_days}
    for i, entity in enumerate(subject.design.entities):
        days = asked.get(entity.name)
        if days is None or entity.retention_days == days or not is_audit(entity):
            continue
        stated = f"{entity.retention_days:,} days" if entity.retention_days else "without limit"
        yield Problem(
            element=entity.name,
            at=("entities", i, "retention_days"),
            message=f"is kept {stated}, while the questionnaire keeps this audit trail {days:,} days",
            fix=f"keep {entity.name} {days:,} days from when each entry is written, dropped by time partitions",
        )


@rule("DAT076", "error", "data", "Retention counted from a state that is not the end of the record's use")
def counted_from_a_midway_state(subject: Subject) -> Found:
    """A job counts a record's period from some of its states but not from every one that ends its use, or from a
    state its work passes through: a signed note that is never amended is kept forever while an amended one goes,
    or a record still being worked on is deleted."""
    for i, job, ending, said in _deleting(subject):
        machine = subject.entities[ending.entity].state_machine
        if machine is None or ending.parent or ending.partitioned:
            continue
        named = _names(said, tuple(machine.states))
        if not named:
            continue  # counted from creation: DAT050
        missing = [s for s in ending.closes if s not in named]
        midway = [s for s in named if s not in ending.closes]
        if not missing and not midway:
            continue
        said_of_it = (
            f"{english.join(midway)}, which its work passes through"
            if midway
            else f"{english.join(named, 'or')} only, while a record that stays in {english.join(missing, 'or')} has "
            "ended its use too and is kept forever"
        )
        yield Problem(
            element=job.name,
            at=("jobs", i, "description"),
            message=f"counts {ending.entity}'s period from {said_of_it}",
            fix=f"count {ending.entity}'s period from its last change of state once it reaches "
            f"{english.join(ending.closes, 'or')}",
        )


@rule("SEC051", "error", "security", "Crypto-shredding of records that erasure does not reach")
def shredded_under_a_hold(subject: Subject) -> Found:
    """The security design encrypts a record with a key per person so that erasure can destroy it, while the record
    is an audit trail or one a named law keeps for its period: an erasure request would destroy evidence and legal
    records it may only restrict, and an auditor could no longer read what changed."""
    regimes = subject.req.compliance.regimes
    for i, handling in enumerate(subject.design.security.pii):
        entity = subject.entities.get(handling.entity)
        said = [c for c in handling.controls if any(w in c.lower() for w in job_words().retention.shred_words)]
        if entity is None or not said:
            continue
        fields = [f.name for f in entity.fields]
        held = hold(regimes, entity.name, fields)
        if held is None and not is_audit(entity):
            continue
        why = f"{held[0]} keeps it ({held[1].basis})" if held else "it is the audit trail its auditors test"
        yield Problem(
            element=handling.entity,
            at=("security", "pii", i, "controls"),
            message=f"is encrypted with a key per person so erasure can crypto-shred it, but {why}",
            fix="encrypt it under the service's data key, name the person by a pseudonymous reference, and let an "
            "erasure request restrict it until its period ends",
        )


@rule("DAT078", "error", "data", "Records deleted under a kept balance that sums them")
def balance_without_carry_forward(subject: Subject) -> Found:
    """A job deletes records (ledger entries) that a kept record's balance adds up (an account kept without limit),
    with no opening balance carried forward: afterwards the balance no longer equals the sum of what is left, and
    every check of that invariant fails for each old account."""
    words = job_words().retention.carry_words
    for i, job, ending, said in _deleting(subject):
        if not ending.carries or any(w in said.lower() for w in words):
            continue
        yield Problem(
            element=job.name,
            at=("jobs", i, "description"),
            message=f"deletes {ending.entity} while the {english.join(ending.carries)} balance that sums them is "
            "kept, with no opening balance carried forward",
            fix=f"before {ending.entity} records go, post each balance at the cut-off as one opening-balance "
            f"{ending.entity} and delete only what it replaces",
        )
