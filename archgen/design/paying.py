"""Who pays through a payment provider, and whether a record can carry how they pay."""

from __future__ import annotations

from archgen.capacity.load import actor_kind
from archgen.design.model import EntityDesign, StoredField
from archgen.knowledge.money import money_words, name_words
from archgen.knowledge.operations import operation_words
from archgen.knowledge.verification import verification
from archgen.requirements.intent import words
from archgen.requirements.model import Requirements

# words of an integration's kind or name that make it a payment provider
PAYMENT_WORDS = ("payment", "card", "acquir", "stripe", "adyen")


def payment_providers(req: Requirements) -> list[str]:
    """The integrations that take payments."""
    return [i.name for i in req.integrations if any(w in f"{i.kind} {i.name}".lower() for w in PAYMENT_WORDS)]


def paying_cases(req: Requirements) -> set[str]:
    """The use cases in which a person pays through a payment provider (not refunds or payouts): their request
    must carry the provider's token for the card or wallet, made in the client by the provider's SDK or hosted
    fields."""
    providers = set(payment_providers(req))
    back = operation_words().fields.money_back
    checked = {k.record for k in verification().kinds.values()}
    return {
        u.name
        for u in req.use_cases
        if set(u.calls) & providers
        and u.interaction == "request"
        and actor_kind(req, u) == "person"
        and not set(words(u.name)) & back
        and not set(u.writes[:1]) & checked
    }


def has_payment_token(entity: EntityDesign) -> bool:
    """Whether a client can send a payment method with an entity's records."""
    return bool(token_fields(entity))


def charging_cases(req: Requirements) -> set[str]:
    """The use cases in which a caller (a person, or a merchant's system for its customer) takes money in through
    a payment provider: what makes their record must carry the provider's token for the card or wallet."""
    providers = set(payment_providers(req))
    back = set(operation_words().fields.money_back) | set(money_words().outflow)
    checked = {k.record for k in verification().kinds.values()}  # (a provider checks an account; no money moves)
    return {
        u.name
        for u in req.use_cases
        if set(u.calls) & providers
        and u.interaction == "request"
        and not set(words(u.name)) & back
        and not set(u.writes[:1]) & checked
    }


def token_fields(entity: EntityDesign) -> list[StoredField]:
    """The client fields of an entity that carry a payment provider's token for how to pay."""
    tokens = operation_words().fields.payment_tokens
    return [
        f
        for f in entity.fields
        if f.set_by == "client"
        and (f.name in tokens or f.name.split("_")[-1] in tokens or f.name.endswith("payment_method"))
    ]


def sends_money_out(req: Requirements, entity: EntityDesign, cases: list[str]) -> bool:
    """Whether records of `entity` made for the use cases `cases` send money out to a bank (a payout, a
    withdrawal)."""
    outflow = set(money_words().outflow)
    return bool(name_words(entity.name) & outflow) or any(name_words(u) & outflow for u in cases)


def is_destination(field: StoredField) -> bool:
    """Whether a field says where money sent out goes (an IBAN, a verified bank account)."""
    name = field.name.lower()
    return any(part in name for part in money_words().destination)


def destination_of(entities: dict[str, EntityDesign], entity: EntityDesign, roles: list[str]) -> StoredField | None:
    """Where a record of `entity` made by `roles` sends its money: a field they set or the server sets, or one of
    a record every such record names (the merchant it pays), or None."""
    for field in entity.fields:
        if not is_destination(field):
            continue
        if field.set_by == "server" or not field.writers or set(roles) <= set(field.writers):
            return field
    for field in entity.fields:
        named = entities.get(field.type[4:-1] if field.type.startswith("ref[") else "")
        if named is not None and field.required:
            found = next((f for f in named.fields if is_destination(f)), None)
            if found is not None:
                return found
    return None
