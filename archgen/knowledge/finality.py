"""The words by which records that become final are found and kept final (archgen/knowledge/finality.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped

Words = tuple[str, ...]


class FinalityWords(BaseModel):
    """finality.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    final: Words
    corrections: Words
    sequenced: Words
    edit_guard: str
    edit_marks: Words
    amend_guard: str
    amend_field: str
    keep_marks: Words
    sequence_guard: str
    sequence_marks: Words
    refusals: Words
    refusal_guard: str
    admin_marks: Words
    admin_safe: Words
    admin_text: str


@functools.cache
def finality_words() -> FinalityWords:
    """The shipped words."""
    return shipped("finality.yaml", FinalityWords)
