"""Rules about what the text says a store's technology does for recovery: point-in-time recovery, a standby to fail
over to, copies in other regions (synchronous or not), where backups go, how durable files are, and the engine's own
features. Every page must say what the catalogue (technologies.yaml) says the chosen technology has, and the pages
must agree with each other about each store."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from archgen.capacity.recovery import zone_loss_share
from archgen.common.english import FRACTIONS
from archgen.design.model import DATABASE_KINDS, DataStore
from archgen.knowledge.catalog import Catalog, Claim, Technology
from archgen.review.engine import Found, KeyPath, Problem, Subject, rule

# A sentence that denies a feature speaks of its absence, not its presence.
DENIED = re.compile(r"\b(no|not|without|lacks|cannot|never|nor)\b")
PITR = re.compile(r"point-in-time (recovery|restore)|\bpitr\b")
ASYNC_COPY = re.compile(
    r"(?<![a-z])(fed asynchronously|asynchronous (copy|copies|replication|replica|replicas|second cluster)|"
    r"second cluster[^.;]*asynchronously|asynchronously[^.;]*second cluster)"
)
SYNC_COPY = re.compile(
    r"(?<![a-z])synchronous (copy|copies|replication) (in|to) (the|another|a|each) [^.;]*region|"
    r"(?<![a-z])(replicated|replicates|copied) synchronously (across|to) (regions|another region|the recovery region)"
)
STANDBY_FAILOVER = re.compile(r"fails? over to (their|its|the) (synchronous )?standby")
NINES = re.compile(r"\b(eleven|twelve|thirteen|fourteen|fifteen|sixteen) nines\b")
ELSEWHERE = re.compile(r"\b(another region|a second region|the recovery region|other regions?)\b")
# Words that name every database at once ("databases fail over ...", "backups are copied ..."): a sentence that
# names no store speaks of all of them.
ALL_DATABASES = re.compile(r"\b(databases|every database|each database|backups?)\b")


@dataclass(frozen=True)
class Said:
    """One sentence of the design, where it is, and the stores it speaks of."""

    element: str
    at: KeyPath
    sentence: str
    stores: tuple[DataStore, ...]


def _catalog(subject: Subject) -> Catalog:
    return Catalog(subject.design.deployment.cloud, [], [])


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.;:])\s+", text.lower()) if s.strip()]


def _texts(subject: Subject) -> Iterator[tuple[str, KeyPath, str, list[DataStore]]]:
    """Every text that may say how a store recovers, with the stores it belongs to (named stores win later)."""
    design = subject.design
    stores = list(design.stores)
    databases = [s for s in stores if s.kind in DATABASE_KINDS]
    for i, store in enumerate(stores):
        yield store.name, ("stores", i, "replication"), store.replication, [store]
        yield store.name, ("stores", i, "backup"), store.backup, [store]
        yield store.name, ("stores", i, "purpose"), store.purpose, [store]
    for i, decision in enumerate(design.decisions):
        decided = [s for s in stores if s.decision == decision.id or s.technology == decision.decision]
        chosen = next((o for o in decision.options if o.name == decision.decision), None)
        if chosen is not None:
            j = decision.options.index(chosen)
            yield decision.id, ("decisions", i, "options", j, "summary"), chosen.summary, decided
        yield decision.id, ("decisions", i, "rationale"), decision.rationale, decided
        for j, line in enumerate(decision.consequences):
            yield decision.id, ("decisions", i, "consequences", j), line, decided
    reliability = design.reliability
    yield "reliability", ("reliability", "strategy"), reliability.strategy, []
    for i, backup in enumerate(reliability.backups):
        owned = [s for s in stores if s.name == backup.store]
        yield backup.store, ("reliability", "backups", i, "method"), backup.method, owned
    for i, mode in enumerate(reliability.failure_modes):
        whole = databases if mode.kind in ("zone", "region") else []  # a zone or region holds every database
        owned = [s for s in stores if s.name == mode.component] or whole
        yield mode.component, ("reliability", "failure_modes", i, "mitigation"), mode.mitigation, owned
        yield mode.component, ("reliability", "failure_modes", i, "degraded"), mode.degraded, owned
    for i, risk in enumerate(design.risks):
        yield risk.id, ("risks", i, "mitigation"), risk.mitigation, []
        yield risk.id, ("risks", i, "description"), risk.description, []
    for i, control in enumerate(design.security.controls):
        yield f"{control.regime}: {control.requirement}", ("security", "controls", i, "measure"), control.measure, []


def said(subject: Subject) -> Iterator[Said]:
    """Each sentence with the stores it speaks of: those it names, else those of its text, else every database when
    it speaks of databases at large."""
    databases = tuple(s for s in subject.design.stores if s.kind in DATABASE_KINDS)
    for element, at, text, owned in _texts(subject):
        for sentence in _sentences(text):
            named = tuple(s for s in subject.design.stores if re.search(rf"\b{re.escape(s.name.lower())}\b", sentence))
            stores = named or tuple(owned) or (databases if ALL_DATABASES.search(sentence) else ())
            if stores:
                yield Said(element, at, sentence, stores)


def _tech(catalog: Catalog, store: DataStore) -> Technology | None:
    return catalog.technology(store.technology)


def _lacks(catalog: Catalog, store: DataStore, sentence: str) -> str | None:
    """What a sentence says the store's technology does for recovery that the catalogue says it does not."""
    tech = _tech(catalog, store)
    if tech is None:
        return None
    denied = bool(DENIED.search(sentence))
    if PITR.search(sentence) and not denied and tech.pitr_s == 0:
        return "point-in-time recovery, but it keeps no point-in-time log (only full snapshots)"
    if ASYNC_COPY.search(sentence) and not denied:
        if tech.regions == "none":
            return "an asynchronous copy in another region, but it copies to no other region"
        if tech.regions == "synchronous" and tech.standby_cluster is False:
            return "an asynchronous copy in another region, but its only copy across regions is synchronous peering"
    if SYNC_COPY.search(sentence) and not denied and tech.regions in ("asynchronous", "none"):
        return f"a synchronous copy in another region, but it copies {tech.regions} across regions"
    if store.kind in DATABASE_KINDS and STANDBY_FAILOVER.search(sentence) and not denied:
        engine = catalog.engine(tech)
        if engine.copies not in (None, "primary-standby"):
            return f"a standby it fails over to, but it keeps its copies by {engine.copies}: there is no standby"
    return None


@rule("CLM010", "error", "claims", "Recovery feature the store's technology does not have")
def recovery_feature(subject: Subject) -> Found:
    """A decision, the reliability page, a risk or a control says a store recovers by a feature its technology
    lacks: point-in-time recovery where the engine keeps only snapshots, an asynchronous copy in another region on one
    whose only cross-region copy is synchronous peering, a synchronous copy on one that copies asynchronously, a
    standby to fail over to when the engine commits by consensus."""
    catalog = _catalog(subject)
    for found in said(subject):
        short: dict[str, list[str]] = {}
        for store in found.stores:
            lack = _lacks(catalog, store, found.sentence)
            if lack is not None:
                short.setdefault(lack, []).append(store.name)
        for lack, names in short.items():
            yield Problem(
                element=found.element,
                at=found.at,
                message=f"says {', '.join(names)} {'has' if len(names) == 1 else 'have'} {lack}",
                fix="say what the technology does (its catalogue entry), or choose a technology that has the feature",
            )


def _stance(sentence: str) -> dict[str, str]:
    """What a sentence says of a store's recovery: point-in-time recovery yes or no, its copy across regions
    synchronous or asynchronous."""
    out = {}
    if PITR.search(sentence):
        out["point-in-time recovery"] = "none" if DENIED.search(sentence) else "kept"
    if SYNC_COPY.search(sentence) and not DENIED.search(sentence):
        out["copy in another region"] = "synchronous"
    elif ASYNC_COPY.search(sentence) and not DENIED.search(sentence):
        out["copy in another region"] = "asynchronous"
    return out


@rule("CLM011", "error", "claims", "Pages disagree about a store's recovery")
def recovery_disagrees(subject: Subject) -> Found:
    """Two texts say different things about the same store's recovery: one keeps point-in-time recovery and another
    says there is none, or one calls its copy in another region synchronous and another asynchronous."""
    first: dict[tuple[str, str], tuple[str, Said]] = {}
    reported: set[tuple[str, str]] = set()
    for found in said(subject):
        for feature, value in _stance(found.sentence).items():
            for store in found.stores:
                key = (store.name, feature)
                earlier = first.setdefault(key, (value, found))
                if earlier[0] != value and key not in reported:
                    reported.add(key)
                    yield Problem(
                        element=store.name,
                        at=found.at,
                        message=f"says its {feature} is {value}, but {earlier[1].element} "
                        f"({'.'.join(str(p) for p in earlier[1].at)}) says {earlier[0]}",
                        fix="derive both texts from the store's technology and the reliability plan, so they agree",
                    )


def _floor_s(subject: Subject, tech: Technology) -> float | None:
    """The least data (seconds) a region's loss costs with this technology and this design's topology."""
    design = subject.design
    standby = design.topology is not None and any(r.role == "standby" for r in design.topology.regions)
    if standby and design.reliability.topology != "backup-restore" and tech.regions == "synchronous":
        return 0.0
    if standby and design.reliability.topology != "backup-restore" and tech.regions == "asynchronous":
        return tech.replica_lag_s
    if tech.pitr_s is None:
        return None
    restore = tech.pitr_s if tech.pitr_s else 24 * 3600.0
    return max(restore, tech.backup_lag_s or 0.0)


@rule("CLM012", "error", "claims", "RPO claimed from a mechanism the technology lacks")
def rpo_from_missing_mechanism(subject: Subject) -> Found:
    """A store's backup is said to meet the RPO, but the copy its technology keeps in another region (the
    geo-redundant backup of the provider's paired region, the only copy there) trails by more than the RPO."""
    catalog = _catalog(subject)
    rpo_s = subject.req.quality.rpo_minutes * 60
    for i, backup in enumerate(subject.design.reliability.backups):
        store = subject.stores.get(backup.store)
        tech = _tech(catalog, store) if store is not None and store.kind in DATABASE_KINDS else None
        if tech is None or not backup.meets_rpo or not tech.backup_lag_s:
            continue
        floor = _floor_s(subject, tech)
        if floor is not None and floor > rpo_s:
            yield Problem(
                element=backup.store,
                at=("reliability", "backups", i, "meets_rpo"),
                message=f"said to meet the RPO of {rpo_s / 60:g} min, but {tech.name}'s copy in another region "
                f"trails by up to {floor / 60:g} min",
                fix="replicate to the recovery region within the RPO, or agree the RPO the backups can meet",
            )


@rule("CLM013", "error", "claims", "Engine feature the store's engine does not have")
def engine_terms(subject: Subject) -> Found:
    """A risk, control, job, failure mode or backup names a feature of another engine (tsvector and GIN indexes,
    exclusion constraints, row locks, partitions dropped whole) for a store whose engine lacks it."""
    catalog = _catalog(subject)
    texts = list(_texts(subject)) + [
        (job.name, ("jobs", i, "description"), job.description, []) for i, job in enumerate(subject.design.jobs)
    ]
    for element, at, text, owned in texts:
        if at[0] in ("decisions", "stores"):
            continue  # decisions and store descriptions are read by ENG002
        for sentence in _sentences(text):
            for claim in catalog.promised(sentence):
                # a sentence names its stores, else its text's; else it speaks of the stores the feature belongs to
                named = [s for s in subject.design.stores if s.name.lower() in sentence] or owned
                stores = named or [s for s in subject.design.stores if s.kind in claim.kinds and s.entities]
                yield from _unkept(catalog, element, at, claim, stores)


def _unkept(catalog: Catalog, element: str, at: KeyPath, claim: Claim, stores: list[DataStore]) -> Found:
    """The problem of a claim some of the stores' engines cannot keep."""
    short = []
    for store in stores:
        tech = _tech(catalog, store)
        engine = catalog.engine(tech) if tech is not None and tech.engine else None
        if engine is not None and not engine.has(claim.needs):
            short.append(f"{store.name} ({engine.name} lacks {'; '.join(engine.lacks(claim.needs))})")
    if short:
        yield Problem(
            element=element,
            at=at,
            message=f"names {claim.feature} for {', '.join(short)}",
            fix="say what the store's engine does instead (its catalogue entry), or choose an engine that has it",
        )


@rule("CLM014", "error", "claims", "Durability or backup location the technology does not give")
def durability_class(subject: Subject) -> Found:
    """A store's files are said to be kept at a durability its technology's class does not give (eleven nines for
    zone-redundant storage of twelve), or its backups are placed in a region of the design's choosing when the
    provider copies them to the paired region only."""
    catalog = _catalog(subject)
    for found in said(subject):
        for store in found.stores:
            tech = _tech(catalog, store)
            if tech is None:
                continue
            nines = NINES.search(found.sentence)
            if nines and tech.durability and nines.group(0) not in tech.durability.lower():
                yield Problem(
                    element=found.element,
                    at=found.at,
                    message=f"says {store.name} keeps {nines.group(0)}, but {tech.name} gives {tech.durability}",
                    fix="state the durability of the redundancy class the design chooses, from the catalogue",
                )
            elsewhere = ELSEWHERE.search(found.sentence)
            if (
                tech.backup_region == "paired"
                and "backup" in found.sentence
                and elsewhere
                and "paired" not in found.sentence
                and not DENIED.search(found.sentence)
            ):
                yield Problem(
                    element=found.element,
                    at=found.at,
                    message=f"says the backups of {store.name} go to {elsewhere.group(0)}, but {tech.name} copies "
                    "them to the provider's paired region only",
                    fix="name the paired region (and check it lies inside the residency), or replicate to a region "
                    "the design chooses",
                )


SHARE = re.compile(r"drops? by (half|a third|a quarter|a fifth|a sixth|1/\d+)")


@rule("CLM015", "error", "claims", "Zone-loss capacity the instances do not give")
def zone_share(subject: Subject) -> Found:
    """A zone's failure mode says how much capacity its loss takes ("drops by a third"), but the deployables'
    minimum instances spread over the zones lose more: four instances in three zones lose half with the zone that
    holds two."""
    design = subject.design
    zones = design.reliability.zones_per_region
    shares = {v: 1 / k for k, v in FRACTIONS.items() if k > 1}
    for i, mode in enumerate(design.reliability.failure_modes):
        said_share = SHARE.search(mode.degraded.lower()) if mode.kind == "zone" else None
        if said_share is None:
            continue
        word = said_share.group(1)
        claimed = shares.get(word) or 1 / int(word.removeprefix("1/"))
        # a deployable with fewer instances than zones is AVL023's finding: the claim is checked against the rest
        served = [d for d in design.deployables if d.kind != "job" and d.scaling.min_instances >= zones]
        worst = max(served, key=lambda d: zone_loss_share(d.scaling.min_instances, zones), default=None)
        lost = zone_loss_share(worst.scaling.min_instances, zones) if worst is not None else 0.0
        if worst is not None and lost > claimed + 1e-9:
            yield Problem(
                element=mode.component,
                at=("reliability", "failure_modes", i, "degraded"),
                message=f"says capacity drops by {word}, but {worst.name} runs {worst.scaling.min_instances} "
                f"instances at minimum across {zones} zones, so a zone's loss takes {lost:.0%}",
                fix="put at least one instance in each zone and state the share from the minimum instances",
            )


ACTIVE_IN = re.compile(r"active-active in ([^;]+?)(?:, each across|;|$)")
WITNESS = re.compile(r"([a-z0-9-]+) as the witness region")
CONTINUOUS = re.compile(r"\bcontinuous(ly)?\b|\breplicat")


@rule("CLM016", "error", "claims", "Active-active over a region that only votes")
def witness_called_active(subject: Subject) -> Found:
    """The recovery topology names a region as active (serving traffic), but the stores' replication makes it the
    witness: it keeps the transaction log and has no endpoint to serve from."""
    design = subject.design
    active = ACTIVE_IN.search(design.reliability.strategy.lower())
    if active is None:
        return
    named = {r.strip() for r in re.split(r",| and ", active.group(1)) if r.strip()}
    witnesses = {w for s in design.stores for w in WITNESS.findall(s.replication.lower())}
    # a region another database keeps a full replica in serves that data: it only votes when every database does
    databases = [
        s for s in design.stores if s.entities and s.kind not in ("object", "in-memory", "search", "warehouse")
    ]
    if not all(WITNESS.search(s.replication.lower()) for s in databases):
        return
    for region in sorted(named & witnesses):
        yield Problem(
            element="reliability",
            at=("reliability", "strategy"),
            message=f"calls {region} active, but the stores' replication makes it the witness region (it keeps the "
            "transaction log and serves nothing)",
            fix="name only the regions that serve as active, and the witness as what it is",
        )


@rule("CLM017", "error", "claims", "Region-loss RPO without a copy leaving the region")
def region_rpo_without_copy(subject: Subject) -> Found:
    """With backup-restore, a database's backups are said to meet an RPO under a day, but nothing says its log or
    backups leave the region continuously: a region's loss then costs everything since the last copy made out of it
    (the paired region's copy is read by CLM012)."""
    design = subject.design
    rpo = subject.req.quality.rpo_minutes
    if design.reliability.topology != "backup-restore" or rpo >= 24 * 60:
        return
    catalog = _catalog(subject)
    strategy = design.reliability.strategy.lower()
    for i, backup in enumerate(design.reliability.backups):
        store = subject.stores.get(backup.store)
        tech = _tech(catalog, store) if store is not None and store.kind in DATABASE_KINDS else None
        if tech is None or not backup.meets_rpo or tech.backup_region == "paired":
            continue
        said = f"{strategy} {backup.method.lower()}"
        if not CONTINUOUS.search(said):
            yield Problem(
                element=backup.store,
                at=("reliability", "backups", i, "meets_rpo"),
                message=f"said to meet the RPO of {rpo:g} min when a region is lost, but nothing copies its log or "
                "backups out of the region continuously",
                fix="ship the point-in-time log to another region as it is written (and say so), or mark the RPO "
                "not met for a region's loss",
            )
