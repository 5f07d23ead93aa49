"""Amounts bound along a money chain and the general-ledger feed (archgen/knowledge/accounts.yaml)."""

from __future__ import annotations

import functools
from typing import Literal

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class Account(BaseModel):
    """One account of the chart: its name in a posting's words, its type and what it holds."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    account: str
    type: Literal["asset", "liability", "income", "expense"]
    holds: str


class Facts(BaseModel):
    """What triggers a posting, by who makes its transition."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    integration: str
    system: str
    person: str
    timer: str


class Accounts(BaseModel):
    """accounts.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    binding: tuple[str, ...]
    amount_field: str
    limits: tuple[str, ...]
    bound_source: str
    general_ledger: tuple[str, ...]
    feed_says: tuple[tuple[str, ...], ...]
    gl_feed: str
    chart: tuple[Account, ...]
    confirmed_by_others: tuple[str, ...]
    stem: int
    synchronous: tuple[str, ...]
    facts: Facts


@functools.cache
def accounts() -> Accounts:
    """The shipped words."""
    return shipped("accounts.yaml", Accounts)
