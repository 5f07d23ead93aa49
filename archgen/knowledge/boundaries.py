"""How data crosses module and service boundaries (archgen/knowledge/boundaries.yaml): how a flow words the one
sanctioned read of another's tables, and the phrases by which a decision forbids such reads or allows them."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class Boundaries(BaseModel):
    """boundaries.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    view: str
    bulk_role: str
    sanctioned: tuple[str, ...]
    forbids: tuple[str, ...]


@functools.cache
def boundaries() -> Boundaries:
    """The shipped boundary wording, read once."""
    return shipped("boundaries.yaml", Boundaries)
