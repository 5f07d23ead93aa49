"""How a decision record argues (archgen/knowledge/decisions.yaml): the words that dismiss an option, restate a
context, take a stance on where writes happen or say what a stream is keyed by, and how two technologies compare on
a stated requirement."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class DecisionWords(BaseModel):
    """decisions.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    dismissals: tuple[str, ...]
    restated_share: float
    filler: tuple[str, ...]
    stances: dict[str, tuple[str, ...]]
    key_statement: str
    edges: dict[str, str]
    enough: dict[str, str]
    capability_words: dict[str, str]
    neighbours: dict[str, tuple[str, ...]]
    rivals: dict[str, tuple[str, ...]] = {}
    every_region_writes: tuple[str, ...] = ()


@functools.cache
def decision_words() -> DecisionWords:
    """The shipped decision words."""
    return shipped("decisions.yaml", DecisionWords)
