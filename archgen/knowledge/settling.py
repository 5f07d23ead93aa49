"""Settlement postings (archgen/knowledge/settling.yaml): the accounts that ask for them and the steps that post
them."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class Settling(BaseModel):
    """settling.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pending: str
    fees: str
    safeguarded: str
    handoff: str
    settlement: str
    safeguarding: str
    marker: str


@functools.cache
def settling() -> Settling:
    """The shipped settlement postings."""
    return shipped("settling.yaml", Settling)
