"""When an erasure request waits for a record still in use (archgen/knowledge/erasure_waits.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.design.model import EntityDesign


class ErasureWaits(BaseModel):
    """erasure_waits.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    live_states: tuple[str, ...]
    ground: str
    waits_words: tuple[str, ...]


@functools.cache
def erasure_waits() -> ErasureWaits:
    """The shipped states and words."""
    from archgen.knowledge.shipped import shipped

    return shipped("erasure_waits.yaml", ErasureWaits)


def live_states(entity: EntityDesign) -> list[str]:
    """The states of an entity's lifecycle in which its record is still in use (never a terminal one); none when its
    lifecycle has no end (a person's own account)."""
    machine = entity.state_machine
    if machine is None or not machine.terminal:
        return []
    live = set(erasure_waits().live_states)
    return [s for s in machine.states if s.lower() in live and s not in machine.terminal]
