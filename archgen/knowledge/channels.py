"""Outside sales channels and how they behave (archgen/knowledge/channels.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class Reference(BaseModel):
    """The channel's own id of a record it sold."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    says: str
    serves: str


class Push(BaseModel):
    """The event that tells the channel as availability changes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    event: str
    threshold: int
    trigger: str


class Channels(BaseModel):
    """channels.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    marks: tuple[str, ...]
    reference_fields: frozenset[str]
    reference: Reference
    push: Push
    push_marks: tuple[str, ...]


@functools.cache
def channel_words() -> Channels:
    """The shipped words."""
    return shipped("channels.yaml", Channels)
