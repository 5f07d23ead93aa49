"""How deployables are wired to what they need (archgen/knowledge/wiring.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class Followed(BaseModel):
    """How a request for later work is followed and carried out."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    status: tuple[str, ...]
    job: str
    runs_per_day: int
    summary: str
    outcomes: dict[str, str]
    description: str


class Wiring(BaseModel):
    """wiring.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    apart: tuple[str, ...]
    suffix: str
    metric: str
    in_database: tuple[str, ...]
    followed: Followed
    form_fields: dict[str, str]


@functools.cache
def wiring() -> Wiring:
    """The shipped wording."""
    return shipped("wiring.yaml", Wiring)
