"""Accountability kept in the records: audit entries that name who acted from the credential and copy values only
as they are stored, readable only by those who may read what they audit and by those the trail is kept for, kept
for the period asked; and every decision a
person makes on a record (approve, hand out, sign) kept on the record as who and when, set by the server."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.architects.rules.field_sources import role_entity
from archgen.design import accountability as acc
from archgen.design.model import EntityDesign, StoredField
from archgen.knowledge.accountability import accountability_words


def plan_accountability(draft: Draft) -> None:
    """Shape the audit records: who writes each field, what the copied values keep and who may read them."""
    for audit in acc.audit_entities_of(draft.entities):
        _shape_audit(draft, audit)


def keep_decisions(draft: Draft) -> None:
    """Add the fields that keep each person's decision on its record. Run once the state machines are complete."""
    people = acc.person_roles(draft.req)
    for entity in draft.entities:
        for decision, missing in acc.unkept(entity, people):
            _keep_decision(draft, entity, decision, people, missing)


def staff_moves_kept_from_others(draft: Draft) -> None:
    """Who among the organisation's staff made a move (the moderator who blocked a video) is read by staff only: a
    record's maker and the public get the record without the staff member's id. Run once every field's source is
    known."""
    people = [r for r in draft.req.users.roles if r.kind == "person"]
    staff = sorted(r.name for r in people if r.internal)
    if not staff or len(staff) == len(people):
        return  # where everyone is staff, who made a move is theirs to read
    changed = False
    for entity in draft.entities:
        machine = entity.state_machine
        if machine is None:
            continue
        for field in entity.fields:
            if field.set_by != "server" or field.readers or not field.source.endswith("(its caller, from the token)"):
                continue
            move = next((t for t in machine.transitions if field.source.startswith(f"the {t.name} transition")), None)
            if move is not None and move.roles and set(move.roles) <= set(staff):
                field.readers = staff
                changed = True
    if changed:  # an audit trail copying these values is read only by those who may read them
        plan_accountability(draft)


def keep_audit_as_long(draft: Draft) -> None:
    """An audit record the questionnaire gives no period is kept as long as the longest-kept record it accounts for:
    no record outlives its accountability. A period the questionnaire gives is the one its auditors test, and the
    one kept. Run once every record's period is settled."""
    asked = {e.name for e in draft.req.data.entities if e.retention_days}
    for audit in acc.audit_entities_of(draft.entities):
        if audit.name in asked:
            continue
        longer = acc.short_kept(audit, acc.audited(draft.entities, draft.req, audit))
        if longer:
            audit.retention_days = max(e.retention_days or 0 for e in longer)


def _shape_audit(draft: Draft, audit: EntityDesign) -> None:
    """The server writes every field of an entry from the call it records; copied values stay as stored and reach
    only those who may read every protected field they copy."""
    words = accountability_words()
    audited = acc.audited(draft.entities, draft.req, audit)
    protected = acc.protected(audited)
    values = acc.value_fields(audit)
    actors = acc.actor_fields(audit)
    for stored in audit.fields:
        if stored.set_by == "server":
            continue
        stored.set_by = "server"
        if stored in values:
            stored.source = words.values_source
        elif stored in actors:
            stored.source = words.actor_source
        else:
            stored.source = words.entry_source
    _time_partitioned(draft, audit)
    for stored in values:
        if protected:
            stored.pii = True
            stored.encrypted = stored.encrypted or any(f.encrypted for _, f in protected)
        readers = acc.value_readers(audited)
        if readers:  # and those the trail is kept for: an auditor who cannot see what changed tests nothing
            stored.readers = list(dict.fromkeys([*readers, *acc.auditors(draft.req, audit)]))


def _keep_decision(draft: Draft, entity: EntityDesign, decision: acc.Decision, people: set[str], missing: str) -> None:
    """Add who made a decision or when (what `missing` names), as fields its transition sets."""
    move = decision.move
    names = {f.name for f in entity.fields}
    deciders = [r for r in move.roles if r in people]
    kinds = {role_entity(draft.req, r) for r in deciders}
    target = kinds.pop() if len(kinds) == 1 else None
    if "who" in missing and decision.by not in names:
        entity.fields.append(
            StoredField(
                name=decision.by,
                type=f"ref[{target}]" if target else "uuid",
                required=False,
                set_by="server",
                source=f"the {move.name} transition (its caller, from the token)",
                description=f"who made the {move.name} move ({', '.join(deciders)}), kept as long as the record",
            )
        )
    if "when" in missing and decision.at not in names:
        entity.fields.append(
            StoredField(
                name=decision.at,
                type="timestamp",
                required=False,
                set_by="server",
                source=f"the {move.name} transition (its clock)",
            )
        )


def _time_partitioned(draft: Draft, audit: EntityDesign) -> None:
    """An audit trail only grows and ages out by time: in a relational store whose engine has range partitions
    its rows go to monthly partitions on the time of the entry, and retention drops whole partitions instead of
    deleting rows one by one."""
    time = next((f.name for f in audit.fields if f.type == "timestamp"), None)
    store = draft.store(audit.store)
    if time is None or store.kind != "relational" or audit.mutability != "append_only":
        return
    if draft.catalog.engine(store.technology).range_partitions is False:
        return  # an engine without partitions deletes the entries row by row
    audit.partition_key = f"{time} (monthly time partitions)"
