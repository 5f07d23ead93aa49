"""Authorise, then capture (archgen/knowledge/captures.yaml): the words by which the system captures, at once,
what the one who made it never captures."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class Captures(BaseModel):
    """captures.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    guard: str
    marks: tuple[str, ...]
    step: str


@functools.cache
def captures() -> Captures:
    """The shipped capture words."""
    return shipped("captures.yaml", Captures)
