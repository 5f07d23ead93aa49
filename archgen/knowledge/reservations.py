"""Reservations of counted stock: the words of their timers, sales and promises
(archgen/knowledge/reservations.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class Promise(BaseModel):
    """A behaviour a decision promises, and the words that carry it out."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    said: tuple[str, ...]
    kept: tuple[str, ...]


class Reservations(BaseModel):
    """reservations.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    inherited_timer: str
    fresh_timer: str
    sold_marks: tuple[str, ...]
    push_step: str
    promises: tuple[Promise, ...]
    told_marks: tuple[str, ...]


@functools.cache
def reservation_words() -> Reservations:
    """The shipped words."""
    return shipped("reservations.yaml", Reservations)
