"""Data rules: ownership, indexes for every access pattern, personal data, and who writes which store."""

from __future__ import annotations

import re

from archgen.capacity.load import actor_kind
from archgen.common import english
from archgen.common.english import a
from archgen.design.hotspots import hot_keys
from archgen.design.model import DATABASE_KINDS, DataStore, EntityDesign
from archgen.design.natural_keys import enforced, natural_key, owner_of
from archgen.design.served import geo_elsewhere
from archgen.knowledge.catalog import Catalog, Engine, Features
from archgen.knowledge.compliance import erasure_regimes
from archgen.knowledge.hotspots import names_remedy
from archgen.knowledge.keys import key_words, resend_hours
from archgen.requirements.intent import is_role_record, write_kind
from archgen.review.engine import Found, Problem, Subject, rule
from archgen.review.rules.claims import unbacked_claims

ERASURE_REGIMES = erasure_regimes()  # the regimes that give people a right to have their data erased


@rule("DAT001", "error", "data", "Entity without an owner")
def entity_owner(subject: Subject) -> Found:
    """An entity of the questionnaire has no place in the design: no service owns it, no store keeps it."""
    for entity in subject.req.data.entities:
        if entity.name not in subject.entities:
            yield Problem(
                element=entity.name,
                at=("entities",),
                message="the questionnaire's entity has no owning service and no store in the design",
                fix="add it to entities, with its store, and to the entities of the one service that writes it",
            )


def _served(entity: EntityDesign, pattern: str, tenant_key: str | None = None) -> bool:
    """Whether an index (or the primary key, or the partition key) serves an access pattern. Every query of a
    shared table names its tenant, so an index led by the tenant key serves the patterns of its next field."""
    keys = [i.fields for i in entity.indexes if i.fields] + [entity.primary_key]
    leading = {f[1] if f[0] == tenant_key and len(f) > 1 else f[0] for f in keys if f}
    leading |= {f[0] for f in keys if f}
    if entity.partition_key:
        leading.add(entity.partition_key.split()[0])
    kinds = {i.kind for i in entity.indexes}

    def leads(field: str) -> bool:  # the field itself, or a column derived from it (email_hmac, name_lower)
        return any(f == field or f.startswith(f"{field}_") for f in leading)

    if pattern == "by_id":
        return "id" in leading or bool(entity.primary_key)
    if pattern.startswith("by_"):
        return leads(pattern[3:])
    if pattern.startswith("range_"):
        return leads(pattern[6:])
    if pattern == "search":
        return "fulltext" in kinds or entity.search_index is not None
    if pattern == "geo":
        return "geo" in kinds or any(i.serves.startswith("geo") for i in entity.indexes)
    if pattern == "recent":
        timestamps = {f.name for f in entity.fields if f.type in ("timestamp", "date")}
        return bool(leading & timestamps) or any(i.serves.startswith("recent") for i in entity.indexes)
    return True  # aggregate: served by the analytics path, not an index


@rule("DAT002", "warning", "data", "Access pattern without an index")
def access_index(subject: Subject) -> Found:
    """An access pattern of an entity has no index (or key) that serves it: the query scans the table."""
    tenancy = subject.design.tenancy
    tenant_key = tenancy.tenant_key if tenancy is not None and tenancy.isolation == "shared-schema" else None
    catalog = Catalog(subject.design.deployment.cloud, [], [])

    def geo(store: DataStore) -> bool:
        return bool(catalog.engine(store.technology).geo)

    for i, entity in enumerate(subject.design.entities):
        for pattern in entity.access:
            if pattern == "geo" and geo_elsewhere(entity, subject.design.stores, geo):
                continue  # nearby reads are answered by the geo sets that keep its live positions
            if not _served(entity, pattern, tenant_key):
                yield Problem(
                    element=entity.name,
                    at=("entities", i, "indexes"),
                    message=f"access pattern {pattern} has no index that serves it",
                    fix="add an index whose first field is the one it filters or sorts by",
                )


@rule("DAT003", "error", "data", "Personal data without encryption")
def pii_encryption(subject: Subject) -> Found:
    """An entity with personal data lives in a store that is not encrypted at rest."""
    for i, entity in enumerate(subject.design.entities):
        store = subject.stores.get(entity.store)
        if entity.pii and store is not None and not store.encryption_at_rest:
            yield Problem(
                element=entity.name,
                at=("entities", i, "store"),
                message=f"holds personal data in {store.name}, which is not encrypted at rest",
                fix="enable encryption at rest with managed keys",
            )


def _erasure_regime(subject: Subject) -> bool:
    return any(r.lower() in ERASURE_REGIMES for r in subject.req.compliance.regimes)


@rule("DAT004", "warning", "data", "Personal data kept forever")
def pii_retention(subject: Subject) -> Found:
    """Personal data has no retention period and no way to erase it (outside the regimes that give a right to
    erasure, which SEC002 covers)."""
    if _erasure_regime(subject):
        return
    for i, entity in enumerate(subject.design.entities):
        if entity.pii and entity.retention_days is None and not subject.erasable(entity.name):
            yield Problem(
                element=entity.name,
                at=("entities", i, "retention_days"),
                message="personal data with no retention period and no endpoint to erase it",
                fix="set retention_days, or add an erasure request (POST …/erasure-requests) to forget a person",
            )


@rule("DAT005", "error", "data", "Two services write one store")
def shared_store(subject: Subject) -> Found:
    """Services deployed separately own entities in the same database: their releases and failures couple."""
    for i, store in enumerate(subject.design.stores):
        if store.kind not in DATABASE_KINDS:
            continue
        writers = sorted({subject.entities[e].owner for e in store.entities if e in subject.entities})
        deployables = {subject.services[w].deployable for w in writers if w in subject.services}
        if len(deployables) > 1:
            yield Problem(
                element=store.name,
                at=("stores", i, "entities"),
                message=f"written by {', '.join(writers)}, which are deployed separately",
                fix="give each service its own store (or schema with its own credentials), or deploy them together",
            )


@rule("DAT006", "warning", "data", "Personal data not in the security design")
def pii_handling(subject: Subject) -> Found:
    """An entity with personal data has no entry in security.pii saying how it is protected."""
    handled = {p.entity for p in subject.design.security.pii}
    for i, entity in enumerate(subject.design.entities):
        if entity.pii and entity.name not in handled:
            yield Problem(
                element=entity.name,
                at=("entities", i, "pii"),
                message="holds personal data, but the security design does not say how it is protected",
                fix="add it to security.pii with its personal fields and their controls",
            )


@rule("DAT007", "warning", "data", "Personal fields not classified")
def pii_classified(subject: Subject) -> Found:
    """An entity marked as personal data names no personal field, or a field is personal on an entity that is not."""
    for i, entity in enumerate(subject.design.entities):
        personal = [f.name for f in entity.fields if f.pii]
        if entity.pii and not personal:
            yield Problem(
                element=entity.name,
                at=("entities", i, "fields"),
                message="is marked as personal data, but none of its fields is",
                fix="mark the personal fields (pii: true) so they are encrypted, masked and exported",
            )
        elif personal and not entity.pii:
            yield Problem(
                element=entity.name,
                at=("entities", i, "pii"),
                message=f"has personal fields ({', '.join(personal)}) but is not marked as personal data",
                fix="set pii: true on the entity",
            )


@rule("DAT008", "warning", "data", "Update endpoint on append-only data")
def append_only_updates(subject: Subject) -> Found:
    """An endpoint updates records of an entity the questionnaire says is append-only."""
    append_only = {e.name for e in subject.design.entities if e.mutability == "append_only"}
    for path, service, endpoint in subject.endpoints():
        if endpoint.entity in append_only and endpoint.action in ("update", "replace"):
            yield Problem(
                element=f"{service.name}: {endpoint.method} {endpoint.path}",
                at=path,
                message=f"updates {endpoint.entity}, which is append-only",
                fix="record a new fact instead of changing an old one, or make the entity mutable",
            )


@rule("DAT009", "error", "data", "System of record in an index, a bucket or memory")
def system_of_record(subject: Subject) -> Found:
    """An entity's store is a search index, an object bucket or memory (a cache's technology, whatever kind it is
    filed under): none is a system of record for rows (a warehouse is: analytical facts may live there, and memory
    may hold live state a stream keeps refreshing)."""
    from archgen.knowledge.catalog import Catalog

    catalog = Catalog(subject.design.deployment.cloud, [], [])
    streamed = {n for u in subject.req.use_cases if u.interaction == "stream" for n in u.writes}
    for i, entity in enumerate(subject.design.entities):
        store = subject.stores.get(entity.store)
        if store is None:
            continue
        # a cache technology filed under a database kind is still memory that is not backed up
        kind = "in-memory" if catalog.role_of(store.technology) == "cache" else store.kind
        live = kind == "in-memory" and entity.name in streamed
        if kind not in (*DATABASE_KINDS, "warehouse") and not live:
            yield Problem(
                element=entity.name,
                at=("entities", i, "store"),
                message=f"is kept in {store.name}, {a(kind)} store, with no database behind it",
                fix="keep it in a database and feed the index or cache (search_index, caches) from there",
            )


@rule("DAT010", "error", "data", "Record about a person not treated as personal data")
def unmarked_personal(subject: Subject) -> Found:
    """An entity describes a person, refers to one (a like, a follow, a trip), or keeps what a person wrote,
    uploaded or measured, and is not marked as personal data: erasure, export and access rules pass it by."""
    for i, entity in enumerate(subject.design.entities):
        found = subject.personal.get(entity.name)
        if found is not None and not entity.pii:
            yield Problem(
                element=entity.name,
                at=("entities", i, "pii"),
                message=f"{found.why}, but is not marked as personal data",
                fix=f"set pii: true and mark its personal fields ({', '.join(found.fields)}), so erasure, export and "
                "the access rules reach it",
            )


def _encrypted(subject: Subject, entity: EntityDesign) -> set[str]:
    """The fields kept encrypted at field level: marked so, or named by a field-level encryption control (one that
    speaks of 'the personal fields' covers every personal field)."""
    out = {f.name for f in entity.fields if f.encrypted}
    for handling in subject.design.security.pii:
        if handling.entity != entity.name:
            continue
        for control in handling.controls:
            said = control.lower()
            if "field-level encryption" not in said:
                continue
            if "the personal fields" in said:
                out |= set(handling.fields)
            else:
                out |= {f for f in handling.fields if re.search(rf"\b{re.escape(f.lower())}\b", said)}
    return out


@rule("DAT011", "error", "data", "Index over encrypted fields")
def index_over_encrypted(subject: Subject) -> Found:
    """A full-text, geo or ordered index covers a field the design encrypts at field level: the index holds
    ciphertext (it cannot match, range or search), or the field is copied there in clear. Only a keyed hash (a
    blind index) may stand for an encrypted value."""
    for i, entity in enumerate(subject.design.entities):
        encrypted = _encrypted(subject, entity)
        if not encrypted:
            continue
        for j, index in enumerate(entity.indexes):
            covered = [f for f in index.fields if f in encrypted]
            if covered and index.kind not in ("hash", "primary"):
                yield Problem(
                    element=f"{entity.name}: {index.name}",
                    at=("entities", i, "indexes", j),
                    message=f"is a {index.kind} index over {', '.join(covered)}, which the design encrypts at "
                    "field level",
                    fix="leave encrypted fields out of the index (search a projection without them), or index a keyed "
                    "hash of the value for exact matches",
                )


@rule("DAT012", "error", "data", "Records people make that name nobody")
def unattributed(subject: Subject) -> Found:
    """People make records of an entity that refer to no other record and keep no one's reference from the
    caller's token: no check can tell whose record it is, and nobody can list their own."""
    for i, entity in enumerate(subject.design.entities):
        wanted = next((e for e in subject.req.data.entities if e.name == entity.name), None)
        if wanted is None:
            continue
        makers = [
            u
            for u in subject.req.use_cases
            if entity.name in u.writes[:1]
            and u.interaction == "request"
            and actor_kind(subject.req, u) == "person"
            and write_kind(u, wanted).kind == "create"
        ]
        if not makers or any(is_role_record(u.actor or "", entity.name) for u in makers):
            continue
        refs = [f for f in entity.fields if "ref[" in f.type]
        from_token = [
            f for f in entity.fields if f.set_by == "server" and "token" in f.source and "tenant" not in f.source
        ]
        if not refs and not from_token:
            yield Problem(
                element=entity.name,
                at=("entities", i, "fields"),
                message=f"{english.join(sorted({english.plural(u.actor or 'someone') for u in makers}))} make "
                "its records, "
                "but none says who made it or what it belongs to",
                fix="add the maker's reference (created_by or owner, set by the server from the caller's token) and "
                "index it for their own lists",
            )


# --- natural keys: the integrity the data has, enforced by the engine -----------------------------------------


def _unique_engine(subject: Subject, entity: EntityDesign) -> Engine | None:
    """The engine of a database that builds unique indexes (relational, time-series, document); None otherwise."""
    store = subject.stores.get(entity.store)
    if store is None or store.kind not in DATABASE_KINDS:
        return None
    engine = Catalog(subject.design.deployment.cloud, [], []).engine(store.technology)
    if engine.keyed or engine.secondary_indexes == "none" or engine.unique not in ("any", "partition"):
        return None
    return engine


@rule("DAT030", "error", "data", "Series keyed by a random id")
def series_random_key(subject: Subject) -> Found:
    """A time series' primary key holds a random id: every resend of a reading becomes a new row, nothing can
    conflict on what names the series and its time, and the id column defeats the engine's compression."""
    for i, entity in enumerate(subject.design.entities):
        store = subject.stores.get(entity.store)
        if store is None or store.kind != "time-series":
            continue
        random = [f.name for f in entity.fields if f.name in entity.primary_key and f.type == "uuid"]
        if random:
            key = natural_key(entity, True)
            yield Problem(
                element=entity.name,
                at=("entities", i, "primary_key"),
                message=f"the series' primary key ({', '.join(entity.primary_key)}) holds the random "
                f"{english.join(random)}",
                fix=f"key it by what names the series and its time ({', '.join(key) or 'series key, time'}), "
                "with no random id",
            )


@rule("DAT031", "error", "data", "Unique index made unique by a random id")
def unique_with_random_id(subject: Subject) -> Found:
    """A unique index holds the record's random id beside other fields: the id alone makes every row unique, so the
    other fields may repeat and the index enforces nothing. (A primary key that orders rows by a parent and time
    before the id is how a partitioned engine keys them, not a uniqueness claim.)"""
    for i, entity in enumerate(subject.design.entities):
        ids = {f.name for f in entity.fields if f.name == "id" and f.type == "uuid"}
        for index in entity.indexes:
            if index.kind == "unique" and len(index.fields) > 1 and ids & set(index.fields):
                others = [f for f in index.fields if f not in ids]
                yield Problem(
                    element=entity.name,
                    at=("entities", i, "indexes"),
                    message=f"{index.name} is unique on ({', '.join(index.fields)}), so {english.join(others)} "
                    "may repeat under new ids",
                    fix=f"key it by ({', '.join(others)}) and what else names the record, without the random id",
                )


@rule("DAT032", "error", "data", "Idempotency window shorter than the resend window")
def idempotency_window(subject: Subject) -> Found:
    """The API keeps idempotency keys for less time than the questionnaire says clients resend: a resend of an
    older record finds no key and is applied twice."""
    said = subject.design.api.idempotency if subject.design.api is not None else ""
    kept = _hours(said)
    resend = resend_hours([u.description or "" for u in subject.req.use_cases])
    if said and kept < resend:
        yield Problem(
            element="api",
            at=("api", "idempotency"),
            message=f"keeps idempotency keys {_span(kept)} while clients resend up to {_span(resend)} back",
            fix=f"keep the keys at least {resend / 24:g} days, or make the records unique on their natural key",
        )


def _span(hours: float) -> str:
    return f"{hours / 24:g} days" if hours >= 48 else f"{hours:g} hours"


def _hours(text: str) -> float:
    found = re.search(r"(\d+(?:\.\d+)?) (hour|day|week)s?\b", text)
    return float(found.group(1)) * {"hour": 1, "day": 24, "week": 168}[found.group(2)] if found else 0.0


@rule("DAT033", "error", "data", "Natural key not enforced")
def natural_key_enforced(subject: Subject) -> Found:
    """A series, or a row kept per period (a room type's night, a video's day), has no unique key over what names
    it: a resend or a second insert makes a duplicate that doubles what it counts."""
    for i, entity in enumerate(subject.design.entities):
        if _unique_engine(subject, entity) is None:
            continue
        store = subject.stores[entity.store]
        key = natural_key(entity, store.kind == "time-series")
        if key and not enforced(entity, key):
            yield Problem(
                element=entity.name,
                at=("entities", i, "indexes"),
                message=f"one {entity.name} per ({', '.join(key)}), and no unique key enforces it",
                fix=f"add a unique index (or the primary key) on ({', '.join(key)})",
            )


@rule("DAT034", "error", "data", "Code unique across owners, not within its owner")
def owner_code(subject: Subject) -> Found:
    """A code an owner gives its own records (a seller's sku) is unique across every owner: two owners cannot use
    the same code."""
    for i, entity in enumerate(subject.design.entities):
        for index in entity.indexes:
            owner = owner_of(entity, index.fields[0]) if index.kind == "unique" and len(index.fields) == 1 else None
            if owner:
                yield Problem(
                    element=entity.name,
                    at=("entities", i, "indexes"),
                    message=f"{index.fields[0]} is unique across every {owner}, though each {owner} gives its own",
                    fix=f"make the unique index ({index.fields[0]}, {owner})",
                )


@rule("DAT035", "error", "data", "De-duplication claimed with no unique key")
def dedupe_claim(subject: Subject) -> Found:
    """A decision, control or flow says repeats of a record are dropped (de-duplicated, conflicts ignored, its
    natural key), and the record is unique on nothing but its random id."""
    for path, element, words in unbacked_claims(subject, "dedupe"):
        yield Problem(
            element=element,
            at=path,
            message=words,
            fix="add a unique index over the record's natural key, or drop the claim",
        )


@rule("DAT070", "error", "data", "A record every writer updates takes more than one key commits")
def hot_key(subject: Subject) -> Found:
    """A count kept from its children's events or a ledger account every posting touches, whose busiest key takes
    more writes a second at peak after 3 years than one key of its engine commits (technologies.yaml
    key_commits_per_s), while neither the steps that write it nor its fields say the writes are spread or batched
    (striped, sub-accounts summed on read, one batched increment per window)."""
    catalog = Catalog(subject.design.deployment.cloud, [], [])
    index = {e.name: i for i, e in enumerate(subject.design.entities)}
    for key in hot_keys(subject.req, subject.design.entities, subject.design.stores, catalog):
        if not key.beyond:
            continue
        said = [f.source + " " + f.description for f in key.entity.fields]
        said += [
            s.message
            for f in subject.design.flows
            for s in f.steps
            if key.name in s.message and (key.kind == "counter" or any(w in s.message for w in key.writers))
        ]
        if any(names_remedy(text) for text in said):
            continue
        yield Problem(
            element=key.entity.name,
            at=("entities", index[key.entity.name]),
            message=f"{key.name} is updated by every {english.join(key.writers, 'or')} write: the busiest takes about "
            f"{key.rate:,.0f} writes/s at peak after 3 years, beyond the {key.ceiling:,.0f}/s one key of {key.engine} "
            "commits, and nothing spreads or batches them",
            fix="batch the changes in the consumer into one increment per record and window, stripe the record over "
            "rows summed on read (sub-accounts for a ledger account), and say so in its flows with the figures",
        )


@rule("DAT096", "error", "data", "Revisions kept as rows of a series that is summed")
def revisions_summed(subject: Subject) -> Found:
    """A series whose values are corrected or estimated keeps each revision as a row of its own (the revision is in
    its key, and the latest wins on read), yet the series is rolled up or read as a whole: an aggregate cannot pick
    the latest of several rows, so it adds the estimate to the measured value that replaced it. Keep one current
    value per interval, upserted on the natural key with the higher revision, and append what it replaces to a
    history; rollups and reads then see one value an interval."""
    catalog = Catalog(subject.design.deployment.cloud, [], [])
    versions = set(key_words().versions)
    for i, entity in enumerate(subject.design.entities):
        store = subject.stores.get(entity.store)
        if store is None or store.kind not in DATABASE_KINDS:
            continue
        keys = [entity.primary_key, *(x.fields for x in entity.indexes if x.kind in ("primary", "unique"))]
        kept = sorted({f for key in keys for f in key if f in versions})
        rolled = store.kind == "time-series" or catalog.engine(store.technology).has(Features(rollups=True))
        read = [u.name for u in subject.req.use_cases if entity.name in u.reads]
        if kept and rolled and read:
            yield Problem(
                element=entity.name,
                at=("entities", i, "primary_key"),
                message=f"each {kept[0]} of a value is a row of its own, keyed by ({', '.join(entity.primary_key)}), "
                f"while {store.name} rolls it up and {english.join(read[:2])} read it: every sum counts the "
                "replaced values too",
                fix=f"key {entity.name} by its natural key without the {kept[0]}, upsert the higher {kept[0]} as "
                "the current value and append the replaced ones to a history",
            )
