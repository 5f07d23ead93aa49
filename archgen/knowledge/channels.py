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


class Behaviour(BaseModel):
    """What a kind of channel does with a reservation it sends."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    marks: tuple[str, ...]
    rejects: bool


class Channels(BaseModel):
    """channels.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    marks: tuple[str, ...]
    reference_fields: frozenset[str]
    reference: Reference
    push: Push
    push_marks: tuple[str, ...]
    behaviours: tuple[Behaviour, ...]

    def behaviour(self, said: str) -> Behaviour | None:
        """How the channel an integration's name and kind describe behaves."""
        text = f" {said.lower()} "
        return next((b for b in self.behaviours if any(f" {m} " in text for m in b.marks)), None)


@functools.cache
def channel_words() -> Channels:
    """The shipped words."""
    return shipped("channels.yaml", Channels)
