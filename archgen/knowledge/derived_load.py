"""What the derived load of a design's own work is counted by (archgen/knowledge/derived_load.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class DerivedLoad(BaseModel):
    """derived_load.yaml: how a batched event is recognised and when a job publishes one; summer time and the
    length of a job in a chain."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    batched_words: tuple[str, ...]
    batch_above_records: float
    summer_hours: dict[str, int]
    default_job_minutes: int


@functools.cache
def derived_load() -> DerivedLoad:
    """The shipped derived-load knowledge."""
    return shipped("derived_load.yaml", DerivedLoad)


def batched(trigger: str) -> bool:
    """Whether an event's trigger says it is published once a run with the records the run changed."""
    lowered = trigger.lower()
    return any(w in lowered for w in derived_load().batched_words)
