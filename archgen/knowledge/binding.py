"""The words that say which fields bind a party and when they stop changing (archgen/knowledge/binding.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped

Words = frozenset[str]


class BindingWords(BaseModel):
    """Deadlines and limits, identifiers the server issues, channels, placement, commercial terms, and what a
    record is committed to when it is made."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    deadlines: Words
    deadline_suffixes: Words
    deadline_types: Words
    assigned: Words
    assigned_suffixes: Words
    channels: Words
    placement: Words
    terms: Words
    committed: Words
    said: dict[str, str]


@functools.cache
def binding_words() -> BindingWords:
    """The word lists, loaded once."""
    return shipped("binding.yaml", BindingWords)
