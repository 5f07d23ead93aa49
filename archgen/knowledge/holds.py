"""How one record holds another (archgen/knowledge/holds.yaml): a step that moves both, an exclusive claim of a
resource and how each engine enforces it in the store."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class Ways(BaseModel):
    """What an engine can enforce one claim of a resource at a time with."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    exclusion: bool = False
    partial_unique: bool = False
    conditional: bool = False


class Periods(BaseModel):
    """What a claim for a period asks of the rest of the design."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    service_guard: str
    availability_step: str
    inputs: tuple[str, str]
    input_says: tuple[str, str]
    release_job: str
    release_says: str
    release_runs_per_day: dict[str, float]
    delayed_marks: tuple[str, ...]


class HoldWords(BaseModel):
    """holds.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    moved_guard: str
    exclusive: tuple[str, ...]
    people: tuple[str, ...]
    starts: tuple[str, ...]
    ends: tuple[str, ...]
    inclusive_ends: tuple[str, ...]
    durations: dict[str, str]
    derived_end: str
    derived_end_says: str
    engines: dict[str, Ways]
    exclusion_serves: str
    partial_serves: str
    daily_serves: str
    serialised_serves: str
    conditional_serves: str
    claim_marks: tuple[str, ...]
    reported_guard: str
    periods: Periods


@functools.cache
def hold_words() -> HoldWords:
    """The shipped words."""
    return shipped("holds.yaml", HoldWords)


def ways(engine: str | None) -> Ways:
    """What an engine (by its catalog key) can enforce a claim with; nothing for an unknown one."""
    return hold_words().engines.get(engine or "", Ways())
