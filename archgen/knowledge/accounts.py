"""Amounts bound along a money chain and the general-ledger feed (archgen/knowledge/accounts.yaml)."""

from __future__ import annotations

import functools
from importlib import resources

from pydantic import BaseModel, ConfigDict

from archgen.common import yamlio


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


@functools.cache
def accounts() -> Accounts:
    """The shipped words."""
    text = resources.files("archgen.knowledge").joinpath("accounts.yaml").read_text("utf-8")
    return Accounts.model_validate(yamlio.parse(text, "accounts.yaml").data)
