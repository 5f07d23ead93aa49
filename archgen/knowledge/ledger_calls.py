"""Postings made inside the move (archgen/knowledge/ledger_calls.yaml): how a service posts to a ledger another
service keeps, and the words by which the review finds a posting left to an event or a return posted too early."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class LedgerCalls(BaseModel):
    """ledger_calls.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    call: str
    each: str
    module: str
    reply: str
    returns: tuple[str, ...]
    arrived: tuple[str, ...]


@functools.cache
def ledger_calls() -> LedgerCalls:
    """The shipped words of postings made inside the move."""
    return shipped("ledger_calls.yaml", LedgerCalls)
