"""Where reference data comes from and who writes a decision's record (archgen/knowledge/sources.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class SystemOfRecord(BaseModel):
    """An outside system, by the words of its kind, and the records it holds."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    words: tuple[str, ...]
    holds: tuple[str, ...]


class Sources(BaseModel):
    """sources.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    systems_of_record: tuple[SystemOfRecord, ...]
    bulk_words: tuple[str, ...]
    api_words: tuple[str, ...]
    job_name: str
    runs_per_day: float
    job_says: str
    fetch: str
    kept_copy: str
    sync_words: frozenset[str]
    decision_words: frozenset[str]
    writes_record: str


@functools.cache
def sources() -> Sources:
    """The shipped words and sentences."""
    return shipped("sources.yaml", Sources)
