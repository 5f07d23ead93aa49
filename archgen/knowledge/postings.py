"""Money trails (archgen/knowledge/postings.yaml): the transitions that move money and the accounts each posts,
how a service says it keeps the journal, and the default outcome a timer gives a record nobody else moves."""

from __future__ import annotations

import functools
from typing import Literal

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class Movement(BaseModel):
    """One kind of movement: the states that make it, the records it applies to and its two accounts."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: str
    records: Literal["inflow", "outflow", "any"]
    states: tuple[str, ...]
    debit: str
    credit: str


class Postings(BaseModel):
    """postings.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    own_amounts: tuple[str, ...]
    movements: tuple[Movement, ...]
    keeps: tuple[str, ...]
    rows: str
    defaults: tuple[str, ...]
    timer: str
    deadline_words: tuple[str, ...]
    timer_guard: str
    post: str
    same_transaction: str
    own_transaction: str
    chart: str
    chart_line: str
    key: str


@functools.cache
def postings() -> Postings:
    """The shipped money trails."""
    return shipped("postings.yaml", Postings)
