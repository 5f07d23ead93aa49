"""The model a promised capability implies, as generic shapes (archgen/knowledge/capabilities.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict, Field

from archgen.design.model import Stride
from archgen.knowledge.shipped import shipped

Words = frozenset[str]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ShapeEntity(_Strict):
    """A record a shape adds; names, fields and descriptions may hold placeholders."""

    name: str
    description: str
    fields: dict[str, str]
    access: list[str] = Field(default_factory=list)


class ShapeUseCase(_Strict):
    """A use case a shape adds."""

    name: str
    reads: list[str] = Field(default_factory=list)
    writes: list[str] = Field(default_factory=list)
    frequency: float
    async_: bool = Field(False, alias="async")


class Shape(_Strict):
    """The records and use cases one capability implies."""

    feature: str
    why: str
    entities: list[ShapeEntity]
    use_cases: list[ShapeUseCase]
    plan: ShapeEntity | None = None
    fetch: bool = False


class Threat(_Strict):
    """A threat the security page lists, with its control."""

    category: Stride
    threat: str
    mitigation: str


class Capabilities(_Strict):
    """capabilities.yaml."""

    shapes: list[Shape]
    fetch_threat: Threat
    fetch_controls: Words
    address_fields: Words
    fetch_verbs: Words


@functools.cache
def capabilities() -> Capabilities:
    """The shipped shapes, read once."""
    return shipped("capabilities.yaml", Capabilities)
