"""The lifecycle of a processed media record and the key field of a declared file set
(archgen/knowledge/media_records.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict, Field

from archgen.knowledge.shipped import shipped


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Move(_Strict):
    """A transition the pipeline makes."""

    name: str
    source: tuple[str, ...] = Field(min_length=1)
    target: str
    guard: str


class MediaRecords(_Strict):
    """media_records.yaml."""

    states: tuple[str, ...] = Field(min_length=2)
    terminal: tuple[str, ...]
    failed: str
    failed_words: tuple[str, ...]
    ready: str
    upload_words: tuple[str, ...]
    moves: tuple[Move, ...]
    status_says: str
    reason: str
    reason_words: tuple[str, ...]
    reason_source: str
    keys_name: str
    keys_source: str
    keys_says: str
    parent_field: str
    parent_says: str
    limit_says: str
    child_source: str
    limit_words: tuple[str, ...]
    numbers: tuple[str, ...]


@functools.cache
def media_records() -> MediaRecords:
    """The shipped media_records.yaml."""
    return shipped("media_records.yaml", MediaRecords)
