"""Stated uniqueness and owners' operations on their own records (archgen/knowledge/integrity.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class Integrity(BaseModel):
    """integrity.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    within: tuple[str, ...]
    makers: tuple[str, ...]
    delete: str
    cascade: str
    detach: str
    rename: str


@functools.cache
def integrity() -> Integrity:
    """The shipped words."""
    return shipped("integrity.yaml", Integrity)
