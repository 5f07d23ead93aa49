"""A relational store whose rows outgrow what one node holds keeps its biggest timed record in time partitions: the
live rows in the newest partitions, the history in older ones that retention and archiving take whole
(archgen/design/history.py)."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.architects.rules.keys import time_field
from archgen.architects.rules.stores import entity_writes
from archgen.capacity import constants as c
from archgen.capacity.load import entity_rows
from archgen.capacity.rows import row_on_disk
from archgen.design.history import biggest_timed, time_partitioned
from archgen.knowledge.row_storage import row_storage


def plan_time_partitions(draft: Draft) -> None:
    """Partition by time the biggest timed record of each relational store past the node storage limit."""
    limit = c.NODE_STORAGE_LIMIT.value * 1e12
    for store in draft.stores:
        tech = draft.catalog.technology(store.technology)
        if store.kind != "relational" or tech is None or not draft.catalog.engine(tech).range_partitions:
            continue
        cost = row_storage().of(tech.engine)
        entities = [e for e in draft.entities if e.store == store.name]
        sizes: dict[str, float] = {}
        for design in entities:
            entity = draft.req.entity(design.name)
            payload = float(entity.record_bytes or 0)
            sizes[design.name] = entity_rows(draft.req, entity, 3) * row_on_disk(design, cost, payload, cost.clustered)
        writes = sum(entity_writes(draft, draft.req.entity(e.name)) for e in entities)
        per_node = (tech.writes_per_node or c.PRIMARY_WRITE_LIMIT.value) * c.TARGET_UTILISATION.value
        if sum(sizes.values()) <= limit or writes > per_node:
            continue  # it fits one node, or its writes split it into shards by key anyway
        biggest = biggest_timed(entities, sizes)
        if biggest is None or time_partitioned(biggest, store):
            continue
        time = time_field(biggest, draft.req.entity(biggest.name))
        if time is None:
            continue
        biggest.partition_key = f"{time} (time partitions)"
        # a partitioned table's unique indexes carry the partitioning column
        if time not in biggest.primary_key:
            biggest.primary_key = [*biggest.primary_key, time]
        for index in biggest.indexes:
            if index.kind in ("primary", "unique") and time not in index.fields:
                index.fields = [*index.fields, time]
