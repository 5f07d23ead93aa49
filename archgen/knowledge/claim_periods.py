"""Which dates a claim for a period binds on and what it holds past its end (archgen/knowledge/claim_periods.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class BoundField(BaseModel):
    """A date field added to bind one end of a proposed period."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    says: str


class Repair(BaseModel):
    """Where a resource reported damaged goes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    values: tuple[str, ...]
    states: tuple[str, ...]
    move: str
    guard: str
    otherwise: str


class Availability(BaseModel):
    """The computed field a browse for a period answers with."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    record_says: str
    field: str
    says: str
    input_says: str
    body_says: str


class ClaimPeriods(BaseModel):
    """claim_periods.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    proposed_marks: tuple[str, ...]
    bound_fields: dict[str, BoundField]
    past_end_states: tuple[str, ...]
    past_serves: str
    open_marks: tuple[str, ...]
    past_end_guard: str
    assigned_serves: str
    assigned_says: str
    repair: Repair
    availability: Availability
    promise_marks: tuple[str, ...]


@functools.cache
def claim_periods() -> ClaimPeriods:
    """The shipped words."""
    return shipped("claim_periods.yaml", ClaimPeriods)
