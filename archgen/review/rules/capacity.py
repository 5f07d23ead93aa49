"""Capacity rules: is every part sized for the load the questionnaire gives (recomputed, not the design's copy)?"""

from __future__ import annotations

import math
from collections.abc import Iterator

from archgen.capacity import constants as c
from archgen.capacity.sizing import DATABASE_KINDS, entity_weights
from archgen.design.model import DataStore, Figure
from archgen.english import count
from archgen.formatting import quantity
from archgen.review.engine import Found, Subject, rule

# The headline figures a design is sized from; a design whose copy differs from the recomputed ones is stale.
HEADLINE = ("traffic.peak_rps.y3", "traffic.peak_write_rps.y3", "storage.total.y3", "files.total.y3")
UNDER_SIZED = 0.9  # a design sized for less than 90 % of the load is under-sized
OVER_SIZED = 1.5  # one sized for more than 150 % pays for capacity nobody uses


def _headline(subject: Subject) -> Iterator[tuple[int, Figure, float]]:
    """(index, figure, design's value, recomputed value) for each headline figure both sides have."""
    keys = {f.key: i for i, f in enumerate(subject.design.capacity.figures)}
    for key in HEADLINE:
        if key in keys and any(f.key == key for f in subject.load.figures):
            index = keys[key]
            yield index, subject.design.capacity.figures[index], subject.load.value(key)


@rule("CAP001", "error", "capacity", "Sized for less load than the questionnaire gives")
def sized_for_less(subject: Subject) -> Found:
    """The design's headline capacity figures are below the ones recomputed from the questionnaire."""
    for index, figure, actual in _headline(subject):
        if figure.value < actual * UNDER_SIZED:
            yield (
                "capacity",
                ("capacity", "figures", index),
                f"sized for {figure.label.lower()} of {quantity(figure.value, figure.unit)}; "
                f"the questionnaire gives {quantity(actual, figure.unit)}",
                "design again with `archgen new`, or re-size the deployables and stores for the new figures",
            )


@rule("CAP002", "warning", "capacity", "Sized for much more load than the questionnaire gives")
def sized_for_more(subject: Subject) -> Found:
    """The design's headline capacity figures are far above the ones recomputed from the questionnaire."""
    for index, figure, actual in _headline(subject):
        if actual > 0 and figure.value > actual * OVER_SIZED:
            yield (
                "capacity",
                ("capacity", "figures", index),
                f"sized for {figure.label.lower()} of {quantity(figure.value, figure.unit)}; "
                f"the questionnaire gives only {quantity(actual, figure.unit)}",
                "design again with `archgen new` so capacity and cost follow the real load",
            )


def _service_peak_y3(subject: Subject, entities: list[str]) -> float:
    """A service's share of the peak request rate after 3 years, from the entities it owns."""
    reads, writes = entity_weights(subject.req)
    ratio = subject.req.load.read_write_ratio
    share = sum(ratio / (ratio + 1) * reads.get(e, 0) + 1 / (ratio + 1) * writes.get(e, 0) for e in entities)
    return subject.load.value("traffic.peak_rps.y3") * share


@rule("CAP003", "error", "capacity", "Web deployable cannot reach the peak")
def deployable_ceiling(subject: Subject) -> Found:
    """A web deployable's maximum instances cannot serve its services' peak after three years."""
    for i, deployable in enumerate(subject.design.deployables):
        if deployable.kind != "web":
            continue
        owned = [e for s in deployable.services if s in subject.services for e in subject.services[s].entities]
        demand = _service_peak_y3(subject, owned)
        per_instance = deployable.scaling.per_instance_rps or c.INSTANCE_RPS.value * c.TARGET_UTILISATION.value
        ceiling = deployable.scaling.max_instances * per_instance
        if ceiling < demand:
            needed = math.ceil(demand / per_instance)
            yield (
                deployable.name,
                ("deployables", i, "scaling", "max_instances"),
                f"at most {count(deployable.scaling.max_instances, 'instance')} × {per_instance:,.0f} req/s = "
                f"{ceiling:,.0f} req/s, but its services peak at {demand:,.0f} req/s after 3 years",
                f"raise scaling.max_instances to at least {needed}, or split the load across deployables",
            )


def _store_load(subject: Subject, store: DataStore) -> tuple[float, float, float]:
    """Data (with indexes), writes/s and reads/s reaching a database after three years."""
    reads, writes = entity_weights(subject.req)
    names = [e for e in store.entities if e in reads]
    data = sum(subject.load.value(f"storage.{e}.bytes.y3") for e in names) * (1 + c.INDEX_OVERHEAD.value)
    write_rps = subject.load.value("traffic.peak_write_rps.y3") * sum(writes[e] for e in names)
    cached = {e for cache in subject.design.caches if cache.placement == "distributed" for e in cache.entities}
    miss = 1 - c.CACHE_HIT_RATIO.value if cached & set(names) else 1.0
    read_rps = subject.load.value("traffic.peak_read_rps.y3") * sum(reads[e] for e in names) * miss
    return data, write_rps, read_rps


def _partitioned(store: DataStore) -> bool:
    return not store.partitioning.strip().lower().startswith("none")


def _databases(subject: Subject) -> Iterator[tuple[int, DataStore, float, float, float]]:
    for i, store in enumerate(subject.design.stores):
        if store.kind in DATABASE_KINDS:
            yield i, store, *_store_load(subject, store)


@rule("CAP004", "error", "capacity", "Writes beyond one primary")
def primary_write_limit(subject: Subject) -> Found:
    """An unpartitioned database takes more writes after three years than one primary sustains."""
    for i, store, _, write_rps, _ in _databases(subject):
        if write_rps > c.PRIMARY_WRITE_LIMIT.value and not _partitioned(store):
            yield (
                store.name,
                ("stores", i, "partitioning"),
                f"{write_rps:,.0f} writes/s after 3 years; one primary sustains about "
                f"{c.PRIMARY_WRITE_LIMIT.value:,.0f}",
                "partition (shard) it by the key most queries use, or move the write-heavy entity to a store "
                "that scales writes",
            )


@rule("CAP005", "warning", "capacity", "Reads beyond the database's nodes")
def read_capacity(subject: Subject) -> Found:
    """A database's reads after three years (after the cache) exceed what its primary and replicas serve."""
    for i, store, _, _, read_rps in _databases(subject):
        nodes = 1 + store.read_replicas
        if read_rps > nodes * c.NODE_READ_LIMIT.value:
            needed = math.ceil(read_rps / c.NODE_READ_LIMIT.value) - 1
            yield (
                store.name,
                ("stores", i, "read_replicas"),
                f"{read_rps:,.0f} reads/s after 3 years reach it; {count(nodes, 'node')} serve about "
                f"{nodes * c.NODE_READ_LIMIT.value:,.0f}",
                f"add read replicas (at least {needed}) or cache the hot reads",
            )


@rule("CAP006", "warning", "capacity", "Data beyond one database node")
def storage_capacity(subject: Subject) -> Found:
    """An unpartitioned database holds more data after three years than one node handles comfortably."""
    limit = c.NODE_STORAGE_LIMIT.value * 1e12
    for i, store, data, _, _ in _databases(subject):
        if data > limit and not _partitioned(store):
            yield (
                store.name,
                ("stores", i, "partitioning"),
                f"holds {quantity(data, 'bytes')} after 3 years; restores and upgrades of one node get slow above "
                f"{quantity(limit, 'bytes')}",
                "partition it, or expire old data with a retention period",
            )


@rule("CAP007", "warning", "capacity", "Cache smaller than the working set")
def cache_size(subject: Subject) -> Found:
    """The distributed caches together hold less memory than the hot working set."""
    caches = [(i, cache) for i, cache in enumerate(subject.design.caches) if cache.placement == "distributed"]
    working_set = subject.load.value("cache.working_set")
    planned = sum(cache.size_bytes for _, cache in caches)
    if caches and planned < working_set * UNDER_SIZED:
        i, first = caches[0]
        yield (
            first.name,
            ("caches", i, "size_bytes"),
            f"{quantity(planned, 'bytes')} of cache for a working set of {quantity(working_set, 'bytes')}",
            "size the cache for the working set, or expect a lower hit ratio and more database reads",
        )


@rule("CAP008", "warning", "capacity", "Latency budget looser than the target")
def latency_budget(subject: Subject) -> Found:
    """A flow's latency budget is above the p99 target the questionnaire sets for its use case."""
    targets = {u.name: u.latency_p99_ms or subject.req.quality.latency_p99_ms for u in subject.req.use_cases}
    for i, flow in enumerate(subject.design.flows):
        target = targets.get(flow.use_case)
        if target is not None and flow.latency_budget_ms > target:
            yield (
                flow.use_case,
                ("flows", i, "latency_budget_ms"),
                f"planned for {flow.latency_budget_ms} ms at p99; the target is {target} ms",
                "cut a synchronous hop, cache the reads, or agree a looser target",
            )
