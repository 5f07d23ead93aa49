"""How a corrected or estimated series keeps its versions (archgen/knowledge/revisions.yaml): a current value per
interval, upserted, and an append-only history of what revisions replaced."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict, Field

from archgen.knowledge.shipped import shipped


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
    return shipped("revisions.yaml", RevisionWords)
