"""What a report may add up and total by (archgen/knowledge/aggregates.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped

Words = tuple[str, ...]


class AggregateWords(BaseModel):
    """aggregates.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    not_measures: Words
    levels: Words
    max_dimension_records: int
    dimensions: Words


@functools.cache
def aggregate_words() -> AggregateWords:
    """The shipped words."""
    return shipped("aggregates.yaml", AggregateWords)
