"""What a decision on reported content keeps for the person it affects (archgen/knowledge/decision_records.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict


class DecisionRecords(BaseModel):
    """decision_records.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    author_fields: tuple[str, ...]
    author_field: str


@functools.cache
def decision_records() -> DecisionRecords:
    """The shipped words."""
    from archgen.knowledge.shipped import shipped

    return shipped("decision_records.yaml", DecisionRecords)
