"""Who makes a kept record nothing else makes, and how the added operations and the question say so
(archgen/knowledge/record_makers.yaml)."""

from __future__ import annotations

import functools
from importlib import resources

from pydantic import BaseModel, ConfigDict

from archgen.common import yamlio


class RecordMakers(BaseModel):
    """record_makers.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    maintains: frozenset[str]
    object_ends: frozenset[str]
    create: str
    edit: str
    question: str
    context: str


@functools.cache
def record_makers() -> RecordMakers:
    """The shipped words and sentences."""
    text = resources.files("archgen.knowledge").joinpath("record_makers.yaml").read_text("utf-8")
    return RecordMakers.model_validate(yamlio.parse(text, "record_makers.yaml").data)
