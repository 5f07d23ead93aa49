"""Invariants of capacity and lifecycle the store carries (archgen/knowledge/invariants.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class Counted(BaseModel):
    """A resource counted per row: its total and the counters that use it up."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    totals: tuple[str, ...]
    taken: tuple[str, ...]
    serves: str
    taken_says: str
    removal_guard: str
    removal_source: str
    marks: tuple[str, ...]


class Partitioned(BaseModel):
    """A claim moved out of a time-partitioned table."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    serves: str


class Consumed(BaseModel):
    """A hold consumed by the record it becomes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    expiry: tuple[str, ...]
    states: tuple[str, ...]
    serves: str
    guard: str
    expiry_guard: str
    marks: tuple[str, ...]


class Others(BaseModel):
    """Words of a system move that acts on other records of its kind."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    records: tuple[str, ...]
    ending: tuple[str, ...]
    kept: tuple[str, ...]


class Invariants(BaseModel):
    """invariants.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    counted: Counted
    partitioned: Partitioned
    consumed: Consumed
    others: Others


@functools.cache
def invariants() -> Invariants:
    """The shipped words."""
    return shipped("invariants.yaml", Invariants)
