"""Every maker of a record can supply what its create input requires.

A required reference names a record its maker must get hold of first. Where a maker cannot: a record of the
catalogue the others pick from (a hotel, a clinician) becomes readable to it; a step of another caller's journey
(a guest's hold, which the front desk never makes) becomes optional and theirs alone to send. A record about
either of two things, one a part of the other (a report of a post or of one of its comments), requires only the
whole: the part is sent when the record is about it. Money taken in by card comes with the provider's token
from every caller that pays; money sent out to a bank says which account it goes to. Only those who run private
spaces (a workspace's administrators) add other people to one; anyone else joins an open one as themselves.
"""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.common import english
from archgen.common.english import a, join
from archgen.common.naming import words_of
from archgen.design import model as m
from archgen.design.obtaining import SELF, makers, may_set, part_and_whole, private_joins, unobtainable
from archgen.design.paying import charging_cases, destination_of, sends_money_out, token_fields
from archgen.knowledge.money import money_words
from archgen.knowledge.verification import verification
from archgen.requirements.intent import peers
from archgen.requirements.personal import is_natural_person

READS = ("get", "list")  # the operations through which a caller picks a record of a catalogue


def settle_references(draft: Draft) -> None:
    """Let each maker of a record supply its required references, and require only the whole of a part and its
    whole."""
    settle_money_inputs(draft)
    entities = {e.name: e for e in draft.entities}
    for entity in draft.entities:
        for whole, part in part_and_whole(entities, entity):
            part.required = False
            part.description = _said(
                part.description,
                f"Sent when the {words_of(entity.name).lower()} is about one {part.name} of the {whole.name}, which "
                "it names either way.",
            )
        for join_ in list(private_joins(draft.req, draft.services, entities, entity)):
            space = words_of(join_.space.name).lower()
            _name_writers(entity, join_.person, join_.runners)
            join_.person.description = _said(
                join_.person.description,
                f"Named by the {join(join_.runners)}, who run {english.plural(space)}; the {join(join_.members)} "
                "joins as themselves (from the token).",
            )
            join_.space.description = _said(
                join_.space.description,
                f"The {join(join_.members)} joins only {a(space)} that is not private; a private one's members are "
                f"added by the {join(join_.runners)}.",
            )
        for found in list(unobtainable(draft.services, entities, entity)):
            target = entities[found.target]
            reads = [e for s in draft.services for e in s.endpoints if e.entity == target.name and e.action in READS]
            lacking = found.lacking
            if target.state_machine is None:  # a catalogue: its makers read it to pick one, unless it lists people
                pickers = [r for r in lacking if not _stranger(draft, r, target.name)]
                _open_reads(draft, target.name, reads, pickers)
                lacking = [r for r in lacking if r not in pickers]
            if not lacking:
                continue
            able = [r for r in makers(draft.services, entity.name) if r not in lacking]
            field = found.field
            field.required = False
            _name_writers(entity, field, able)
            made = words_of(entity.name).lower()
            if able:
                said = f"Only the {join(able)} can get {a(found.target)} to name here"
            else:
                said = f"No caller that makes {a(made)} can make or read {a(found.target)} to name here"
            field.description = _said(field.description, f"{said}; {a(made)} the {join(lacking)} makes has none.")


def settle_money_inputs(draft: Draft) -> None:
    """What makes a record that takes money in by card carries the provider's token for it, from every caller
    that makes it; what makes a record sending money out to a bank says where the money goes."""
    entities = {e.name: e for e in draft.entities}
    charging = charging_cases(draft.req)
    for service in draft.services:
        for endpoint in service.endpoints:
            entity = entities.get(endpoint.entity or "")
            if endpoint.action != "create" or entity is None:
                continue
            leads = {u.name for u in draft.req.use_cases if u.writes[:1] == [entity.name]}
            tokens = token_fields(entity)
            if set(endpoint.use_cases) & charging & leads and tokens:
                lacking = [r for r in endpoint.roles if not any(may_set(entity, f, r) for f in tokens)]
                if lacking:
                    _name_writers(entity, tokens[0], [*tokens[0].writers, *lacking])
            if sends_money_out(draft.req, entity, endpoint.use_cases) and not destination_of(
                entities, entity, endpoint.roles
            ):
                entity.fields.append(_destination(entities, entity))


def _stranger(draft: Draft, role: str, entity: str) -> bool:
    """Whether a role is an outside person who may not page through the people an entity records (a patient
    through every clinician)."""
    found = next((r for r in draft.req.users.roles if r.name == role), None)
    outside = found is not None and found.kind == "person" and not found.internal
    return outside and is_natural_person(entity) and not peers(draft.req, entity)


def _name_writers(entity: m.EntityDesign, field: m.StoredField, roles: list[str]) -> None:
    """Let only `roles` set `field`; naming them, they keep setting what they set as the person the record is
    about (`self`)."""
    kept = [(o, [r for r in roles if r not in o.writers and may_set(entity, o, r)]) for o in entity.fields]
    for other, added in kept:
        if other is not field and SELF in other.writers:
            other.writers += added
    field.writers = list(roles)


def _open_reads(draft: Draft, entity: str, reads: list[m.Endpoint], roles: list[str]) -> None:
    """Let `roles` list and fetch a catalogue's records, adding the operations where it has none."""
    from archgen.architects.rules.operations import _read_endpoint

    for action in READS:
        if not any(e.action == action for e in reads):
            added = _read_endpoint(draft.req.entity(entity), action, "", "user", [])
            draft.service_of(entity).endpoints.append(added)
            reads.append(added)
    for endpoint in reads:
        endpoint.roles += [r for r in roles if r not in endpoint.roles]


def _said(description: str, sentence: str) -> str:
    return f"{description.rstrip('.')}. {sentence}" if description else sentence


def _destination(entities: dict[str, m.EntityDesign], entity: m.EntityDesign) -> m.StoredField:
    """The field that says where a record's money goes: the registered account it is paid to, accepted only once
    verified when the design keeps such accounts."""
    words = money_words()
    known = verification()
    account = known.kinds["account"]
    said = words.destination_description.format(record=words_of(entity.name).lower())
    if account.record not in entities:
        return m.StoredField(name=words.destination_field, type="string", pii=True, description=said)
    guard = known.guard.format(noun=account.noun)
    return m.StoredField(
        name=words.destination_field,
        type=f"ref[{account.record}]",
        pii=True,
        description=f"{said} It is {a(account.record)}, {guard}.",
    )
