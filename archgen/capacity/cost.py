"""A rough monthly cost after one year: quantities from the design and the figures, prices from a table."""

from __future__ import annotations

import math

from archgen.capacity import constants as c
from archgen.capacity.ledger import Ledger
from archgen.capacity.load import growth, ledger_value
from archgen.capacity.prices import PriceTable
from archgen.design.model import Cache, Channel, CostLine, DataStore, Deployable, Reliability
from archgen.requirements.model import Requirements

# decimal gigabytes, the unit providers bill storage and traffic in
GB = 1e9
CACHE_NODE_GB = 13  # usable memory of the priced cache node
SEARCH_NODE_GB = 100  # index data one search node holds comfortably
# instances paid for, relative to one region: active-active runs two full fleets, a warm standby a quarter more
COMPUTE_REGION_FACTOR = {"active-active": 2.0, "warm-standby": 1.25, "pilot-light": 1.0, "backup-restore": 1.0}
# database nodes kept in a second region: every topology but backup-restore replicates its data there
DATA_REGION_COPY = {"active-active": 1, "warm-standby": 1, "pilot-light": 1, "backup-restore": 0}


def estimate_cost(
    req: Requirements,
    ledger: Ledger,
    prices: PriceTable,
    deployables: list[Deployable],
    stores: list[DataStore],
    caches: list[Cache],
    channels: list[Channel],
    reliability: Reliability,
) -> list[CostLine]:
    """Cost lines for compute, databases, storage, caches, messaging, network and logs; total recorded in `ledger`."""
    lines: list[CostLine] = []
    topology = reliability.topology
    ha = reliability.zones_per_region > 1
    regions = len(reliability.regions)

    def line(item: str, category: str, quantity: float, unit: str, price_key: str) -> None:
        price = prices.usd(price_key)
        lines.append(
            CostLine(
                item=item,
                category=category,
                quantity=round(quantity, 2),
                unit=unit,
                unit_price_usd=price,
                monthly_usd=round(quantity * price, 2),
            )
        )

    for deployable in deployables:
        instances = ledger_value(ledger, f"compute.{deployable.name}.instances.y1")
        line(
            f"{deployable.name} instances",
            "compute",
            instances * COMPUTE_REGION_FACTOR[topology],
            "instance-months",
            "instance_month",
        )
    y1 = growth(req, 1)
    for store in stores:
        if store.kind in ("relational", "time-series", "geo", "document"):
            data_y3 = ledger_value(ledger, f"db.{store.name}.data.y3")
            size = "large" if data_y3 > 1e12 else "medium" if data_y3 > 100e9 else "small"
            writes = ledger_value(ledger, f"db.{store.name}.write_rps.y3")
            size = "large" if writes >= 2_000 else "medium" if writes >= 300 and size == "small" else size
            nodes = 1 + (1 if ha else 0) + store.read_replicas + DATA_REGION_COPY[topology]
            line(f"{store.name} nodes ({size})", "databases", nodes, "node-months", f"db_node_{size}_month")
            data_y1 = sum(ledger_value(ledger, f"storage.{e}.bytes.y1") for e in store.entities)
            stored = data_y1 * (1 + c.INDEX_OVERHEAD.value) / GB
            line(f"{store.name} storage", "databases", stored * nodes, "GB-months", "db_storage_gb_month")
            line(f"{store.name} backups", "databases", stored, "GB-months", "backup_storage_gb_month")
        elif store.kind in ("key-value", "wide-column"):
            line(
                f"{store.name} capacity",
                "databases",
                3 * (1 + DATA_REGION_COPY[topology]),
                "node-months",
                "nosql_node_month",
            )
        elif store.kind == "search":
            data_y1 = sum(ledger_value(ledger, f"storage.{e}.bytes.y1") for e in store.entities)
            nodes = max(2 if ha else 1, math.ceil(data_y1 / GB / SEARCH_NODE_GB))
            line(f"{store.name} nodes", "search", nodes, "node-months", "search_node_month")
        elif store.kind == "object":
            # a hand-edited design may hold a bucket before any file set is declared: it then stores nothing
            stored = sum(f.value for f in ledger.figures if f.key == "files.total.y1") / GB
            line(
                f"{store.name} objects",
                "storage",
                stored * (1 + DATA_REGION_COPY[topology]),
                "GB-months",
                "object_storage_gb_month",
            )
    for cache in caches:
        if cache.placement == "distributed":
            nodes = max(2 if ha else 1, math.ceil(cache.size_bytes / GB / CACHE_NODE_GB))
            line(f"{cache.name} nodes", "caching", nodes, "node-months", "cache_node_month")
    api_gb = ledger_value(ledger, "egress.api.month") * y1 / GB
    line("API egress", "network", api_gb, "GB", "egress_gb")
    files_gb = sum(f.value for f in ledger.figures if f.key.startswith("egress.files.")) * y1 / GB
    if files_gb:
        via_cdn = any(c_.placement == "cdn" for c_ in caches)
        line(
            "files served" + (" via CDN" if via_cdn else ""),
            "network",
            files_gb,
            "GB",
            "cdn_egress_gb" if via_cdn else "egress_gb",
        )
    for channel in channels:
        if channel.kind == "log":
            line(f"{channel.name} cluster", "messaging", regions, "cluster-months", "broker_month")
        elif "job table" not in channel.technology:
            writes = ledger_value(ledger, "traffic.avg_rps") * y1 / (req.load.read_write_ratio + 1)
            million = writes * c.SECONDS_PER_DAY * c.DAYS_PER_MONTH * 3 / 1e6  # send, receive, delete
            line(f"{channel.name} requests", "messaging", million, "million requests", "queue_million")
    line("load balancers", "network", regions, "balancer-months", "load_balancer_month")
    log_gb = (
        ledger_value(ledger, "traffic.avg_rps")
        * y1
        * c.LOG_BYTES_PER_REQUEST.value
        * c.SECONDS_PER_DAY
        * c.DAYS_PER_MONTH
        / GB
    )
    line("logs ingested", "observability", log_gb, "GB", "log_ingest_gb")
    total = sum(item.monthly_usd for item in lines)
    ledger.add(
        "cost.total.month",
        "Cost",
        "Monthly infrastructure cost after 1 year",
        total,
        "USD/month",
        "Σ quantity × unit price over the cost lines (see the cost page)",
        *((item.item, item.monthly_usd, "USD") for item in lines),
    )
    if req.constraints.budget_usd_per_month is not None:
        ledger.add(
            "cost.budget_share",
            "Cost",
            "Share of the budget used",
            total / req.constraints.budget_usd_per_month if req.constraints.budget_usd_per_month else 0,
            "ratio",
            "monthly cost / budget_usd_per_month",
            ("cost", total, "USD/month"),
            ("budget", req.constraints.budget_usd_per_month, "USD/month"),
        )
    return lines
