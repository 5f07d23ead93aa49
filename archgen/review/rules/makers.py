"""Maker rules: every caller allowed to make a record can supply what making it requires. A reference it must
send names a record it can get hold of; a record about a thing or one of its parts requires only the thing; money
taken in by card comes with the provider's token from each caller; money sent out says where it goes; only those
who run a private space add other people to it; and what people manage they can also edit."""

from __future__ import annotations

from archgen.common.english import a, join
from archgen.design.lifecycle_needs import managing
from archgen.design.obtaining import (
    ANYONE,
    MAKES,
    may_set,
    obtainers,
    part_and_whole,
    private_joins,
    target,
    unobtainable,
)
from archgen.design.paying import charging_cases, destination_of, sends_money_out, token_fields
from archgen.review.engine import Found, Problem, Subject, rule


@rule("API125", "error", "api", "Create input requires a record its caller cannot get")
def requires_unobtainable_reference(subject: Subject) -> Found:
    """A create input requires a reference to a record some of its callers can neither make nor read (a booking
    naming a hold only guests make, taken from the front desk too): they cannot make the record at all. Either the
    reference is optional, sent only by those who can get one, or every maker can read the catalogue it names."""
    services = subject.design.services
    for i, entity in enumerate(subject.design.entities):
        for found in unobtainable(services, subject.entities, entity):
            j = entity.fields.index(found.field)
            yield Problem(
                element=f"{entity.name}.{found.field.name}",
                at=("entities", i, "fields", j, "required"),
                message=f"making {entity.name} requires {found.field.name}, yet the {join(found.lacking)} can neither "
                f"make nor read {a(found.target)}",
                fix=f"make it optional and sent only by those who hold one (writers), or let the {join(found.lacking)} "
                f"read the {found.target} records it picks from",
            )
    for path, _, endpoint in subject.endpoints():
        if endpoint.action not in MAKES or endpoint.request is None:
            continue
        for k, field in enumerate(endpoint.request.fields):
            named = target(field.type)
            if not field.required or field.read_only or named not in subject.entities or named == endpoint.entity:
                continue
            reach = obtainers(services, named)
            lacking = [r for r in endpoint.roles if r not in reach and ANYONE not in reach]
            if lacking:
                yield Problem(
                    element=f"{endpoint.operation_id}.{field.name}",
                    at=(*path, "request", "fields", k, "required"),
                    message=f"{endpoint.operation_id} requires {field.name}, yet the {join(lacking)} can neither make "
                    f"nor read {a(named)}",
                    fix="make it optional for the callers that hold none, or let them read what it names",
                )


@rule("API126", "error", "api", "Create input requires a part beside its whole")
def requires_part_and_whole(subject: Subject) -> Found:
    """A record about either of two things, one a part of the other (a report of a post or of a comment on it),
    requires both: it cannot be about the whole alone. The whole is required; the part is sent when the record is
    about it."""
    for i, entity in enumerate(subject.design.entities):
        for whole, part in part_and_whole(subject.entities, entity):
            yield Problem(
                element=f"{entity.name}.{part.name}",
                at=("entities", i, "fields", entity.fields.index(part), "required"),
                message=f"{entity.name} requires both {whole.name} and {part.name}, one of its parts, so it cannot be "
                f"about the {whole.name} alone",
                fix=f"make {part.name} optional: it is sent when the {entity.name} is about one",
            )


@rule("API127", "error", "api", "Money sent out with no destination")
def payout_without_destination(subject: Subject) -> Found:
    """An operation makes a record that sends money out to a bank (a withdrawal, a payout) and nothing its caller
    sends or the record always names says where the money goes (an IBAN, a verified bank account): it can never be
    sent."""
    for path, _, endpoint in subject.endpoints():
        entity = subject.entities.get(endpoint.entity or "")
        if (
            endpoint.action != "create"
            or entity is None
            or not sends_money_out(subject.req, entity, endpoint.use_cases)
        ):
            continue
        if destination_of(subject.entities, entity, endpoint.roles) is None:
            yield Problem(
                element=f"{endpoint.operation_id}",
                at=(*path, "entity"),
                message=f"{endpoint.operation_id} sends money out as {a(entity.name)}, and neither its input nor a "
                "record it always names says which bank account it goes to",
                fix="add the verified bank account it is paid to (a client field naming an account registered and "
                "checked beforehand), or name the beneficiary whose verified account it uses",
            )


@rule("API128", "error", "api", "Card payment some callers cannot pay with")
def card_without_token(subject: Subject) -> Found:
    """An operation takes money in by card through a payment provider (a top-up, a card payment), and some of its
    callers cannot send the provider's token for the card: they cannot name the card short of a card number the
    system must never see."""
    charging = charging_cases(subject.req)
    for path, _, endpoint in subject.endpoints():
        entity = subject.entities.get(endpoint.entity or "")
        if endpoint.action != "create" or entity is None:
            continue
        leads = {u.name for u in subject.req.use_cases if u.writes[:1] == [entity.name]}
        cases = [u for u in endpoint.use_cases if u in charging & leads]
        tokens = token_fields(entity)
        lacking = [r for r in endpoint.roles if not any(may_set(entity, f, r) for f in tokens)]
        if cases and lacking:
            yield Problem(
                element=f"{endpoint.operation_id}",
                at=(*path, "roles"),
                message=f"{endpoint.operation_id} carries {cases[0]}, which takes money in through a payment "
                f"provider, yet the {join(lacking)} cannot send a payment token",
                fix="let every caller that pays set the provider's token (payment_method, card_token: what its SDK or "
                "hosted fields make), never a card number",
            )


@rule("API129", "error", "api", "Anyone may add people to a private space")
def adds_others_to_private_space(subject: Subject) -> Found:
    """Callers who do not run the private spaces a record puts people in (members of a workspace, beside its
    administrators) may name who joins: any of them can add anyone to any private channel or group. Only those who
    run the spaces name others; anyone else joins an open one as themselves."""
    for i, entity in enumerate(subject.design.entities):
        for found in private_joins(subject.req, subject.design.services, subject.entities, entity):
            yield Problem(
                element=f"{entity.name}.{found.person.name}",
                at=("entities", i, "fields", entity.fields.index(found.person), "writers"),
                message=f"the {join(found.members)} may name any {found.person.name} joining any "
                f"{found.space.name}, private ones included, though only the {join(found.runners) or 'system'} run "
                "them",
                fix=f"let only the {join(found.runners) or 'runners of the space'} set {found.person.name} (writers); "
                "anyone else joins an open one as themselves",
            )


@rule("API134", "error", "api", "Records managed but never edited")
def managed_never_edited(subject: Subject) -> Found:
    """A use case manages records (Manage equipment: keeps them up to date as a whole), yet no operation edits them
    besides their transitions: a name, a place or a photo entered wrongly can never be put right."""
    for entity in subject.req.data.entities:
        designed = subject.entities.get(entity.name)
        if designed is None or any(
            e.entity == entity.name and e.action in ("update", "replace") for _, _, e in subject.endpoints()
        ):
            continue
        for use_case in managing(subject.req, entity):
            yield Problem(
                element=entity.name,
                at=("entities", subject.design.entities.index(designed)),
                message=f"'{use_case.name}' manages {entity.name} records, but no operation edits them",
                fix=f"add PATCH on {entity.name} for {use_case.actor or 'its people'} with the fields people set "
                "(its status keeps moving through its transitions)",
            )
