"""Money that left and came back (archgen/knowledge/reversals.yaml): the movements that send money towards a
bank, and the exits by which it did not arrive, each of which must post a reversing movement."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class Reversals(BaseModel):
    """reversals.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sent: tuple[str, ...]
    exits: tuple[str, ...]
    reserve: str
    after_reserve: str
    intent: str
    intent_key: str
    outcome: str


@functools.cache
def reversals() -> Reversals:
    """The shipped movements that send money, and the exits that must reverse them."""
    return shipped("reversals.yaml", Reversals)
