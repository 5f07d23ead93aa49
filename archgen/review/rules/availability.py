"""Availability rules: zones, instances, regions and the recovery plan against the SLO, the RPO and the RTO."""

from __future__ import annotations

from archgen.capacity.constants import constant
from archgen.common.english import a, count
from archgen.design.model import DATABASE_KINDS
from archgen.review.engine import Found, Problem, Subject, rule

HA_AVAILABILITY = constant("ha_availability").value
MIN_INSTANCES_HA = int(constant("min_instances_ha").value)

FOUR_NINES = 99.99
# The fastest recovery each topology can promise (thresholds recovery_minutes_*)
TOPOLOGY_RTO_MINUTES = {
    topology: constant(f"recovery_minutes_{topology.replace('-', '_')}").value
    for topology in ("backup-restore", "pilot-light", "warm-standby", "active-active")
}
BACKUP_INTERVAL_MINUTES = {"continuous": 0, "hourly": 60, "daily": 1_440, "weekly": 10_080}


@rule("AVL001", "error", "availability", "Single zone against a high availability target")
def single_zone(subject: Subject) -> Found:
    """A high availability target (99.9 % or more) with one zone: a zone outage breaks the SLO."""
    slo = subject.req.quality.availability
    if slo >= HA_AVAILABILITY and subject.design.reliability.zones_per_region < 2:
        yield Problem(
            element="reliability",
            at=("reliability", "zones_per_region"),
            message=f"{slo:g} % availability with one zone: a zone outage breaks the SLO",
            fix="run across at least two zones (three for quorum-based stores)",
        )


@rule("AVL002", "error", "availability", "Single instance against a high availability target")
def single_instance(subject: Subject) -> Found:
    """A web deployable may scale down to one instance under a high availability target."""
    slo = subject.req.quality.availability
    if slo < HA_AVAILABILITY:
        return
    for i, d in enumerate(subject.design.deployables):
        if d.kind == "web" and d.scaling.min_instances < MIN_INSTANCES_HA:
            yield Problem(
                element=d.name,
                at=("deployables", i, "scaling", "min_instances"),
                message=f"runs {count(d.scaling.min_instances, 'instance')} at minimum under {a(f'{slo:g} %')} target",
                fix=f"set scaling.min_instances to at least {MIN_INSTANCES_HA}, spread across zones",
            )


@rule("AVL003", "error", "availability", "Backups do not meet the RPO")
def backups_meet_rpo(subject: Subject) -> Found:
    """A store's backups are taken less often than the RPO allows, or its plan says it cannot meet the RPO."""
    rpo = subject.req.quality.rpo_minutes
    for i, backup in enumerate(subject.design.reliability.backups):
        store = subject.stores.get(backup.store)
        interval = BACKUP_INTERVAL_MINUTES.get(backup.frequency.strip().lower())
        # a search index or live state is rebuilt from its source, so its snapshots need not meet the RPO
        derived = store is not None and store.kind in ("search", "in-memory", "warehouse")
        too_rare = interval is not None and interval > rpo and not derived
        if not backup.meets_rpo or too_rare:
            yield Problem(
                element=backup.store,
                at=("reliability", "backups", i),
                message=f"its backups ({backup.frequency}) cannot meet an RPO of {count(rpo, 'minute')}",
                fix="add continuous log archiving or replication with a lag below the RPO",
            )


@rule("AVL004", "error", "availability", "Store without a backup plan")
def store_without_backup(subject: Subject) -> Found:
    """A database or bucket holds data that no backup plan covers."""
    covered = {b.store for b in subject.design.reliability.backups}
    for i, store in enumerate(subject.design.stores):
        if (store.kind in DATABASE_KINDS or store.kind == "object") and store.name not in covered:
            yield Problem(
                element=store.name,
                at=("stores", i),
                message="no backup plan covers it: a deletion or corruption cannot be undone",
                fix="add it to reliability.backups with its method, frequency, retention and restore drill",
            )


@rule("AVL005", "error", "availability", "Recovery slower than the RTO")
def topology_meets_rto(subject: Subject) -> Found:
    """The disaster-recovery topology cannot bring the system back within the RTO (the fastest recovery of each
    topology is the threshold recovery_minutes_<topology>)."""
    topology = subject.design.reliability.topology
    rto = subject.req.quality.rto_minutes
    fastest = TOPOLOGY_RTO_MINUTES[topology]
    if rto < fastest:
        yield Problem(
            element="reliability",
            at=("reliability", "topology"),
            message=f"{topology} recovers a lost region in about {count(fastest, 'minute')} at best; "
            f"the RTO is {count(rto, 'minute')}",
            fix="choose a topology that keeps a standby running (warm-standby or active-active), or agree a longer RTO",
        )


@rule("AVL006", "error", "availability", "Standby topology with one region")
def standby_region(subject: Subject) -> Found:
    """A topology that recovers in a second region (pilot-light, warm-standby, active-active) names only one."""
    reliability = subject.design.reliability
    if reliability.topology != "backup-restore" and len(reliability.regions) < 2:
        yield Problem(
            element="reliability",
            at=("reliability", "regions"),
            message=f"{reliability.topology} recovers in a second region, but only "
            f"{', '.join(reliability.regions)} is named",
            fix="name the recovery region in reliability.regions (and in deployment.regions)",
        )


@rule("AVL011", "error", "availability", "Recovery decision and topology disagree")
def decision_matches_topology(subject: Subject) -> Found:
    """The decision that weighs the recovery topologies chose one, and the reliability plan runs another."""
    topology = subject.design.reliability.topology
    for index, decision in enumerate(subject.design.decisions):
        weighs = len({o.name for o in decision.options} & set(TOPOLOGY_RTO_MINUTES)) >= 2
        if weighs and decision.decision in TOPOLOGY_RTO_MINUTES and decision.decision != topology:
            yield Problem(
                element=decision.id,
                at=("decisions", index, "decision"),
                message=f"{decision.id} chooses {decision.decision}, but the reliability plan runs {topology}",
                fix="make the decision and reliability.topology name the same topology, and its rationale say why",
            )


@rule("AVL007", "error", "availability", "Four nines in one region")
def four_nines_one_region(subject: Subject) -> Found:
    """99.99 % or more with a single region: one regional incident uses years of error budget."""
    slo = subject.req.quality.availability
    if slo >= FOUR_NINES and len(subject.design.reliability.regions) < 2:
        yield Problem(
            element="reliability",
            at=("reliability", "regions"),
            message=f"{slo:g} % allows about 4 minutes of downtime a month; one region cannot promise that",
            fix="serve from two regions (active-active), or agree a lower availability target",
        )


@rule("AVL008", "warning", "availability", "Component without a failure mode")
def failure_modes(subject: Subject) -> Found:
    """A deployable, database, cache, queue or integration has no failure mode saying how it fails."""
    design = subject.design
    described = {f.component for f in design.reliability.failure_modes}
    components = [
        *(("deployables", i, d.name) for i, d in enumerate(design.deployables)),
        *(("stores", i, s.name) for i, s in enumerate(design.stores) if s.kind in DATABASE_KINDS),
        *(("caches", i, c.name) for i, c in enumerate(design.caches) if c.placement == "distributed"),
        *(("channels", i, c.name) for i, c in enumerate(design.channels)),
        *(("integrations", i, x.name) for i, x in enumerate(design.integrations)),
    ]
    for collection, i, name in components:
        if name not in described:
            yield Problem(
                element=name,
                at=(collection, i),
                message="no failure mode says how it fails, how the team notices and what limits the damage",
                fix="add it to reliability.failure_modes",
            )


@rule("AVL009", "warning", "availability", "Integration without failure handling")
def integration_failure_handling(subject: Subject) -> Found:
    """An external system is called with no stated timeout, retry or fallback."""
    for i, integration in enumerate(subject.design.integrations):
        if not integration.failure_handling.strip():
            yield Problem(
                element=integration.name,
                at=("integrations", i, "failure_handling"),
                message="nothing says what happens when it is slow or down",
                fix="state timeouts, retries, a circuit breaker and what the user sees",
            )
