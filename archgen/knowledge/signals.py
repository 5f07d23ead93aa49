"""How ephemeral signals travel: on the live store's own pub/sub, never on the durable log
(archgen/knowledge/signals.yaml)."""

from __future__ import annotations

import functools
from typing import Literal

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class Signals(BaseModel):
    """signals.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    channel_suffix: str
    delivery: Literal["at-most-once"]
    retries: str
    retention: str
    technology: str


@functools.cache
def signals() -> Signals:
    """The shipped wording."""
    return shipped("signals.yaml", Signals)
