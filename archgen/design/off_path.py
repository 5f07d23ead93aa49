"""Stores on no critical path: the people's journeys recover without them after a region's loss, so a slow recovery
of theirs is a degraded mode to declare, not a missed target (knowledge: archgen/knowledge/targets.yaml)."""

from __future__ import annotations

from collections.abc import Sequence

from archgen.design.model import DATABASE_KINDS, DataStore
from archgen.knowledge.targets import targets
from archgen.requirements.model import Entity, Requirements


def off_path(req: Requirements, stores: Sequence[DataStore]) -> list[str]:
    """The databases whose every entity is append-only, written only by use cases nobody waits on, and read live
    from a copy rebuilt from the stream in another store."""
    know = targets()
    entities = {e.name: e for e in req.data.entities}
    out = []
    for store in stores:
        if store.kind not in DATABASE_KINDS or not store.entities:
            continue
        if all(_trail(req, entities.get(name), stores, store.name, know.live_copy_kinds) for name in store.entities):
            out.append(store.name)
    return out


def _trail(
    req: Requirements, entity: Entity | None, stores: Sequence[DataStore], home: str, live: Sequence[str]
) -> bool:
    """Whether `entity` is a trail: append-only, written by nobody waiting, read live from a copy elsewhere."""
    if entity is None or entity.mutability != "append_only":
        return False
    name = entity.name
    writers = [u for u in req.use_cases if name in u.writes]
    waited = [u for u in writers if not u.async_ and u.interaction not in targets().unwaited_interactions]
    copied = any(s.name != home and s.kind in live and name in s.entities for s in stores)
    return bool(writers) and not waited and copied


def journeys(req: Requirements, stores: Sequence[DataStore], names: Sequence[str]) -> list[str]:
    """The people's use cases that read the entities of the stores `names` (through their live copy)."""
    held = {e for s in stores if s.name in names for e in s.entities}
    return [u.name for u in req.use_cases if u.interaction != "scheduled" and held & set(u.reads)]
