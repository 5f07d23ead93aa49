"""Availability rules: zones, instances, regions and the recovery plan against the SLO, the RPO and the RTO."""

from __future__ import annotations

import re

from archgen.capacity.constants import constant
from archgen.capacity.recovery import (
    FILES_WRITTEN_TWICE,
    failover_allowance_s,
    slowest_failover,
    topology_recovery_minutes,
    zone_loss_share,
)
from archgen.common.english import a, count, join
from archgen.design.model import DATABASE_KINDS, Decision
from archgen.knowledge.catalog import Catalog, Technology
from archgen.knowledge.decisions import decision_words
from archgen.requirements.intent import carried_by
from archgen.review.engine import Found, Problem, Subject, rule

HA_AVAILABILITY = constant("ha_availability").value
MIN_INSTANCES_HA = int(constant("min_instances_ha").value)

FOUR_NINES = 99.99
# The fastest recovery each topology can promise (thresholds recovery_minutes_*)
TOPOLOGY_RTO_MINUTES = {
    topology: constant(f"recovery_minutes_{topology.replace('-', '_')}").value
    for topology in ("backup-restore", "pilot-light", "warm-standby", "hot-standby", "active-active")
}
MINUTES_PER_DAY = 24 * 60
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
    """A store's backups are taken less often than the RPO allows, or its plan says it cannot meet the RPO and names
    no open question that puts the gap to the owner."""
    rpo = subject.req.quality.rpo_minutes
    for i, backup in enumerate(subject.design.reliability.backups):
        store = subject.stores.get(backup.store)
        interval = BACKUP_INTERVAL_MINUTES.get(backup.frequency.strip().lower())
        # a search index or live state is rebuilt from its source, so its snapshots need not meet the RPO
        derived = store is not None and store.kind in ("search", "in-memory", "warehouse")
        too_rare = interval is not None and interval > rpo and not derived
        # a row marked short and put to the owner in an open question says so honestly: AVL032 checks the question
        asked = not backup.meets_rpo and any(
            re.search(rf"\b{q.id}\b", backup.method) for q in subject.design.open_questions
        )
        if (not backup.meets_rpo and not asked) or too_rare:
            yield Problem(
                element=backup.store,
                at=("reliability", "backups", i),
                message=f"its backups ({backup.frequency}) cannot meet an RPO of {count(rpo, 'minute')}",
                fix="state the files' replication lag as their RPO and put it to the owner in an open question"
                if store is not None and store.kind == "object"
                else "add continuous log archiving or replication with a lag below the RPO",
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
    topology is the threshold recovery_minutes_<topology>), and the design does not say so: a question to the owner
    that names the RTO it misses makes it an open point instead."""
    topology = subject.design.reliability.topology
    rto = subject.req.quality.rto_minutes
    fastest = TOPOLOGY_RTO_MINUTES[topology]
    # a design that says its targets cannot be met and asks the owner which to give up is open, not wrong
    asked = any(
        q.raised_by in ("quality.rto_minutes", "quality.rpo_minutes") and "RTO" in q.question
        for q in subject.design.open_questions
    )
    if rto < fastest and not asked:
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


def _catalog(subject: Subject) -> Catalog:
    return Catalog(subject.design.deployment.cloud, [], [])


@rule("AVL020", "error", "availability", "RPO met on an engine without point-in-time recovery")
def rpo_without_pitr(subject: Subject) -> Found:
    """A database's backups are said to meet an RPO under a day, but its technology keeps no point-in-time log: a
    faulty release's writes reach every copy kept in step, and only the last daily snapshot undoes them."""
    rpo = subject.req.quality.rpo_minutes
    if rpo >= MINUTES_PER_DAY:
        return
    catalog = _catalog(subject)
    for i, backup in enumerate(subject.design.reliability.backups):
        store = subject.stores.get(backup.store)
        tech = catalog.technology(store.technology) if store is not None and store.kind in DATABASE_KINDS else None
        if tech is not None and backup.meets_rpo and tech.pitr_s == 0:
            yield Problem(
                element=backup.store,
                at=("reliability", "backups", i, "meets_rpo"),
                message=f"said to meet the RPO of {count(rpo, 'minute')}, but {tech.name} has no point-in-time "
                "recovery: undoing a faulty release's writes restores the last snapshot, up to a day lost",
                fix="choose an engine with point-in-time recovery (or continuous log archiving), or mark the RPO "
                "not met and ask which gives",
            )


@rule("AVL021", "error", "availability", "Topology start-up and database failover outlast the RTO")
def recovery_outlasts_rto(subject: Subject) -> Found:
    """The recovery topology's start-up time (threshold recovery_minutes_<topology>) together with the slowest
    database's failover to the recovery region exceeds the RTO, while the plan says the RTO is met."""
    topology = subject.design.reliability.topology
    rto = subject.req.quality.rto_minutes
    if topology == "backup-restore":
        return  # AVL005 holds a restore to its threshold
    failover, slowest = slowest_failover(subject.design)
    total = topology_recovery_minutes(topology, failover)
    if total > rto:
        yield Problem(
            element="reliability",
            at=("reliability", "topology"),
            message=f"{topology} with {slowest or 'its databases'} failing over in about "
            f"{count(round(failover), 'minute')} brings a lost region back in about {count(round(total), 'minute')}; "
            f"the RTO is {count(rto, 'minute')}",
            fix="keep more running (warm standby, or active-active where every database writes in every region), "
            "choose a database that fails over faster, or agree a longer RTO",
        )


@rule("AVL022", "error", "availability", "Files said to meet the RPO beyond their replication lag")
def files_rpo(subject: Subject) -> Found:
    """A bucket's backups claim the RPO while its copy in the recovery region trails by more (the technology's
    replica_lag_s): a region's loss costs what it had not copied."""
    reliability = subject.design.reliability
    rpo = subject.req.quality.rpo_minutes
    if reliability.topology == "backup-restore" or len(reliability.regions) < 2:
        return
    catalog = _catalog(subject)
    for i, backup in enumerate(reliability.backups):
        store = subject.stores.get(backup.store)
        tech = catalog.technology(store.technology) if store is not None and store.kind == "object" else None
        if tech is None or tech.replica_lag_s is None or tech.replica_lag_s <= rpo * 60:
            continue
        if backup.meets_rpo and FILES_WRITTEN_TWICE not in backup.method:
            yield Problem(
                element=backup.store,
                at=("reliability", "backups", i, "meets_rpo"),
                message=f"said to meet the RPO of {count(rpo, 'minute')}, but {tech.name} copies to another region "
                f"up to {count(round(tech.replica_lag_s / 60), 'minute')} behind",
                fix="mark the RPO not met for files (the copy's lag is their RPO) and ask which gives; do not hold "
                "the upload for the copy, which would break its latency target",
            )


@rule("AVL023", "error", "availability", "Fewer instances than zones")
def instances_per_zone(subject: Subject) -> Found:
    """The design runs in several zones to survive one's loss, but a deployable's minimum instances cannot put one in
    each: a zone runs none, and losing a zone that holds one takes a larger share than the zone plan says."""
    zones = subject.design.reliability.zones_per_region
    if zones < 2 or subject.req.quality.availability < HA_AVAILABILITY:
        return
    for i, d in enumerate(subject.design.deployables):
        if d.kind != "job" and d.scaling.min_instances < zones:
            share = zone_loss_share(d.scaling.min_instances, zones)
            yield Problem(
                element=d.name,
                at=("deployables", i, "scaling", "min_instances"),
                message=f"runs {count(d.scaling.min_instances, 'instance')} at minimum across "
                f"{count(zones, 'zone')}: a zone's loss takes {share:.0%} of its capacity",
                fix=f"set scaling.min_instances to at least {zones}, one in each zone",
            )


@rule("AVL024", "error", "availability", "Dependency on a use case's path called a side dependency")
def carried_dependency(subject: Subject) -> Found:
    """A degraded-mode line says everything else keeps working when an external system is down, but a use case's
    own description says that system carries it (its content comes from there): its outage stops that use case."""
    for i, line in enumerate(subject.design.reliability.degradation):
        for integration in subject.req.integrations:
            if not line.lower().startswith(f"{integration.name.lower()} down"):
                continue
            stopped = [u for u in carried_by(subject.req, integration.name) if u.lower() not in line.lower()]
            if stopped:
                yield Problem(
                    element=integration.name,
                    at=("reliability", "degradation", i),
                    message=f"its outage is said to leave the rest working, but {join(stopped)} "
                    f"{'comes' if len(stopped) == 1 else 'come'} through it",
                    fix="say what stops, and give it a second provider or a fallback path with its own failure mode",
                )


def _rivals(catalog: Catalog, name: str) -> list[Technology]:
    """The other technologies that could hold the same data: those of its role and of the roles that do the same job
    for recovery (decisions.yaml `rivals`), skipping any only compatible with an engine constraints.must_use names."""
    role = catalog.role_of(name)
    if role is None:
        return []
    roles = [role, *decision_words().rivals.get(role, ())]
    found = [t for r in roles for t in catalog.options(r) if t.name != name]
    words = catalog.must_use
    named = words and any(t.named(words) for r in roles for t in catalog.options(r))
    return [t for t in found if not named or t.named(words)]


def _recovers(subject: Subject, tech: Technology) -> bool:
    """Whether a technology meets the recovery targets of the design's topology: with a standby region, it loses no
    more than the RPO and is back within the RTO (and, writing in one region, within what the availability target
    allows); and it can undo a faulty release (point-in-time recovery) whatever the regions do."""
    q = subject.req.quality
    daily = tech.pitr_s is not None and (tech.pitr_s == 0 or tech.pitr_s >= MINUTES_PER_DAY * 60)
    if daily and q.rpo_minutes < MINUTES_PER_DAY:
        return False  # only a daily backup undoes a faulty release
    if subject.design.reliability.topology == "backup-restore":
        return True
    failover = tech.region_failover_s if tech.region_failover_s is not None else float("inf")
    lag = tech.replica_lag_s if tech.replica_lag_s is not None else float("inf")
    allowed = failover_allowance_s(q.availability, q.rto_minutes)
    quick = failover <= q.rto_minutes * 60 and (tech.region_writes == "multi" or failover <= allowed)
    return quick and lag <= q.rpo_minutes * 60


@rule("AVL025", "error", "availability", "Engine without point-in-time recovery kept where a rival meets the RPO")
def snapshots_where_a_rival_recovers(subject: Subject) -> Found:
    """A database's technology keeps no point-in-time log, so a faulty release's writes, which reach every copy, are
    undone only by the last daily snapshot against an RPO under a day, while another technology for the same job
    on this cloud recovers to any point and meets the RPO and RTO of the topology the design deploys."""
    rpo = subject.req.quality.rpo_minutes
    if rpo >= MINUTES_PER_DAY:
        return
    c = subject.req.constraints
    catalog = Catalog(subject.design.deployment.cloud, c.must_use, [], skills=c.team.skills)
    for i, store in enumerate(subject.design.stores):
        tech = catalog.technology(store.technology) if store.kind in DATABASE_KINDS and store.entities else None
        if tech is None or tech.pitr_s != 0:
            continue
        # the rival named first is one the team knows
        rivals = sorted(_rivals(catalog, tech.name), key=lambda t: not catalog.known(t))
        rival = next((t for t in rivals if _recovers(subject, t)), None)
        if rival is not None:
            yield Problem(
                element=store.name,
                at=("stores", i, "technology"),
                message=f"{tech.name} has no point-in-time recovery, so a faulty release loses up to a day against "
                f"an RPO of {count(rpo, 'minute')}; {rival.name} recovers to any point in time and meets the RPO and "
                f"RTO with the {subject.design.reliability.topology} topology",
                fix=f"choose {rival.name} (the topology decides which regions write, not the engine), or keep the "
                "engine and mark the RPO not met with a question asking which gives",
            )


def _recovery_decision(subject: Subject) -> tuple[int, Decision] | None:
    """The decision that weighs the recovery topologies, with its index."""
    for index, decision in enumerate(subject.design.decisions):
        if len({o.name for o in decision.options} & set(TOPOLOGY_RTO_MINUTES)) >= 2:
            return index, decision
    return None


@rule("AVL026", "error", "availability", "Recovery argued without the system of record")
def recovery_without_the_record(subject: Subject) -> Found:
    """The recovery decision argues the targets on some stores (it names them) but not on a store that is the system
    of record of entities (a database, or a warehouse that holds them): the data that matters most has no stated
    recovery from a region's loss."""
    found = _recovery_decision(subject)
    if found is None or "not meet" in found[1].rationale.lower():
        return  # a plan that misses the targets names the stores that miss them, not every one
    index, decision = found
    said = decision.rationale.lower()
    kept = [s for s in subject.design.stores if s.entities and (s.kind in DATABASE_KINDS or s.kind == "warehouse")]
    named = [s for s in kept if s.technology.lower() in said or s.name.lower() in said]
    missing = [s for s in kept if s not in named and not any(n.technology == s.technology for n in named)]
    if named and missing:
        yield Problem(
            element=decision.id,
            at=("decisions", index, "rationale"),
            message=f"{decision.id} argues recovery on {join(sorted({s.technology for s in named}))}, but "
            f"{join([f'{s.name} ({s.technology})' for s in missing])}, holding "
            f"{join(sorted({e for s in missing for e in s.entities}))}, is not part of it",
            fix="state what a region's loss costs each system of record (its copy outside the region, its lag and "
            "its restore time) and choose the topology on all of them",
        )


@rule("AVL027", "error", "availability", "Recovery targets missed without asking which gives")
def missed_silently(subject: Subject) -> Found:
    """The plan says a store cannot meet the RPO (or the recovery decision says the targets are not met), yet no open
    question asks which gives: the design proceeds as if the targets held."""
    reliability = subject.design.reliability
    short = [b.store for b in reliability.backups if not b.meets_rpo]
    found = _recovery_decision(subject)
    admitted = found is not None and "not meet" in found[1].rationale.lower()
    if not short and not admitted:
        return
    asked = any(q.raised_by.startswith("quality.") for q in subject.design.open_questions)
    if not asked:
        yield Problem(
            element="reliability",
            at=("reliability", "backups"),
            message=(f"{join(short)} cannot meet the RPO" if short else "the recovery targets are not met")
            + ", and no open question asks which gives",
            fix="raise a question naming the targets and the choice that misses them (technology, topology or cost) "
            "so the owners decide which gives",
        )
