"""Access models that run on data (archgen/knowledge/access.yaml): the relation that grants a party access to records
it does not own, ownership that lasts a period, accounts bound to records that existed first, and private media."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Relation(_Frozen):
    """The grant the rules architect proposes when nothing in the data says who serves whom."""

    entity: str
    description: str
    bases: dict[str, tuple[str, ...]]
    grants_per_party_per_day: float
    record_bytes: int
    keepers: tuple[str, ...]
    external: tuple[str, ...]
    use_case: str
    use_case_says: str
    filter: str
    external_scope: str


class Period(_Frozen):
    """The fields that open and close a period, and what the architect writes of them."""

    starts: tuple[str, ...]
    ends: tuple[str, ...]
    from_suffix: str
    until_suffix: str
    from_says: str
    until_says: str
    scope: str


class HeldOverTime(_Frozen):
    """Places and assets whose holder changes, and the references that name the holder."""

    things: tuple[str, ...]
    holders: tuple[str, ...]


class Binding(_Frozen):
    """How a sign-up binds an account to a record another system made first."""

    keys: tuple[str, ...]
    verified: tuple[str, ...]
    summary: str
    proof_says: str
    claimed_prefix: str
    code_says: str
    key_says: str
    source: str
    systems: tuple[str, ...]
    fallback_system: str


class Media(_Frozen):
    """Media with visibility: the words that find it and what its delivery and takedown promise."""

    visibility: tuple[str, ...]
    takedown: tuple[str, ...]
    keys: tuple[str, ...]
    purges: tuple[str, ...]
    delivery: str
    invalidation: str
    token_minutes: int


class Access(_Frozen):
    """access.yaml."""

    relation: Relation
    relation_words: tuple[str, ...]
    handled_by: tuple[str, ...]
    period: Period
    held_over_time: HeldOverTime
    binding: Binding
    media: Media


@functools.cache
def access_knowledge() -> Access:
    """The shipped access knowledge."""
    return shipped("access.yaml", Access)
