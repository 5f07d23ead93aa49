"""Planning constants: the rules of thumb behind the capacity arithmetic, each with the reason it holds.

They appear on the capacity page next to the figures they feed, so a reviewer can challenge any of them.
"""

from __future__ import annotations

from dataclasses import dataclass

SECONDS_PER_DAY = 86_400
DAYS_PER_MONTH = 30.4
DAYS_PER_YEAR = 365
GB = 1e9


@dataclass(frozen=True)
class Constant:
    """A named planning constant."""

    name: str
    value: float
    unit: str
    why: str


AVG_RESPONSE_KB = Constant("avg_response_kb", 4, "KB", "a typical JSON API response, compressed")
FILE_VIEWS_PUBLIC = Constant(
    "file_views_per_user_day_public", 10, "files/user/day", "public media is seen on most pages a user opens"
)
FILE_VIEWS_PRIVATE = Constant(
    "file_views_per_user_day_private", 0.5, "files/user/day", "private documents are opened now and then"
)
HOT_FRACTION = Constant("cache_hot_fraction", 0.2, "ratio", "the 80/20 rule: a fifth of the rows serve most reads")
CACHE_HIT_RATIO = Constant(
    "cache_hit_ratio", 0.8, "ratio", "reads of a cached working set mostly hit, given sensible TTLs"
)
INSTANCE_RPS = Constant(
    "instance_rps", 300, "req/s", "one 2 vCPU application instance serving a typical database-backed API"
)
TARGET_UTILISATION = Constant(
    "target_utilisation", 0.6, "ratio", "headroom for spikes and for losing an instance or a zone"
)
PRIMARY_WRITE_LIMIT = Constant(
    "primary_write_limit", 5_000, "writes/s", "a large managed relational primary (16 vCPU, provisioned IOPS)"
)
NODE_READ_LIMIT = Constant("node_read_limit", 10_000, "reads/s", "simple indexed reads one database node serves")
NODE_STORAGE_LIMIT = Constant(
    "node_storage_limit_tb", 5, "TB", "above this, restores and major-version upgrades of one node take too long"
)
INDEX_OVERHEAD = Constant("index_overhead", 0.3, "ratio", "secondary indexes add about a third to table size")
REPLICATION_COPIES = Constant(
    "replication_copies", 2, "copies", "a primary and a standby (or replica) for every database"
)
LOG_BYTES_PER_REQUEST = Constant("log_bytes_per_request", 500, "bytes", "one structured log line per request")

ALL = (
    AVG_RESPONSE_KB,
    FILE_VIEWS_PUBLIC,
    FILE_VIEWS_PRIVATE,
    HOT_FRACTION,
    CACHE_HIT_RATIO,
    INSTANCE_RPS,
    TARGET_UTILISATION,
    PRIMARY_WRITE_LIMIT,
    NODE_READ_LIMIT,
    NODE_STORAGE_LIMIT,
    INDEX_OVERHEAD,
    REPLICATION_COPIES,
    LOG_BYTES_PER_REQUEST,
)
