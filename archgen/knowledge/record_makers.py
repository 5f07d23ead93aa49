"""Who makes a kept record nothing else makes, and how the added operations and the question say so
(archgen/knowledge/record_makers.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class RecordMakers(BaseModel):
    """record_makers.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    maintains: frozenset[str]
    object_ends: frozenset[str]
    create: str
    edit: str
    question: str
    context: str
    keeper_words: tuple[str, ...]
    assumed: str
    assumed_question: str
    assumed_context: str


@functools.cache
def record_makers() -> RecordMakers:
    """The shipped words and sentences."""
    return shipped("record_makers.yaml", RecordMakers)
