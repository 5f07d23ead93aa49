"""How staff reach other people's records (archgen/knowledge/access_scopes.yaml): membership of a unit first,
population-wide read-only oversight, and grants that are derived or approved by another party, revoked not
deleted."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Membership(_Frozen):
    """The record that holds staff to the unit they work in."""

    suffix: str
    description: str
    use_case: str
    use_case_says: str
    filter: str
    synced_says: str
    synced_use_case: str
    synced_runs_per_day: int
    per_member: float
    record_bytes: int


class Revoked(_Frozen):
    """How a grant ends: a status and a time set by a transition."""

    field: str
    status: tuple[str, ...]
    source: str


class AccessScopes(_Frozen):
    """access_scopes.yaml."""

    oversight: tuple[str, ...]
    oversight_scope: str
    visibility: tuple[str, ...]
    units: tuple[str, ...]
    unit_staff: tuple[str, ...]
    membership: Membership
    approvers: dict[str, tuple[str, ...]]
    customer_admins: tuple[str, ...]
    support_bases: tuple[str, ...]
    derived_says: str
    approved_says: str
    break_glass_told: str
    max_days: int
    derived_runs_per_day: int
    revoked: Revoked


@functools.cache
def access_scopes() -> AccessScopes:
    """The shipped scoping knowledge."""
    return shipped("access_scopes.yaml", AccessScopes)
