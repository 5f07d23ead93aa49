"""Accountability rules: audit entries that keep what they protect as stored, reach only those who may read it,
last as long as the records, name the actor from the credential and are sized for what they record; and every
decision a person makes kept on its record (archgen/design/accountability.py)."""

from __future__ import annotations

from archgen.capacity.read_log import read_entries, read_log
from archgen.common.english import join
from archgen.design import accountability as acc
from archgen.design.model import EntityDesign
from archgen.design.steps import SYSTEM
from archgen.review.engine import Found, Problem, Subject, rule


def _audits(subject: Subject) -> list[tuple[int, EntityDesign]]:
    return [(i, e) for i, e in enumerate(subject.design.entities) if e in acc.audit_entities_of([e])]


@rule("SEC040", "error", "security", "Audit entry copies protected values in clear")
def clear_copies(subject: Subject) -> Found:
    """An audit record copies the changed record's values (before, after, a diff) where what it audits holds
    encrypted or reader-restricted fields, and keeps them in clear or takes them from the client: the log then
    undoes the field-level encryption, the role projections and crypto-shredding, for as long as it is kept."""
    for i, audit in _audits(subject):
        protected = acc.protected(acc.audited(subject.design.entities, subject.req, audit))
        if not protected:
            continue
        encrypted = [f"{e.name}.{f.name}" for e, f in protected if f.encrypted]
        for j, field in ((j, f) for j, f in enumerate(audit.fields) if f in acc.value_fields(audit)):
            if encrypted and not field.encrypted:
                said = f"copies changes of {join(encrypted[:4])}, encrypted on their records, in clear"
            elif field.set_by == "client":
                said = f"takes the values of changes to {join(sorted({e.name for e, _ in protected}))} from the client"
            else:
                continue
            yield Problem(
                element=f"{audit.name}.{field.name}",
                at=("entities", i, "fields", j),
                message=said,
                fix="record the names of the fields changed and keep each value only as it is stored (the ciphertext "
                "under the person's key, a keyed hash otherwise), written by the server from the change",
            )


@rule("SEC041", "error", "security", "Audit entries readable beyond the audited fields' readers")
def audit_readers(subject: Subject) -> Found:
    """Roles see an audit record's copied values although the fields they come from are hidden from them, and
    their use cases do not review the trail: the log is a side door to salaries, identifiers or health data the
    record itself keeps from them."""
    for i, audit in _audits(subject):
        audited = acc.audited(subject.design.entities, subject.req, audit)
        restricted = [(e, f) for e, f in acc.protected(audited) if f.readers]
        if not restricted:
            continue
        callers = sorted({r for _, _, ep in subject.endpoints() if ep.entity == audit.name for r in ep.roles})
        kept_for = acc.auditors(subject.req, audit)
        for j, field in ((j, f) for j, f in enumerate(audit.fields) if f in acc.value_fields(audit)):
            # the system keeping a value for the record is no caller reading it; auditors read what they audit
            for role in (r for r in acc.shown_to(audit, field, callers) if r not in kept_for and r != SYSTEM):
                hidden = [f"{e.name}.{f.name}" for e, f in restricted if role not in f.readers]
                if hidden:
                    yield Problem(
                        element=f"{audit.name}.{field.name}",
                        at=("entities", i, "fields", j),
                        message=f"is read by {role}, who may not read {join(hidden[:4])} on the records themselves",
                        fix="let only the roles that may read every audited field read the copied values; others see "
                        "who changed which fields and when",
                    )


@rule("SEC042", "error", "security", "A person's decision not kept on its record")
def decisions_in_logs(subject: Subject) -> Found:
    """A person approves, refuses, hands out or signs a record, and the record keeps no server-set field of who
    did it and when: the decision is then only in request logs kept for weeks, not with the record it decided."""
    people = acc.person_roles(subject.req)
    for i, entity in enumerate(subject.design.entities):
        for decision, missing in acc.unkept(entity, people):
            move = decision.move
            yield Problem(
                element=f"{entity.name}.{move.name}",
                at=("entities", i, "state_machine"),
                message=f"{join(move.roles)} {move.name.replace('-', ' ')} a {entity.name}, and the record keeps no "
                f"{missing} of it",
                fix=f"keep {decision.by} and {decision.at} on the record, set by the {move.name} transition from the "
                "caller's token and the server clock",
            )


@rule("SEC043", "error", "security", "Audit entries kept less long than the records")
def audit_retention(subject: Subject) -> Found:
    """An audit record is deleted before the records it accounts for: who changed a record kept ten years cannot be
    shown after seven. A period the questionnaire gives the trail is the one kept (DAT075)."""
    asked = {e.name for e in subject.req.data.entities if e.retention_days}
    for i, audit in _audits(subject):
        if audit.name in asked:
            continue
        longer = acc.short_kept(audit, acc.audited(subject.design.entities, subject.req, audit))
        if longer:
            kept = join([f"{e.name} ({e.retention_days} days)" for e in longer[:4]])
            yield Problem(
                element=audit.name,
                at=("entities", i, "retention_days"),
                message=f"is kept {audit.retention_days} days, less than {kept} it accounts for",
                fix=f"keep the audit entries at least {max(e.retention_days or 0 for e in longer)} days",
            )


@rule("SEC044", "error", "security", "Audit trail not sized or attributed for what it records")
def read_log_sizing(subject: Subject) -> Found:
    """An audit entry names its actor from what the client sends, so anyone can write it in another's name; or the
    design records every record it returns to a person and sizes the log by fewer entries a day than those reads
    return: storage, the store and its partitions are planned for a fraction of the rows."""
    for i, audit in _audits(subject):
        for j, field in enumerate(audit.fields):
            if field in acc.actor_fields(audit) and field.set_by == "client":
                yield Problem(
                    element=f"{audit.name}.{field.name}",
                    at=("entities", i, "fields", j),
                    message="names who acted from what the client sends",
                    fix="set it from the caller's credential (the token), never from the request",
                )
    log = read_log(subject.design)
    entries = read_entries(subject.design, subject.req)
    needed = sum(r.per_day for r in entries)
    if log is None or not needed:
        return
    figure = next((f for f in subject.design.capacity.figures if f.key == f"storage.{log.name}.rows.y1"), None)
    sized = next((v.value for v in figure.inputs if v.name == "growth_per_day"), 0.0) if figure else 0.0
    if sized < needed * 0.99:
        top = sorted(entries, key=lambda r: -r.per_day)[:2]
        said = join(
            [
                f"{r.use_case} ({r.calls_per_day:,.0f} calls"
                + (f" × {r.records_per_call:g} records)" if r.records_per_call > 1 else ")")
                for r in top
            ]
        )
        yield Problem(
            element=log.name,
            at=("entities", subject.design.entities.index(log)),
            message=f"takes a read entry for every read, about {needed:,.0f} a day ({said} and others), "
            f"and the capacity sizes it for {sized:,.0f} a day",
            fix="size the log's rows, store and partitions by the reads times the records each returns (partition "
            "by month and drop whole partitions at the end of retention), or record one entry per call naming the "
            "records it returned",
        )


@rule("SEC052", "error", "security", "Audit entries their auditors cannot read")
def auditors_blind(subject: Subject) -> Found:
    """The people a use case has read the audit trail (an admin reviewing changes, an auditor testing controls) get
    its entries without the values that show what changed: the trail is kept for them and proves nothing to them."""
    for i, audit in _audits(subject):
        kept_for = acc.auditors(subject.req, audit)
        for j, field in ((j, f) for j, f in enumerate(audit.fields) if f in acc.value_fields(audit)):
            blind = [r for r in kept_for if field.readers and r not in field.readers]
            if blind:
                yield Problem(
                    element=f"{audit.name}.{field.name}",
                    at=("entities", i, "fields", j),
                    message=f"is hidden from {join(blind)}, whose use cases read {audit.name} to see what changed",
                    fix="let the roles that review the trail read the changed values, and name the person they are "
                    "about by a pseudonymous reference",
                )
