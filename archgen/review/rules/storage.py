"""Storage rules: a database sized as its rows sit on disk, with compression only on the rows its engine compresses;
a series keyed as its devices took the readings; a partition that keeps growing split by time."""

from __future__ import annotations

from archgen.capacity import constants as c
from archgen.capacity.load import actor_kind
from archgen.common.formatting import quantity
from archgen.design.history import biggest_timed, time_partitioned
from archgen.design.model import DATABASE_KINDS
from archgen.knowledge.catalog import Catalog
from archgen.review.engine import Found, Problem, Subject, rule

UNDER = 0.75  # a saved size this far below what its rows take on disk left out the row and index overhead


@rule("CAP045", "error", "capacity", "Store sized without its row and index overhead")
def sized_without_overhead(subject: Subject) -> Found:
    """A database is sized at far less than its rows take on disk: the values alone, with no row header or index
    entries, or compressed as a whole while its engine keeps the newest rows uncompressed. Size each row as the
    engine stores it and divide only the compressed tier by the compression ratio."""
    measured = {s.name: s for s in subject.measured.stores}
    for i, store in enumerate(subject.design.stores):
        routed = measured.get(store.name)
        if routed is None or store.kind not in DATABASE_KINDS or not store.size_bytes_3y:
            continue
        if store.size_bytes_3y < routed.size_bytes_3y * UNDER:
            yield Problem(
                element=store.name,
                at=("stores", i, "size_bytes_3y"),
                message=f"is sized at {quantity(store.size_bytes_3y, 'bytes')} after 3 years, while its rows with "
                f"their headers and index entries come to {quantity(routed.size_bytes_3y, 'bytes')}",
                fix="size each row with the engine's row overhead and its index entries, and compress only the "
                "rows old enough to be compressed",
            )


@rule("DAT105", "error", "data", "Series keyed by the server's clock, or a partition without a time bucket")
def series_keys(subject: Subject) -> Found:
    """A series that devices write is keyed by a time the server stamps when it stores the row: readings a device
    uploads in one batch (after a tunnel, a lost signal) all get one instant and collide on the key; key it by the
    device's own time of the reading and a per-device sequence number. Or a key-value or wide-column table keeps a
    parent's rows in one partition ordered by time, with no time bucket and no expiry: the busiest parent's
    partition grows for as long as the system runs, until its reads and repairs stall; add a time bucket to the
    partition key."""
    yield from _server_clock(subject)
    yield from _unbounded(subject)


def _server_clock(subject: Subject) -> Found:
    devices = {
        name
        for u in subject.req.use_cases
        if actor_kind(subject.req, u) == "device" or u.interaction in ("stream", "batch")
        for name in u.writes
    }
    for i, entity in enumerate(subject.design.entities):
        store = subject.stores.get(entity.store)
        if entity.name not in devices or store is None or store.kind not in DATABASE_KINDS:
            continue
        keyed = [f for f in entity.fields if f.name in entity.primary_key]
        if any(f.type == "int" and f.set_by == "client" for f in keyed):
            continue  # the sender's own sequence number keeps the readings of one instant apart
        for stored in keyed:
            if stored.set_by == "server" and stored.type == "timestamp":
                yield Problem(
                    element=f"{entity.name}.{stored.name}",
                    at=("entities", i, "primary_key"),
                    message=f"is part of the key and set by the server's clock, while devices write "
                    f"{entity.name}: readings uploaded together get one instant and collide",
                    fix="key it by the device's own timestamp of the reading plus a per-device sequence number",
                )


def _unbounded(subject: Subject) -> Found:
    growing = {e.name for e in subject.req.data.entities if e.growth_per_day > 0 and e.retention_days is None}
    for i, entity in enumerate(subject.design.entities):
        store = subject.stores.get(entity.store)
        if store is None or store.kind not in ("key-value", "wide-column") or entity.name not in growing:
            continue
        types = {f.name: f.type for f in entity.fields}
        for index in entity.indexes:
            order = [f for f in index.fields if f not in index.partition]
            timed = [f for f in order if types.get(f) in ("timestamp", "date")]
            parents = [f for f in index.partition if types.get(f, "").startswith("ref[")]
            if timed and parents and len(parents) == len(index.partition):
                yield Problem(
                    element=f"{entity.name}.{index.name}",
                    at=("entities", i, "indexes"),
                    message=f"keeps each {parents[0]}'s {entity.name} rows in one partition ordered by {timed[0]}, "
                    "with no time bucket, and they are never expired",
                    fix=f"add a time bucket of {timed[0]} to the partition key, sized so the busiest partition "
                    "stays bounded",
                )


@rule("DAT104", "error", "data", "One primary holds more than a node takes, with nothing split off")
def one_primary_past_its_limit(subject: Subject) -> Found:
    """A relational store on one primary holds more after three years than the design's own per-node storage
    limit, and its biggest record is in no time partitions: restores, upgrades and vacuum of one node run for
    hours, and retention can only delete row by row. Partition that record by time so the live rows stay in the
    newest partitions and the history is archived or dropped whole, or move it to a store built for its access."""
    limit = c.NODE_STORAGE_LIMIT.value * 1e12
    measured = {s.name: s for s in subject.measured.stores}
    sizes = {
        f.key.split(".")[1]: f.value
        for f in subject.measured.capacity.figures
        if f.key.startswith("storage.") and f.key.endswith(".bytes.y3")
    }
    catalog = Catalog(subject.design.deployment.cloud, [], [])
    for i, store in enumerate(subject.design.stores):
        routed = measured.get(store.name)
        if routed is None or store.kind != "relational" or store.shards > 1 or routed.size_bytes_3y <= limit:
            continue
        if catalog.engine(store.technology).sharding == "native":
            continue  # the engine splits its tables by key across its nodes by itself: there is no one primary
        entities = [e for e in subject.design.entities if e.store == store.name]
        biggest = biggest_timed(entities, sizes)
        if biggest is None or time_partitioned(biggest, store):
            continue
        yield Problem(
            element=f"{store.name}/{biggest.name}",
            at=("stores", i, "partitioning"),
            message=f"holds {quantity(routed.size_bytes_3y, 'bytes')} after 3 years on one primary, above the "
            f"{quantity(limit, 'bytes')} a node takes, and {biggest.name} is kept in no time partitions",
            fix=f"partition {biggest.name} by time (live rows in the newest partitions, history archived or dropped "
            "whole), or keep it in a store that splits by key",
        )
