"""Zones, regions, backups and failure handling, derived from availability, RPO, RTO and data residency."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft, option
from archgen.design.model import Backup, FailureMode, Reliability

# an average month of 30.4 days: the period an availability target and its error budget refer to
MINUTES_PER_MONTH = 30.4 * 24 * 60
PITR_RPO_MINUTES = 5  # managed point-in-time recovery ships logs about every five minutes
REPLICA_RPO_MINUTES = 1  # an asynchronous cross-region replica lags by seconds; plan for a minute


def primary_area(draft: Draft) -> str:
    """Where the data lives: the first residency area, else where the first users are."""
    req = draft.req
    return (req.compliance.data_residency or req.users.regions)[0]


def plan_reliability(draft: Draft) -> None:
    """Pick the availability topology and the backup plan that meet the SLO, RPO and RTO."""
    req = draft.req
    q = req.quality
    budget = (1 - q.availability / 100) * MINUTES_PER_MONTH
    multi_zone = q.availability >= 99.9
    if q.availability >= 99.99 or q.rto_minutes < 15:
        strategy = "active-active"
    elif q.rto_minutes < 240 or q.rpo_minutes < PITR_RPO_MINUTES:
        strategy = "warm-standby"
    elif q.rpo_minutes < 60:
        strategy = "pilot-light"
    else:
        strategy = "backup-restore"
    area = primary_area(draft)
    names = draft.catalog.regions(area)
    cross_region = strategy != "backup-restore" or q.rpo_minutes < REPLICA_RPO_MINUTES
    regions = names[:2] if cross_region else names[:1]
    zones = 3 if multi_zone else 1
    descriptions = {
        "active-active": f"active-active in {regions[0]} and {regions[-1]}, each across {zones} zones",
        "warm-standby": f"primary in {regions[0]} across {zones} zone(s); a scaled-down warm standby in "
        f"{regions[-1]} with replicated data, promoted on disaster",
        "pilot-light": f"primary in {regions[0]} across {zones} zone(s); data replicated to {regions[-1]} "
        "where compute is started on disaster",
        "backup-restore": f"one region ({regions[0]}) across {zones} zone(s); backups copied to another region",
    }
    # data protection is chosen by the RPO alone: what a region's loss may cost in data
    if q.rpo_minutes < REPLICA_RPO_MINUTES:
        protection, effective_rpo = "synchronous", 0.0
    elif q.rpo_minutes < PITR_RPO_MINUTES or len(regions) > 1:
        protection, effective_rpo = "replica", float(REPLICA_RPO_MINUTES)
    else:
        protection, effective_rpo = "pitr", float(PITR_RPO_MINUTES)
    decision_id = draft.decide(
        "Availability topology and disaster recovery",
        f"Availability {q.availability:g} % allows {budget:,.1f} minutes of downtime a month; after a disaster "
        f"at most {q.rpo_minutes:g} minutes of data may be lost (RPO) and service must return within "
        f"{q.rto_minutes:g} minutes (RTO). Data must stay in: {area}.",
        [
            option(
                "backup-restore",
                "One region; restore from cross-region backups on disaster.",
                ["cheapest", "simple to run"],
                ["hours to recover a lost region", "RPO bounded by log shipping (about 5 minutes) at best"],
            ),
            option(
                "pilot-light",
                "Data replicated continuously to a second region; compute started on disaster.",
                ["RPO of seconds to a minute", "low standing cost"],
                ["RTO of an hour or more while compute starts and warms"],
            ),
            option(
                "warm-standby",
                "A scaled-down copy running in a second region, promoted on disaster.",
                ["RTO in minutes", "regular failover drills are realistic"],
                ["pays for a second, smaller environment", "failover runbooks to keep current"],
            ),
            option(
                "active-active",
                "Two regions serving traffic at once.",
                ["survives a region with little or no interruption"],
                ["conflict handling for writes or a single-writer design", "roughly double the cost"],
            ),
        ],
        strategy,
        f"It is the least expensive topology whose recovery meets RTO {q.rto_minutes:g} min and "
        f"RPO {q.rpo_minutes:g} min" + (" and keeps a zone outage invisible to users" if multi_zone else "") + ".",
        [
            f"{zones} zone(s) per region; databases " + ("with a synchronous standby" if multi_zone else "single-node"),
            f"failover is rehearsed quarterly and timed against the {q.rto_minutes:g}-minute RTO",
            f"both regions stay inside {area} to honour data residency"
            if req.compliance.data_residency
            else "regions are chosen near the users",
        ],
        ["quality.availability", "quality.rpo_minutes", "quality.rto_minutes", "compliance.data_residency"],
    )
    draft.reliability = Reliability(
        availability_slo=q.availability,
        error_budget_minutes_per_month=round(budget, 1),
        latency_slo_ms=q.latency_p99_ms,
        topology=strategy,
        strategy=descriptions[strategy],
        regions=regions,
        zones_per_region=zones,
        rpo_minutes=q.rpo_minutes,
        rto_minutes=q.rto_minutes,
        resilience=[
            "every outbound call has a timeout of at most a third of the calling use case's latency budget",
            "retries only for idempotent calls: at most 2, exponential backoff with full jitter, a 10 % retry budget",
            "circuit breakers around every integration and cross-service call; open after 50 % errors in 10 s",
            "bulkheads: a separate connection pool per dependency so one slow dependency cannot starve the rest",
            "load shedding at the gateway: excess requests get 429 or 503 with Retry-After instead of queueing",
        ],
        failure_modes=_failure_modes(draft, multi_zone, strategy),
        backups=_backups(draft, protection, effective_rpo),
        degradation=_degradation(draft),
    )
    _record(draft, decision_id, strategy)


def _failure_modes(draft: Draft, multi_zone: bool, strategy: str) -> list[FailureMode]:
    out = [
        FailureMode(
            component=d.name,
            failure="an instance crashes or hangs",
            detection="liveness and readiness probes; error-rate alert",
            mitigation="the orchestrator replaces it; the load balancer routes around it"
            + ("; at least two instances across zones" if multi_zone else ""),
        )
        for d in draft.deployables
    ]
    for store in draft.stores:
        if store.kind in ("relational", "time-series", "key-value", "wide-column", "document"):
            out.append(
                FailureMode(
                    component=store.name,
                    failure="the primary fails or its zone goes down",
                    detection="managed health checks; replication-lag and connection-error alerts",
                    mitigation="automatic failover to the synchronous standby (about a minute); clients reconnect "
                    "with backoff"
                    if multi_zone
                    else "restore from the latest backup; writes fail until then",
                )
            )
    for cache in draft.caches:
        if cache.placement == "distributed":
            out.append(
                FailureMode(
                    component=cache.name,
                    failure="the cache is unavailable or flushed",
                    detection="cache error rate and hit-ratio alerts",
                    mitigation="reads fall back to the database behind a concurrency limit (no stampede)",
                )
            )
    for channel in draft.channels:
        out.append(
            FailureMode(
                component=channel.name,
                failure="the broker is unavailable or consumers fall behind",
                detection="consumer lag and oldest-message-age alerts",
                mitigation="producers keep events in the outbox until the broker is back; consumers scale out",
            )
        )
    for integration in draft.req.integrations:
        out.append(
            FailureMode(
                component=integration.name,
                failure="the external system is slow or down",
                detection="per-integration latency and error metrics",
                mitigation="timeouts and a circuit breaker; work that can wait is queued and retried",
            )
        )
    out.append(
        FailureMode(
            component="region",
            failure="the whole region is lost",
            detection="synthetic probes from outside the region",
            mitigation={
                "active-active": "traffic shifts to the other region by DNS/anycast health checks",
                "warm-standby": "promote the standby region's replicas and scale it up (runbook)",
                "pilot-light": "start compute in the recovery region on the replicated data (runbook)",
                "backup-restore": "restore the latest backups into another region (runbook)",
            }[strategy],
        )
    )
    out.append(
        FailureMode(
            component="deployment",
            failure="a release breaks a use case",
            detection="canary analysis of error rate and latency against the SLO",
            mitigation="automatic rollback; database migrations are backward compatible (expand/contract)",
        )
    )
    return out


def _backups(draft: Draft, protection: str, effective_rpo: float) -> list[Backup]:
    rpo = draft.req.quality.rpo_minutes
    cross_region = protection != "pitr"
    copies = "; copies kept in the second region" if cross_region else "; copies in another region"
    replication = {
        "synchronous": " plus synchronous replication to the second region (a commit waits for both regions)",
        "replica": " plus an asynchronous cross-region replica",
        "pitr": "",
    }[protection]
    out = []
    for store in draft.stores:
        if store.kind == "search":
            method = "index snapshots (the index can be rebuilt from the source)"
            frequency, retention, meets = "daily", "7 days", True
        elif store.kind == "object":
            method = "object versioning" + (" with cross-region replication" if cross_region else "")
            frequency, retention, meets = "continuous", "30 days of versions", True
        else:
            method = "continuous log archiving (point-in-time recovery) and daily snapshots" + replication
            frequency, retention = "continuous", "35 days"
            meets = effective_rpo <= rpo
        store.backup = method + copies
        out.append(
            Backup(
                store=store.name,
                method=method + copies,
                frequency=frequency,
                retention=retention,
                restore_drill="quarterly: restore into a scratch environment, verify row counts and checksums, "
                "and time it against the RTO",
                meets_rpo=meets,
            )
        )
    return out


def _degradation(draft: Draft) -> list[str]:
    out = []
    if any(c.placement == "distributed" for c in draft.caches):
        out.append("cache down: responses slow down but stay correct; the gateway tightens rate limits")
    if any(s.kind == "search" for s in draft.stores):
        out.append("search down: search answers 503 with Retry-After; browsing by id and lists still work")
    for integration in draft.req.integrations:
        out.append(
            f"{integration.name} down: use cases that need it answer with a clear error or queue the work; "
            "everything else keeps working"
        )
    if draft.channels:
        out.append("broker down: writes still succeed; events wait in the outbox and are published later")
    out.append("read replicas lagging: reads that must be fresh go to the primary")
    return out


def _record(draft: Draft, decision_id: str, strategy: str) -> None:
    q = draft.req.quality
    assert draft.reliability is not None
    draft.trace(
        "quality.availability",
        f"{q.availability:g} % monthly availability",
        [f"{draft.reliability.zones_per_region} zone(s)", *(d.name for d in draft.deployables)],
        [decision_id],
    )
    draft.trace(
        "quality.rpo_minutes",
        f"lose at most {q.rpo_minutes:g} minutes of data",
        [b.store for b in draft.reliability.backups],
        [decision_id],
    )
    draft.trace("quality.rto_minutes", f"recover within {q.rto_minutes:g} minutes", [strategy], [decision_id])
    if draft.req.compliance.data_residency:
        draft.trace(
            "compliance.data_residency",
            f"data stays in {', '.join(draft.req.compliance.data_residency)}",
            draft.reliability.regions,
            [decision_id],
        )
