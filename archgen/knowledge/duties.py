"""Roles' duties and the capabilities a summary promises, as words (archgen/knowledge/duties.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped

Words = frozenset[str]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Feature(_Strict):
    """A capability a summary may promise: the words that name it and the words that show it carried."""

    name: str
    words: Words
    carriers: Words


class DutyWords(_Strict):
    """duties.yaml."""

    duty_verbs: Words
    list_ends: Words
    stop_words: Words
    changing_actions: Words
    features: list[Feature]
    slice_words: Words
    period_words: Words
    order_words: Words
    identifier_fields: Words


@functools.cache
def duty_words() -> DutyWords:
    """The shipped words, read once."""
    return shipped("duties.yaml", DutyWords)
