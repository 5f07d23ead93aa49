"""Ephemeral records: those a design keeps only in an in-memory store, where the next signal rewrites them."""

from __future__ import annotations

from collections.abc import Sequence

from archgen.design.model import DataStore


def live_only(stores: Sequence[DataStore], entity: str | None) -> DataStore | None:
    """The in-memory store that alone holds an entity, when no database keeps it too: its changes are signals."""
    if entity is None:
        return None
    holding = [s for s in stores if entity in s.entities]
    if len(holding) == 1 and holding[0].kind == "in-memory":
        return holding[0]
    return None
