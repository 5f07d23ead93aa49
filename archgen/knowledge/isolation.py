"""Where untrusted fetching and parsing run (archgen/knowledge/isolation.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class Isolation(BaseModel):
    """isolation.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    suffix: str
    metric: str
    why: str
    mitigation: str
    claims: tuple[str, ...]
    untrusted: tuple[str, ...]


@functools.cache
def isolation() -> Isolation:
    """The shipped wording."""
    return shipped("isolation.yaml", Isolation)
