"""What a record of a common kind holds, proposed when a questionnaire gives no fields
(archgen/knowledge/record_contents.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class Kind(BaseModel):
    """A common kind of record: the words of its name, its fields and the access they imply."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    words: tuple[str, ...]
    fields: dict[str, str]
    required: tuple[str, ...]
    access: tuple[str, ...]


class RecordContents(BaseModel):
    """record_contents.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kinds: tuple[Kind, ...]


@functools.cache
def record_contents() -> RecordContents:
    """The shipped kinds."""
    return shipped("record_contents.yaml", RecordContents)
