"""The words the design reads redirects and reporting roles by (archgen/knowledge/system_records.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class Part(BaseModel):
    """A field a decision's body carries."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    type: str
    description: str


class SystemRecords(BaseModel):
    """system_records.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    redirect_phrases: tuple[str, ...]
    url_words: tuple[str, ...]
    report_words: tuple[str, ...]
    filer_fields: tuple[str, ...]
    dismissals: tuple[str, ...]
    statement_regimes: tuple[str, ...]
    statement_parts: tuple[Part, ...]


@functools.cache
def system_records() -> SystemRecords:
    """The shipped system_records.yaml."""
    return shipped("system_records.yaml", SystemRecords)
