"""How long a region's loss keeps the system down, and how much capacity a zone's loss takes: one computation the
rules architect chooses by and the review checks any design against, so the two cannot disagree."""

from __future__ import annotations

import math

from archgen.capacity.constants import constant
from archgen.design.model import DATABASE_KINDS, Cache, DataStore, Design
from archgen.knowledge.catalog import Catalog
from archgen.knowledge.recovery_rows import recovery_rows
from archgen.knowledge.restores import restores

# An upload held until the file is copied to another region: the copy trails by minutes, so the upload's latency
# target cannot hold. Older designs wrote it; the review finds it.
FILES_WRITTEN_TWICE = "the service records an upload as done only once the file is copied there as well"

# When an upload is acknowledged: once the bucket in its own region has stored it (across its zones where it has
# several), never on the copy to the other region, whose lag is the files' RPO. The architect writes it.
UPLOAD_ACKNOWLEDGED = (
    "an upload is acknowledged once the bucket in its own region has stored it, not on the copy to the other region"
)

# the words the backups row of a search index recovered from its snapshots begins with
SNAPSHOT_RESTORED = "index snapshots, restored"

# an average month of 30.4 days: the period an availability target and its error budget refer to
MINUTES_PER_MONTH = 30.4 * 24 * 60


def topology_recovery_minutes(topology: str, failover_minutes: float) -> float:
    """Minutes a region's loss keeps the system down with a recovery topology (its start-up time is the threshold
    recovery_minutes_<topology>) and databases that fail over to the recovery region in `failover_minutes`: pilot
    light starts its compute after the data is promoted (the services start against a writable primary and are
    checked before traffic moves); a warm standby already runs, so the slower of its promotion and the databases'
    failover; a hot standby is promoted by health checks without a person; active-active reroutes while the
    databases fail over; backup-restore restores."""
    start = constant(f"recovery_minutes_{topology.replace('-', '_')}").value
    if topology == "pilot-light":
        return failover_minutes + start
    return max(failover_minutes, start)


def slowest_failover(design: Design) -> tuple[float, str]:
    """The slowest failover to the recovery region (minutes) among the databases that hold records, with its store
    and technology in words ('' when none fails over)."""
    catalog = Catalog(design.deployment.cloud, [], [])
    slowest, name = 0.0, ""
    for store in design.stores:
        tech = catalog.technology(store.technology) if store.kind in DATABASE_KINDS and store.entities else None
        if tech is not None and tech.region_failover_s is not None and tech.region_failover_s / 60 > slowest:
            slowest, name = tech.region_failover_s / 60, f"{store.name} ({tech.name})"
    return slowest, name


def failover_allowance_s(availability: float, rto_minutes: float) -> float:
    """The longest a database may take to fail over to another region when it writes in one region only: none when a
    warm standby cannot be promoted within the RTO, the month's error budget under four nines (a region's loss must
    not spend more downtime than a month allows), else the RTO."""
    if rto_minutes < constant("recovery_minutes_warm_standby").value:
        return 0.0
    if availability >= constant("every_region_availability").value:
        return min(rto_minutes, (1 - availability / 100) * MINUTES_PER_MONTH) * 60
    return rto_minutes * 60


def zone_loss_share(min_instances: int, zones: int) -> float:
    """The share of a deployable's instances one zone holds at its minimum, spread as evenly as the zones allow:
    two instances in three zones put one in a zone, so its loss takes half."""
    if min_instances <= 0 or zones <= 0:
        return 1.0
    return math.ceil(min_instances / zones) / min_instances


def restore_minutes(kind: str, size_bytes: float) -> float | None:
    """Minutes a restore of a store of this kind takes at this size: the size at its kind's restore throughput, plus
    the fixed start-up (restores.yaml); None for a kind that is rebuilt or refilled rather than restored."""
    rate = restores().throughput.get(kind)
    if rate is None:
        return None
    return size_bytes / (rate.mb_per_s * 1e6) / 60 + rate.start_minutes


def unsupported_gap_minutes() -> float:
    """The longest time nobody answers an outage under office-hours support: from the end of the last working day
    to the start of the first, a weekend plus two nights (18:00 Friday to 09:00 Monday is 63 hours)."""
    hours = restores().support
    night = 24 - (hours.end_hour - hours.start_hour)
    return (night + 24 * (7 - hours.working_days)) * 60


def office_hours() -> str:
    """'09:00 to 18:00 on working days'."""
    hours = restores().support
    return f"{hours.start_hour:02d}:00 to {hours.end_hour:02d}:00 on working days"


def replica_covers(design: Design, store: DataStore) -> bool:
    """Whether a region's loss promotes a copy of the store kept in a standby region rather than restoring it."""
    topology = design.topology
    standby = topology is not None and any(r.role == "standby" for r in topology.regions)
    return (
        standby
        and design.reliability.topology != "backup-restore"
        and "no copy in another region" not in (store.replication)
    )


def restored_stores(design: Design) -> list[tuple[DataStore, float]]:
    """Each store a region's loss restores from backups (no standby copy covers it), with its restore minutes at
    its size after three years."""
    out = []
    for store in design.stores:
        held = store.kind in DATABASE_KINDS or (
            store.kind == "warehouse" and any(e.store == store.name for e in design.entities)
        )
        minutes = restore_minutes(store.kind, store.size_bytes_3y) if held else None
        if minutes is not None and not replica_covers(design, store):
            out.append((store, minutes))
    return out


def unpaged(design: Design) -> bool:
    """Whether nobody is paged: the design has alerts, and every one goes to a ticket or an e-mail answered in office
    hours (a design with no alerts at all says nothing about its support)."""
    alerts = design.observability.alerts
    return bool(alerts) and not any(a.severity == "page" for a in alerts)


def hours_scoped(design: Design) -> bool:
    """Whether an open question or a risk states the SLO, error budget or RTO over the supported hours only."""
    texts = [f"{q.question} {q.context}" for q in design.open_questions]
    texts += [f"{r.description} {r.mitigation}" for r in design.risks]
    words = restores().support.scoped
    return any(any(w in t.lower() for w in words) and ("slo" in t.lower() or "rto" in t.lower()) for t in texts)


def components_present(caches: list[Cache]) -> set[str]:
    """The components a failure mode may speak of that the design has: 'cdn' for a CDN cache, 'cache' for one that
    holds records in the service's reach (distributed, at the gateway or in process)."""
    out = set()
    for cache in caches:
        if cache.placement == "cdn":
            out.add("cdn")
        elif cache.placement != "client":
            out.add("cache")
    return out


def absent_mentions(text: str, present: set[str]) -> list[str]:
    """The words of a text that speak of a component the design lacks (recovery_rows.yaml mentions)."""
    lowered = text.lower()
    return [m.words for m in recovery_rows().mentions if m.needs not in present and m.words in lowered]


def without_absent(text: str, present: set[str]) -> str:
    """The text without its clauses (split at '; ') that speak of a component the design lacks."""
    clauses = [c for c in text.split("; ") if not absent_mentions(c, present)]
    return "; ".join(clauses) if clauses else text


def commit_rtt_ms(area: str) -> float | None:
    """The round trip a commit confirmed in a second region of the area waits for, if known."""
    return recovery_rows().commit_rtt_ms.get(area)


def index_restore_minutes(size_bytes: float) -> float:
    """Minutes to restore a search index's snapshot into a new cluster: create it, then copy the shards."""
    rate = recovery_rows().index_restore
    return size_bytes / (rate.mb_per_s * 1e6) / 60 + rate.start_minutes


def slowest_recovery_minutes(design: Design, names: list[str]) -> float | None:
    """The longest a region's loss takes to bring back any of the named stores where the design restores them (from
    backups, or a search index from its snapshot); None when each comes back with the region's failover."""
    restored = {s.name: m for s, m in restored_stores(design)}
    for backup in (b for b in design.reliability.backups if b.store in names):
        store = next((s for s in design.stores if s.name == backup.store), None)
        if store is not None and store.kind == "search" and backup.method.startswith(SNAPSHOT_RESTORED):
            restored[store.name] = index_restore_minutes(store.size_bytes_3y)
    minutes = [restored[n] for n in names if n in restored]
    return max(minutes) if minutes else None
