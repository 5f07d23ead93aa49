"""The ways out every kind of lifecycle needs (archgen/knowledge/exits.yaml): a timeout, the other party's cancel,
a re-issue of work that must happen, a re-activation of a lapsed record, a correction that supersedes."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Timeouts(_Part):
    name: str
    taken: tuple[str, ...]
    guard: str
    marks: tuple[str, ...]


class OtherParty(_Part):
    name: str
    guard: str


class Reissue(_Part):
    must_happen: tuple[str, ...]
    payee_fields: tuple[str, ...]
    failures: tuple[str, ...]
    name: str
    guard: str


class Reactivate(_Part):
    lapsed: tuple[str, ...]
    name: str
    guard: str


class BackInService(_Part):
    states: tuple[str, ...]
    name: str
    guard: str


class Corrections(_Part):
    correctable: tuple[str, ...]
    versioned: tuple[str, ...]
    status_field: str
    statuses: tuple[str, ...]
    supersedes_field: str
    status_source: str
    supersedes_source: str


class Exits(_Part):
    """exits.yaml."""

    timeouts: Timeouts
    other_party: OtherParty
    reissue: Reissue
    reactivate: Reactivate
    back_in_service: BackInService
    corrections: Corrections


@functools.cache
def exits() -> Exits:
    """The shipped exits.yaml."""
    return shipped("exits.yaml", Exits)
