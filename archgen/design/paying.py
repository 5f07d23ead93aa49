"""Who pays through a payment provider, and whether a record can carry how they pay."""

from __future__ import annotations

from archgen.capacity.load import actor_kind
from archgen.design.model import EntityDesign
from archgen.knowledge.operations import operation_words
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
    return {
        u.name
        for u in req.use_cases
        if set(u.calls) & providers
        and u.interaction == "request"
        and actor_kind(req, u) == "person"
        and not set(words(u.name)) & back
    }


def has_payment_token(entity: EntityDesign) -> bool:
    """Whether a client can send a payment method with an entity's records."""
    tokens = operation_words().fields.payment_tokens
    return any(
        f.set_by == "client"
        and (f.name in tokens or f.name.split("_")[-1] in tokens or f.name.endswith("payment_method"))
        for f in entity.fields
    )
