"""Where a read answered while someone waits may come from, and the nouns a read names that its answer must carry
(archgen/knowledge/serving.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped

Words = tuple[str, ...]


class Serving(BaseModel):
    """serving.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    floors_ms: dict[str, int]
    serving_kinds: Words
    refresh_minutes: int
    compared_against: Words
    ranked: Words
    unseen: Words
    read_position: str
    head_position: str
    min_bytes_per_table: int

    def floor(self, kind: str) -> int:
        """The fewest milliseconds a query of a store of this kind takes at p99 (0: an operational store)."""
        return self.floors_ms.get(kind, 0)


@functools.cache
def serving() -> Serving:
    """The shipped knowledge."""
    return shipped("serving.yaml", Serving)
