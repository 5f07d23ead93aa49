"""Levers on an estimate over its budget (archgen/knowledge/levers.yaml): per cost driver, the cost lines a lever
acts on, the share of them it saves and what it trades."""

from __future__ import annotations

import functools
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from archgen.knowledge.shipped import shipped


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Lever(_Strict):
    """One lever: what it acts on, what it saves and what it trades."""

    name: str
    words: tuple[str, ...] = Field(min_length=1)
    prices: tuple[str, ...] = Field(min_length=1)
    formula: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    unless: tuple[str, ...] = Field((), description="Lines whose formula says one of these are left alone.")
    share: float = Field(0.0, ge=0, le=1)
    share_from: Literal["ladder_top"] | None = None
    media: bool = Field(False, description="Only where the design streams media.")
    acts: Literal["quantity", "price"] = Field("quantity", description="What of its lines the lever lowers.")
    breaks_rto: bool = Field(
        False, description="Recovery after a region's loss would outlast any RTO in hours: never pulled unasked."
    )
    why: str
    trades: str


class Levers(_Strict):
    """levers.yaml."""

    levers: tuple[Lever, ...]


@functools.cache
def levers() -> tuple[Lever, ...]:
    """The shipped levers."""
    return shipped("levers.yaml", Levers).levers
