"""The words by which records that become final are found and kept final (archgen/knowledge/finality.yaml)."""

from __future__ import annotations

import functools
from importlib import resources

from pydantic import BaseModel, ConfigDict

from archgen.common import yamlio

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
    text = resources.files("archgen.knowledge").joinpath("finality.yaml").read_text("utf-8")
    return FinalityWords.model_validate(yamlio.parse(text, "finality.yaml").data)
