"""Who naturally makes a record nothing else makes, and how the added operations say so
(archgen/knowledge/natural_makers.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class NaturalMakers(BaseModel):
    """natural_makers.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    possessives: frozenset[str]
    sign_up: str
    edit_own: str
    create: str
    edit: str


@functools.cache
def natural_makers() -> NaturalMakers:
    """The shipped words and sentences."""
    return shipped("natural_makers.yaml", NaturalMakers)
