"""What a design says of a broker that journeys wait on (archgen/knowledge/critical_path.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class CriticalPath(BaseModel):
    """critical_path.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    degraded: str
    mitigation: str
    outage: str
    side_words: tuple[str, ...]


@functools.cache
def critical_path() -> CriticalPath:
    """The shipped wording."""
    return shipped("critical_path.yaml", CriticalPath)
