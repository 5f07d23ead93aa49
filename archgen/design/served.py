"""Indexes another store already answers: full-text search in the search index an entity is fed to, nearby reads in
the in-memory geo sets that keep its live positions. The database does not build them again."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from archgen.design.model import DataStore, EntityDesign


def geo_elsewhere(entity: EntityDesign, stores: Sequence[DataStore], geo: Callable[[DataStore], bool]) -> bool:
    """Whether an in-memory store with geo sets keeps the entity's positions."""
    return any(s.kind == "in-memory" and entity.name in s.entities and geo(s) for s in stores)


def served_elsewhere(
    entity: EntityDesign, kind: str, stores: Sequence[DataStore], geo: Callable[[DataStore], bool]
) -> bool:
    """Whether an index of this kind on the entity repeats what another store answers."""
    if kind == "fulltext":
        return entity.search_index is not None
    return kind == "geo" and geo_elsewhere(entity, stores, geo)
