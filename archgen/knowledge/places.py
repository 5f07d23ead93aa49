"""Places a questionnaire names in its prose, their local times and nearest regions (archgen/knowledge/places.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.scheduling import Zone
from archgen.knowledge.shipped import shipped


class Place(BaseModel):
    """A place people are in, the area it lies in, their local times and the region of each cloud nearest them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    area: str
    words: tuple[str, ...]
    zones: tuple[Zone, ...]
    near: dict[str, str] = {}


class Places(BaseModel):
    """places.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    places: tuple[Place, ...]


@functools.cache
def places() -> Places:
    """The shipped places."""
    return shipped("places.yaml", Places)
