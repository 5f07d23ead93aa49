"""Inter-region commit round trips, the components a failure mode may speak of, and what a derived store's recovery
row must say (archgen/knowledge/recovery_rows.yaml)."""

from __future__ import annotations

import functools
from typing import Literal

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class Mention(BaseModel):
    """Words that speak of a component, and the component."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    words: str
    needs: Literal["cdn", "cache"]


class IndexRestore(BaseModel):
    """How fast a search index's snapshot restores into a new cluster, after creating it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    mb_per_s: float
    start_minutes: float


class RecoveryRows(BaseModel):
    """recovery_rows.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    commit_rtt_ms: dict[str, float]
    mentions: tuple[Mention, ...]
    derived: tuple[str, ...]
    rebuild_words: tuple[str, ...]
    index_restore: IndexRestore


@functools.cache
def recovery_rows() -> RecoveryRows:
    """The shipped figures."""
    return shipped("recovery_rows.yaml", RecoveryRows)
