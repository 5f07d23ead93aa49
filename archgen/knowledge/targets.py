"""What a design does with a target or a budget it cannot meet as first drawn (archgen/knowledge/targets.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class Targets(BaseModel):
    """targets.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    negotiated_prices: tuple[str, ...]
    live_copy_kinds: tuple[str, ...]
    unwaited_interactions: tuple[str, ...]
    degraded: str
    degraded_words: str


@functools.cache
def targets() -> Targets:
    """The shipped knowledge."""
    return shipped("targets.yaml", Targets)
