"""The words issued values are read by (archgen/knowledge/issued.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class Issued(BaseModel):
    """issued.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    words: tuple[str, ...]
    page_marks: tuple[str, ...]


@functools.cache
def issued() -> Issued:
    """The shipped issued.yaml."""
    return shipped("issued.yaml", Issued)
