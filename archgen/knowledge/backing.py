"""What backs a compliance claim (archgen/knowledge/backing.yaml): the design elements a control's sentence may
speak of, and the records tax, commercial and employment law keep whatever regime is named."""

from __future__ import annotations

import functools
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from archgen.knowledge.shipped import shipped


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Carrier(_Strict):
    """A design element a claim may need, how a design shows it, and what the claim becomes without it."""

    said: tuple[str, ...] = Field(min_length=1)
    says: str = Field(min_length=1)
    instead: str | None = None
    fields: tuple[str, ...] = ()
    records: tuple[tuple[str, ...], ...] = ()
    words: tuple[str, ...] = ()
    anyone: tuple[str, ...] = ()
    mobile: bool = False


class Statutory(_Strict):
    """Records a law keeps for a period, recognised by words in the entity's name."""

    law: str = Field(min_length=1)
    name_words: tuple[str, ...] = Field(min_length=1)
    days: int = Field(ge=1)
    basis: str = Field(min_length=1)


class KeyWords(_Strict):
    """Phrases that say which keys encrypt stored data."""

    platform_only: tuple[str, ...] = Field(min_length=1)
    tenant: tuple[str, ...] = Field(min_length=1)
    person: tuple[str, ...] = Field(min_length=1)


ChannelKind = Literal["web", "phone", "desk", "partner", "provider"]


class CardChannel(_Strict):
    """A channel cards are taken through and what keeps it in its PCI DSS scope."""

    words: tuple[str, ...] = ()
    said: tuple[str, ...] = Field(min_length=1)
    scope: str = Field(min_length=1)


class Backing(_Strict):
    """backing.yaml."""

    carriers: dict[str, Carrier]
    statutory: tuple[Statutory, ...] = Field(min_length=1)
    issued: tuple[str, ...]
    keys: KeyWords
    taken: tuple[str, ...] = Field(min_length=1)
    money: tuple[str, ...] = Field(min_length=1)
    card_channels: dict[ChannelKind, CardChannel]
    none_kept: tuple[str, ...] = Field(min_length=1)


@functools.cache
def backing() -> Backing:
    """The shipped knowledge."""
    return shipped("backing.yaml", Backing)
