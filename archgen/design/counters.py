"""Counters a record keeps of other records (a post's like_count, a member's follower_count): which records each
counts, so that whoever maintains it can be fed by the changes of those records."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from archgen.common import english
from archgen.design.model import DataStore, EntityDesign

LIVE_SETS = ("in-memory",)  # the kind of store a live set (an index of who is available now) is kept in
SHARED_STEM = 6  # "subscriber" and "subscription" count the same records: they share this many letters


@dataclass(frozen=True)
class Counter:
    """A `…_count` field of an entity and the entity whose records it counts (they refer to it)."""

    entity: EntityDesign
    field: str
    counted: EntityDesign


def counters(entities: list[EntityDesign]) -> list[Counter]:
    """The count fields whose counted records the design holds: an entity that refers to the counting one and
    whose name carries the counted word ("like_count" → Like or VideoLike, "follower_count" → Follow)."""
    out = []
    for entity in entities:
        for stored in entity.fields:
            if not stored.name.endswith("_count"):
                continue
            word = english.singular(stored.name.removesuffix("_count").split("_")[-1])
            found = [e for e in entities if e.name != entity.name and _refers(e, entity) and _names(e, word)]
            if found:
                out.append(Counter(entity, stored.name, found[0]))
    return out


class Work(Protocol):
    """What a use case says of the data it touches (the requirements' use case)."""

    @property
    def interaction(self) -> str: ...
    @property
    def reads(self) -> Sequence[str]: ...
    @property
    def writes(self) -> Sequence[str]: ...


def rolled_up(counter: Counter, use_cases: Iterable[Work]) -> bool:
    """Whether a scheduled job adds the counted records to the count (a roll-up every few minutes): then the job is
    the count's one path, and counting each record as it arrives as well would count it twice."""
    return any(
        u.interaction == "scheduled" and counter.counted.name in u.reads and counter.entity.name in u.writes
        for u in use_cases
    )


def live_dependents(entities: list[EntityDesign], stores: list[DataStore]) -> list[tuple[EntityDesign, str]]:
    """(entity with a lifecycle, service) where the service keeps a live set in memory of records that belong to
    that entity (positions of drivers): the set is filtered on the entity's status, so the service must hear it."""
    index = {e.name: e for e in entities}
    out: list[tuple[EntityDesign, str]] = []
    for store in stores:
        if store.kind not in LIVE_SETS:
            continue
        for name in store.entities:
            entity = index.get(name)
            if entity is None or entity.store == store.name:
                continue
            for field in entity.fields:
                other = index.get(field.type.removeprefix("ref[").removesuffix("]"))
                if other is None or other.state_machine is None or not field.type.startswith("ref["):
                    continue
                out += [(other, s) for s in store.services if s != other.owner and (other, s) not in out]
    return out


def _refers(entity: EntityDesign, to: EntityDesign) -> bool:
    return any(f.type == f"ref[{to.name}]" for f in entity.fields)


def _names(entity: EntityDesign, word: str) -> bool:
    """Whether a word of the entity's name is the counted word, its stem, or shares a long stem with it."""
    parts = [p.lower() for p in re.findall(r"[A-Z][a-z0-9]*", entity.name)]
    return any(
        p.startswith(word) or (word.startswith(p) and len(p) >= 4) or _common(p, word) >= SHARED_STEM for p in parts
    )


def _common(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def rolled_counters(entity: str, use_case: Work, entities: list[EntityDesign]) -> list[Counter]:
    """The counters of an entity a job's run adds to: a scheduled use case that reads the counted records and
    writes the counting entity (views rolled up into a video's view_count)."""
    if use_case.interaction != "scheduled" or entity not in use_case.writes:
        return []
    return [c for c in counters(entities) if c.entity.name == entity and c.counted.name in use_case.reads]


def counts_only(entity: str, use_case: Work, entities: list[EntityDesign]) -> bool:
    """Whether a job's write to an entity is a roll-up of counters the design keeps in a narrow row of their own:
    the run bumps numbers there, so the wide record, the copies kept of it and its change events are not touched."""
    rolled = rolled_counters(entity, use_case, entities)
    return bool(rolled) and kept_apart(rolled[0].entity, [c.field for c in rolled])


def kept_apart(entity: EntityDesign, fields: Iterable[str]) -> bool:
    """Whether the entity keeps these counters in a counter table beside the record (a query table of its own)."""
    return any(i.kind == "table" and set(fields) <= set(i.fields) for i in entity.indexes)
