"""How long a region's loss keeps the system down, and how much capacity a zone's loss takes: one computation the
rules architect chooses by and the review checks any design against, so the two cannot disagree."""

from __future__ import annotations

import math

from archgen.capacity.constants import constant

# How files keep a recovery copy no older than the RPO when the bucket's own replication trails by more: a file a
# client uploads (directly, by a pre-signed URL, or through the service) counts as stored only once the service has
# copied it to the recovery region too. The architect writes it; the review reads it.
FILES_WRITTEN_TWICE = "the service records an upload as done only once the file is copied there as well"

# an average month of 30.4 days: the period an availability target and its error budget refer to
MINUTES_PER_MONTH = 30.4 * 24 * 60


def topology_recovery_minutes(topology: str, failover_minutes: float) -> float:
    """Minutes a region's loss keeps the system down with a recovery topology (its start-up time is the threshold
    recovery_minutes_<topology>) and databases that fail over to the recovery region in `failover_minutes`: pilot
    light starts its compute after the data is promoted (the services start against a writable primary and are
    checked before traffic moves); a warm standby already runs, so the slower of its promotion and the databases'
    failover; active-active reroutes while the databases fail over; backup-restore restores."""
    start = constant(f"recovery_minutes_{topology.replace('-', '_')}").value
    if topology == "pilot-light":
        return failover_minutes + start
    return max(failover_minutes, start)


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
