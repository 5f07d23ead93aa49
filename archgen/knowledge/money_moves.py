"""How money actually moves (archgen/knowledge/money_moves.yaml): postings on confirmed facts, holds that the
confirmation releases, and idempotency keys scoped to their caller."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class MoneyMoves(BaseModel):
    """money_moves.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    authorised: tuple[str, ...]
    releases: str
    posting: str
    releasing: str
    unmoved: str
    release: str
    keys: tuple[str, ...]
    scopes: tuple[str, ...]
    serves: str
    nulls: str
    convention: str
    scoped_words: tuple[str, ...]
    body_words: tuple[str, ...]


@functools.cache
def money_moves() -> MoneyMoves:
    """The shipped money movement words."""
    return shipped("money_moves.yaml", MoneyMoves)


def is_key_field(name: str) -> bool:
    """Whether a field holds an idempotency key its caller chose (idempotency_key, payment_idempotency_key)."""
    lower = name.lower()
    return any(lower == k or lower.endswith(f"_{k}") for k in money_moves().keys)
