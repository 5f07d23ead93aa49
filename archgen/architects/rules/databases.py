"""Database sizing applied: replicas, partitioning with a key chosen from the access patterns, and HA."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft, option
from archgen.capacity import constants as c
from archgen.capacity.sizing import DATABASE_KINDS, size_store
from archgen.design.model import DataStore, EntityDesign


def plan_databases(draft: Draft) -> None:
    """Size every database, add read replicas, and partition where one primary stops being enough."""
    cached = {name for cache in draft.caches if cache.placement == "distributed" for name in cache.entities}
    ha = draft.req.quality.availability >= 99.9
    for store in draft.stores:
        if store.kind not in DATABASE_KINDS:
            if store.kind == "search":
                store.replication = "one replica of every shard in another zone" if ha else "single node"
            elif store.kind == "object":
                store.replication = "the provider's multi-zone durability (11 nines)"
            continue
        hot = any(e in cached for e in store.entities)
        sizing = size_store(draft.req, draft.ledger, store, hot)
        store.size_bytes_3y = sizing.data_bytes_y3
        store.read_replicas = sizing.read_replicas
        if store.kind == "relational" and sizing.node_size == "large":
            _upgrade(draft, store, draft.catalog["relational_ha"])
        store.replication = (
            "primary with a synchronous standby in another zone (automatic failover)"
            if ha
            else "single primary with automated backups"
        ) + (f", plus {sizing.read_replicas} read replica(s)" if sizing.read_replicas else "")
        entities = [draft.entity(n) for n in store.entities]
        if store.kind == "time-series":
            for entity in entities:
                entity.partition_key = partition_key(entity, by_time=True)
            store.partitioning = "by time (daily chunks), expired by retention"
        elif sizing.needs_partitioning:
            for entity in entities:
                entity.partition_key = partition_key(entity, by_time=False)
            keys = ", ".join(f"{e.name} by {e.partition_key}" for e in entities)
            store.partitioning = f"hash-partitioned (sharded): {keys}"
            _decide_partitioning(draft, store.name, entities, sizing.write_rps_y3, sizing.data_bytes_y3)
        else:
            for entity in entities:
                if entity.retention_days and entity.mutability == "append_only":
                    entity.partition_key = partition_key(entity, by_time=True)
            store.partitioning = "none needed: one primary carries the load for " + (
                "more than 10 years" if sizing.primary_years >= 10 else f"about {sizing.primary_years:.1f} years"
            )


def _upgrade(draft: Draft, store: DataStore, technology: str) -> None:
    """Move a store the sizing finds large to the high-availability engine, and keep the records true: its decision
    says why, and once no store uses the old engine, the records and channels that name it name the new one."""
    old, store.technology = store.technology, technology
    record = next((d for d in draft.decisions if d.id == store.decision), None)
    if record is not None:
        record.rationale += f" The sizing of {store.name} (a large node) calls for {technology}."
    if any(s.technology == old for s in draft.stores):
        return  # other stores keep the engine the records name
    for record in draft.decisions:
        if old in record.decision and technology not in record.decision:
            chosen = record.decision.replace(old, technology)
            for choice in record.options:
                if choice.name == record.decision:
                    choice.name = chosen
            record.decision = chosen
    for channel in draft.channels:
        channel.technology = channel.technology.replace(old, technology)


def partition_key(entity: EntityDesign, by_time: bool) -> str:
    """The partition key an entity's access patterns suggest: time for time-ordered data, else its main lookup."""
    timed = [a[6:] for a in entity.access if a.startswith("range_")]
    timestamps = [f.name for f in entity.fields if f.type in ("timestamp", "date")]
    refs = [a[3:] for a in entity.access if a.startswith("by_") and a != "by_id"]
    if by_time and (timed or timestamps):
        column = (timed or timestamps)[0]
        return f"{column} (range, daily)" + (f" + {refs[0]} (hash)" if refs else "")
    if refs:
        return f"{refs[0]} (hash)"
    return f"{entity.primary_key[0]} (hash)"


def _decide_partitioning(draft: Draft, store: str, entities: list[EntityDesign], writes: float, data: float) -> None:
    keys = "; ".join(f"{e.name}: {e.partition_key}" for e in entities)
    decision_id = draft.decide(
        f"Partitioning of {store}",
        f"After 3 years {store} takes {writes:,.0f} writes/s and holds {data / 1e12:,.1f} TB; one primary handles "
        f"about {c.PRIMARY_WRITE_LIMIT.value:,.0f} writes/s and {c.NODE_STORAGE_LIMIT.value:g} TB comfortably.",
        [
            option(
                "Read replicas only",
                "Keep one primary; add replicas for reads.",
                ["no application changes"],
                ["does nothing for writes or for data size"],
            ),
            option(
                "Hash partitioning by the main lookup key",
                f"Split the data across shards by key ({keys}).",
                ["writes and data scale with the number of shards", "lookups by the key hit one shard"],
                ["queries across keys fan out to all shards", "resharding needs a plan (consistent hashing)"],
            ),
        ],
        "Hash partitioning by the main lookup key",
        "Replicas do not add write capacity; partitioning by the key most queries use keeps them on one shard.",
        ["every query on these entities carries the partition key", "cross-shard reports go to the analytics path"],
        [f"data.entities[{e.name}].access" for e in entities] + ["load.growth_per_year"],
    )
    draft.store(store).decision = draft.store(store).decision or decision_id
