"""Engine rules: every index, key, transaction, lock, expiry and replication claim a design makes is one its
store's engine keeps (technologies.yaml `engines` and `claims`), and the team's skills are weighed."""

from __future__ import annotations

import re
from collections.abc import Iterator

from archgen.capacity.constants import constant
from archgen.capacity.load import entity_rows
from archgen.common.english import join
from archgen.design.model import DATABASE_KINDS, DataStore
from archgen.knowledge.catalog import Catalog, Claim, Engine, Features
from archgen.knowledge.keys import must_be_unique
from archgen.review.engine import Found, KeyPath, Problem, Subject, rule

# What each kind of index asks of the engine that builds it.
INDEX_NEEDS: dict[str, Features] = {
    "btree": Features(secondary_indexes="global"),
    "hash": Features(secondary_indexes="global"),
    "unique": Features(unique="any"),
    "fulltext": Features(fulltext=True),
    "geo": Features(geo=True),
    "global": Features(secondary_indexes="global"),
}


def _catalog(subject: Subject) -> Catalog:
    return Catalog(subject.design.deployment.cloud, [], [])


def _engine(catalog: Catalog, store: DataStore | None) -> Engine | None:
    """The engine of a store's technology, or None when the catalog does not know it (nothing is assumed)."""
    if store is None:
        return None
    entry = catalog.technology(store.technology)
    if entry is None or entry.engine is None:
        return None
    return catalog.engine(entry)


@rule("ENG001", "error", "data", "Index the store's engine cannot build")
def index_engine(subject: Subject) -> Found:
    """An entity's index is of a kind its store's engine does not have: a secondary b-tree on an engine without
    secondary indexes, a unique index where only the key is unique, a full-text or geo index it lacks."""
    catalog = _catalog(subject)
    for i, entity in enumerate(subject.design.entities):
        engine = _engine(catalog, subject.stores.get(entity.store))
        if engine is None:
            continue
        for j, index in enumerate(entity.indexes):
            need = INDEX_NEEDS.get(index.kind)
            if need is None or engine.has(need):
                continue
            if index.kind == "unique" and engine.unique == "partition" and index.partition:
                continue  # unique within the partitioning column it includes
            yield Problem(
                element=entity.name,
                at=("entities", i, "indexes", j, "kind"),
                message=f"{index.kind} index {index.name} on {entity.store}, but {engine.name} lacks "
                f"{'; '.join(engine.lacks(need))}",
                fix="key the data for the query (a query table, a unique claim with a conditional insert), or "
                "choose an "
                "engine that builds the index",
            )


def _spoken_of(subject: Subject, text: str, decided: str = "") -> Iterator[DataStore]:
    """The stores a text speaks of: those it names, or whose technology (or decision) it decides."""
    lowered = text.lower()
    for store in subject.stores.values():
        if store.name.lower() in lowered or (decided and decided in (store.technology, store.decision)):
            yield store


def _texts(subject: Subject) -> Iterator[tuple[str, KeyPath, str, list[DataStore]]]:
    """Each text that may promise an engine feature: where it is, what it says, and the stores it speaks of."""
    for i, d in enumerate(subject.design.decisions):
        chosen = next((o.summary for o in d.options if o.name == d.decision), "")
        body = " ".join([d.decision, chosen, d.rationale, *d.consequences])
        stores = list(_spoken_of(subject, body, d.decision)) + [
            s for s in subject.stores.values() if s.decision == d.id and s.name not in body
        ]
        # a decision that names no store speaks of the stores its feature belongs to (the system of record)
        yield (d.id, ("decisions", i), body, list({s.name: s for s in stores}.values()))
    for i, flow in enumerate(subject.design.flows):
        for j, step in enumerate(flow.steps):
            store = subject.stores.get(step.target)
            if store is not None:
                yield (flow.use_case, ("flows", i, "steps", j, "message"), step.message, [store])
    for i, store in enumerate(subject.design.stores):
        yield (store.name, ("stores", i, "purpose"), store.purpose, [store])


def _promises(catalog: Catalog, body: str) -> Iterator[tuple[str, Claim]]:
    """Each claim a text makes, with the sentence (lower case) that makes it."""
    for sentence in body.lower().replace("; ", ". ").split(". "):
        for claim in catalog.promised(sentence):
            yield sentence, claim


@rule("ENG002", "error", "data", "Promise the store's engine cannot keep")
def engine_claims(subject: Subject) -> Found:
    """A decision, flow step or store description promises a feature (row locks, a transaction across rows, a
    trigger, partitions dropped whole, expiry of a set's members) that the engine of the store it speaks of lacks."""
    catalog = _catalog(subject)
    for element, path, body, spoken in _texts(subject):
        for sentence, claim in _promises(catalog, body):
            # a sentence that names stores speaks of those; else the text's, else the kinds the feature belongs to
            # (an engine's features are a database's: a sentence naming none does not speak of the buckets)
            named = [s for s in spoken if s.name.lower() in sentence] or [s for s in spoken if s.kind in DATABASE_KINDS]
            stores = named or [s for s in subject.stores.values() if s.kind in claim.kinds and s.entities]
            short: dict[str, list[str]] = {}
            for store in stores:
                engine = _engine(catalog, store)
                if engine is not None and not engine.has(claim.needs):
                    short.setdefault(f"{engine.name} lacks {'; '.join(engine.lacks(claim.needs))}", []).append(
                        store.name
                    )
            for lack, names in short.items():
                yield Problem(
                    element=element,
                    at=path,
                    message=f"promises {claim.feature} on {join(names)}, but {lack}",
                    fix="design it with what the engine has (optimistic versions and retries, a conditional write, "
                    "a companion index and a sweeper), or choose an engine that keeps the promise",
                )


@rule("ENG003", "error", "data", "Value that must be unique is not")
def unique_keys(subject: Subject) -> Found:
    """A field that names one record (an idempotency key, an external id, a provider's reference) has no unique
    index, key or claim: a retry or a repeated callback writes a second record."""
    specs = {e.name: e for e in subject.req.data.entities}
    for i, entity in enumerate(subject.design.entities):
        spec = specs.get(entity.name)
        for name, kind in spec.fields.items() if spec is not None else ():
            if not must_be_unique(name, kind.kind, False):
                continue
            keyed = entity.primary_key == [name] or any(
                ix.kind in ("unique", "claim") and name in ix.fields for ix in entity.indexes
            )
            if not keyed:
                yield Problem(
                    element=entity.name,
                    at=("entities", i, "indexes"),
                    message=f"{name} names one record, but no unique index, key or claim keeps it unique",
                    fix=f"add a unique index on {name} (a conditional insert on an engine unique only by key)",
                )


@rule("ENG004", "error", "data", "Partition key too coarse: hot partitions")
def hot_partitions(subject: Subject) -> Found:
    """On a partitioned engine, a key partitions by one parent alone (a tenant, an account, a device) whose
    busiest value holds more than one partition takes; it needs a time bucket or a shard in the key."""
    catalog = _catalog(subject)
    limit = constant("partition_bytes").value * 1e6
    hot = constant("hot_parent_factor").value
    entities = {e.name: e for e in subject.req.data.entities}
    for i, entity in enumerate(subject.design.entities):
        engine = _engine(catalog, subject.stores.get(entity.store))
        spec = entities.get(entity.name)
        if engine is None or not engine.keyed or spec is None:
            continue
        rows = entity_rows(subject.req, spec, 3)
        size = spec.record_bytes or 1000
        for j, index in enumerate(entity.indexes):
            if len(index.partition) != 1 or index.kind == "claim":
                continue
            kind = spec.fields.get(index.partition[0])
            if kind is None or kind.kind not in ("ref", "enum", "bool"):
                continue
            target = entities.get(kind.target)
            parents = (
                entity_rows(subject.req, target, 3) if target is not None else len(kind.values) or 2.0
            )  # an enum or a flag has few values
            busiest = rows / max(1.0, parents) * hot * size
            if busiest > limit:
                yield Problem(
                    element=entity.name,
                    at=("entities", i, "indexes", j, "partition"),
                    message=f"{index.name} is partitioned by {index.partition[0]} alone: the busiest holds about "
                    f"{busiest / 1e6:,.0f} MB, beyond the {limit / 1e6:g} MB a partition takes",
                    fix="add a time bucket or a shard to the partition key",
                )


@rule("ENG005", "error", "availability", "Writes in every region on a single-writer database")
def active_writers(subject: Subject) -> Found:
    """The recovery topology is active-active, yet a database takes writes in one region only: the other
    regions cannot write, so they are not active for the data that database holds."""
    if subject.design.reliability.topology != "active-active":
        return
    catalog = _catalog(subject)
    for i, store in enumerate(subject.design.stores):
        entry = catalog.technology(store.technology)
        if store.kind in DATABASE_KINDS and store.entities and entry is not None and entry.region_writes == "single":
            yield Problem(
                element=store.name,
                at=("stores", i, "technology"),
                message=f"the topology is active-active, but {entry.name} takes writes in one region only",
                fix="write to one region and say so (warm standby, or active-active for reads only), or choose a "
                "database that takes writes in every region",
            )


def _team_catalog(subject: Subject) -> Catalog:
    return Catalog(subject.design.deployment.cloud, [], [], skills=subject.req.constraints.team.skills)


@rule("ENG006", "warning", "decisions", "Technology the team does not know, unweighed")
def team_skills(subject: Subject) -> Found:
    """A decision chooses a technology none of the team's skills cover over an option they do cover, and says
    nothing about the team: the cost of learning and running it is hidden."""
    catalog = _team_catalog(subject)
    for i, decision in enumerate(subject.design.decisions):
        chosen = catalog.technology(decision.decision)
        if chosen is None or catalog.known(chosen) is not False:
            continue
        others = [catalog.technology(o.name) for o in decision.options if o.name != decision.decision]
        said = " ".join([decision.rationale, *decision.consequences]).lower()
        if any(o is not None and catalog.known(o) for o in others) and "skill" not in said and "team" not in said:
            yield Problem(
                element=decision.id,
                at=("decisions", i, "rationale"),
                message=f"chooses {decision.decision}, which the team's skills do not cover, over an option they do, "
                "without saying what learning and running it costs",
                fix="choose what the team knows, or say in the rationale why the new technology is worth learning",
            )


@rule("ENG007", "error", "decisions", "Option dismissed as unknown to a team that knows it")
def false_unfamiliar(subject: Subject) -> Found:
    """A decision rejects an option as one the team does not know, while the team's stated skills cover it."""
    catalog = _team_catalog(subject)
    words = catalog.knowledge.technologies.unfamiliar
    for i, decision in enumerate(subject.design.decisions):
        for j, o in enumerate(decision.options):
            entry = catalog.technology(o.name)
            said = " ".join(o.cons).lower()
            if entry is not None and catalog.known(entry) and any(w in said for w in words):
                yield Problem(
                    element=decision.id,
                    at=("decisions", i, "options", j, "cons"),
                    message=f"{o.name} is dismissed as unfamiliar, but the team's skills "
                    f"({', '.join(subject.req.constraints.team.skills)}) cover it",
                    fix="weigh it on what it keeps and costs; the team's skills count for it",
                )


# "revisit past 5 million rows", "revisit above 5,000,000 rows": the size a decision says it holds up to
REVISIT = re.compile(
    r"revisit\b[^;.]*?\b(?:past|above|beyond|over|after|at)\s+([\d][\d,.]*)\s*(billion|million|thousand|[bmk])?(?:\s+[a-z-]+)?\s+rows",
    re.IGNORECASE,
)
SCALE = {"billion": 1e9, "b": 1e9, "million": 1e6, "m": 1e6, "thousand": 1e3, "k": 1e3}
DRIVER = re.compile(r"^data\.entities\[(\w+)\]")


@rule("API151", "error", "decisions", "An engine chosen past the size it is to be revisited at")
def revisited_at_once(subject: Subject) -> Found:
    """A decision keeps its records in an engine "to be revisited past 5 million rows", and its own records hold
    more than that after 3 years: the design has already passed the point its decision says it must be
    reconsidered, so the choice is made for a smaller system than the one designed."""
    entities = {e.name: e for e in subject.req.data.entities}
    for i, decision in enumerate(subject.design.decisions):
        named = [m.group(1) for d in decision.drivers if (m := DRIVER.match(d))]
        records = [entities[n] for n in dict.fromkeys(named) if n in entities]
        if not records:
            continue
        rows = sum(entity_rows(subject.req, e, 3) for e in records)
        for text in (decision.rationale, *decision.consequences):
            found = REVISIT.search(text)
            if found is None:
                continue
            limit = float(found.group(1).replace(",", "")) * SCALE.get((found.group(2) or "").lower(), 1.0)
            if rows >= limit:
                yield Problem(
                    element=decision.id,
                    at=("decisions", i),
                    message=f"chooses {decision.decision}, to be revisited past {limit:,.0f} rows, for "
                    f"{join([e.name for e in records])}: {rows:,.0f} rows after 3 years",
                    fix="choose the option that holds the records at the design's own 3-year figures (or show why "
                    "the threshold is higher for them)",
                )
                break
