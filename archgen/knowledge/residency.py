"""How residency is designed: routing to the home cell, placement, processors (archgen/knowledge/residency.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class Residency(BaseModel):
    """residency.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str
    routing: tuple[str, ...]
    placement: str
    placement_marker: str
    support: str
    processors_pinned: str
    processors_free: str
    transfer_words: tuple[str, ...]
    forwarding_words: tuple[str, ...]
    routing_words: tuple[str, ...]
    create: str
    processor_question: str
    processor_context: str


@functools.cache
def residency() -> Residency:
    """The shipped wording."""
    return shipped("residency.yaml", Residency)
