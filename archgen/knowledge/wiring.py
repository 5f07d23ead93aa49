"""How deployables are wired to what they need (archgen/knowledge/wiring.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class Wiring(BaseModel):
    """wiring.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    apart: tuple[str, ...]
    suffix: str
    metric: str
    in_database: tuple[str, ...]


@functools.cache
def wiring() -> Wiring:
    """The shipped wording."""
    return shipped("wiring.yaml", Wiring)
