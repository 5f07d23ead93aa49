"""How often a region is lost, the provider's SLA for one region, and when one use case's traffic dominates
(archgen/knowledge/availability_budget.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class AvailabilityBudget(BaseModel):
    """availability_budget.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    region_events_per_year: float
    region_sla: dict[str, float]
    dominant_share: float
    active_active_from: float


@functools.cache
def availability_budget() -> AvailabilityBudget:
    """The shipped figures."""
    return shipped("availability_budget.yaml", AvailabilityBudget)
