"""Fields set by a party that can know them and may: the value a step must carry, the dates a request for a span
asks for, and a field that decides authority set from a lookup or a verification step rather than the client's
word (archgen/knowledge/provenance.yaml)."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.capacity.load import actor_kind
from archgen.common.english import a
from archgen.design import model as m
from archgen.design.chain import bound_source
from archgen.design.step_values import carried_by_step, needy_steps
from archgen.knowledge.money import name_words
from archgen.knowledge.provenance import provenance
from archgen.knowledge.verification import verification
from archgen.requirements.intent import is_role_record, write_kind


def carry_step_values(draft: Draft, entity: m.EntityDesign) -> None:
    """Give each use case's steps that must carry a value (a capture its final amount) a field named for the step
    that holds it, when no field does: the step's body then takes it."""
    machine = entity.state_machine
    for k, moves, need in list(needy_steps(draft.req, entity)):
        assert machine is not None
        if any(carried_by_step(entity, machine.transitions[n].name, need.carries) for n in moves):
            continue
        name = f"{machine.transitions[k].name.replace('-', '_')}_{need.adds}"
        if any(f.name == name for f in entity.fields):
            continue
        entity.fields.append(
            m.StoredField(name=name, type=need.type, required=False, minimum=need.minimum, description=need.says)
        )


def ask_for_dates(draft: Draft, entity: m.EntityDesign) -> None:
    """Let a person who asks for a record made for a span of dates (a loan, a booking) say which dates, when every
    date of the record is set by others (the approver's due date): the span asked for is its own fields."""
    known = provenance()
    if not name_words(entity.name) & known.dated_records:
        return
    if entity.name not in {e.name for e in draft.req.data.entities}:
        return
    held = draft.req.entity(entity.name)
    makers = [
        u
        for u in draft.req.use_cases
        if entity.name in u.writes[:1]
        and u.interaction == "request"
        and actor_kind(draft.req, u) == "person"
        and write_kind(u, held).kind == "create"
    ]
    dates = [
        f
        for f in entity.fields
        if f.type in ("date", "timestamp")
        and (name_words(f.name) | {f.name.lower()}) & known.dated_words
        and ((f.set_by == "server" and f.source) or f.set_by == "client")
    ]
    roles = {u.actor for u in makers if u.actor}
    unnamed = [r for r in roles if not any(f.set_by == "server" or not f.writers or r in f.writers for f in dates)]
    if not unnamed:
        return
    for added in known.dated_adds:
        if not any(f.name == added.name for f in entity.fields):
            entity.fields.append(
                m.StoredField(name=added.name, type=added.type, required=False, description=added.says)
            )


def vouched_source(draft: Draft, entity: m.EntityDesign, field: m.StoredField) -> str | None:
    """Who sets a field that decides authority when anyone writing the record, or the person it is about, could
    otherwise: a classification from a lookup, an identifier or a payout account from a verification step. None
    when the field is no such field, when named roles alone decide it, or when people do not write the record (a
    copy of another system's records carries that system's word)."""
    known = provenance()
    kind = known.authority(field.name)
    if kind is None or field.set_by != "client" or (field.writers and "self" not in field.writers):
        return None
    writers = [u for u in draft.req.use_cases if entity.name in u.writes]
    people = [u for u in writers if actor_kind(draft.req, u) in ("person", "device")]
    if not people and (writers or not _signs_up(draft, entity)):
        return None
    if kind == "classification":
        return known.lookup.format(owner=entity.owner)
    checked = verification().kinds.get(kind)
    records = {e.name: e for e in draft.entities}
    if checked is not None and entity.name == checked.record:
        return None  # (the value its holder proposes: the record's status says whether it is proved)
    if checked is not None and checked.record in records:
        return (
            f"a verification step: the {entity.owner} service copies it from {a(checked.record)} once "
            f"{records[checked.record].owner} has moved that record to {verification().verified}; never as typed"
        )
    return known.verification.format(owner=entity.owner)


def _signs_up(draft: Draft, entity: m.EntityDesign) -> bool:
    """Whether an entity is the record of a role's members, which they make for themselves when they sign up (when
    no use case writes it, the sign-up is the only way it is made)."""
    return any(is_role_record(r.name, entity.name) for r in draft.req.users.roles if r.kind == "person")


def bind_amounts(entity: m.EntityDesign, bound: dict[tuple[str, str], tuple[str, str]]) -> None:
    """Read the amount an approval, a decision or a payment carries from the record it derives from (`bound`, from
    archgen/design/chain.py) on the server, so the limit checked and the sum paid are that record's number."""
    for stored in entity.fields:
        source = bound.get((entity.name, stored.name))
        if source is not None and stored.set_by == "client":
            stored.set_by, stored.source, stored.writers = "server", bound_source(*source), []
