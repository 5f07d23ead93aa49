"""How a corrected or estimated series keeps its versions (archgen/knowledge/revisions.yaml): a current value per
interval, upserted, and an append-only history of what revisions replaced."""

from __future__ import annotations

import functools
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field

from archgen.common import yamlio


class RevisionWords(BaseModel):
    """revisions.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    revised_share: float = Field(gt=0, le=1)
    field: str
    history: str
    work: str


@functools.cache
def revision_words() -> RevisionWords:
    """The shipped words."""
    text = resources.files("archgen.knowledge").joinpath("revisions.yaml").read_text("utf-8")
    return RevisionWords.model_validate(yamlio.parse(text, "revisions.yaml").data)
