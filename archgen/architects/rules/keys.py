"""Keys, indexes and uniqueness in the terms of each store's engine.

A partitioned engine (key-value, wide-column) answers only queries that name a partition key: each access pattern
gets a key of its own (the base table's, a global index where the engine keeps them, else a query table written
with the row), partitioned by the parent it is read by plus a time bucket sized so the busiest parent's partition
stays bounded, and ordered by time within it. A value that must be unique is claimed with a conditional insert on
an engine that is unique only by key. A columnar engine without secondary indexes reads by its sort key. A
relational engine keeps its indexes, and enforces each record's natural key (archgen/design/natural_keys.py): a
series is keyed by what names it and its time, with no random id in its key; a row kept per period, and a code kept
per owner, get a unique index over what they name. One whose unique indexes must include the partitioning column
gets it.
"""

from __future__ import annotations

import math

from archgen.architects.rules.draft import Draft
from archgen.capacity import constants as c
from archgen.capacity.load import entity_rows, growth, records_per_call, records_per_run, records_per_s
from archgen.common.english import a
from archgen.common.naming import slug
from archgen.design.model import DerivedState, EntityDesign, Index, StoredField, StoreWork
from archgen.design.natural_keys import enforced, link_key, natural_key, owner_of, pair_key, stated_key
from archgen.knowledge.catalog import Engine
from archgen.knowledge.keys import must_be_unique, revises
from archgen.knowledge.revisions import revision_words
from archgen.knowledge.store_fit import store_fit
from archgen.requirements.model import Entity

# The stores that hold records by key (the others are derived copies: search indexes, caches, buckets).
KEYED_KINDS = ("relational", "key-value", "document", "wide-column", "time-series", "in-memory", "warehouse")
# Time buckets from the coarsest: the first whose partition stays bounded for the busiest parent is chosen.
BUCKETS: tuple[tuple[str, str, float], ...] = (
    ("year", "yearly", 365.0),
    ("month", "monthly", 30.4),
    ("week", "weekly", 7.0),
    ("day", "daily", 1.0),
    ("hour", "hourly", 1 / 24),
)


def fit_keys(draft: Draft) -> None:
    """Rewrite each entity's keys and indexes in the terms of the engine of the store that keeps it."""
    for design in draft.entities:
        store = draft.store(design.store)
        if store.kind not in KEYED_KINDS:
            continue
        engine = draft.catalog.engine(store.technology)
        entity = draft.req.entity(design.name)
        if engine.keyed:
            _partitioned(draft, design, entity, engine)
        elif engine.secondary_indexes == "none":
            _sorted(draft, design, entity, engine)
        elif engine.unique in ("any", "partition"):
            series = store.kind == "time-series"
            if series and revises(_writers_texts(draft, entity)):
                _field(design, "revision", "int", revision_words().field)
                _revision_history(draft, design, entity)
            _natural(design, series)
            if engine.unique == "partition" and store.kind == "time-series":
                _with_partition_column(design, entity)


def _revision_history(draft: Draft, design: EntityDesign, entity: Entity) -> None:
    """A revised series keeps one current value an interval, upserted on its natural key, and appends what each
    revision replaces to a history its store keeps beside it: sized by the share of values revised."""
    words = revision_words()
    share = words.revised_share
    store = draft.store(design.store)
    said = f"{share:.0%}"
    history = DerivedState(
        entries=entity_rows(draft.req, entity, 3) * share,
        entry_bytes=float(entity.record_bytes or 0) or 100.0,
        why=words.history.format(entity=design.name, share=said),
        work=[
            StoreWork(
                use_case=u.name,
                op="write",
                per_call=(records_per_run(draft.req, u) or records_per_call(draft.req, u, entity.name)) * share,
                why=words.work.format(share=said),
            )
            for u in draft.req.use_cases
            if entity.name in u.writes
        ],
    )
    if store.derived is None:
        store.derived = history
    else:  # the store keeps something else already: the history is added to it
        store.derived.entries += history.entries
        store.derived.work += history.work
        store.derived.why = f"{store.derived.why}; {history.why}"


def _writers_texts(draft: Draft, entity: Entity) -> list[str]:
    """The names and descriptions of the use cases that write an entity: what they say is done to its values."""
    return [f"{u.name}. {u.description or ''}" for u in draft.req.use_cases if entity.name in u.writes]


def time_field(design: EntityDesign, entity: Entity) -> str | None:
    """The field an entity is read in time order by: its first time range, else its first timestamp."""
    ranged = [x[6:] for x in entity.access if x.startswith("range_")]
    # a time use cases overwrite (last read, last seen) is state, not when the row was made: never in a key
    stamps = [f.name for f in design.fields if f.type in ("timestamp", "date") and not store_fit().mutable(f.name)]
    return next(iter(ranged + stamps), None)


def _partitioned(draft: Draft, design: EntityDesign, entity: Entity, engine: Engine) -> None:
    name = slug(design.name, "entity")
    time = time_field(design, entity)
    timed = [x for x in entity.access if x.startswith("range_") or x == "recent"]
    lookups = [x[3:] for x in entity.access if x.startswith("by_") and x != "by_id"]
    unique = [f for f in entity.fields if must_be_unique(f, entity.fields[f].kind, f in lookups)]
    parents = [f for f in lookups if f not in unique]
    secondary = "global" if engine.secondary_indexes == "global" else "table"
    indexes: list[Index] = []
    partition_text = ""
    # an edge (a like, a membership) read by each record it links: each table is ordered by the other link, so
    # the pair is its key (one per pair, found in one probe) and no time or random id enters it
    edge = len(parents) >= 2 and not timed and all(entity.fields[p].kind == "ref" for p in parents)
    for i, parent in enumerate(parents or ["id"]):
        others = [p for p in parents if p != parent]
        if edge:
            partition, bucket = _edge_partition(draft, design, entity, parent, others[0]), None
            order = others
        else:
            partition, bucket = _partition(draft, design, entity, parent, time)
            order = ([time] if time and (timed or bucket) else []) + (["id"] if parent != "id" else [])
        serves = f"by_{parent}" + "".join(f", {t} within {a(parent)}" for t in timed if parent != "id")
        if i == 0:
            design.primary_key = [*partition, *order]
            indexes.append(
                Index(
                    name=f"{name}_pkey", fields=[*partition, *order], kind="primary", serves=serves, partition=partition
                )
            )
            partition_text = f"{parent} (hash)" + (f" + {time} ({bucket} bucket)" if bucket and time else "")
        else:
            indexes.append(
                Index(
                    name=f"{name}_by_{parent}",
                    fields=[*partition, *order],
                    kind=secondary,
                    serves=serves,
                    partition=partition,
                )
            )
    # an edge's operations address it by its id (PATCH its read mark): that id needs a key of its own too
    if parents and ("by_id" in entity.access or (edge and "id" in entity.fields)):
        indexes.append(Index(name=f"{name}_by_id", fields=["id"], kind=secondary, serves="by_id", partition=["id"]))
    if not parents and timed and time:
        partition, bucket = _time_partition(draft, design, entity, time)
        indexes.append(
            Index(
                name=f"{name}_by_{time}",
                fields=[*partition, time, "id"],
                kind=secondary,
                serves=", ".join(timed),
                partition=partition,
            )
        )
    for field in unique:
        indexes.append(
            Index(
                name=f"{name}_{field}_claim",
                fields=[field, "id"],
                kind="claim",
                serves=(f"by_{field}; " if field in lookups else "")
                + f"unique {field}: claimed with a conditional insert before the row is written",
                partition=[field],
            )
        )
    design.indexes = indexes
    design.partition_key = partition_text


def _partition(
    draft: Draft, design: EntityDesign, entity: Entity, parent: str, time: str | None
) -> tuple[list[str], str | None]:
    """A parent's partition key: the parent, plus a time bucket (or a shard) when its busiest value would
    outgrow a partition."""
    if parent == "id":
        return ["id"], None
    rows = entity_rows(draft.req, entity, 3)
    per_parent = rows / _distinct(draft, entity, parent, rows) * c.constant("hot_parent_factor").value
    size = entity.record_bytes or 1000
    limit = c.constant("partition_bytes").value * 1e6
    endless = time is not None and entity.growth_per_day > 0 and entity.retention_days is None
    if per_parent * size <= limit and not endless:
        return [parent], None
    if time is None:
        shards = math.ceil(per_parent * size / limit)
        return [
            parent,
            _field(design, "shard", "int", f"one of {shards} shards, so no partition outgrows a node"),
        ], None
    daily = entity.growth_per_day * growth(draft.req, 3) / _distinct(draft, entity, parent, rows)
    daily *= c.constant("hot_parent_factor").value
    return _bucketed(design, [parent], time, daily * size, limit)


def _edge_partition(draft: Draft, design: EntityDesign, entity: Entity, parent: str, other: str) -> list[str]:
    """An edge table's partition: the record it is read by, split by a hash of the other link when the busiest
    record's edges would outgrow a partition (the hash is computed from the pair, so a probe still names it)."""
    rows = entity_rows(draft.req, entity, 3)
    per_parent = rows / _distinct(draft, entity, parent, rows) * c.constant("hot_parent_factor").value
    limit = c.constant("partition_bytes").value * 1e6
    shards = math.ceil(per_parent * (entity.record_bytes or 1000) / limit)
    if shards <= 1:
        return [parent]
    name = f"{other}_shard"
    return [
        parent,
        _field(design, name, "int", f"a hash of {other} modulo {shards}, so no {parent}'s partition outgrows a node"),
    ]


def _time_partition(draft: Draft, design: EntityDesign, entity: Entity, time: str) -> tuple[list[str], str | None]:
    """A time-ordered query table with no parent: partitions by time bucket, split into shards when one
    bucket's writes would exceed what a partition takes."""
    size = entity.record_bytes or 1000
    daily = entity.growth_per_day * growth(draft.req, 3) * size
    partition, bucket = _bucketed(design, [], time, daily, c.constant("partition_bytes").value * 1e6)
    writes = sum(records_per_s(draft.req, u) for u in draft.req.use_cases if entity.name in u.writes)
    shards = math.ceil(writes / c.constant("partition_writes_per_s").value)
    if shards > 1:
        partition.append(
            _field(
                design,
                "shard",
                "int",
                f"one of {shards} shards, so no partition takes more than "
                f"{c.constant('partition_writes_per_s').value:,.0f} writes a second",
            )
        )
    return partition, bucket


def _bucketed(
    design: EntityDesign, lead: list[str], time: str, bytes_per_day: float, limit: float
) -> tuple[list[str], str | None]:
    unit, adjective, _ = next(((u, a, d) for u, a, d in BUCKETS if bytes_per_day * d <= limit), BUCKETS[-1])
    stem = time.removesuffix("_at").removesuffix("_time")
    bucket = _field(design, f"{stem}_{unit}", "string", f"the {unit} of {time}: the partition's time bucket")
    return [*lead, bucket], adjective


def _distinct(draft: Draft, entity: Entity, field: str, rows: float) -> float:
    """How many values a field takes: the rows of the entity it refers to, an enum's values, else one per
    busiest-parent's worth of rows."""
    kind = entity.fields[field]
    if kind.kind == "ref":
        target = next((e for e in draft.req.data.entities if e.name == kind.target), None)
        if target is not None:
            return max(1.0, entity_rows(draft.req, target, 3))
    if kind.kind == "enum":
        return float(max(1, len(kind.values)))
    if kind.kind == "bool":
        return 2.0
    return max(1.0, rows / c.constant("hot_parent_factor").value)


def _field(design: EntityDesign, name: str, type_: str, source: str) -> str:
    """A key column the design adds (a time bucket, a shard), set by the server."""
    if not any(f.name == name for f in design.fields):
        design.fields.append(StoredField(name=name, type=type_, set_by="server", source=source))
    return name


def _sorted(draft: Draft, design: EntityDesign, entity: Entity, engine: Engine) -> None:
    """A columnar engine without secondary indexes: partitioned by time and clustered (sorted) on every field its
    query patterns filter by, the one with fewest values first, so a filter on any of them reads only the blocks
    holding its values; what the engine cannot cluster on scans its partitions whole."""
    time = time_field(design, entity)
    names = {f.name for f in design.fields}
    lookups = [x[3:] for x in entity.access if x.startswith("by_") and x != "by_id" and x[3:] in names]
    rows = entity_rows(draft.req, entity, 3)
    lookups = sorted(lookups, key=lambda f: _distinct(draft, entity, f, rows) if f in entity.fields else rows)
    lookups = lookups[: int(c.constant("cluster_columns_max").value)]
    key = [*lookups, *([time] if time and time not in lookups else [])] or design.primary_key
    served = [x for x in entity.access if x in (*(f"by_{f}" for f in lookups), f"range_{time}", "recent")]
    kept = "" if engine.unique not in (None, "none") else "; not unique: the engine keeps every insert"
    design.primary_key = key
    design.partition_key = f"{time} (time partitions)" if time else design.partition_key
    design.indexes = [
        Index(
            name=f"{slug(design.name, 'entity')}_sort_key",
            fields=key,
            kind="primary",
            serves=(", ".join(served) or "the table's order")
            + f" (the sort key: partitioned by {time}, clustered on {', '.join(lookups) or 'it'}{kept})"
            if time
            else (", ".join(served) or "the table's order") + f" (the sort key{kept})",
        )
    ]


def _with_partition_column(design: EntityDesign, entity: Entity) -> None:
    """Unique indexes of a table partitioned by time must include the time column."""
    time = time_field(design, entity)
    if time is None:
        return
    if time not in design.primary_key:
        design.primary_key = [*design.primary_key, time]
    for index in design.indexes:
        if index.kind in ("primary", "unique") and time not in index.fields:
            index.fields = [*index.fields, time]


def pair_keys(draft: Draft) -> None:
    """Once the server's fields are known (who made a like), each per-person relation in a store that keeps
    unique indexes is made unique on its pair."""
    for design in draft.entities:
        store = draft.store(design.store)
        if store.kind in KEYED_KINDS and draft.catalog.engine(store.technology).unique in ("any", "partition"):
            _pair(design)


def _pair(design: EntityDesign) -> None:
    """A per-person relation (a like) or a link of two records (a recipe filed under a tag) is unique on its pair: a
    repeat is the same record, and the reader's own one is found in one probe (liked_by_me); the index on the
    object alone is then served by it. A value its description calls unique within something is unique there."""
    _stated(design)
    pair = pair_key(design) or link_key(design)
    if not pair or enforced(design, pair):
        return
    serves = f"the natural key: one {design.name} per ({', '.join(pair)}); a repeat is the same one, and a "
    serves += "reader's own is found in one probe" if pair_key(design) else "link is found from either side"
    design.indexes = [i for i in design.indexes if not (i.kind == "btree" and i.fields == pair[:1])]
    name = slug(design.name, "entity")
    design.indexes.append(Index(name=f"{name}_{'_'.join(pair)}_key", fields=pair, kind="unique", serves=serves))


def _stated(design: EntityDesign) -> None:
    """The uniqueness a record's description states (a tag unique per owner) is a unique index on it."""
    key = stated_key(design)
    if not key or enforced(design, key):
        return
    name = slug(design.name, "entity")
    serves = f"the uniqueness its description states: one {design.name} per ({', '.join(key)}); a second with "
    serves += f"the same {key[-1]} conflicts"
    design.indexes.append(Index(name=f"{name}_{'_'.join(key)}_key", fields=key, kind="unique", serves=serves))


def _natural(design: EntityDesign, series: bool) -> None:
    """Enforce the natural key: a series' primary key, else a unique index; a per-owner code unique within its owner."""
    name = slug(design.name, "entity")
    for index in design.indexes:
        owner = owner_of(design, index.fields[0]) if index.kind == "unique" and len(index.fields) == 1 else None
        if owner:  # led by the code, so looking it up stays one probe
            index.fields = [index.fields[0], owner]
            index.name = f"{name}_{'_'.join(index.fields)}_key"
            index.serves += f" (unique within its {owner})"
    key = natural_key(design, series)
    if not key:
        return
    serves = f"the natural key: one {design.name} per ({', '.join(key)}); a resent or repeated one conflicts"
    if series:  # no random id in the key: it would make every resend a new row and defeat compression
        by_id = "by_id" in design.access
        if not by_id:  # nothing reads it by id: a random id per row would only take space compression cannot save
            design.fields = [f for f in design.fields if f.name != "id"]
        design.primary_key = key
        design.indexes = [
            i
            for i in design.indexes
            if i.kind != "primary" and not (i.kind == "btree" and key[: len(i.fields)] == i.fields)
        ]
        design.indexes.insert(0, Index(name=f"{name}_pkey", fields=key, kind="primary", serves=serves))
        if by_id:
            design.indexes.append(Index(name=f"{name}_id_idx", fields=["id"], kind="btree", serves="by_id"))
    elif not enforced(design, key):
        # a plain index on a prefix of the key is served by the unique one
        design.indexes = [i for i in design.indexes if not (i.kind == "btree" and key[: len(i.fields)] == i.fields)]
        design.indexes.append(Index(name=f"{name}_{'_'.join(key)}_key", fields=key, kind="unique", serves=serves))
