"""Sizing from the design's structure: each service's share of traffic, instances, and database limits."""

from __future__ import annotations

import math
from dataclasses import dataclass

from archgen.capacity import constants as c
from archgen.capacity.ledger import Ledger
from archgen.capacity.load import growth, ledger_value
from archgen.design.model import DataStore, Deployable, Service
from archgen.requirements.model import Requirements

DATABASE_KINDS = ("relational", "time-series", "key-value", "wide-column", "document", "geo")
MIN_INSTANCES_HA = 2  # survive the loss of one instance or zone
# availability targets from here on must survive losing an instance or a zone, so MIN_INSTANCES_HA applies
HA_AVAILABILITY = 99.9


@dataclass(frozen=True)
class StoreSizing:
    """What one database must carry after three years, and what that implies."""

    data_bytes_y3: float
    write_rps_y3: float
    read_rps_y3: float
    read_replicas: int
    needs_partitioning: bool
    node_size: str
    primary_years: float


def entity_weights(req: Requirements) -> tuple[dict[str, float], dict[str, float]]:
    """Relative read and write traffic per entity, from the use cases (and row growth for writes)."""
    reads = {e.name: 0.0 for e in req.data.entities}
    writes = {e.name: 0.0 for e in req.data.entities}
    for use_case in req.use_cases:
        for name in use_case.reads:
            reads[name] += use_case.frequency_per_user_per_day
        for name in use_case.writes:
            writes[name] += use_case.frequency_per_user_per_day
    for entity in req.data.entities:
        writes[entity.name] += entity.growth_per_day / req.users.daily_active
        if not reads[entity.name] and entity.access:
            reads[entity.name] = 0.01  # read now and then even when no use case names it
    return _normalise(reads), _normalise(writes)


def _normalise(weights: dict[str, float]) -> dict[str, float]:
    total = sum(weights.values())
    if total == 0:
        return {k: 1 / len(weights) for k in weights}
    return {k: v / total for k, v in weights.items()}


def size_services(req: Requirements, ledger: Ledger, services: list[Service]) -> None:
    """Each service's share of the peak request rate (set on the service and recorded as a figure)."""
    reads, writes = entity_weights(req)
    ratio = req.load.read_write_ratio
    read_share, write_share = ratio / (ratio + 1), 1 / (ratio + 1)
    peak_y1 = ledger_value(ledger, "traffic.peak_rps.y1")
    for service in services:
        share = sum(read_share * reads[e] + write_share * writes[e] for e in service.entities)
        service.peak_rps = ledger.add(
            f"compute.{service.slug}.peak_rps.y1",
            "Compute",
            f"{service.name}: peak after 1 year",
            peak_y1 * share,
            "req/s",
            "peak after 1 year × the service's share of reads and writes",
            ("peak_y1", peak_y1, "req/s"),
            ("share", share, "ratio"),
        )


def size_deployables(req: Requirements, ledger: Ledger, deployables: list[Deployable], services: list[Service]) -> None:
    """Instances per deployable now and after 3 years, from a stated per-instance throughput."""
    per_instance = c.INSTANCE_RPS.value * c.TARGET_UTILISATION.value
    minimum = MIN_INSTANCES_HA if req.quality.availability >= HA_AVAILABILITY else 1
    by_name = {s.name: s for s in services}
    for deployable in deployables:
        rps_y1 = sum(by_name[s].peak_rps for s in deployable.services if s in by_name)
        if deployable.kind != "web":
            rps_y1 *= 0.2  # workers handle the asynchronous share, a fraction of the request rate
        rps_y3 = rps_y1 * growth(req, 3) / growth(req, 1)
        needed = {}
        for when, rps, label in (("y1", rps_y1, "after 1 year"), ("y3", rps_y3, "after 3 years")):
            needed[when] = ledger.add(
                f"compute.{deployable.name}.instances.{when}",
                "Compute",
                f"{deployable.name}: instances at peak {label}",
                max(minimum, math.ceil(rps / per_instance)),
                "instances",
                f"max(minimum, ⌈peak {label} / (instance_rps × target_utilisation)⌉)",
                ("peak", rps, "req/s"),
                c.INSTANCE_RPS,
                c.TARGET_UTILISATION,
                ("minimum", minimum, "instances"),
            )
        deployable.scaling.min_instances = minimum
        # autoscaling ceiling: twice the 3-year need leaves room for spikes and a lost zone
        deployable.scaling.max_instances = int(needed["y3"]) * 2 if needed["y3"] > minimum else max(minimum, 2)
        deployable.scaling.per_instance_rps = per_instance


def size_store(req: Requirements, ledger: Ledger, store: DataStore, cached: bool) -> StoreSizing:
    """Data, reads and writes a database carries after 3 years, the replicas it needs and when one primary ends."""
    reads, writes = entity_weights(req)
    key = f"db.{store.name}"
    group = "Databases"
    data = sum(ledger_value(ledger, f"storage.{e}.bytes.y3") for e in store.entities)
    data_y3 = ledger.add(
        f"{key}.data.y3",
        group,
        f"{store.name}: data with indexes after 3 years",
        data * (1 + c.INDEX_OVERHEAD.value),
        "bytes",
        "Σ entity data after 3 years × (1 + index_overhead)",
        ("data", data, "bytes"),
        c.INDEX_OVERHEAD,
    )
    write_share = sum(writes[e] for e in store.entities)
    writes_y3 = ledger.add(
        f"{key}.write_rps.y3",
        group,
        f"{store.name}: writes at peak after 3 years",
        ledger_value(ledger, "traffic.peak_write_rps.y3") * write_share,
        "writes/s",
        "peak writes after 3 years × the store's share of writes",
        ("peak_writes_y3", ledger_value(ledger, "traffic.peak_write_rps.y3"), "writes/s"),
        ("share", write_share, "ratio"),
    )
    read_share = sum(reads[e] for e in store.entities)
    miss = 1 - c.CACHE_HIT_RATIO.value if cached else 1.0
    reads_y3 = ledger.add(
        f"{key}.read_rps.y3",
        group,
        f"{store.name}: reads reaching it at peak after 3 years",
        ledger_value(ledger, "traffic.peak_read_rps.y3") * read_share * miss,
        "reads/s",
        "peak reads after 3 years × the store's share of reads × cache miss ratio",
        ("peak_reads_y3", ledger_value(ledger, "traffic.peak_read_rps.y3"), "reads/s"),
        ("share", read_share, "ratio"),
        ("miss_ratio", miss, "ratio"),
    )
    replicas = ledger.add(
        f"{key}.read_replicas",
        group,
        f"{store.name}: read replicas needed after 3 years",
        max(0, math.ceil(reads_y3 / c.NODE_READ_LIMIT.value) - 1),
        "replicas",
        "max(0, ⌈reads after 3 years / node_read_limit⌉ − 1)",
        ("reads_y3", reads_y3, "reads/s"),
        c.NODE_READ_LIMIT,
    )
    writes_now = writes_y3 / growth(req, 3)
    g = req.load.growth_per_year
    if writes_now >= c.PRIMARY_WRITE_LIMIT.value:
        years = 0.0
    elif writes_now <= 0 or math.log1p(g) <= 0:
        years = 99.0  # no writes or no growth: the limit is never reached
    else:
        years = min(99.0, math.log(c.PRIMARY_WRITE_LIMIT.value / writes_now) / math.log1p(g))
    ledger.add(
        f"{key}.primary_years",
        group,
        f"{store.name}: years until one primary's write limit",
        years,
        "years",
        "ln(primary_write_limit / writes now) / ln(1 + growth_per_year)",
        ("writes_now", writes_now, "writes/s"),
        c.PRIMARY_WRITE_LIMIT,
        ("growth_per_year", g, "ratio"),
    )
    storage_limit = c.NODE_STORAGE_LIMIT.value * 1e12
    needs_partitioning = writes_y3 > c.PRIMARY_WRITE_LIMIT.value or data_y3 > storage_limit
    if writes_y3 < 300 and data_y3 < 100e9:
        node = "small"
    elif writes_y3 < 2_000 and data_y3 < 1e12:
        node = "medium"
    else:
        node = "large"
    return StoreSizing(data_y3, writes_y3, reads_y3, int(replicas), needs_partitioning, node, years)
