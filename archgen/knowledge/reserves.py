"""Case reserves (archgen/knowledge/reserves.yaml): the fields that say a record carries a reserve, and the
postings its lifecycle makes to set, change and release it."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.postings import Movement
from archgen.knowledge.shipped import shipped


class Reserves(BaseModel):
    """reserves.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fields: tuple[str, ...]
    account: str
    expense: str
    movements: tuple[Movement, ...]
    amount: dict[str, str]
    key: str


@functools.cache
def reserves() -> Reserves:
    """The shipped reserve postings."""
    return shipped("reserves.yaml", Reserves)
