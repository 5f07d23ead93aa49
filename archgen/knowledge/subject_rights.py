"""People's rights over their data, operated (archgen/knowledge/subject_rights.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict


class Paths(BaseModel):
    """The last path segment of each request a person makes about their data."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    erasure: str
    export: str


class Disclosure(BaseModel):
    """What a regime asks of a release of records: the law that asks, and how long its record is kept."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    basis: str
    kept_years: int


class SubjectRights(BaseModel):
    """subject_rights.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    paths: Paths
    privacy_words: tuple[str, ...]
    area_regimes: dict[str, str]
    disclosures: dict[str, Disclosure]
    disclosure_fields: tuple[str, ...]
    release_words: tuple[str, ...]
    consent_words: tuple[str, ...]
    baseline_words: tuple[str, ...]
    purpose_stop_words: tuple[str, ...]
    comparison_words: tuple[str, ...]
    min_group: int


@functools.cache
def subject_rights() -> SubjectRights:
    """The shipped rights."""
    from archgen.knowledge.shipped import shipped

    return shipped("subject_rights.yaml", SubjectRights)
