"""Zones, regions, backups and failure handling: the topology the SLO, RPO and RTO need, claimed only as far as
the chosen technologies can deliver it, and one failure mode per component from the catalog of component kinds."""

from __future__ import annotations

import functools
import re
from importlib import resources

from ruamel.yaml import YAML

from archgen.architects.rules.draft import Draft, option
from archgen.architects.rules.messaging import publish_directly
from archgen.architects.rules.patterns import text
from archgen.architects.rules.providers import arbitrary_sender
from archgen.architects.rules.recovery import backup_copy, point_in_time
from archgen.architects.rules.scheduling import retry
from archgen.capacity.constants import BULK_INDEX_RATE, constant
from archgen.capacity.recovery import (
    UPLOAD_ACKNOWLEDGED,
    commit_rtt_ms,
    components_present,
    topology_recovery_minutes,
    without_absent,
)
from archgen.capacity.windows import rebuild_s
from archgen.common.english import count, fraction_word, join, number_word
from archgen.common.formatting import count as amount
from archgen.common.formatting import duration, number
from archgen.design.claims import recovery_regions
from archgen.design.connections import held_open
from archgen.design.critical_path import waiting_on_brokers
from archgen.design.model import DATABASE_KINDS, Backup, Channel, DataStore, FailureMode, Reliability
from archgen.design.off_path import journeys, off_path
from archgen.knowledge.availability_budget import availability_budget
from archgen.knowledge.catalog import Catalog, Technology
from archgen.knowledge.critical_path import critical_path
from archgen.knowledge.decisions import decision_words
from archgen.knowledge.drills import drills
from archgen.knowledge.keys import resend_hours
from archgen.knowledge.region_loss import region_loss
from archgen.knowledge.restores import paired, restores
from archgen.knowledge.targets import targets
from archgen.requirements.intent import carried_by
from archgen.requirements.model import Quality, Requirements

# an average month of 30.4 days: the period an availability target and its error budget refer to
MINUTES_PER_MONTH = 30.4 * 24 * 60


@functools.cache
def failure_kinds() -> dict[str, dict[str, str]]:
    """The failure-mode catalog: one row per kind of component."""
    source = resources.files("archgen.knowledge").joinpath("failure_modes.yaml").read_text("utf-8")
    data: dict[str, dict[str, dict[str, str]]] = YAML(typ="safe", pure=True).load(source)
    return data["kinds"]


# The option of the regions decision whose every region takes writes: the recovery topology may settle on it.
ACTIVE_ACTIVE = "Active-active across regions with a globally replicated database"


def needs_standby(req: Requirements) -> bool:
    """Whether the targets keep a recovery copy running in a second region (restoring backups takes hours)."""
    q = req.quality
    return q.rto_minutes < 240 or q.availability >= 99.95 or q.rpo_minutes < 5


def standby_possible(req: Requirements, catalog: Catalog) -> bool:
    """Whether a second region may hold the data: residency pinning countries where the cloud has one region
    leaves no place for a recovery copy (the region decision asks where it may live)."""
    countries = [p for p in req.compliance.data_residency if len(p) == 2]
    if not countries or not catalog.regions():
        return True
    return len({r.name for p in countries for r in catalog.regions_in(p)}) >= 2


def region_copy(technology: Technology, rpo_minutes: float) -> str:
    """What a technology keeps in another region, against the RPO, in words: 'replicates synchronously to another
    region', 'replicates to another region asynchronously, about 60 s behind (within the RPO of 15 minutes)'."""
    if technology.regions == "synchronous":
        return "replicates synchronously to another region: a region's loss loses nothing"
    if technology.regions == "asynchronous" and technology.replica_lag_s is not None:
        within = "within" if technology.replica_lag_s <= rpo_minutes * 60 else "beyond"
        return (
            f"replicates to another region asynchronously, about {technology.replica_lag_s:g} s behind ({within} the "
            f"RPO of {rpo_minutes:g} minutes)"
        )
    if technology.regions == "asynchronous":
        return "replicates to another region asynchronously, with no stated lag"
    return "does not replicate to another region: a region's loss is recovered from backups"


def primary_area(draft: Draft) -> str:
    """Where the data lives: the first residency place, else where the first users are."""
    req = draft.req
    return (req.compliance.data_residency or req.users.regions)[0]


def _cell_standbys(draft: Draft) -> str:
    """'eu-central-1 into eu-west-1; sa-east-1 has no second region in its area: backups only'."""
    assert draft.topology is not None
    regions = draft.topology.regions
    parts = []
    for cell in (r for r in regions if r.role in ("primary", "home")):
        standby = [r.name for r in regions if r.recovers == cell.name]
        parts.append(
            f"{cell.name} into {', '.join(standby)}"
            if standby
            else f"{cell.name} has no second region in its area: it recovers from backups kept in its region"
        )
    return "; ".join(parts)


def recovery_pairs(draft: Draft) -> list[tuple[str, list[str]]]:
    """Each region that holds data of its own (the primary, each cell) with the standby regions that recover it:
    a copy goes only to its own region's standby, never to another cell's."""
    assert draft.topology is not None
    regions = draft.topology.regions
    return [
        (r.name, [s.name for s in regions if s.recovers == r.name])
        for r in regions
        if r.role in ("primary", "home") and any(s.recovers == r.name for s in regions)
    ]


def voting_regions_short(draft: Draft, tech: Technology) -> bool:
    """Whether a consensus engine that replicates synchronously across regions would have a voting set too small to
    survive a region's loss: a region and its standby are two, and two cannot keep a majority when either is lost."""
    if draft.catalog.engine(tech).copies != "consensus" or tech.regions != "synchronous":
        return False
    need = constant("majority_regions").value
    witness = 1 if tech.witness else 0  # a witness region votes without holding a copy to serve from
    return any(1 + len(standbys) + witness < need for _, standbys in recovery_pairs(draft))


def second_cluster(draft: Draft, tech: Technology) -> bool:
    """Whether the recovery copy is a second cluster fed asynchronously: the voting set is too small to span the
    regions, and the technology can feed one (what it cannot, it never claims)."""
    return voting_regions_short(draft, tech) and tech.standby_cluster is not False


def _peered(draft: Draft) -> str:
    """'peered clusters in eu-central-1 and eu-west-1, with eu-west-2 as the witness region' for each region that
    holds data of its own: two full regions and a witness (it keeps the transaction log, with no endpoint)."""
    parts = []
    for region, standbys in recovery_pairs(draft):
        # the third voter the topology adds for a vote across regions is the witness; the first is the peer
        witness = f"{standbys[-1]} as the witness region" if len(standbys) > 1 else "a witness region in the same area"
        parts.append(f"peered clusters in {region} and {standbys[0]}, with {witness}")
    return "; ".join(parts)


def _witnesses(draft: Draft, databases: list[DataStore]) -> list[str]:
    """The regions that only vote for a consensus database (its witness keeps the transaction log, no endpoint to
    serve from): the last standby of a region recovered by more than one, as _peered names it."""
    techs = [draft.catalog.technology(s.technology) for s in databases if s.entities]
    if not techs or not all(t is not None and t.witness and t.regions == "synchronous" for t in techs):
        return []
    return [standbys[-1] for _, standbys in recovery_pairs(draft) if len(standbys) > 1]


def _copy_places(draft: Draft) -> str:
    """'eu-west-1' for one region, 'each cell's own recovery region (eu-central-1 into eu-west-1; us-east-1 into
    us-west-2)' for cells: one list of regions would say every cell's data goes to every standby."""
    pairs = recovery_pairs(draft)
    if len(pairs) == 1:
        return ", ".join(pairs[0][1])
    return "each cell's own recovery region (" + "; ".join(f"{c} into {', '.join(s)}" for c, s in pairs) + ")"


def _one_region_writes(draft: Draft) -> None:
    """A topology that writes each record in one region (a primary, or the cell its user is homed in) leaves a
    store's writes in every region unused: its decision argues from what the choice does besides, not from that."""
    template = re.escape(decision_words().edges["writes"])
    edge = template.replace(r"\{a\}", "(.+?)").replace(r"\{b\}", "(.+?)")
    because = re.compile(f"because {edge}\\. The choice ")
    for decision in draft.decisions:
        decision.rationale = because.sub("because the choice ", decision.rationale)


def _every_region_writes(draft: Draft, databases: list[DataStore]) -> None:
    """An active-active recovery topology means every region takes writes: the regions decision, which weighed that
    option before the databases were known, follows it rather than keeping one primary region."""
    for decision in draft.decisions:
        if decision.decision == ACTIVE_ACTIVE or ACTIVE_ACTIVE not in {o.name for o in decision.options}:
            continue
        names = sorted({s.technology for s in databases})
        engines = join(names)
        decision.decision = ACTIVE_ACTIVE
        decision.rationale = (
            f"Chosen because the availability and recovery targets need every region to take writes, and {engines} "
            f"take{'s' if len(names) == 1 else ''} writes in every region, so no region is primary. "
            + decision.rationale.removeprefix("Chosen because ")[0].upper()
            + decision.rationale.removeprefix("Chosen because ")[1:]
        )
        decision.consequences = [
            c
            if not c.startswith("the primary region is ")
            else "every region serves and writes; " + c.removeprefix("the primary region is ") + " is listed first"
            for c in decision.consequences
        ]


# how a standby promoted without a person is kept from promoting twice or writing beside a primary that still lives
HOT_PROMOTION = (
    "promotion is automatic but guarded: health checks from three places must agree the primary region is down for "
    "a minute, the old primary's writer endpoint is fenced (removed from the routing control) before the standby's "
    "databases take writes, and a person may hold the switch during planned work"
)


def _recovery_bound(q: Quality, budget: float) -> float:
    """The longest a region's recovery may take: the RTO, and from active_active_from up also a month's error
    budget, so one region's loss does not break the month's availability target on its own."""
    if q.availability >= availability_budget().active_active_from:
        return min(q.rto_minutes, budget)
    return q.rto_minutes


def plan_reliability(draft: Draft) -> None:
    """Pick the recovery topology and backups that meet the SLO, RPO and RTO with the technologies chosen."""
    req = draft.req
    q = req.quality
    assert draft.topology is not None
    budget = (1 - q.availability / 100) * MINUTES_PER_MONTH
    multi_zone = q.availability >= constant("multi_zone_availability").value
    standbys = [r.name for r in draft.topology.regions if r.role == "standby"]
    cells = [r.name for r in draft.topology.regions if r.role == "home"]
    if q.availability >= 99.99 or q.rto_minutes < constant("recovery_minutes_warm_standby").value:
        strategy = "active-active"
    elif q.rto_minutes < constant("recovery_minutes_pilot_light").value:
        strategy = "warm-standby"  # no time to start compute: it must already run
    elif (
        q.rto_minutes < constant("recovery_minutes_backup_restore").value
        or q.rpo_minutes < constant("pitr_rpo_minutes").value
        or q.rpo_minutes < 60
    ):
        strategy = "pilot-light"  # the data is replicated; compute starts within the RTO
    else:
        strategy = "backup-restore"
    if not standbys and strategy != "backup-restore":
        strategy = "backup-restore"  # no second region may hold the data: recovery is from backups
    databases = [s for s in draft.stores if s.kind in DATABASE_KINDS]
    single_writers = [s.name for s in databases if s.entities and _region_writes(draft, s.technology) != "multi"]
    if strategy == "active-active" and single_writers:
        strategy = "hot-standby"  # a region that cannot write is not active: its databases fail over on their own
    achievable_rpo, achievable_rto, limits = achievable(draft, strategy, bool(standbys))
    # a topology whose start-up and the databases' failover outlast the RTO, or (from active_active_from up) a
    # month's error budget, is not chosen: the next one up keeps more running, as far as the databases allow
    # (active-active needs every one to take writes in every region) and as long as it recovers sooner
    bound = _recovery_bound(q, budget)
    ladder = ["pilot-light", "warm-standby", "hot-standby"] + ([] if single_writers else ["active-active"])
    while standbys and achievable_rto > bound and strategy in ladder[:-1]:
        climbed = ladder[ladder.index(strategy) + 1]
        sooner = achievable(draft, climbed, bool(standbys))
        if sooner[1] >= achievable_rto and achievable_rto <= q.rto_minutes:
            break  # keeping more running would not bring the region back any sooner
        strategy, (achievable_rpo, achievable_rto, limits) = climbed, sooner
    regions = [r.name for r in draft.topology.regions]
    witnesses = _witnesses(draft, databases)
    voting = f"; {join(witnesses)} only vote{'s' if len(witnesses) == 1 else ''} as the witness" if witnesses else ""
    zones = 3 if multi_zone else 1
    primary = draft.topology.regions[0].name
    origin = f"cells in {', '.join([primary, *cells])}" if cells else f"primary in {primary}"
    descriptions = {
        "active-active": f"active-active {origin}, each across {zones} zones; recovery copies in {_copy_places(draft)}"
        if cells
        else f"active-active in {', '.join(r for r in regions if r not in witnesses)}, each across {zones} zones"
        + voting,
        "hot-standby": f"{origin} across {zones} zones; a full-size hot standby in {_copy_places(draft)} with "
        "replicated data, promoted without a person when health checks find the primary down",
        "warm-standby": f"{origin} across {zones} zones; a scaled-down warm standby in "
        f"{_copy_places(draft)} with replicated data, promoted on disaster",
        "pilot-light": f"{origin} across {zones} zones; data replicated to {_copy_places(draft)} "
        "where compute is started on disaster",
        "backup-restore": f"{primary} across {zones} zone{'s' if zones > 1 else ''}; backups "
        # a restore loses only the point-in-time log's lag if the log itself is copied out of the region as written
        + ("and the point-in-time log copied continuously " if _logs_archived(draft, databases) else "copied ")
        + (
            f"to {standbys[0]}"
            if standbys
            else _paired_words(draft)
            if databases and all(_backup_region(draft, s) == "paired" for s in databases)
            else f"to {_chosen_region(draft)}, another region in the same country or area"
            if _chosen_region(draft)
            else "to another storage location in the same country or area"
        ),
    }
    if cells and strategy == "backup-restore":
        descriptions[strategy] += "; each cell recovers into its own standby (" + _cell_standbys(draft) + ")"
    backups = _backups(draft, strategy, bool(standbys))
    limits += _short_backups(draft, backups)
    # a backup that cannot meet the RPO (no point-in-time log, files copied behind) fails the targets as a region does
    meets = achievable_rpo <= q.rpo_minutes and achievable_rto <= q.rto_minutes and all(b.meets_rpo for b in backups)
    options = [
        option(
            "backup-restore",
            "One region; restore from backups in another location on disaster.",
            ["cheapest", "simple to run"],
            ["hours to recover a lost region", "RPO bounded by log shipping"],
        ),
        option(
            "pilot-light",
            "Data replicated continuously to a second region; compute started on disaster.",
            ["RPO of the replication lag", "low standing cost"],
            ["RTO of an hour or more while compute starts"],
        ),
        option(
            "warm-standby",
            "A scaled-down copy running in a second region, promoted on disaster.",
            ["RTO of about a quarter of an hour", "failover drills are realistic"],
            ["pays for a second, smaller environment", "failover runbooks to keep current"],
        ),
        option(
            "hot-standby",
            "A full-size copy running in a second region, promoted automatically when health checks find the "
            "primary down.",
            ["RTO of a few minutes, within a four-nines month", "one region writes at a time: no write conflicts"],
            ["pays for a second full-size environment", "automatic promotion must be fenced against split brain"],
        ),
        option(
            "active-active",
            "Two regions serving traffic at once.",
            ["survives a region with little or no interruption"],
            ["conflict handling for writes or a single-writer design", "roughly double the cost"],
        ),
    ]
    within_budget = bound < q.rto_minutes and achievable_rto <= bound
    targets_said = (
        f"RTO {q.rto_minutes:g} min, RPO {q.rpo_minutes:g} min and a month's error budget of {duration(budget * 60)}"
        if within_budget
        else f"RTO {q.rto_minutes:g} min and RPO {q.rpo_minutes:g} min"
    )
    cause = (
        f"{targets_said}: the least expensive topology whose recovery meets {'all three' if within_budget else 'both'}"
        f" with {', '.join(sorted({s.technology for s in records_kept(draft)})) or 'the stores chosen'} "
        f"(region loss costs at most {duration(achievable_rpo * 60)} of data and {duration(achievable_rto * 60)} to "
        "recover)"
        if meets
        else f"it is the best these technologies allow, and it does not meet the targets: {'; '.join(limits)}"
    )
    trailing = [line.split(" down or ", 1)[0] for line in _degraded_trails(draft, strategy, bool(standbys))]
    if trailing:
        cause += (
            f"; {join(trailing)} {'is' if len(trailing) == 1 else 'are'} on no critical path and recover"
            f"{'s' if len(trailing) == 1 else ''} after the journeys, a degraded mode the reliability page declares"
        )
    if single_writers and strategy == "hot-standby":
        cause += (
            f"; not active-active, because {join(single_writers)} take writes in one region only: the standby "
            "takes over the writes when it is promoted, and no record is ever written in two regions at once"
        )
    decision_id = draft.decide(
        title="Availability topology and disaster recovery",
        context=f"Availability {q.availability:g} % allows {budget:,.1f} minutes of downtime a month; after a "
        f"disaster at most {count(q.rpo_minutes, 'minute')} of data may be lost (RPO) and service must return "
        f"within {count(q.rto_minutes, 'minute')} (RTO).",
        options=options,
        decision=strategy,
        rationale=f"Chosen {'for' if meets else 'as'} {cause}.",
        consequences=[
            f"{zones} zone{'s' if zones > 1 else ''} per region"
            + (f"; {_zone_copies(draft, databases)}" if multi_zone and databases else ""),
            f"failover is rehearsed {drills().default} and timed against the {q.rto_minutes:g}-minute RTO",
            _recovered_into(draft),
        ]
        + ([HOT_PROMOTION] if strategy == "hot-standby" else []),
        drivers=["quality.availability", "quality.rpo_minutes", "quality.rto_minutes", "compliance.data_residency"],
    )
    if strategy == "active-active" and not cells:
        _every_region_writes(draft, databases)
    else:  # each record is written in one region (a primary, or its cell's)
        _one_region_writes(draft)
    late = ""  # how long a region's recovery takes when it outlasts the RTO, with the question that says so
    if not meets:
        asked = f"Which gives: RPO {q.rpo_minutes:g} min / RTO {q.rto_minutes:g} min, or the technology and cost?"
        draft.ask(
            question=asked,
            context="The chosen technologies cannot meet the recovery targets: "
            + "; ".join(limits)
            + "."
            + _ways_to_meet(draft, achievable_rpo, multi_zone and all(_zone_safe(draft, s) for s in databases)),
            raised_by="quality.rpo_minutes",
        )
        asked_id = next(x.id for x in draft.questions if x.question == asked)
        _point_to_question(draft, backups, asked_id)
        if achievable_rto > q.rto_minutes:
            late = (
                f"about {duration(achievable_rto * 60)}, beyond the RTO of {duration(q.rto_minutes * 60)}: open, "
                f"put to the owner in {asked_id}"
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
        resilience=_resilience(draft),
        failure_modes=failure_modes(draft, strategy, multi_zone, achievable_rpo, late),
        backups=backups,
        degradation=_degradation(draft) + _degraded_trails(draft, strategy, bool(standbys)),
    )
    _describe_stores(draft, multi_zone, standbys, strategy)
    _record(draft, decision_id, strategy)


# How each model of keeping copies survives a zone's loss, in a few words.
ZONE_COPIES = {
    "consensus": "replicas in every zone committing by majority (no standby to promote)",
    "leaderless": "replicas in every zone that each take writes",
    "service": "copies in every zone kept by the service",
}


# What each model of keeping copies does when a zone is lost.
ZONE_LOST = {
    "consensus": "{keep} committing on the majority in the other zones (no standby to promote)",
    "leaderless": "{keep} taking writes on the replicas in the other zones",
    "service": "{keep} serving from the copies the service holds in the other zones",
}


def _zone_copies(draft: Draft, databases: list[DataStore], lost: bool = False) -> str:
    """What each database keeps in the other zones (or, `lost`, does when a zone goes), in the words of its
    engine's replication model."""
    said: dict[str, list[str]] = {}
    for store in databases:
        tech = draft.catalog.technology(store.technology) or Technology(name=store.technology)
        copies = draft.catalog.engine(tech).copies
        if tech.scaling == "serverless" and copies != "consensus":
            copies = "service"
        if lost:
            words = ZONE_LOST.get(copies or "") or (
                "{fail} over to {their} synchronous standby in another zone"
                if tech.zones == "synchronous"
                else "{fail} over to {their} replica in another zone, losing what it had not received"
            )
        else:
            words = ZONE_COPIES.get(copies or "") or (
                "a synchronous standby in another zone" if tech.zones == "synchronous" else "a replica in another zone"
            )
        said.setdefault(words, []).append(store.name)
    if lost:
        return "; ".join(
            f"{join(names)} "
            + words.format(
                keep="keeps" if len(names) == 1 else "keep",
                fail="fails" if len(names) == 1 else "fail",
                their="its" if len(names) == 1 else "their",
            )
            for words, names in said.items()
        )
    if len(said) == 1:
        return f"every database has {next(iter(said))}"
    return "; ".join(f"{join(names)} {'has' if len(names) == 1 else 'have'} {words}" for words, names in said.items())


def _describe_stores(draft: Draft, multi_zone: bool, standbys: list[str], strategy: str) -> None:
    """How each store is replicated and partitioned, in the words of its technology's capabilities."""
    for store in draft.stores:
        tech = draft.catalog.technology(store.technology) or Technology(name=store.technology)
        copies = draft.catalog.engine(tech).copies
        parts = []
        if store.kind == "object":
            parts.append(f"durability of {tech.durability}" if tech.durability else "the provider's multi-zone copies")
        elif store.kind == "in-memory":
            parts.append("a replica in another zone, promoted automatically" if multi_zone else "one node")
            parts.append("rebuilt from its source after a full loss")
        elif store.kind in ("search", "warehouse") and copies == "service":
            parts.append("replicas in other zones kept by the service" if multi_zone else "one replica")
        elif store.kind in ("search", "warehouse"):
            parts.append("replica shards in other zones" if multi_zone else "one node")
        elif copies == "consensus":
            parts.append(
                "replicas in every zone; each write commits once a majority of its replica group holds it "
                "(consensus: no primary, no standby to promote)"
                if multi_zone
                else "replicas on three nodes committing by majority (consensus)"
            )
        elif copies == "leaderless":
            parts.append("replicas in every zone, each taking writes; reads and writes at quorum")
        elif tech.scaling == "serverless" or store.kind in ("key-value", "wide-column") or copies == "service":
            parts.append("replicated across zones by the service (three copies)")
        else:
            parts.append(
                "a primary with a synchronous standby in another zone (automatic failover)"
                if multi_zone and tech.zones == "synchronous"
                else "a primary with an asynchronous replica in another zone"
                if multi_zone
                else "a single primary"
            )
        if standbys and strategy != "backup-restore" and store.kind not in ("in-memory", "search"):
            mode = tech.regions if tech.regions in ("synchronous", "asynchronous") else "asynchronous"
            if voting_regions_short(draft, tech) and tech.standby_cluster is False:
                parts.append(
                    f"no copy in another region: {tech.name} cannot feed a second cluster and its voting set "
                    "cannot span the regions, so a region's loss restores from backups"
                )
            elif tech.witness and copies == "consensus" and mode == "synchronous":
                parts.append(
                    f"{_peered(draft)} (it keeps the transaction log, not a copy to serve from); a write commits "
                    "once two of the three regions hold it"
                )
            elif voting_regions_short(draft, tech):
                lag = constant("standby_cluster_lag_s").value
                parts.append(
                    f"a second cluster in {_copy_places(draft)}, fed asynchronously (about {lag:g} s behind): "
                    "the voting replicas stay in their own region, since two regions cannot keep a majority when "
                    "either is lost and a vote across regions would add their round trip to every commit"
                )
            elif copies == "consensus" and mode == "synchronous":
                parts.append(
                    f"voting replicas in {_copy_places(draft)} (a write commits once a majority of regions hold it)"
                )
            else:
                parts.append(f"{mode} copy in {_copy_places(draft)}")
        store.replication = "; ".join(parts)
        if store.shards > 1 or store.kind in ("key-value", "wide-column"):
            keys = [e.partition_key for e in draft.entities if e.store == store.name and e.partition_key]
            store.partitioning = f"partitioned by {', '.join(keys)}" if keys else "partitioned by the record's key"
        elif store.kind == "time-series":
            store.partitioning = "by time (daily chunks), dropped when retention ends"
        elif store.kind == "object":
            store.partitioning = "by object key, managed by the provider"
        elif store.kind == "search":
            store.partitioning = "one index, its primary shards sized to the data"
        elif store.kind == "in-memory":
            store.partitioning = "one cluster; keys spread over its slots"
        elif draft.catalog.engine(tech).sharding == "native":
            store.partitioning = "split into ranges by the engine itself as the data grows"
        else:
            store.partitioning = "none: one primary carries the load"


def achievable(draft: Draft, strategy: str, standby: bool) -> tuple[float, float, list[str]]:
    """The RPO and RTO (minutes) a region's loss actually costs with each database's technology, and why not less."""
    rpo = rto = 0.0
    limits: list[str] = []
    lost: dict[tuple[str, float], list[str]] = {}
    slow: dict[tuple[str, float], list[str]] = {}
    q = draft.req.quality
    trails = off_path(draft.req, draft.stores)
    for store in records_kept(draft):
        tech = draft.catalog.technology(store.technology) or Technology(name=store.technology)
        lag, recovery = store_recovery(draft, store, strategy, standby)
        if lag > q.rpo_minutes:
            lost.setdefault((tech.name, lag), []).append(store.name)
        rpo = max(rpo, lag)
        if store.name in trails:
            continue  # on no critical path: the journeys recover without it, and the design declares it degraded
        if recovery > q.rto_minutes:
            slow.setdefault((tech.name, recovery), []).append(store.name)
        rto = max(rto, recovery)
    # one line per technology and figure: the stores it holds share the reason
    limits += [
        f"{join(names)} ({name}) can lose about {duration(lag * 60)} of data in a region's loss (only another engine, "
        "one that confirms each write in two regions before it commits, closes that, at several times the cost)"
        for (name, lag), names in lost.items()
    ]
    limits += [
        f"{join(names)} ({name}) take{'s' if len(names) == 1 else ''} about {duration(minutes * 60)} to recover in "
        "another region"
        for (name, minutes), names in slow.items()
    ]
    return rpo, rto, limits


def store_recovery(draft: Draft, store: DataStore, strategy: str, standby: bool) -> tuple[float, float]:
    """The data a region's loss costs `store` and the time it takes to recover (minutes), with its technology."""
    tech = draft.catalog.technology(store.technology) or Technology(name=store.technology)
    if standby and second_cluster(draft, tech):
        lag = constant("standby_cluster_lag_s").value / 60
        recovery = _or(tech.region_failover_s, 1800) / 60
    elif standby and tech.regions in ("asynchronous", "synchronous") and not voting_regions_short(draft, tech):
        lag = _or(tech.replica_lag_s, 60) / 60 if tech.regions == "asynchronous" else 0.0
        recovery = _or(tech.region_failover_s, 1800) / 60
    else:
        lag = max(_or(tech.pitr_s, 300) / 60, 5.0) if tech.pitr_s != 0 else 24 * 60.0
        lag = max(lag, _or(tech.backup_lag_s, 0) / 60)  # the copy in another region trails the primary's log
        recovery = 240.0 if tech.pitr_s != 0 else 24 * 60.0
    return lag, topology_recovery_minutes(strategy, recovery)


def _degraded_trails(draft: Draft, strategy: str, standby: bool) -> list[str]:
    """A degradation line for each store on no critical path whose recovery outlasts the RTO: the journeys that
    read it live recover without it."""
    rto = draft.req.quality.rto_minutes
    out = []
    for store in (s for s in records_kept(draft) if s.name in off_path(draft.req, draft.stores)):
        minutes = store_recovery(draft, store, strategy, standby)[1]
        if minutes <= rto:
            continue
        readers = journeys(draft.req, draft.stores, [store.name]) or ["the people's journeys"]
        out.append(
            targets().degraded.format(
                stores=store.name, took=duration(minutes * 60), journeys=join(readers), rto=duration(rto * 60)
            )
        )
    return out


def records_kept(draft: Draft) -> list[DataStore]:
    """The stores a region's loss must recover: every database, and a warehouse that is the system of record of
    entities (nothing else holds them to reload it from)."""
    return [
        s
        for s in draft.stores
        if s.kind in DATABASE_KINDS or (s.kind == "warehouse" and any(e.store == s.name for e in draft.entities))
    ]


def _resilience(draft: Draft) -> list[str]:
    out = ["every outbound call has a timeout of at most a third of the calling use case's latency budget"]
    if len(draft.deployables) > 1 or draft.req.integrations:
        out += [
            "retries only for idempotent calls: at most 2, exponential backoff with full jitter, a 10 % retry budget",
            _breakers(draft),
        ]
    if draft.stores and not draft.tiny:
        out.append("bulkheads: a separate connection pool per dependency so one slow dependency cannot starve the rest")
    if not draft.tiny:
        out.append("load shedding at the edge: excess requests get 429 or 503 with Retry-After instead of queueing")
    for found in draft.patterns:
        measures = [text(draft, found, r) for r in found.lines(found.pattern.contributes.resilience)]
        if measures:
            draft.credit(found.pattern.id, "resilience measures")
        out += measures
    return list(dict.fromkeys(out))


def _breakers(draft: Draft) -> str:
    """Circuit breakers go around network calls only: integrations and calls between deployables, never around a
    call between modules of one deployable, which is a function call."""
    around = [
        *(["every integration"] if draft.req.integrations else []),
        *(["every call between deployables"] if len(draft.deployables) > 1 else []),
    ]
    return f"circuit breakers around {join(around)}; open after 50 % errors in 10 s"


def _kind_of_store(store_kind: str, ha: bool, copies: str | None = None) -> str:
    if copies == "consensus" and store_kind in ("relational", "document"):
        return "consensus store"  # no primary to lose, no standby to promote
    if copies in ("service", "leaderless") and store_kind in ("relational", "document"):
        return "key-value store"  # replicas in every zone take over at once: no standby
    if copies == "service" and store_kind == "search":
        return "managed search index"  # no cluster or shards the team sees
    if store_kind == "relational":
        return "relational store with standby" if ha else "relational store"
    return {
        "key-value": "key-value store",
        "wide-column": "key-value store",
        "document": "relational store with standby" if ha else "relational store",
        "time-series": "time-series store",
        "search": "search index",
        "object": "object store",
        "in-memory": "in-memory store",
        "warehouse": "warehouse",
    }.get(store_kind, "key-value store")


def _recovered_into(draft: Draft) -> str:
    """Where personal data is recovered after a region loss: the topology's regions when it has another one, else
    a region the design has yet to name (asked), inside the areas its data may be kept in."""
    assert draft.topology is not None
    if recovery_regions(draft):
        return "personal data is recovered only into " + ", ".join(_data_regions(draft))
    where = join(draft.req.compliance.data_residency) or draft.topology.regions[0].area
    databases = [s for s in draft.stores if s.kind in DATABASE_KINDS]
    if databases and all(_backup_region(draft, s) == "paired" for s in databases):
        # the provider fixes the region its backups are copied to: nothing is left to choose, only to check
        pair = paired(draft.req.constraints.cloud, draft.topology.regions[0].name)
        if pair is not None:
            note = f" ({pair.pair} is {restores().restricted_note})" if pair.restricted else ""
            if pair.restricted:
                _ask_restricted(draft, pair.pair, where)
            return (
                f"a region loss is restored from the geo-redundant backups into {pair.pair}, the provider's "
                f"paired region{note}"
            )
        return (
            "a region loss is restored from the geo-redundant backups into the provider's paired region, which "
            f"must lie in {where}"
        )
    chosen = _chosen_region(draft)
    if chosen:
        return f"a region loss is restored from the backup copies into {chosen}, which lies in {where}"
    draft.ask(
        question="Which region takes over when the only region is lost?",
        context=f"The topology has one region; its backups are restored elsewhere after a region loss. That region "
        f"must lie in {where}, and the restore into it is what the RTO is measured against.",
        raised_by="quality.rto_minutes",
    )
    return f"a region loss is restored from the backup copies into a second region, to be named, that lies in {where}"


def _ask_restricted(draft: Draft, region: str, where: str) -> None:
    """A paired region closed to the subscription cannot run the services until it is opened: ask the owner to open
    it (and confirm it offers them) or to copy the backups to a region that can."""
    assert draft.topology is not None
    rto = duration(draft.req.quality.rto_minutes * 60)
    draft.ask(
        question=f"Can {region} run the services after a region's loss, or do the backups go to a region open to us?",
        context=f"The backups are restored into {region}, the provider's paired region of "
        f"{draft.topology.regions[0].name}, and it is {restores().restricted_note}. Until that is done and the "
        f"services the design runs are confirmed there, the RTO of {rto} cannot be met; "
        f"otherwise copy the backups and files to an open region in {where} and restore there.",
        raised_by="quality.rto_minutes",
    )


def copies_region(draft: Draft) -> str | None:
    """The region a single region's backups and file copies are kept in, when the topology names no second one:
    the provider's paired region, else the region the restore goes to (None when there is no such copy)."""
    if draft.topology is None or recovery_regions(draft):
        return None
    pair = paired(draft.req.constraints.cloud, draft.topology.regions[0].name)
    return pair.pair if pair is not None else _chosen_region(draft) or None


def _files_region(draft: Draft) -> str:
    """Where a single region's files are replicated: the provider's paired region, else the region the restore goes
    to, else another region of the same area."""
    assert draft.topology is not None
    pair = paired(draft.req.constraints.cloud, draft.topology.regions[0].name)
    if pair is not None:
        return f"{pair.pair}, the provider's paired region"
    return _chosen_region(draft) or "another region in the same area"


def _paired_words(draft: Draft) -> str:
    """'to germanynorth, the provider's paired region', or the words without a name when the provider pairs none."""
    assert draft.topology is not None
    pair = paired(draft.req.constraints.cloud, draft.topology.regions[0].name)
    return f"to {pair.pair}, the provider's paired region" if pair else "to the provider's paired region"


def _chosen_region(draft: Draft) -> str:
    """The region a single-region design restores into: the next one of the primary's area (of its country when
    residency pins one), as the catalog lists them; '' when there is none."""
    assert draft.topology is not None
    primary = draft.topology.regions[0]
    places = [p for p in draft.req.compliance.data_residency if len(p) == 2]
    info = draft.catalog.region(primary.name)
    candidates = [
        r.name
        for r in draft.catalog.regions_in(primary.area)
        if r.name != primary.name and (not places or r.country in places or (info and r.country == info.country))
    ]
    return candidates[0] if candidates else ""


def _data_regions(draft: Draft) -> list[str]:
    assert draft.topology is not None
    return [r.name for r in draft.topology.regions if r.personal_data]


def _waiting(draft: Draft) -> dict[str, list[str]]:
    """Each broker cluster with the journeys on its path."""
    return waiting_on_brokers(draft.events, draft.channels, draft.services, draft.req.use_cases)


def _outboxed(draft: Draft, mitigation: str) -> str:
    """A mitigation that keeps events in the outbox, said of the producers that have one."""
    direct = publish_directly(draft)
    return f"{mitigation}; {direct}" if direct and "outbox" in mitigation else mitigation


def failure_modes(
    draft: Draft, strategy: str, multi_zone: bool, lost_minutes: float = 0.0, late: str = ""
) -> list[FailureMode]:
    """One row per component, written from the catalog row of its kind; no row for a kind the design lacks. `late`
    says how long a region's recovery takes when it outlasts the RTO (and where that is asked)."""
    kinds = failure_kinds()
    out: list[FailureMode] = []

    zones = 3 if multi_zone else 1
    # instances cover every zone (the minimum is at least the zones), so a zone holds 1/zones of them at the least
    words = {"zones": number_word(zones), "share": fraction_word(zones)}
    present = components_present(draft.caches)

    def row(
        component: str, kind: str, serves: str, failover: str = "about a minute", peers: str = "", retry: str = ""
    ) -> None:
        spec = kinds[kind]

        def fill(value: str) -> str:
            filled = value.format(
                component=component, serves=serves, failover=failover, peers=peers, retry=retry, **words
            )
            # a catalog row written for any design speaks of a cache or a CDN this one may not have
            return draft.backed(without_absent(filled, present))

        out.append(
            FailureMode(
                component=component,
                kind=kind,
                failure=fill(spec["failure"]),
                detection=fill(spec["detection"]),
                blast_radius=fill(spec["blast_radius"]),
                mitigation=_outboxed(draft, fill(spec["mitigation"])),
                degraded=fill(spec["degraded"]),
            )
        )

    single = draft.tiny or not multi_zone
    for deployable in draft.deployables:
        services = ", ".join(deployable.services)
        if deployable.kind == "realtime":
            row(deployable.name, "realtime gateway", _audience(draft, deployable.services))
        elif deployable.kind == "worker":
            row(deployable.name, "queue worker", _consumed(draft, deployable.services) or services or "its own jobs")
        elif any(s.kind == "ingest" for s in draft.services if s.name in deployable.services):
            row(deployable.name, "ingest edge", services)
        else:
            row(
                deployable.name,
                "single web service" if single and len(draft.deployables) == 1 else "web service",
                services,
            )
    for store in draft.stores:
        tech = draft.catalog.technology(store.technology)
        failover = (
            "a few seconds"  # no failover step: the other replicas already take the writes
            if tech and tech.failover_s == 0
            else f"about {tech.failover_s:.0f} s"
            if tech and tech.failover_s is not None
            else "about a minute"
        )
        row(
            store.name,
            _kind_of_store(store.kind, multi_zone, draft.catalog.engine(tech).copies if tech else None),
            ", ".join(store.entities or store.files) or store.purpose,
            failover,
        )
    if draft.topology is not None and draft.topology.cells:
        row("global directory", "global directory", (draft.topology.homed_by or "tenant").split(".")[0])
    for cache in draft.caches:
        if cache.placement == "distributed":
            row(cache.name, "cache", ", ".join(cache.entities))
    clusters: dict[str, list[Channel]] = {}
    for channel in draft.channels:
        clusters.setdefault(channel.cluster or channel.name, []).append(channel)
    for cluster, channels in clusters.items():
        events = ", ".join(e.name for e in draft.events if e.channel in {c.name for c in channels})
        kind = "job table" if "job table" in channels[0].technology else channels[0].kind
        if channels[0].delivery == "at-most-once" and any(s.name == cluster for s in draft.stores):
            row(channels[0].name, "signal channel", events)  # rides a live store whose own row covers its nodes
            continue
        row(cluster, kind if kind in kinds else "queue", events)
        journeys = _waiting(draft).get(cluster)
        if journeys:  # the broker is on their path: its outage stops them, its availability is part of theirs
            known, named = critical_path(), join(journeys)
            out[-1].degraded = known.degraded.format(journeys=named)
            out[-1].mitigation = f"{out[-1].mitigation}; {known.mitigation.format(journeys=named)}"
    for live in draft.realtime:
        if live.protocol == "mqtt":
            row(live.name, "device gateway", ", ".join(live.use_cases))
        elif live.protocol == "mobile-push":
            row(live.name, "mobile push provider", ", ".join(live.use_cases))
    scheduled = {u.name: u for u in draft.req.use_cases}
    for job in draft.jobs:  # what it writes, not what it does: that is said once, where the jobs are listed
        writes = scheduled[job.use_case].writes if job.use_case in scheduled else []
        row(job.name, "scheduled job", f"what it writes ({join(writes)})" if writes else "its output")
    for integration in draft.req.integrations:
        users = [u.name for u in draft.req.use_cases if integration.name in u.calls]
        if users or integration.direction == "outbound":
            row(
                integration.name, "external service", ", ".join(users) or "its callers", retry=retry(draft, integration)
            )
        if integration.direction != "outbound":
            # any app that posts has no API to reconcile against: what it failed to post is its own to resend
            sender = "incoming app webhooks" if arbitrary_sender(draft.req, integration.name) else "inbound webhooks"
            row(f"{integration.name} webhooks", sender, integration.name)
    people = any(r.kind == "person" for r in draft.req.users.roles)
    if people and draft.security is None:
        row("identity provider", "identity provider", "sign-in")
    if multi_zone:
        databases = [s for s in draft.stores if s.kind in DATABASE_KINDS]
        row("zone", "zone", "", peers=_zone_copies(draft, databases, lost=True) if databases else "no database")
    peers = {
        "active-active": "traffic shifts to the other region by DNS health checks; its data is already there",
        "hot-standby": "health checks promote the standby region's replicas and move traffic there without a person "
        f"(the automation rehearsed {drills().default})",
        "warm-standby": "promote the standby region's replicas and scale it up (runbook, rehearsed "
        f"{drills().default})",
        "pilot-light": "start compute in the recovery region on the replicated data (runbook)",
        "backup-restore": "restore the latest backups into the recovery location (runbook)",
    }[strategy]
    # the figure, not the mechanism: "the replication lag" alone hides whether it is within the RPO
    rpo = draft.req.quality.rpo_minutes
    lag_lost = (
        f"about {duration(lost_minutes * 60)} of data (the replication lag"
        + (f", beyond {_rpo_words(rpo)})" if lost_minutes > rpo else ")")
        if lost_minutes
        else "the replication lag of data"
    )
    degraded = {
        "active-active": "the other regions take its users with the data they already hold; requests in flight "
        "when it fell fail and are retried",
        "hot-standby": "the users of that region are down for the few minutes the automatic promotion takes (within "
        f"the RTO and the month's error budget) and lose at most {lag_lost}",
        "warm-standby": "the users of that region are down until the standby is promoted (within the RTO) and lose "
        f"at most {lag_lost}",
        "pilot-light": "the users of that region are down until compute starts on the replicated data (within the "
        f"RTO) and lose at most {lag_lost}",
        "backup-restore": "the users of that region are down until the restore completes (within the RTO) and lose "
        "at most the RPO of data",
    }[strategy]
    if late:
        degraded = degraded.replace("(within the RTO)", f"({late})")
    row("region", "region", "", failover=degraded, peers=peers)
    if draft.topology is not None and len(draft.topology.regions) > 1 and strategy != "active-active":
        out += _regions_by_role(draft, out[-1], lag_lost, late, strategy == "hot-standby")
    elif draft.topology is not None and len(draft.topology.regions) > 1:
        # every region takes writes: the loss of any one of them is the same row, naming each
        names = join([r.name for r in draft.topology.regions])
        out[-1].blast_radius = f"the users served from whichever region is lost (any one of {names})"
    generic = {f.component for f in out}
    for found in draft.patterns:  # highest precedence first: a pattern's row replaces the generic one, not another's
        for spec in (f for f in found.pattern.contributes.failure_modes if found.allows(f)):
            component = text(draft, found, spec.component)
            if component not in generic and any(f.component == component for f in out):
                continue
            generic.discard(component)
            out = [f for f in out if f.component != component]
            draft.credit(found.pattern.id, f"failure mode of {component}")
            out.append(
                FailureMode(
                    component=component,
                    kind=spec.kind,
                    failure=text(draft, found, spec.failure),
                    detection=text(draft, found, spec.detection),
                    blast_radius=text(draft, found, spec.blast_radius),
                    mitigation=text(draft, found, spec.mitigation),
                    degraded=text(draft, found, spec.degraded),
                )
            )
    return out


def _regions_by_role(
    draft: Draft, primary_row: FailureMode, lost: str, late: str, automatic: bool
) -> list[FailureMode]:
    """What each region's loss does by its role: the primary's row says every area's writes stop with it (and
    which regions keep serving reads); each serving, home and standby region gets a row of its own, promoted by
    health checks where the topology is `automatic` (a hot standby)."""
    assert draft.topology is not None
    known, regions = region_loss(), draft.topology.regions
    primary = regions[0].name
    rto = late or f"the RTO of {duration(draft.req.quality.rto_minutes * 60)}"
    serving = [r.name for r in regions if r.role == "serving"]
    if draft.topology.cells:
        primary_row.blast_radius = known.primary_cell.format(region=primary)
    else:
        primary_row.blast_radius = known.primary_blast.format(region=primary) + (
            known.primary_reads.format(serving=join(serving)) if serving else ""
        )
        primary_row.degraded = primary_row.degraded.replace(
            "the users of that region are", "every area's writes are" if serving else "every user is"
        )
    out = []
    for region in regions[1:]:
        spec = known.roles.get(region.role)
        if spec is None:
            continue
        standby = next((r.name for r in regions if r.recovers == region.name), "another region of its area")
        words = {
            "region": region.name,
            "primary": primary,
            "standby": standby,
            "recovers": region.recovers or primary,
            "rto": rto,
            "lost": lost,
        }
        out.append(
            FailureMode(
                component=region.name,
                kind=spec.kind,
                failure="the whole region is lost",
                detection="synthetic probes from outside the region",
                blast_radius=spec.blast_radius.format(**words),
                mitigation=((automatic and spec.automatic_mitigation) or spec.mitigation).format(**words),
                degraded=((automatic and spec.automatic_degraded) or spec.degraded).format(**words),
            )
        )
    return out


def _audience(draft: Draft, services: list[str]) -> str:
    channels = [c for c in draft.realtime if c.service in services]
    roles = sorted({r for c in channels for r in c.audience})
    return "the connected " + ", ".join(roles) if roles else "its clients"


def _consumed(draft: Draft, services: list[str]) -> str:
    return ", ".join(e.name for e in draft.events if set(e.consumers) & set(services))


def _backups(draft: Draft, strategy: str, standby: bool) -> list[Backup]:
    rpo = draft.req.quality.rpo_minutes
    archived = _logs_archived(draft, [s for s in draft.stores if s.kind in DATABASE_KINDS])
    out = []
    for store in draft.stores:
        tech = draft.catalog.technology(store.technology) or Technology(name=store.technology)
        where = "; " + backup_copy(tech, standby)
        docs, rebuild = rebuild_s(draft.req, store.entities)
        took = f"{duration(rebuild)} for {amount(docs)} documents at {number(BULK_INDEX_RATE.value)} a second"
        fits = rebuild <= draft.req.quality.rto_minutes * 60
        rto = duration(draft.req.quality.rto_minutes * 60)
        if store.kind == "search" and tech.backup_days == 0 and fits:
            method = "none: the service keeps no backup of an index; a full reindex from the system of record "
            method += f"rebuilds it ({took}, within the RTO of {rto})"
            frequency, retention, meets = "n/a", "n/a", True
        elif store.kind == "search" and tech.backup_days == 0:
            # no snapshots, and a reindex outlasts the RTO: a second copy kept in step is the recovery
            method = "a second index kept in step from the change stream (a replica on other nodes) takes over; "
            method += f"a full reindex from the system of record takes {took}, beyond the RTO of {rto}, so it only "
            method += "replaces a lost replica"
            frequency, retention, meets = "continuous", "n/a", True
        elif store.kind == "search" and fits:
            method = f"index snapshots; the index is rebuilt from the system of record if lost ({took}, within "
            method += f"the RTO of {rto})"
            frequency, retention, meets = "daily", "7 days", True
        elif store.kind == "search":
            # a rebuild longer than the RTO cannot be the recovery: the snapshot is, taken within the RPO
            method = "index snapshots, restored and caught up from the change stream from the snapshot's position; "
            method += f"a full rebuild from the system of record takes {took}, beyond the RTO of {rto}, so it only "
            method += "replaces a lost snapshot"
            frequency, retention, meets = "hourly", "7 days", True
        elif store.kind == "in-memory" and store.entities:
            # the only copy of live state: nothing derives it, the clients' next updates write it again
            method = f"none: live state of {', '.join(store.entities)} that its stream rewrites; after a loss it "
            method += "refills from the next updates, and what was there in between is gone"
            frequency, retention, meets = "n/a", "n/a", True
        elif store.kind == "in-memory":
            method = "none: derived data, refilled from its source on loss"
            frequency, retention, meets = "n/a", "n/a", True
        elif store.kind == "object":
            lag_s = _or(tech.replica_lag_s, 900)
            # the files are users' data as much as the rows: a region's loss must not lose them, standby or not
            place = "the recovery region" if standby else _files_region(draft)
            copied = tech.regions in ("synchronous", "asynchronous") and bool(store.files or standby)
            method = "object versioning" + (
                f" with replication to {place} (up to {duration(lag_s)} behind)" if copied else ""
            )
            if copied:
                # holding an upload for a copy that trails by minutes would break its latency: the copy's lag is the
                # files' RPO, stated on its own
                method += f"; {UPLOAD_ACKNOWLEDGED}, so the copy's lag is the files' RPO"
            frequency, retention = "continuous", "30 days of versions"
            meets = not (standby and lag_s > rpo * 60)
        elif store.kind == "warehouse" and any(e.store == store.name for e in draft.entities):
            held = ", ".join(e.name for e in draft.entities if e.store == store.name)
            # the system of record: its snapshots stay in its region, so a copy of the tables must leave it
            method = "time travel for mistakes, daily table snapshots, and a daily copy of every table to "
            method += f"{'the recovery region' if standby else 'another region in the same area'}: it is the "
            method += f"system of record of {held}"
            frequency, retention, meets = "daily", "35 days", True
        elif store.kind == "warehouse":
            method = "reloadable from the operational data and the change stream; time travel for mistakes"
            frequency, retention, meets = "continuous", "7 days", True
        else:
            pitr = tech.pitr_s
            method = point_in_time(tech)
            uncopied = voting_regions_short(draft, tech) and not second_cluster(draft, tech)
            if standby and strategy != "backup-restore" and second_cluster(draft, tech):
                method += ", plus asynchronous replication to a second cluster in the recovery region"
            elif standby and strategy != "backup-restore" and not uncopied:
                method += f", plus {tech.regions or 'asynchronous'} replication to the recovery region"
            replicated = (
                standby
                and strategy != "backup-restore"
                and tech.regions in ("synchronous", "asynchronous")
                and not uncopied
            )
            frequency = (
                "continuous" if pitr != 0 else "daily snapshots; replication continuous" if replicated else "daily"
            )
            if strategy == "backup-restore" and pitr != 0 and tech.backup_region != "paired" and not archived:
                # the strategy says so where every database's log leaves the region; otherwise each says its own
                method += "; its point-in-time log copied out of the region continuously, as it is written"
            if pitr == 0 and replicated:
                # a copy kept in step copies a faulty release's writes too: only the snapshot undoes them
                method += "; a faulty release's writes replicate too, and undoing them restores the last snapshot "
                method += "(up to a day lost)"
            retention = f"{tech.backup_days:g} days" if tech.backup_days else "35 days"
            lag = _or(tech.replica_lag_s, 60) / 60 if standby and tech.regions == "asynchronous" else None
            if standby and strategy != "backup-restore" and second_cluster(draft, tech):
                lag = constant("standby_cluster_lag_s").value / 60
            worst = (
                lag
                if lag is not None
                else (
                    0.0
                    if tech.regions == "synchronous" and standby and not uncopied
                    else _or(pitr, 300) / 60
                    if pitr != 0
                    else 24 * 60
                )
            )
            if not replicated and tech.backup_lag_s:
                worst = max(worst, tech.backup_lag_s / 60)  # a region's loss restores the copy that trails
            if pitr == 0:
                worst = max(worst, 24 * 60.0)  # a faulty release's writes are undone only by the last snapshot
            meets = worst <= rpo
            if meets and pitr and pitr > rpo * 60:
                # the backups alone would not meet it: say which copy does, so the granularity is not read as the RPO
                behind = f"at most {duration(worst * 60)} behind" if worst else "kept in step"
                method += f"; the RPO holds through the copy in the recovery region ({behind}), not the backups, "
                method += f"whose point-in-time granularity of {duration(pitr)} bounds only undoing a faulty release"
        if (
            any(w in method for w in ("recovery region", "another region", "replication to"))
            or store.kind == "in-memory"
            or method.startswith("none")
        ):
            where = ""  # the method says where the copies are already
        if store.kind not in ("search", "in-memory"):  # an index or a cache is rebuilt from the store, not the sources
            where += _sent_again(draft, store.entities)
        store.backup = method + where
        out.append(
            Backup(
                store=store.name,
                method=method + where,
                frequency=frequency,
                retention=retention,
                restore_drill=f"{drills().default}: rebuild it from its source in a scratch environment, compare "
                "document counts, and time it against the RTO"
                if store.kind == "search" and method.startswith("none")
                else f"{drills().default}: restore into a scratch environment, verify row counts and checksums, "
                "and time it against the RTO",
                meets_rpo=meets,
            )
        )
    return out


def _ways_to_meet(draft: Draft, lost_minutes: float, zones_synchronous: bool) -> str:
    """The two ways a region's loss can be settled when it costs more data than the RPO allows, with their numbers:
    commit in a second region (every commit waits the round trip between them), or accept the loss as measured."""
    assert draft.topology is not None
    q = draft.req.quality
    if lost_minutes <= q.rpo_minutes:
        return ""
    rtt = commit_rtt_ms(draft.topology.regions[0].area)
    wait = f", so every commit waits about {rtt:g} ms more" if rtt is not None else ""
    zone = (
        " A zone's loss loses nothing either way: every commit is synchronous across the zones."
        if zones_synchronous
        else ""
    )
    return (
        f" Two ways settle it: confirm each write in a second region before it commits (an engine that replicates "
        f"synchronously across regions{wait}, at the cost of that engine), or accept that a region's loss loses up "
        f"to {duration(lost_minutes * 60)} of writes against {_rpo_words(q.rpo_minutes)}, and recover "
        f"them from the parties that sent them.{zone}"
    )


def _rpo_words(rpo_minutes: float) -> str:
    """'the RPO of 15 minutes', or 'an RPO of zero' when nothing may be lost."""
    return f"the RPO of {duration(rpo_minutes * 60)}" if rpo_minutes else "an RPO of zero"


def _zone_safe(draft: Draft, store: DataStore) -> bool:
    """Whether a zone's loss loses no committed write of the store: a synchronous standby, or copies the engine or
    service commits in several zones at once."""
    tech = draft.catalog.technology(store.technology) or Technology(name=store.technology)
    return tech.zones == "synchronous" or draft.catalog.engine(tech).copies in ("consensus", "service")


def _point_to_question(draft: Draft, backups: list[Backup], question: str) -> None:
    """A backup row that misses the RPO names the question that settles it, so the table never says 'no' alone."""
    for backup in (b for b in backups if not b.meets_rpo):
        backup.method += f"; short of the RPO: open, put to the owner in {question}"
        for store in (s for s in draft.stores if s.name == backup.store):
            store.backup = backup.method


def _logs_archived(draft: Draft, databases: list[DataStore]) -> bool:
    """Whether every database keeps a point-in-time log whose copy the design places (not the provider's paired
    region, which trails by its own lag): then the log goes out of the region as it is written."""
    techs = [draft.catalog.technology(s.technology) for s in databases]
    return bool(techs) and all(t is not None and t.pitr_s != 0 and t.backup_region != "paired" for t in techs)


def _short_backups(draft: Draft, backups: list[Backup]) -> list[str]:
    """Why the backups that cannot meet the RPO fall short, and what would close it, one line per technology."""
    short: dict[str, list[str]] = {}
    for backup in (b for b in backups if not b.meets_rpo):
        store = next(s for s in draft.stores if s.name == backup.store)
        tech = draft.catalog.technology(store.technology) or Technology(name=store.technology)
        if store.kind == "object":
            lag = duration(_or(tech.replica_lag_s, 900))
            why = f"files reach the recovery region up to {lag} behind, and that lag is their RPO (an upload is "
            why += (
                "acknowledged once its own region has stored it, never held for the copy; replication with a shorter "
            )
            why += "guaranteed lag, or an RPO for files of that lag, would close it)"
        elif tech.pitr_s == 0:
            why = f"no point-in-time recovery ({tech.name}), so a faulty release's writes, which reach every copy, "
            why += "are undone only by the last daily snapshot (an engine with point-in-time recovery would close that)"
        else:
            why = "backups not recent enough for the RPO"
        short.setdefault(why, []).append(store.name)
    return [f"{join(names)}: {why}" for why, names in short.items()]


def _sent_again(draft: Draft, entities: list[str]) -> str:
    """What the sources can send again after a restore: clients that keep and resend what they sent, and providers
    a scheduled import can ask to extract a period again; they bring back what a restore to an older point lost."""
    writers = [u for u in draft.req.use_cases if set(entities) & set(u.writes)]
    resent = [u for u in writers if resend_hours([u.description or ""])]
    parts = []
    if resent:
        hours = max(resend_hours([u.description or ""]) for u in resent)
        parts.append(f"the senders of {join(u.name for u in resent)} resend the last {duration(hours * 3600)}")
    # an import that reads nothing of ours writes what it fetched: the provider holds it and can send it again
    pulled = sorted({c for u in writers if u.interaction == "scheduled" and not u.reads for c in u.calls})
    if pulled:
        parts.append(f"{join(pulled)} extract{'s' if len(pulled) == 1 else ''} again the periods since it")
    if not parts:
        return ""
    # only what those sources write comes back: other records written since the restore point stay lost
    sources = resent + [u for u in writers if u.interaction == "scheduled" and not u.reads]
    back = sorted({e for u in sources for e in u.writes} & set(entities))
    return f"; after a restore, {join(parts)}, so the {join(back)} records written after the restore point come back"


def _backup_region(draft: Draft, store: DataStore) -> str | None:
    """Where a store's technology copies its backups (paired: the provider picks the region), if the catalog says."""
    entry = draft.catalog.technology(store.technology)
    return entry.backup_region if entry is not None else None


def _region_writes(draft: Draft, technology: str) -> str | None:
    """Whether a technology takes writes in one region or in every region (None: the catalog does not say)."""
    entry = draft.catalog.technology(technology)
    return entry.region_writes if entry is not None else None


def _or(value: float | None, default: float) -> float:
    """A capability's value, or a default when the catalog does not say (0 is a value, not a gap)."""
    return default if value is None else value


def _degradation(draft: Draft) -> list[str]:
    out = []
    if any(c.placement == "distributed" for c in draft.caches):
        out.append("cache down: responses slow down but stay correct; the edge tightens rate limits")
    if any(s.kind == "search" for s in draft.stores):
        out.append("search down: search answers 503 with Retry-After; browsing by id and lists still work")
    for integration in draft.req.integrations:
        users = [u.name for u in draft.req.use_cases if integration.name in u.calls]
        carried = carried_by(draft.req, integration.name)
        takeover = region_loss().takeover(integration.kind)
        if carried and takeover:
            # on their path, with a known stand-in: they slow down rather than stop
            rest = f"; {join(users[:3])} answer with a clear error or complete later" if users else ""
            out.append(
                f"{integration.name} down: {join(carried)} {'goes' if len(carried) == 1 else 'go'} on: {takeover}{rest}"
            )
        elif carried:
            # it is on their path, not called from it: nothing answers in its place, so they stop
            rest = f"{join(users[:3])} answer with a clear error or complete later" if users else "the rest works"
            one = len(carried) == 1
            out.append(
                f"{integration.name} down: {join(carried)} {'stops' if one else 'stop'}, since {integration.name} "
                f"carries {'it' if one else 'them'} and nothing in the design serves {'it' if one else 'them'} in its "
                f"place; {rest}"
            )
        elif users:
            out.append(
                f"{integration.name} down: {', '.join(users[:3])} answer with a clear error or complete later; "
                "everything else keeps working"
            )
    if any("job table" not in c.technology for c in draft.channels):  # a job table fails with its database
        direct = publish_directly(draft)
        waiting = [j for js in _waiting(draft).values() for j in js]
        if waiting:
            out.append(
                critical_path().outage.format(journeys=join(list(dict.fromkeys(waiting))))
                + ("; events wait in the outbox and are published later" if any(e.outbox for e in draft.events) else "")
                + (f"; {direct}" if direct else "")
            )
        elif any(e.outbox for e in draft.events):
            out.append(
                "broker down: writes still succeed; events wait in the outbox and are published later"
                + (f"; {direct}" if direct else "")
            )
        elif direct:
            out.append(f"broker down: {direct}")
    if any(s.read_replicas for s in draft.stores):
        out.append("read replicas lagging: reads that must be fresh go to the primary")
    if held_open(draft.realtime):
        out.append(
            "live connections down: clients fall back to reading the latest state on demand until they reconnect"
        )
    for found in draft.patterns:
        modes = [text(draft, found, d) for d in found.lines(found.pattern.contributes.degradation)]
        if modes:
            draft.credit(found.pattern.id, "degraded modes")
        out += modes
    return out


def _record(draft: Draft, decision_id: str, strategy: str) -> None:
    q = draft.req.quality
    assert draft.reliability is not None
    draft.trace(
        requirement="quality.availability",
        statement=f"{q.availability:g} % monthly availability",
        elements=[count(draft.reliability.zones_per_region, "zone"), *(d.name for d in draft.deployables)],
        decisions=[decision_id],
    )
    draft.trace(
        requirement="quality.rpo_minutes",
        statement=f"lose at most {q.rpo_minutes:g} minutes of data",
        elements=[b.store for b in draft.reliability.backups],
        decisions=[decision_id],
    )
    draft.trace(
        requirement="quality.rto_minutes",
        statement=f"recover within {q.rto_minutes:g} minutes",
        elements=[strategy],
        decisions=[decision_id],
    )
    if draft.req.compliance.data_residency:
        draft.trace(
            requirement="compliance.data_residency",
            statement=f"personal data stays in {', '.join(draft.req.compliance.data_residency)}",
            elements=[r.name for r in draft.topology.regions if r.personal_data] if draft.topology else [],
            decisions=[draft.topology.decision] if draft.topology and draft.topology.decision else [],
        )
