"""Restore rates, support hours and paired regions (archgen/knowledge/restores.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class Rate(BaseModel):
    """How fast a kind of store restores, and its fixed start-up."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    mb_per_s: float
    start_minutes: float


class Support(BaseModel):
    """The hours someone answers an outage when nobody is paged."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start_hour: int
    end_hour: int
    working_days: int
    scoped: tuple[str, ...]


class Pair(BaseModel):
    """A region's paired region, and whether it is restricted."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pair: str
    restricted: bool = False


class Restores(BaseModel):
    """restores.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    throughput: dict[str, Rate]
    source: str
    support: Support
    pairs: dict[str, dict[str, Pair]]
    restricted_note: str


@functools.cache
def restores() -> Restores:
    """The shipped figures."""
    return shipped("restores.yaml", Restores)


def paired(cloud: str, region: str) -> Pair | None:
    """The provider's paired region of a region, if the provider pairs it."""
    return restores().pairs.get(cloud, {}).get(region)
