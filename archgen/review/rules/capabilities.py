"""Capability rules: what a design says a store's technology does (how it keeps copies across zones and regions,
how it shards, backs up and compresses, what an option is weighed on) is what the catalogue says it does."""

from __future__ import annotations

import re
from collections.abc import Iterator

from archgen.design.model import DATABASE_KINDS, DataStore
from archgen.knowledge.catalog import Catalog, Engine, Technology
from archgen.review.engine import Found, KeyPath, Problem, Subject, rule

# Words that describe a store by a primary and its standby, and words that describe copies agreeing by quorum.
PRIMARY_WORDS = re.compile(r"\b(primary|standby|promoted|promote)\b")
QUORUM_WORDS = re.compile(r"\b(consensus|raft|paxos|voting replicas|multi-active)\b")
# A copy in another region said to be synchronous ("asynchronous" does not match: no letter may precede it).
SYNC_COPY = re.compile(r"(?<![a-z])synchronous (copy|copies|replication|replica|replicas)\b")
DENIALS = ("no primary", "no standby", "nothing to promote")


def _catalog(subject: Subject) -> Catalog:
    return Catalog(subject.design.deployment.cloud, [], [])


def _known(catalog: Catalog, store: DataStore) -> tuple[Technology, Engine] | None:
    """The store's technology and engine, when the catalogue knows both (nothing is assumed otherwise)."""
    tech = catalog.technology(store.technology)
    if tech is None or tech.engine is None:
        return None
    return tech, catalog.engine(tech)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"[.;]\s+", text.lower()) if s]


def _copy_texts(subject: Subject, store: DataStore) -> Iterator[tuple[KeyPath, str]]:
    """Where a design says how a store keeps its copies: its replication, its backup, its failure modes."""
    i = subject.design.stores.index(store)
    yield ("stores", i, "replication"), store.replication
    for j, backup in enumerate(subject.design.reliability.backups):
        if backup.store == store.name:
            yield ("reliability", "backups", j, "method"), backup.method
    for j, mode in enumerate(subject.design.reliability.failure_modes):
        if mode.component == store.name:
            yield ("reliability", "failure_modes", j, "mitigation"), mode.mitigation


@rule("ENG010", "error", "availability", "Copies described in a model the engine does not use")
def copies_model(subject: Subject) -> Found:
    """A store is described with a primary and a standby to promote while its engine commits by consensus, takes
    writes on every replica or leaves the copies to the service; or as a consensus of voting replicas when the
    engine has a single writer with a failover copy."""
    catalog = _catalog(subject)
    for store in subject.design.stores:
        known = _known(catalog, store) if store.kind in DATABASE_KINDS else None
        if known is None or known[1].copies is None:
            continue
        tech, engine = known
        wrong = QUORUM_WORDS if engine.copies == "primary-standby" else PRIMARY_WORDS
        for path, text in _copy_texts(subject, store):
            said = [
                m.group(0) for s in _sentences(text) if not any(d in s for d in DENIALS) for m in [wrong.search(s)] if m
            ]
            if said:
                yield Problem(
                    element=store.name,
                    at=path,
                    message=f"speaks of a {said[0]}, but {tech.name} keeps its copies by {engine.copies}"
                    + (
                        " replication: there is no primary or standby to promote"
                        if engine.copies != "primary-standby"
                        else " replication (one primary, a standby promoted on failure)"
                    ),
                    fix="describe the copies, failover and recovery the way the engine keeps them",
                )
                break


@rule("ENG011", "error", "availability", "Synchronous copy in another region on asynchronous replication")
def synchronous_claim(subject: Subject) -> Found:
    """A store's replication or backup calls its copy in another region synchronous, while its technology copies
    to other regions asynchronously (or not at all): a region's loss costs the writes not yet copied."""
    catalog = _catalog(subject)
    for store in subject.design.stores:
        tech = catalog.technology(store.technology)
        if tech is None or tech.regions in (None, "synchronous"):
            continue
        for path, text in _copy_texts(subject, store):
            if SYNC_COPY.search(text.lower()):
                lag = f" (about {tech.replica_lag_s:g} s behind)" if tech.replica_lag_s else ""
                yield Problem(
                    element=store.name,
                    at=path,
                    message=f"calls its copy synchronous, but {tech.name} copies to other regions "
                    f"{'asynchronously' + lag if tech.regions == 'asynchronous' else 'not at all'}",
                    fix="say the copy is asynchronous and what a region's loss costs, or choose a technology that "
                    "replicates synchronously",
                )
                break


@rule("ENG012", "error", "availability", "Backup the technology does not take")
def backup_capability(subject: Subject) -> Found:
    """A backup plan relies on point-in-time recovery on a technology that keeps no point-in-time log, or on
    snapshots of a service that takes no backups at all."""
    catalog = _catalog(subject)
    stores = subject.stores
    for i, backup in enumerate(subject.design.reliability.backups):
        store = stores.get(backup.store)
        tech = catalog.technology(store.technology) if store is not None else None
        if tech is None:
            continue
        said = [s for s in _sentences(backup.method) if not any(d in s for d in ("has no", "no point-in-time"))]
        if tech.pitr_s == 0 and any("point-in-time" in s for s in said):
            lack = "keeps no point-in-time log (only snapshots)"
        elif tech.backup_days == 0 and any("snapshot" in s for s in said):
            lack = "takes no backups or snapshots"
        else:
            continue
        yield Problem(
            element=backup.store,
            at=("reliability", "backups", i, "method"),
            message=f"the backup relies on what {tech.name} {lack}",
            fix="back it up the way the technology can (snapshots, a rebuild from its source), and judge the RPO "
            "on that",
        )


@rule("ENG013", "error", "decisions", "Option weighed on a capability its technology lacks")
def option_capabilities(subject: Subject) -> Found:
    """A decision weighs a technology on a capability its engine lacks: foreign keys for an engine without them,
    one primary taking every write for one that commits by consensus, sharding as real work for one that shards
    itself."""
    catalog = _catalog(subject)
    for i, decision in enumerate(subject.design.decisions):
        for j, o in enumerate(decision.options):
            tech = catalog.technology(o.name)
            if tech is None or tech.engine is None:
                continue
            engine = catalog.engine(tech)
            for field, texts in (("pros", o.pros), ("cons", o.cons)):
                lacks = [
                    f"{claim.feature} ({'; '.join(engine.lacks(claim.needs))})"
                    for t in texts
                    for claim in catalog.promised(t)
                    if not engine.has(claim.needs)
                ]
                if lacks:
                    yield Problem(
                        element=decision.id,
                        at=("decisions", i, "options", j, field),
                        message=f"weighs {o.name} on {lacks[0]}, which {engine.name} does not have",
                        fix="weigh each option on what its engine does (its constraints, replication and sharding)",
                    )


@rule("ENG014", "error", "data", "Shards on an engine that does not shard itself, with nobody routing them")
def unrouted_shards(subject: Subject) -> Found:
    """A store is sized at several shards, but its engine does not split data over nodes itself, and the design
    does not say the application routes each record to its shard (one database each)."""
    catalog = _catalog(subject)
    for i, store in enumerate(subject.design.stores):
        known = _known(catalog, store) if store.kind in ("relational", "document", "time-series") else None
        if known is None or store.shards <= 1 or known[1].sharding != "none":
            continue
        if not re.search(r"\b(application|routed|routes|router)\b", store.partitioning.lower()):
            yield Problem(
                element=store.name,
                at=("stores", i, "partitioning"),
                message=f"{store.shards} shards on {known[0].name}, which does not shard itself, and nothing says "
                "who routes a record to its shard",
                fix="say the application routes by the shard key to one database per shard, or choose an engine "
                "that shards itself",
            )


@rule("ENG015", "error", "capacity", "Size divided by compression the edition lacks")
def compression_counted(subject: Subject) -> Found:
    """A store's size is divided by a compression ratio while the engine, in the edition this cloud offers, has no
    columnar compression: the data, its nodes and its storage cost are several times what the design says."""
    catalog = _catalog(subject)
    for store in subject.design.stores:
        known = _known(catalog, store)
        if known is None or known[1].compression is not False:
            continue
        for figure in subject.design.capacity.figures:
            if figure.key.startswith(f"db.{store.name}.") and any("compression" in n.name for n in figure.inputs):
                yield Problem(
                    element=store.name,
                    at=("capacity", "figures", subject.design.capacity.figures.index(figure)),
                    message=f"{figure.label} is divided by a compression ratio, but {known[0].name} has no "
                    "columnar compression",
                    fix="size it uncompressed, or choose an engine (or edition) that compresses",
                )
                break


@rule("SEC050", "error", "security", "A tenant wall a store cannot hold")
def tenant_wall_engine(subject: Subject) -> Found:
    """The tenancy says row-level security keeps tenants apart, for a store whose engine has none (a key-value
    table, a search index, a bucket, or a relational engine without row policies), or leaves a store that keeps
    tenants' records side by side unnamed where the enforcement says how each store holds a query to one tenant."""
    tenancy = subject.design.tenancy
    if tenancy is None or tenancy.isolation != "shared-schema":
        return
    catalog = _catalog(subject)
    said = tenancy.enforcement.lower()
    kept = [s for s in subject.design.stores if s.entities or s.files]
    per_store = any(s.name.lower() in said for s in kept)
    for store in kept:
        if per_store and store.name.lower() in said:
            clause = next(c for c in said.split(";") if store.name.lower() in c)
        elif per_store:
            yield Problem(
                element=store.name,
                at=("tenancy", "enforcement"),
                message="keeps tenants' data side by side, but the enforcement does not say how it holds a query "
                "to one tenant",
                fix="say its own wall: the tenant leading every key, a filter the service adds, a prefix per tenant",
            )
            continue
        else:
            clause = said
        if "row-level security" not in clause or "no row-level security" in clause:
            continue
        known = _known(catalog, store)
        engine = known[1] if known else None
        if store.kind != "relational" or (engine is not None and engine.row_security is not True):
            named = engine.name if engine is not None else store.technology
            yield Problem(
                element=store.name,
                at=("tenancy", "enforcement"),
                message=f"is held to one tenant by row-level security, which {named} does not have",
                fix="say the wall it does have: the tenant leading every key or filter, added by the data-access "
                "layer from the token, with a test per table that a query without it returns nothing",
            )
