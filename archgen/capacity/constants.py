"""Planning constants and thresholds, read from archgen/knowledge/constants.yaml: each a named value with its unit
and the reason it holds. They appear on the capacity page next to the figures they feed, so a reviewer can
challenge any of them."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

from ruamel.yaml import YAML

SECONDS_PER_DAY = 86_400
DAYS_PER_MONTH = 30.4
DAYS_PER_YEAR = 365
GB = 1e9


@dataclass(frozen=True)
class Constant:
    """A named planning constant or threshold."""

    name: str
    value: float
    unit: str
    why: str
    kind: str = "capacity"  # capacity: an input of a formula; thresholds: where a choice changes


@functools.cache
def _table() -> dict[str, Constant]:
    text = resources.files("archgen.knowledge").joinpath("constants.yaml").read_text("utf-8")
    data = YAML(typ="safe", pure=True).load(text)
    return {
        name: Constant(name, float(spec["value"]), str(spec["unit"]), str(spec["why"]), kind)
        for kind in ("capacity", "thresholds")
        for name, spec in data[kind].items()
    }


@functools.cache
def _words() -> dict[str, tuple[str, ...]]:
    text = resources.files("archgen.knowledge").joinpath("constants.yaml").read_text("utf-8")
    data = YAML(typ="safe", pure=True).load(text)
    return {name: tuple(str(w).lower() for w in words) for name, words in (data.get("words") or {}).items()}


def words(name: str) -> tuple[str, ...]:
    """A word list of constants.yaml (it must exist)."""
    return _words()[name]


def constant(name: str) -> Constant:
    """The constant called `name` (it must exist)."""
    return _table()[name]


def every(kind: str) -> list[Constant]:
    """Every constant of a kind (capacity or thresholds), in file order."""
    return [c for c in _table().values() if c.kind == kind]


AVG_RESPONSE_KB = constant("avg_response_kb")
FILE_VIEWS_PUBLIC = constant("file_views_per_user_day_public")
FILE_VIEWS_PRIVATE = constant("file_views_per_user_day_private")
HOT_FRACTION = constant("cache_hot_fraction")
CACHE_HIT_RATIO = constant("cache_hit_ratio")
PAGE_RECORDS = constant("page_records")
CACHE_NODE_GB = constant("cache_node_gb")
CACHE_NODE_READS = constant("cache_node_reads")
MEMORY_NODE_GB = constant("memory_node_gb")
MEMORY_SMALL_NODES = constant("memory_small_nodes")
SEARCH_SHARD_GB = constant("search_shard_gb")
SEARCH_INDEX_SHARDS = constant("search_index_shards")
SEARCH_VALUE_BYTES = constant("search_value_bytes")
SEARCH_READS_PER_NODE = constant("search_reads_per_node")
SEARCH_SHARD_QUERIES_PER_NODE = constant("search_shard_queries_per_node")
INSTANCE_RPS = constant("instance_rps")
INGEST_RPS = constant("ingest_rps")
CONNECTIONS_PER_INSTANCE = constant("connections_per_instance")
REALTIME_MESSAGES_PER_INSTANCE = constant("realtime_messages_per_instance")
WORKER_MESSAGES_PER_INSTANCE = constant("worker_messages_per_instance")
TARGET_UTILISATION = constant("target_utilisation")
MIN_INSTANCES_HA = constant("min_instances_ha")
PRIMARY_WRITE_LIMIT = constant("primary_write_limit")
NODE_READ_LIMIT = constant("node_read_limit")
NODE_STORAGE_LIMIT = constant("node_storage_limit_tb")
INDEX_OVERHEAD = constant("index_overhead")
INDEX_WRITE_COST = constant("index_write_cost")
REPLICATION_COPIES = constant("replication_copies")
PARTITION_MESSAGES = constant("partition_messages_per_s")
MIN_PARTITIONS = constant("min_partitions")
EVENT_ENVELOPE = constant("event_envelope_bytes")
LOG_REPLICAS = constant("log_replicas")
DEVICES_PER_MEMBER = constant("devices_per_member")
INSTANCE_VCPU = constant("instance_vcpu")
JOB_ROWS_PER_WORKER = constant("job_rows_per_worker_s")
BULK_INDEX_RATE = constant("bulk_index_docs_per_s")
QUERY_COLUMN_SHARE = constant("query_column_share")
QUERY_DAYS = constant("query_days")
QUERY_CLUSTER_SHARE = constant("query_cluster_share")
LANDING_DAYS = constant("landing_days")
DEVICE_BURST_WINDOW = constant("device_burst_window_s")
TIME_SERIES_COMPRESSION = constant("compression_ratio_time_series")
LOG_BYTES_PER_REQUEST = constant("log_bytes_per_request")
LOG_SAMPLE_STREAM = constant("log_sample_stream")
TRACE_SAMPLE = constant("trace_sample_ratio")
TRACE_BYTES = constant("trace_bytes_per_request")
METRIC_SERIES_PER_INSTANCE = constant("metric_series_per_instance")
SESSION_MINUTES = constant("session_minutes")
DAU_PER_MAU = constant("dau_per_mau")
ZONE_TRANSFER_SHARE = constant("zone_transfer_share")
SMS_FALLBACK = constant("sms_fallback_share")
AVERAGE_PAYMENT = constant("average_payment_usd")
COLD_AFTER_KB = constant("cold_storage_min_kb")

ALL = tuple(every("capacity"))
