"""The accounts a design's money needs, the movements only a confirmation posts and who writes the journal
(archgen/knowledge/ledger_chart.yaml)."""

from __future__ import annotations

import functools
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from archgen.knowledge.shipped import shipped


class Need(BaseModel):
    """One account a design needs when the facts it names are present."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    account: str
    type: Literal["asset", "liability", "income", "expense"]
    holds: str
    words: tuple[str, ...] = ()
    values: bool = True
    integration: tuple[str, ...] = ()
    regimes: tuple[str, ...] = ()
    pair: tuple[str, ...] = ()
    with_: str | None = Field(None, alias="with")
    because: str
    posts: str


class LedgerChart(BaseModel):
    """ledger_chart.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    needs: tuple[Need, ...]
    account_line: str
    settled: tuple[str, ...]
    internal: str
    writes: tuple[str, ...]
    public: tuple[str, ...]


@functools.cache
def ledger_chart() -> LedgerChart:
    """The shipped ledger chart knowledge."""
    return shipped("ledger_chart.yaml", LedgerChart)
