"""Which record of a store outgrows one node: a store past the per-node storage limit keeps its biggest timed record
in time partitions, so the live rows stay in the newest ones and the history sits in older partitions that are
detached, archived or dropped whole, never deleted row by row."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from archgen.design.model import DataStore, EntityDesign
from archgen.knowledge.jobs import job_words

TIMED = ("timestamp", "date")


def time_partitioned(entity: EntityDesign, store: DataStore) -> bool:
    """Whether an entity's rows are kept in time partitions."""
    if store.kind == "time-series":
        return True
    said = f"{entity.partition_key or ''} {store.partitioning}".lower()
    return any(w in said for w in job_words().retention.time_partition_words)


def biggest_timed(entities: Sequence[EntityDesign], sizes: Mapping[str, float]) -> EntityDesign | None:
    """The entity with a time field that takes most space, if any."""
    timed = [e for e in entities if any(f.type in TIMED for f in e.fields)]
    return max(timed, key=lambda e: sizes.get(e.name, 0.0), default=None)
