"""Where each entity lives: the store kind from its shape and access, grouped into concrete stores."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft, option
from archgen.capacity.load import entity_rows, use_case_keys
from archgen.design.model import DataStore, EntityDesign, Index, StoredField, StoreKind
from archgen.naming import slug
from archgen.requirements.model import Entity

TIME_SERIES_ROWS_PER_DAY = 1_000_000  # append-only inflow above which a time-series engine pays off
KEY_VALUE_ROWS = 1_000_000_000  # rows after 3 years above which key-only data leaves the relational store
DEDICATED_SEARCH_ROWS = 5_000_000  # searchable rows above which database full-text search stops being enough
DEDICATED_SEARCH_RPS = 100  # search requests per second at peak after 3 years, likewise
PII_HINTS = (
    "email",
    "phone",
    "address",
    "birthday",
    "birth",
    "dob",
    "ip",
    "ssn",
    "passport",
    "card",
    "iban",
    "tax",
    "gender",
    "surname",
    "mobile",
    "street",
    "postcode",
    "zip",
    "firstname",
    "lastname",
)
PERSON_ENTITIES = (
    "user",
    "customer",
    "employee",
    "person",
    "member",
    "patient",
    "contact",
    "client",
    "student",
    "driver",
    "guest",
    "account",
    "profile",
    "merchant",
    "seller",
    "buyer",
    "subscriber",
    "applicant",
    "candidate",
)
UNIQUE_HINTS = ("email", "username", "slug", "sku", "handle", "code", "serial")
GEO_HINTS = ("location", "geo", "coordinates", "position", "point")


def store_kind(draft: Draft, entity: Entity) -> tuple[StoreKind, str]:
    """The kind of store an entity belongs in, and the reason in one sentence."""
    req = draft.req
    rows_y3 = entity_rows(req, entity, 3)
    timed = any(a.startswith("range_") and entity.fields[a[6:]].kind in ("timestamp", "date") for a in entity.access)
    if (
        entity.mutability == "append_only"
        and entity.growth_per_day >= TIME_SERIES_ROWS_PER_DAY
        and (timed or entity.retention_days)
    ):
        return "time-series", (
            f"append-only, {entity.growth_per_day:,} new rows a day read by time range"
            + (f" and expired after {entity.retention_days} days" if entity.retention_days else "")
        )
    key_only = all(a == "by_id" for a in entity.access)
    if key_only and entity.consistency == "eventual" and rows_y3 >= KEY_VALUE_ROWS:
        return "key-value", f"read only by key, eventually consistent, {rows_y3:,.0f} rows after 3 years"
    if "geo" in entity.access:
        return "relational", "needs geo queries: PostgreSQL with PostGIS serves them with a GiST index"
    return "relational", "structured records with relations, transactions and secondary lookups"


def plan_stores(draft: Draft) -> None:
    """Design every entity and place it in a store; record one decision per kind of store."""
    req = draft.req
    monolithic = draft.architecture is not None and draft.architecture.style in ("monolith", "modular-monolith")
    system = slug(req.system.name, "system")
    kinds: dict[str, tuple[StoreKind, str]] = {e.name: store_kind(draft, e) for e in req.data.entities}
    searchable = [e for e in req.data.entities if "search" in e.access]
    dedicated_search = _needs_dedicated_search(draft, searchable)

    for entity in req.data.entities:
        kind, _ = kinds[entity.name]
        service = draft.service_of(entity.name)
        if kind == "relational":
            name = f"{system}-db" if monolithic else f"{service.slug}-db"
        else:
            name = f"{service.slug}-{'timeseries' if kind == 'time-series' else kind}"
        store = _store(draft, name, kind)
        store.entities.append(entity.name)
        if service.name not in store.services:
            store.services.append(service.name)
        if name not in service.stores:
            service.stores.append(name)
        draft.entities.append(design_entity(draft, entity, service.name, name, kind))

    if searchable and dedicated_search:
        search = _store(draft, f"{system}-search", "search")
        for entity in searchable:
            search.entities.append(entity.name)
            draft.entity(entity.name).search_index = search.name
            service = draft.service_of(entity.name)
            if service.name not in search.services:
                search.services.append(service.name)
            if search.name not in service.stores:
                service.stores.append(search.name)
    if req.data.files:
        bucket = _store(draft, f"{system}-files", "object")
        bucket.files = [f.name for f in req.data.files]
        owner = draft.services[0]
        bucket.services.append(owner.name)
        owner.stores.append(bucket.name)

    _decide_relational(draft, kinds)
    _decide_special(draft, kinds)
    if searchable:
        _decide_search(draft, searchable, dedicated_search)
    if req.data.files:
        _decide_files(draft)


def _store(draft: Draft, name: str, kind: StoreKind) -> DataStore:
    for store in draft.stores:
        if store.name == name:
            return store
    catalog = draft.catalog
    technology = catalog["relational"] if kind in ("relational", "geo") else catalog[kind]
    purposes = {
        "relational": "system of record for structured, related data",
        "time-series": "append-only measurements, partitioned by time, expired by retention",
        "key-value": "high-volume records read by key",
        "wide-column": "very large append-heavy data partitioned by key",
        "document": "self-contained documents with flexible shape",
        "search": "full-text search indexes, fed from the system of record",
        "object": "files and media; served through the CDN where public",
        "geo": "geo queries",
    }
    store = DataStore(
        name=name,
        kind=kind,
        technology=technology,
        purpose=purposes[kind],
        replication="",
        backup="",
    )
    draft.stores.append(store)
    return store


def _needs_dedicated_search(draft: Draft, searchable: list[Entity]) -> bool:
    if not searchable:
        return False
    rows = sum(entity_rows(draft.req, e, 3) for e in searchable)
    names = {e.name for e in searchable}
    keys = use_case_keys(draft.req)
    search_rps = sum(
        draft.figure(f"{keys[u.name]}.peak_rps.y3")
        for u in draft.req.use_cases
        if names & set(u.reads) and "search" in u.name.lower()
    )
    return rows >= DEDICATED_SEARCH_ROWS or search_rps >= DEDICATED_SEARCH_RPS


def design_entity(draft: Draft, entity: Entity, owner: str, store: str, kind: StoreKind) -> EntityDesign:
    """The stored shape of an entity: fields, primary key and the indexes its access patterns need."""
    fields = [
        StoredField(
            name=name,
            type=str(field_type),
            required=name == "id" or field_type.kind not in ("text", "json", "list"),
            pii=entity.pii and _looks_personal(entity, name),
        )
        for name, field_type in entity.fields.items()
    ]
    timestamps = [n for n, t in entity.fields.items() if t.kind in ("timestamp", "date")]
    if "recent" in entity.access and not timestamps:
        fields.append(StoredField(name="created_at", type="timestamp", description="added to order by recency"))
        timestamps = ["created_at"]
    primary = ["id"] if "id" in entity.fields else [next(iter(entity.fields))]
    indexes = [Index(name=f"{slug(entity.name, 'entity')}_pkey", fields=primary, kind="primary", serves="by_id")]

    def add(fields_: list[str], kind_: str, serves: str) -> None:
        if any(i.fields == fields_ and i.kind != "primary" for i in indexes) or fields_ == primary:
            return
        name = f"{slug(entity.name, 'entity')}_{'_'.join(fields_)}_{'key' if kind_ == 'unique' else 'idx'}"
        indexes.append(Index(name=name, fields=fields_, kind=kind_, serves=serves))

    for pattern in entity.access:
        if pattern.startswith("by_") and pattern != "by_id":
            field = pattern[3:]
            add([field], "unique" if field.lower() in UNIQUE_HINTS else "btree", pattern)
        elif pattern.startswith("range_"):
            add([pattern[6:]], "btree", pattern)
        elif pattern == "recent":
            recent = "created_at" if "created_at" in timestamps else timestamps[0]
            add([recent], "btree", "recent (newest first)")
        elif pattern == "search":
            text = [n for n, t in entity.fields.items() if t.kind in ("string", "text")] or primary
            add(text, "fulltext", "search")
        elif pattern == "geo":
            geo = next((n for n in entity.fields if any(h in n.lower() for h in GEO_HINTS)), None)
            if geo is None:
                fields.append(StoredField(name="location", type="geography(Point)", description="added for geo"))
                geo = "location"
            add([geo], "geo", "geo (nearby)")
    for name, field_type in entity.fields.items():
        if field_type.kind == "ref":
            add([name], "btree", f"foreign key to {field_type.target}")
    domain = next(d for d, names in draft.domains.items() if entity.name in names)
    return EntityDesign(
        name=entity.name,
        description=entity.description or "",
        domain=domain,
        owner=owner,
        store=store,
        fields=fields,
        primary_key=primary,
        indexes=indexes,
        retention_days=entity.retention_days,
        pii=entity.pii,
        consistency=entity.consistency,
        mutability=entity.mutability,
        access=list(entity.access),
    )


def looks_personal(entity: Entity, field: str) -> bool:
    """Whether a field suggests personal data: email, phone_number, ... or a name on a person-like entity."""
    words = field.lower().replace("-", "_").split("_")
    if any(word in PII_HINTS for word in words):
        return True
    person = any(word in entity.name.lower() for word in PERSON_ENTITIES)
    return "name" in words and (person or any(looks_personal(entity, f) for f in entity.fields if f != field))


def _looks_personal(entity: Entity, field: str) -> bool:
    hinted = [n for n in entity.fields if looks_personal(entity, n)]
    if hinted:
        return field in hinted
    return entity.fields[field].kind in ("string", "text")


def _decide_relational(draft: Draft, kinds: dict[str, tuple[StoreKind, str]]) -> None:
    names = [n for n, (k, _) in kinds.items() if k == "relational"]
    if not names:
        return
    req = draft.req
    tech = draft.catalog["relational"]
    must = [t for t in req.constraints.must_use if t.lower() in tech.lower()]
    per_service = draft.architecture is not None and draft.architecture.style not in ("monolith", "modular-monolith")
    layout = "one database per service" if per_service else "one database with a schema per module"
    decision_id = draft.decide(
        f"Relational store for {', '.join(names)}",
        f"These entities are structured, related records ({'; '.join(kinds[n][1] for n in names[:3])}). "
        f"Layout: {layout}.",
        [
            option(
                tech,
                "A managed relational database: SQL, transactions, constraints, secondary indexes.",
                [
                    "ACID transactions across the rows a use case changes",
                    "foreign keys and constraints keep the data honest",
                    "the team's skills and tooling apply"
                    if any("sql" in s.lower() or "postgres" in s.lower() for s in req.constraints.team.skills)
                    else "the most widely known data model and tooling",
                ],
                ["one primary takes every write; sharding later is real work", "schema changes need migrations"],
            ),
            option(
                draft.catalog["document"] if not draft.catalog.avoided("document") else "a document database",
                "A document database: each record a JSON document.",
                ["flexible shape, no migrations for new fields", "scales out writes by partition key"],
                [
                    "joins and multi-document transactions are limited",
                    "secondary lookups and reports cost more",
                ]
                + (["the team wants to avoid it (constraints.avoid)"] if draft.catalog.avoided("mongodb") else []),
            ),
        ],
        tech,
        "The data is relational and needs transactions; its size and write rate fit a single primary "
        "(see the database sizing on the capacity page)."
        + (f" It is also required: {', '.join(must)}." if must else ""),
        [
            f"{layout}; each service writes only its own tables",
            "schema migrations run in CI with expand/contract steps so deploys stay zero-downtime",
            "point-in-time recovery is enabled",
        ],
        ["data.entities", "constraints.must_use", "constraints.team.skills"],
    )
    for store in draft.stores:
        if store.kind == "relational":
            store.decision = decision_id


def _decide_special(draft: Draft, kinds: dict[str, tuple[StoreKind, str]]) -> None:
    for kind in ("time-series", "key-value"):
        names = [n for n, (k, _) in kinds.items() if k == kind]
        if not names:
            continue
        tech = draft.catalog[kind]
        reason = "; ".join(kinds[n][1] for n in names)
        if kind == "time-series":
            options = [
                option(
                    tech,
                    "A time-series engine: time-partitioned, compressed, with retention and rollups built in.",
                    [
                        "ingest at high rates with compression",
                        "retention drops whole partitions cheaply",
                        "continuous aggregates serve dashboards",
                    ],
                    ["another engine to operate", "limited joins with the relational data"],
                ),
                option(
                    draft.catalog["relational"] + " with time-partitioned tables",
                    "Plain tables partitioned by day, dropped when they expire.",
                    ["one engine for everything", "full SQL and joins"],
                    ["write amplification from indexes at this rate", "rollups and compression are hand-built"],
                ),
                option(
                    draft.catalog["wide-column"],
                    "A wide-column store keyed by source and time bucket.",
                    ["scales writes linearly by adding nodes"],
                    ["range queries only along the key", "no aggregates: a separate analytics path is needed"],
                ),
            ]
            consequences = [
                "rows are partitioned by time; retention drops expired partitions",
                "dashboards read rollups, not raw rows",
                "ingest writes in batches to amortise round trips",
            ]
        else:
            options = [
                option(
                    tech,
                    "A managed key-value store with partitioned, replicated storage.",
                    ["predictable latency at any size", "scales writes by partition key"],
                    ["only key lookups; no ad-hoc queries", "costs grow with request volume"],
                ),
                option(
                    draft.catalog["relational"],
                    "Keep the data in the relational store.",
                    ["one engine", "ad-hoc queries"],
                    ["one primary cannot take this volume for long", "sharding by hand later"],
                ),
            ]
            consequences = ["access is by key only; any new query pattern needs its own table or index"]
        decision_id = draft.decide(
            f"{kind.capitalize()} store for {', '.join(names)}",
            f"{', '.join(names)}: {reason}.",
            options,
            tech,
            f"The data's shape and volume ({reason}) outgrow a general-purpose relational primary.",
            consequences,
            [f"data.entities[{n}]" for n in names],
        )
        for store in draft.stores:
            if store.kind == kind:
                store.decision = decision_id


def _decide_search(draft: Draft, searchable: list[Entity], dedicated: bool) -> None:
    names = ", ".join(e.name for e in searchable)
    tech = draft.catalog["search"]
    relational = draft.catalog["relational"]
    chosen = tech if dedicated else f"{relational} full-text search"
    decision_id = draft.decide(
        f"Full-text search for {names}",
        f"Users search {names}. Rows after 3 years: {sum(entity_rows(draft.req, e, 3) for e in searchable):,.0f}.",
        [
            option(
                tech,
                "A dedicated search engine fed by change events.",
                ["relevance ranking, facets, typo tolerance", "search load stays off the system of record"],
                ["another cluster to run", "the index lags the database by seconds"],
            ),
            option(
                f"{relational} full-text search",
                "tsvector columns with a GIN index in the system of record.",
                ["no extra infrastructure", "results are always consistent with the data"],
                ["basic relevance only", "search load competes with transactions"],
            ),
        ],
        chosen,
        "Volume and search traffic justify a dedicated engine."
        if dedicated
        else "The data is small enough that the database's own full-text index serves search well.",
        ["the index is updated from change events (outbox), so it lags by seconds"]
        if dedicated
        else ["a GIN index on the searchable text columns; revisit past 5 million rows or 100 searches/s"],
        [f"data.entities[{e.name}].access" for e in searchable],
    )
    for store in draft.stores:
        if store.kind == "search":
            store.decision = decision_id


def _decide_files(draft: Draft) -> None:
    tech = draft.catalog["object"]
    public = [f.name for f in draft.req.data.files if f.public]
    decision_id = draft.decide(
        "Storage for files",
        f"File sets: {', '.join(f.name for f in draft.req.data.files)}"
        + (f"; served publicly: {', '.join(public)}" if public else "")
        + ".",
        [
            option(
                tech,
                "Object storage with signed upload URLs; public sets served through the CDN.",
                ["eleven nines of durability, pay per GB", "uploads and downloads bypass the application"],
                ["eventual listing consistency in some tools", "lifecycle rules to manage"],
            ),
            option(
                "Database BLOB columns",
                "Store file bytes in the relational database.",
                ["one backup covers everything"],
                ["bloats the database and its backups", "every download passes through the application"],
            ),
        ],
        tech,
        "Files are large, immutable and read far more than written: object storage is built for exactly that.",
        [
            "clients upload with pre-signed URLs; the application stores only keys and metadata",
            "lifecycle rules move old objects to cheaper tiers",
        ],
        ["data.files"],
    )
    for store in draft.stores:
        if store.kind == "object":
            store.decision = decision_id
