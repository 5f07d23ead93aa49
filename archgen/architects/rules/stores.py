"""Where each entity lives: the store kind from its shape and access, the stores the patterns add, and each
entity's stored shape (fields, personal data, keys and indexes from its access patterns)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Literal

from archgen.architects.rules.draft import Draft, option
from archgen.architects.rules.field_sources import unattributed
from archgen.architects.rules.keys import fit_keys
from archgen.architects.rules.patterns import amount, listed, text
from archgen.architects.rules.recovery import point_in_time
from archgen.architects.rules.reliability import needs_standby, standby_possible
from archgen.capacity import constants as c
from archgen.capacity.load import actor_kind, entity_rows, records_per_s, use_case_keys
from archgen.capacity.recovery import failover_allowance_s
from archgen.common import english
from archgen.common.formatting import number
from archgen.common.naming import slug
from archgen.design.edges import known_wide_column, wide_column_edge
from archgen.design.embeds import participants
from archgen.design.model import DataStore, DerivedState, EntityDesign, Index, Option, StoredField, StoreKind, StoreWork
from archgen.design.money import never_negative
from archgen.design.sign_in import provider_owns
from archgen.knowledge import compliance
from archgen.knowledge.catalog import Engine, Features, Technology, combined
from archgen.knowledge.decisions import decision_words
from archgen.knowledge.keys import is_position, must_be_unique
from archgen.knowledge.patterns import Match, SizingSpec
from archgen.knowledge.sign_in import sign_in_knowledge
from archgen.knowledge.store_fit import store_fit
from archgen.knowledge.tenancy import is_tenant, tenant_column
from archgen.knowledge.weighing import Targets, argument, edges, strongest
from archgen.requirements import personal
from archgen.requirements.fieldtypes import FieldType
from archgen.requirements.intent import anonymous_role, searches, status_field
from archgen.requirements.model import Entity, Requirements, UseCase
from archgen.requirements.resolve import Assumption
from archgen.requirements.searched import named_kinds

# the kind of store each technology role holds data as
# Stores that keep a system of record, and so must meet the recovery targets themselves.
DATABASES = ("relational", "key-value", "document", "wide-column", "time-series")
ROLE_KIND: dict[str, StoreKind] = {
    "relational": "relational",
    "relational-global": "relational",
    "key-value": "key-value",
    "document": "document",
    "wide-column": "wide-column",
    "time-series": "time-series",
    "search": "search",
    "object": "object",
    "warehouse": "warehouse",
    "cache": "in-memory",
}


def threshold(name: str) -> float:
    """A threshold from the knowledge constants."""
    return c.constant(name).value


def entity_writes(draft: Draft, entity: Entity) -> float:
    """Records a second the use cases write to an entity at peak after three years."""
    return sum(records_per_s(draft.req, u) for u in draft.req.use_cases if entity.name in u.writes)


def store_kind(draft: Draft, entity: Entity, indexed: bool = False) -> tuple[StoreKind, str]:
    """The kind of store an entity's access patterns and write rate call for, and the reason in one sentence."""
    req = draft.req
    rows_y3 = entity_rows(req, entity, 3)
    writers = [u for u in req.use_cases if entity.name in u.writes]
    machine = any(u.interaction in ("stream", "batch") or actor_kind(req, u) == "device" for u in writers)
    streamed = any(u.interaction == "stream" for u in writers)
    timed = any(a.startswith("range_") and entity.fields[a[6:]].kind in ("timestamp", "date") for a in entity.access)
    writes = entity_writes(draft, entity)
    one_primary = c.PRIMARY_WRITE_LIMIT.value * c.TARGET_UTILISATION.value
    served = ("search",) if indexed else ()  # a dedicated search index answers the searches
    keyed = all(a == "by_id" or a.startswith(("by_", "range_")) or a in ("recent", *served) for a in entity.access)
    money = any(w in f.lower() for f in entity.fields for w in ("amount", "balance", "price", "total", "fee"))
    lifecycle = status_field(entity) is not None
    stated = "consistency" in entity.model_fields_set
    relaxed = entity.consistency == "eventual" or (not stated and not lifecycle and not money)
    if (
        entity.mutability == "append_only"
        and machine
        and entity.growth_per_day >= threshold("time_series_rows_per_day")
        and (timed or entity.retention_days)
    ):
        return "time-series", (
            f"append-only measurements, {entity.growth_per_day:,} new rows a day from "
            f"{english.join(u.name for u in writers if u.interaction in ('stream', 'batch') or _device(req, u))}, "
            "read by time range" + (f" and expired after {entity.retention_days} days" if entity.retention_days else "")
        )
    if entity.mutability == "mutable" and streamed:
        return "in-memory", (
            f"live state overwritten by {', '.join(u.name for u in writers if u.interaction == 'stream')} at "
            f"{number(writes)} writes a second: only the latest value per key matters, and it goes stale in minutes"
        )
    big = rows_y3 * (entity.record_bytes or 0) > c.NODE_STORAGE_LIMIT.value * 1e12
    skill = known_wide_column(req)
    if wide_column_edge(req, entity):
        return "wide-column", (
            f"{number(writes)} writes a second and {rows_y3:,.0f} rows after 3 years, read only by "
            f"{english.join(a[3:] for a in entity.access if a.startswith('by_'))}"
            + (f"; the team already runs {skill[:1].upper()}{skill[1:]}" if skill else "")
            + ": one table per key it is read by, with its counts kept in counter rows, and "
            + store_fit().why
        )
    if keyed and relaxed and (writes > one_primary or big) and "aggregate" not in entity.access:
        if entity.mutability == "append_only" or timed:
            return "wide-column", (
                f"{number(writes)} writes a second after 3 years"
                + (f" and {rows_y3:,.0f} rows" if big else "")
                + ", read by key and time: a wide-column store partitioned by the parent key with time-ordered rows "
                "scales writes by adding nodes"
            )
        return "key-value", (
            f"{number(writes)} writes a second after 3 years, more than one relational primary takes, all read by key"
        )
    key_only = all(a == "by_id" for a in entity.access)
    if key_only and entity.consistency == "eventual" and rows_y3 >= threshold("key_value_rows"):
        return "key-value", f"read only by key, eventually consistent, {rows_y3:,.0f} rows after 3 years"
    return "relational", "structured records with relations, transactions and secondary lookups"


# What a kind of store is wanted for beyond its entities' needs: a time series is kept compressed and rolled up
# by its engine where the cloud offers an edition that does (else it is sized uncompressed, its rollups computed).
KIND_WANTS: dict[str, Features] = defaultdict(Features, {"time-series": Features(compression=True, rollups=True)})


def plan_stores(draft: Draft) -> None:
    """Design every entity and place it in a store; add the stores patterns contribute; one decision per kind."""
    req = draft.req
    system = slug(req.system.name, "system")
    _detect_personal_data(draft)
    # an index is bought only for what a use case searches: an entity searched by nothing uses the database's own
    searched = {n for u in req.use_cases if searches(u) for n in u.reads}
    searchable = [e for e in req.data.entities if "search" in e.access]
    indexed = [e for e in searchable if e.name in searched]
    dedicated_search = _needs_dedicated_search(draft, indexed)
    if dedicated_search:
        # what a search names is looked for in the index too, whatever its own lookups (vehicles among suggestions)
        indexed += [e for e in req.data.entities if e.name in _named_apart(req) and e not in indexed]
    kinds: dict[str, tuple[StoreKind, str]] = {
        e.name: store_kind(draft, e, dedicated_search) for e in req.data.entities
    }

    placed: list[tuple[Entity, StoreKind, str]] = []
    for entity in req.data.entities:
        kind, _ = kinds[entity.name]
        service = draft.service_of(entity.name)
        if kind == "relational":
            name = f"{system}-db" if service.name in draft.core else f"{service.slug}-db"
        else:
            suffix = {"time-series": "timeseries", "in-memory": "live", "wide-column": "wide", "key-value": "kv"}
            name = f"{service.slug}-{suffix.get(kind, kind)}"
        placed.append((entity, kind, name))
    # the relational stores share one engine (one decision, one skill set): each needs what any of them needs
    shared = combined([entity_needs(e) for e, k, _ in placed if k == "relational"])
    needs = {
        n: shared
        if k == "relational"
        else combined([entity_needs(e) for e, _, m in placed if m == n] + [KIND_WANTS[k]])
        for _, k, n in placed
    }
    for entity, kind, name in placed:
        service = draft.service_of(entity.name)
        store = _store(draft, name, kind, _role(kind), needs[name])
        _attach(draft, store, entity.name, service.name)
        draft.entities.append(design_entity(draft, entity, service.name, name))

    # an engine without full-text indexes is searched through a search index fed from it
    dedicated_search = dedicated_search or any(
        not draft.catalog.engine(draft.store(draft.entity(e.name).store).technology).fulltext for e in searchable
    )
    if indexed and dedicated_search:
        search = _store(draft, f"{system}-search", "search", "search")
        for entity in indexed:
            _attach(draft, search, entity.name, draft.service_of(entity.name).name)
            draft.entity(entity.name).search_index = search.name
    if req.data.files:
        bucket = _store(draft, f"{system}-files", "object", "object")
        bucket.files = [f.name for f in req.data.files]
        owner = _file_owner(draft)
        bucket.services.append(owner)
        draft.service(owner).stores.append(bucket.name)  # type: ignore[union-attr]
    _pattern_stores(draft)
    fit_keys(draft)
    _decide_relational(draft, kinds, shared)
    _decide_special(draft, kinds, needs)
    if searchable:
        _decide_search(draft, indexed, searchable, dedicated_search and bool(indexed))
    if req.data.files:
        _decide_files(draft)


def _role(kind: str) -> str:
    return next((role for role, k in ROLE_KIND.items() if k == kind), "key-value")


def _attach(draft: Draft, store: DataStore, entity: str, service: str) -> None:
    if entity not in store.entities:
        store.entities.append(entity)
    if service not in store.services:
        store.services.append(service)
    owner = draft.service(service)
    if owner is not None and store.name not in owner.stores:
        owner.stores.append(store.name)


def _file_owner(draft: Draft) -> str:
    """The service that keeps the files: the owner of the entity that refers to them most, else the first."""
    for service in draft.services:
        for name in service.entities:
            fields = draft.req.entity(name).fields
            if any(
                w in f.lower() for f in fields for w in ("file", "url", "key", "media", "video", "image", "document")
            ):
                return service.name
    return draft.services[0].name


def _store(draft: Draft, name: str, kind: StoreKind, role: str, capability: Features | None = None) -> DataStore:
    """The store called `name`, created with the technology of its role that has the capabilities its entities
    need and meets the recovery targets (correctness first: a technology that cannot keep the data's rules is
    not chosen for its recovery)."""
    for store in draft.stores:
        if store.name == name:
            return store
    capability = capability or Features()
    # uniqueness the engine must keep; a geo index is wanted, but a geohash index serves where the engine has none
    hard = Features(unique=capability.unique) if capability.unique else Features()
    database = kind in DATABASES
    recovery = _recovery_need(draft) if database else None
    undoes = _undo_need(draft) if database else (lambda t: True)
    quick = _failover_need(draft) if database else (lambda t: True)

    def fits(t: Technology, need: Features = capability) -> bool:
        return draft.catalog.engine(t).has(need)

    def both(t: Technology, need: Features = capability) -> bool:
        return fits(t, need) and (recovery is None or (recovery(t) and undoes(t)))

    if (
        role == "relational"
        and recovery is not None
        and not any(both(t, hard) for t in draft.catalog.options("relational"))
        and any(both(t, hard) and _kept_to_must_use(draft, t) for t in draft.catalog.options("relational-global"))
    ):
        role = "relational-global"  # only a database replicated synchronously across regions loses nothing
    options = draft.catalog.options(role)
    rpo = _rpo_need(draft)
    chain: list[Callable[[Technology], bool]] = [
        both,
        lambda t: both(t, hard),
        lambda t: fits(t) and rpo(t) and undoes(t),
        lambda t: fits(t, hard) and rpo(t) and undoes(t),
        lambda t: fits(t) and quick(t) and undoes(t),
        lambda t: fits(t, hard) and quick(t) and undoes(t),
        lambda t: fits(t) and rpo(t),
        lambda t: fits(t, hard) and rpo(t),
        fits,
        lambda t: fits(t, hard),
    ]  # failing over within the RTO matters less than losing no more than the RPO, and both less than the data;
    # undoing a faulty release (point-in-time recovery) is part of the RPO whatever the regions do
    need = next((n for n in chain if any(n(t) for t in options)), None)
    technology = draft.catalog.choose(role, need).name
    purpose = (
        draft.catalog.knowledge.technologies.roles[role].what
        if role in draft.catalog.knowledge.technologies.roles
        else kind
    )
    store = DataStore(name=name, kind=kind, technology=technology, purpose=purpose, replication="", backup="")
    draft.stores.append(store)
    return store


def _pattern_stores(draft: Draft) -> None:
    """Stores the matched patterns contribute: the entities they hold, or a derived copy of others (patterns come
    highest precedence first, so the first to describe a store keeps its purpose)."""
    contributed: set[str] = set()
    for found in draft.patterns:
        for spec in found.pattern.contributes.stores:
            if not found.allows(spec):
                continue
            kind = ROLE_KIND.get(spec.role, "key-value")
            name = text(draft, found, spec.name)
            store = _store(draft, name, kind, spec.role)
            if name not in contributed:  # the first (highest-precedence) pattern to describe a store is kept
                store.purpose = " ".join(text(draft, found, spec.purpose).split())
            contributed.add(name)
            user = text(draft, found, spec.service) if spec.service else None
            if user is None or draft.service(user) is None:
                user = next((s.name for s in draft.services if s.kind != "domain"), draft.services[0].name)
            held = [n for part in spec.holds for n in listed(draft, found, part)]
            for entity_name in held:
                if not any(e.name == entity_name for e in draft.entities):
                    continue
                entity = draft.entity(entity_name)
                old = draft.store(entity.store)
                if entity_name in old.entities:
                    old.entities.remove(entity_name)
                entity.store = store.name
                _attach(draft, store, entity_name, entity.owner)
            for entity_name in (n for part in spec.copy_of for n in listed(draft, found, part)):
                if any(e.name == entity_name for e in draft.entities):
                    _attach(draft, store, entity_name, user)
            known = {f.name for f in draft.req.data.files}
            for file_name in (n for part in spec.files for n in listed(draft, found, part) if n in known):
                for other in draft.stores:
                    if file_name in other.files and other is not store:
                        other.files.remove(file_name)
                if file_name not in store.files:
                    store.files.append(file_name)
            for file_name in (n for part in spec.archive for n in listed(draft, found, part) if n in store.files):
                if file_name not in store.archive:
                    store.archive.append(file_name)
            if spec.sizing is not None and store.derived is None:
                store.derived = _derived(draft, found, spec.sizing)
            if user not in store.services:
                store.services.append(user)
                service = draft.service(user)
                if service is not None and store.name not in service.stores:
                    service.stores.append(store.name)
            draft.credit(found.pattern.id, f"store {name}")
    draft.stores = [s for s in draft.stores if s.entities or s.files or s.kind in ("warehouse", "in-memory", "object")]
    kept = {s.name for s in draft.stores}  # a store whose entities a pattern moved elsewhere is gone
    for service in draft.services:
        service.stores = [s for s in service.stores if s in kept]


def _derived(draft: Draft, found: Match, spec: SizingSpec) -> DerivedState:
    """What a pattern's store keeps and the work it takes, its arithmetic filled in from the questionnaire; work
    whose numbers the questionnaire cannot give is left out (and the review says the store is unsized)."""
    work = []
    for item in spec.work:
        per_call = amount(draft, found, item.per_call)
        per_connection = amount(draft, found, item.per_connection)
        cases = listed(draft, found, item.use_case) if item.use_case else [""]
        if per_call is None or per_connection is None:
            continue
        for use_case in cases:
            work.append(
                StoreWork(
                    use_case=use_case,
                    op=item.op,
                    per_call=round(per_call, 3) if use_case else 0,
                    per_connection=round(per_connection, 6),
                    why=" ".join(text(draft, found, item.why).split()),
                )
            )
    return DerivedState(
        entries=round(amount(draft, found, spec.entries) or 0.0, 0),
        entries_per_connection=amount(draft, found, spec.entries_per_connection) or 0.0,
        entry_bytes=amount(draft, found, spec.entry_bytes) or 0.0,
        why=" ".join(text(draft, found, spec.why).split()),
        work=work,
    )


def _recovery_need(draft: Draft) -> Callable[[Technology], bool] | None:
    """What a database must do when the targets keep a standby region: fail over to it within the RTO and lose
    no more than the RPO there."""
    q = draft.req.quality
    if not needs_standby(draft.req):
        # no standby region: a lost database comes back from its backups, which must be recent enough
        rpo_s = q.rpo_minutes * 60
        if rpo_s >= 24 * 3600:
            return None
        return lambda t: t.pitr_s != 0 and (t.pitr_s or c.constant("pitr_rpo_minutes").value * 60) <= rpo_s
    quick = _failover_need(draft)
    return lambda t: quick(t) and t.replica_lag_s is not None and t.replica_lag_s <= q.rpo_minutes * 60


def _failover_need(draft: Draft) -> Callable[[Technology], bool]:
    """A database that is back in another region within the RTO; one that writes in one region only must also fail
    over within what the availability target allows (a month's error budget at four nines): writing in every region
    is needed only where no failover fits, not for its own sake."""
    q = draft.req.quality
    allowance = failover_allowance_s(q.availability, q.rto_minutes)

    def quick(t: Technology) -> bool:
        failover = t.region_failover_s if t.region_failover_s is not None else 1e9
        return failover <= q.rto_minutes * 60 and (t.region_writes == "multi" or failover <= allowance)

    return quick


def _undo_need(draft: Draft) -> Callable[[Technology], bool]:
    """A database that can undo a faulty release within the RPO: its writes reach every copy kept in step, so only
    point-in-time recovery brings the data back to before it (snapshots lose up to a day)."""
    day = 24 * 3600
    if draft.req.quality.rpo_minutes * 60 >= day:
        return lambda t: True
    return lambda t: t.pitr_s is None or 0 < t.pitr_s < day  # a daily backup is no point-in-time log


def _kept_to_must_use(draft: Draft, t: Technology) -> bool:
    """Whether a technology keeps to constraints.must_use where it names a relational engine: a globally replicated
    one that is only compatible with it is not taken over the engine itself for its recovery."""
    words = draft.catalog.must_use
    named = any(o.named(words) for o in draft.catalog.options("relational")) if words else False
    return not named or t.named(words)


def _rpo_need(draft: Draft) -> Callable[[Technology], bool]:
    """A database that loses no more than the RPO when a region is lost."""
    rpo_s = draft.req.quality.rpo_minutes * 60
    return lambda t: t.replica_lag_s is not None and t.replica_lag_s <= rpo_s


def entity_needs(entity: Entity) -> Features:
    """What an entity asks of the engine that keeps it: geo lookups and values that must be unique (full-text
    search a search index can give instead)."""
    unique = any(must_be_unique(f, t.kind, f"by_{f}" in entity.access) for f, t in entity.fields.items())
    return Features.model_validate(
        {**({"geo": True} if "geo" in entity.access else {}), **({"unique": "key"} if unique else {})}
    )


def _named_apart(req: Requirements) -> set[str]:
    """The records search use cases name that no other record they read refers to: each is searched on its own,
    not carried in the documents of one that refers to it (a room type in its availability)."""
    out: set[str] = set()
    for use_case in req.use_cases:
        reads = [e for e in req.data.entities if e.name in use_case.reads]
        for kind in named_kinds(req, use_case):
            referred = any(k.kind == "ref" and k.target == kind.entity for e in reads for k in e.fields.values())
            if not referred:
                out.add(kind.entity)
    return out


def _needs_dedicated_search(draft: Draft, searchable: list[Entity]) -> bool:
    if not searchable:
        return False
    rows = sum(entity_rows(draft.req, e, 3) for e in searchable)
    names_ = {e.name for e in searchable}
    keys = use_case_keys(draft.req)
    search_rps = sum(
        draft.figure(f"{keys[u.name]}.peak_rps.y3")
        for u in draft.req.use_cases
        if names_ & set(u.reads) and searches(u)
    )
    return rows >= threshold("dedicated_search_rows") or search_rps >= threshold("dedicated_search_rps")


# --- personal data ------------------------------------------------------------------------------------------


def personal_fields(draft: Draft, entity: Entity) -> dict[str, personal.Kind]:
    """The personal fields of an entity and their kind."""
    found = draft.personal_found.get(entity.name)
    return dict(found.fields) if found is not None else {}


def _detect_personal_data(draft: Draft) -> None:
    """Find the entities that hold personal data from the data model: people, records about them and what they
    wrote or uploaded. The questionnaire is kept as written; an entity it did not mark is marked in the design,
    with the reason as an assumption."""
    entities = {e.name: e.fields for e in draft.req.data.entities}
    draft.personal_found = personal.find(entities, frozenset(e.name for e in draft.req.data.entities if e.pii))
    for entity in draft.req.data.entities:
        found = draft.personal_found.get(entity.name)
        if found is None or entity.pii or "pii" in entity.model_fields_set:
            continue
        draft.assumptions = [a for a in draft.assumptions if a.key != f"data.entities[{entity.name}].pii"]
        draft.assumptions.append(
            Assumption(key=f"data.entities[{entity.name}].pii", value="true", reason=f"it {found.why}")
        )
        draft.personal.add(entity.name)


def _audience(draft: Draft, entity: Entity) -> tuple[list[str], list[str], list[str], list[str]]:
    """Who stands where towards an entity's personal fields: the roles that keep its records (they write them and
    are not the person), the staff who read them, the systems that read them, and the systems that write them."""
    req = draft.req
    kinds = {r.name: r for r in req.users.roles}
    subjects = set(subject_roles(draft, entity))
    writers = {u.actor for u in req.use_cases if entity.name in u.writes and u.actor in kinds}
    readers = {u.actor for u in req.use_cases if entity.name in u.reads and u.actor in kinds}
    # staff who keep other records about the same people (a physician writing encounters) keep this one too
    about = set(draft.personal_found[entity.name].subjects) if entity.name in draft.personal_found else set()
    related = {n for n, found in draft.personal_found.items() if n != entity.name and about & set(found.subjects)}
    carers = {
        u.actor
        for u in req.use_cases
        if set(u.writes) & related and u.actor in kinds and kinds[u.actor].kind == "person" and kinds[u.actor].internal
    }
    # a person without an account keeps no one's records (a visitor's click is not theirs to read back)
    anonymous = {r for r in writers if anonymous_role(req, r)}
    custodians = sorted(r for r in (writers - anonymous | (carers & readers)) - subjects if kinds[r].kind == "person")
    staff = sorted(r for r in readers if kinds[r].kind == "person" and kinds[r].internal and r not in custodians)
    systems = sorted(r for r in readers if kinds[r].kind == "service")
    feeders = sorted(r for r in writers if kinds[r].kind == "service")
    return custodians, staff, systems, feeders


def _assessors(draft: Draft, entity: Entity) -> list[str]:
    """The roles that may read an entity's internal assessment (a fraud score, a reserve) when someone outside the
    staff reads the record too (the claimant, a partner): the staff and the systems that read or write it. None
    when only staff read it, so nothing needs holding back."""
    kinds = {r.name: r for r in draft.req.users.roles}
    near = {u.actor for u in draft.req.use_cases if entity.name in (*u.reads, *u.writes) and u.actor in kinds}
    outside = {r for r in near if kinds[r].kind == "person" and not kinds[r].internal}
    if not outside:
        return []
    return sorted(r for r in near - outside if kinds[r].kind == "service" or kinds[r].internal)


def keepers_of(draft: Draft, entity: Entity) -> list[str]:
    """The person roles that keep an entity's records for others, and the staff who read them."""
    custodians, staff, _, _ = _audience(draft, entity)
    return [*custodians, *staff]


def custodians_of(draft: Draft, entity: Entity) -> list[str]:
    """The person roles that keep an entity's records for others (they write them and are not the person)."""
    return _audience(draft, entity)[0]


def subject_roles(draft: Draft, entity: Entity) -> list[str]:
    """The person roles whose members a record is about (Employee: employee); `self` stands for them."""
    found = draft.personal_found.get(entity.name)
    about = found.subjects if found else ()
    words = {w for name in about for w in personal.name_words(name)}
    return [r.name for r in draft.req.users.roles if r.kind == "person" and set(personal.name_words(r.name)) & words]


def _kept_by_organisation(draft: Draft, entity: Entity) -> list[str]:
    """Who sets what a person's record holds about their place in the organisation (a job title is not personal,
    an employee number links nothing): the roles that keep the record, when the person writes it too."""
    if not personal.is_person(entity.name):
        return []
    custodians, _, _, feeders = _audience(draft, entity)
    subjects = set(subject_roles(draft, entity))
    self_writes = any(u.actor in subjects for u in draft.req.use_cases if entity.name in u.writes)
    return [*custodians, *feeders] if custodians and self_writes else []


def field_access(draft: Draft, entity: Entity, name: str, kind: personal.Kind) -> tuple[list[str], list[str]]:
    """Who may read and who may set a personal field of a kind (for fields added after the stored shape)."""
    return _access(draft, entity, name, kind)


def _access(draft: Draft, entity: Entity, name: str, kind: personal.Kind) -> tuple[list[str], list[str]]:
    """Who may read and who may set a personal field: the person and the roles that keep the record for what is
    sensitive, staff too for what reaches them; names, links and content go wherever the record goes."""
    custodians, staff, systems, feeders = _audience(draft, entity)
    if kind == "sensitive":
        writers = custodians if personal.custodian_only(name) and custodians else ["self", *custodians]
        # staff whose use case reads the record act on it (a records officer releasing a note): they read what
        # acting needs, only of the records in their assignment, which the security page says
        return ["self", *custodians, *acting_staff(draft, entity, staff), *systems], writers
    if kind == "contact":
        # the other party of a record they share (the rider of the driver's trip) sees where the person is
        sharing = sorted(participants(draft.req, draft.personal_found, entity.name))
        return ["self", *custodians, *staff, *systems, *sharing], ["self", *custodians, *feeders]
    if about_people(draft, entity):
        # a record about a person, or of what one did (a click, a view): others get it without that person
        return ["self", *custodians, *staff, *systems], []
    return [], []


def acting_staff(draft: Draft, entity: Entity, staff: list[str]) -> list[str]:
    """The staff who read one record of a kind to act on it: a use case of theirs reads it other than for totals
    (a report's reader needs none of the people inside it). A multi-tenant system's staff serve the tenants, not
    the tenants' people, so none of them reads those people's sensitive values."""
    from archgen.architects.rules.operations import read_action  # operations builds on the stored shapes

    tenancy = draft.req.system.tenancy
    if tenancy is not None and tenancy.model == "multi":
        return []
    return [
        r
        for r in staff
        if any(
            u.actor == r and entity.name in u.reads and read_action(u, entity) != "aggregate"
            for u in draft.req.use_cases
        )
    ]


def _decided_by_others(
    draft: Draft, entity: Entity, name: str, readers: list[str], writers: list[str]
) -> tuple[Literal["client", "server"], str, list[str], list[str]]:
    """Who sets a field of a person's record the person cannot decide about themselves: the link to their account
    at the identity provider comes from the token, read only by them and those who keep the record; whether the
    account is active, a role, a rating or a price is set by the roles that keep the record, or else by the system."""
    if provider_owns(draft.req, entity.name, name) and not personal.identity_link(name):
        # the company's directory owns it: it arrives with each sign-in and nobody edits it here
        return "server", sign_in_knowledge().provider_owned.source(name), readers, []
    if not personal.is_person(entity.name) or name == "id":
        return "client", "", readers, writers
    words = personal.vocabulary()
    if personal.identity_link(name):
        custodians, _, systems, _ = _audience(draft, entity)
        return "server", words.identity_link_source, ["self", *custodians, *systems], []
    if not personal.set_by_others(name) or (writers and "self" not in writers):
        return "client", "", readers, writers
    custodians, staff, _, feeders = _audience(draft, entity)
    subjects = set(subject_roles(draft, entity))
    keepers = [r for r in [*custodians, *feeders, *staff] if r not in subjects]
    if keepers:
        return "client", "", readers, keepers
    return "server", words.set_by_others_source, readers, []


def about_people(draft: Draft, entity: Entity) -> bool:
    """Whether an entity's personal fields reach only the person and those who keep or serve the records: records
    of what a person did (a click, a view), and records about a person that people without an account read (a
    seller's contact). Members who sign in see each other's names, as the vocabulary of identities says."""
    found = draft.personal_found.get(entity.name)
    if found is None:
        return False
    activity = entity.mutability == "append_only" and "link" in found.fields.values()
    anonymous = any(entity.name in u.reads and anonymous_role(draft.req, u.actor) for u in draft.req.use_cases)
    return activity or (found.person and anonymous)


# --- the stored shape ---------------------------------------------------------------------------------------


def design_entity(draft: Draft, entity: Entity, owner: str, store: str) -> EntityDesign:
    """The stored shape of an entity: fields, primary key and the indexes its access patterns need."""
    pii = entity.pii or entity.name in draft.personal
    kinds = personal_fields(draft, entity) if pii else {}
    indexed = _indexed_fields(entity)
    searched = _searched_text(entity, kinds)
    kept = _kept_by_organisation(draft, entity)
    fields = []
    for name, field_type in entity.fields.items():
        kind = kinds.get(name)
        readers, writers = _access(draft, entity, name, kind) if kind else ([], [])
        if kind in (None, "link") and kept:
            writers = kept
        set_by, source, readers, writers = _decided_by_others(draft, entity, name, readers, writers)
        if personal.internal_assessment(name) and (assessors := _assessors(draft, entity)):
            readers = assessors
        fields.append(
            StoredField(
                name=name,
                type=str(field_type),
                set_by=set_by,
                source=source,
                # a reference to a record of the same kind is a parent (a reply's post, a thread's first message):
                # the first record has none
                required=name == "id"
                or (field_type.kind not in ("text", "json", "list") and field_type.target != entity.name),
                pii=kind is not None,
                # an amount of a refund, a payment or a fee is never negative: a change of direction is a record
                # of its own kind (a refund, a reversal), not a minus sign
                minimum=0 if never_negative(entity.name, name, str(field_type), entity.fields) else None,
                # an index needs the value in clear: what is looked up, ranged or searched is protected by the
                # store's encryption and by who may read it
                encrypted=kind == "sensitive" and name not in indexed | searched,
                readers=readers,
                writers=writers,
            )
        )
    kept_out = {f.name for f in fields if f.encrypted} | {
        n for n, k in kinds.items() if k in ("contact", "sensitive") and n not in searched
    }
    timestamps = [n for n, t in entity.fields.items() if t.kind in ("timestamp", "date")]
    # a mutable record, or one listed newest first with no time of its own, gets the server's clock
    needs_clock = entity.mutability == "mutable" or ("recent" in entity.access and not timestamps)
    if not any(f.name == "created_at" for f in fields) and needs_clock:
        fields.append(StoredField(name="created_at", type="timestamp", set_by="server", source="the server clock"))
    if "recent" in entity.access and not timestamps:
        timestamps = ["created_at"]
    # newest first by the time it was made, never by a date it keeps encrypted (a birth date is no order of records)
    clock = "created_at" if any(f.name == "created_at" for f in fields) else None
    newest = "created_at" if "created_at" in timestamps else next((t for t in timestamps if t not in kept_out), clock)
    primary = ["id"] if "id" in entity.fields else [next(iter(entity.fields))]
    maker = unattributed(draft.req, entity)
    if maker:  # the record names who made it, so access can be checked and their records listed
        fields.insert(1, StoredField(name="created_by", type="uuid", set_by="server", source="the caller's token"))
    tenant = entity_tenant_column(draft, entity)
    if tenant and not any(f.name == tenant for f in fields):
        fields.insert(1, StoredField(name=tenant, type="uuid", set_by="server", source="the caller's token"))
    prefix = [tenant] if tenant and tenant not in primary else []
    indexes = [Index(name=f"{slug(entity.name, 'entity')}_pkey", fields=primary, kind="primary", serves="by_id")]

    def add(fields_: list[str], kind_: str, serves: str) -> None:
        if kind_ in ("btree", "unique") and prefix and fields_[:1] != prefix:
            fields_ = [*prefix, *fields_]
        if any(i.fields == fields_ and i.kind != "primary" for i in indexes) or fields_ == primary:
            return
        name = f"{slug(entity.name, 'entity')}_{'_'.join(fields_)}_{'key' if kind_ == 'unique' else 'idx'}"
        indexes.append(Index(name=name, fields=fields_, kind=kind_, serves=serves))

    # the time an owner's records are listed in: a list by a parent is read newest first, so its index is one
    # composite (parent, time DESC) that a page of the newest reads in order, not a parent index and a time index
    ranged = [p[6:] for p in entity.access if p.startswith("range_")]
    listed = (ranged or (["created_at" if "created_at" in timestamps else timestamps[0]] if timestamps else []))[:1]
    if "recent" not in entity.access and not ranged:
        listed = []
    for pattern in entity.access:
        if pattern.startswith("by_") and pattern != "by_id" and entity.fields[pattern[3:]].kind == "ref" and listed:
            add(
                [pattern[3:], *listed],
                "btree",
                f"{pattern}, newest first within {english.a(pattern[3:])} ({pattern[3:]}, {listed[0]} DESC)",
            )
        elif pattern.startswith("by_") and pattern != "by_id":
            field = pattern[3:]
            add([field], "unique" if must_be_unique(field, entity.fields[field].kind, True) else "btree", pattern)
        elif pattern.startswith("range_"):
            add([pattern[6:]], "btree", pattern)
        elif pattern == "recent":
            add([newest or timestamps[0]], "btree", "recent (newest first)")
        elif pattern == "search" and draft.catalog.engine(draft.store(store).technology).fulltext is not False:
            # encrypted and contact fields stay out of full-text search: nobody finds a person by their IBAN
            text_fields = [n for n, t in entity.fields.items() if _text(t) and n not in kept_out] or primary
            add(text_fields, "fulltext", "search")
        elif pattern == "geo":
            geo = next((n for n in entity.fields if is_position(n)), None)
            if geo is None:
                # the point repeats the coordinates: where they are a person's, so is it
                readers, writers = _access(draft, entity, "location", "contact") if pii else ([], [])
                # the coordinates the client sends make the point: the server builds it, the client never sends both
                pair: list[str] = [n for n in ("latitude", "longitude") if n in entity.fields]
                pair = pair or [n for n in ("lat", "lng") if n in entity.fields]
                fields.append(
                    StoredField(
                        name="location",
                        type="geography(Point)",
                        description="added for geo",
                        pii=pii,
                        readers=readers,
                        writers=[] if len(pair) == 2 else writers,
                        set_by="server" if len(pair) == 2 else "client",
                        source=f"built from its {pair[0]} and {pair[1]}" if len(pair) == 2 else "",
                    )
                )
                geo = "location"
            if draft.catalog.engine(draft.store(store).technology).geo is False:
                # no geospatial index: nearby is a range over geohash cells, which any ordered index answers
                # the cells locate the point as closely as the point does: whoever may not read it may not read them
                point = next((f for f in fields if f.name == geo), None)
                hidden = point.pii if point is not None else pii
                readers = point.readers if point is not None else _access(draft, entity, "location", "contact")[0]
                fields.append(
                    StoredField(
                        name=f"{geo}_geohash",
                        type="string",
                        set_by="server",
                        source=f"{geo}",
                        pii=hidden,
                        readers=list(readers) if hidden else [],
                    )
                )
                add([f"{geo}_geohash"], "btree", "geo (nearby: the geohash cells around a point)")
            else:
                add([geo], "geo", "geo (nearby)")
    for name, field_type in entity.fields.items():
        if field_type.kind == "ref":
            # an index led by the reference already serves its foreign key
            led = prefix if name in prefix else [*prefix, name]
            if not any(i.fields[: len(led)] == led for i in indexes):
                add([name], "btree", f"foreign key to {field_type.target}")
        elif must_be_unique(name, field_type.kind, False) and f"by_{name}" not in entity.access:
            add([name], "unique", f"unique {name}: a retry or a repeated callback finds the first record")
    if maker:
        add(["created_by", *([newest] if newest else [])], "btree", "the caller's own records, newest first")
    domain = next((d for d, names_ in draft.domains.items() if entity.name in names_), owner)
    refs = [a[3:] for a in entity.access if a.startswith("by_") and a != "by_id"]
    timed_ = [a[6:] for a in entity.access if a.startswith("range_")]
    if tenant:
        partition = f"{tenant} (hash)"
    elif entity.mutability == "append_only" and (timed_ or timestamps) and refs:
        partition = f"{refs[0]} (hash) + {(timed_ or timestamps)[0]} (daily bucket)"
    elif refs:
        partition = f"{refs[0]} (hash)"
    else:
        partition = f"{primary[0]} (hash)"
    return EntityDesign(
        name=entity.name,
        description=entity.description or "",
        domain=domain,
        owner=owner,
        store=store,
        fields=fields,
        primary_key=primary,
        indexes=indexes,
        partition_key=partition,
        retention_days=longest_retention(draft, entity.name, entity.retention_days, [f.name for f in fields]),
        pii=pii,
        consistency=entity.consistency,
        mutability=entity.mutability,
        access=list(entity.access),
    )


def longest_retention(draft: Draft, name: str, given: int | None, fields: list[str]) -> int | None:
    """One retention per record: the questionnaire's, raised to the period a named regime keeps the record when
    that is longer (the longest duty wins). A record given no period keeps none (the security page names its
    duty)."""
    held = compliance.hold(draft.req.compliance.regimes, name, fields)
    return max(given, held[1].days) if given and held else given


def _searched_text(entity: Entity, kinds: dict[str, personal.Kind]) -> set[str]:
    """The sensitive free text a record's search must read because nothing else of it is searchable (a clinical
    note's body): it stays in clear in the store's full-text index, protected by the store's encryption and by who
    may read it, since text encrypted per field cannot be searched."""
    if "search" not in entity.access:
        return set()
    text = {n: t.kind for n, t in entity.fields.items() if t.kind in ("string", "text") and n != "id"}
    if any(kinds.get(n) not in ("contact", "sensitive") for n in text):
        return set()
    return {n for n, kind in text.items() if kind == "text" and kinds.get(n) == "sensitive"}


def _indexed_fields(entity: Entity) -> set[str]:
    """The fields an access pattern looks up, ranges over or searches near: they are indexed in clear."""
    out = {a[3:] for a in entity.access if a.startswith("by_")} | {
        a[6:] for a in entity.access if a.startswith("range_")
    }
    if "geo" in entity.access:
        out |= {n for n in entity.fields if is_position(n)}
    return out


def entity_tenant_column(draft: Draft, entity: Entity) -> str | None:
    """The column naming the tenant on an entity of a multi-tenant system (the tenant entity itself has none):
    its own reference to the tenant, else the column the other records use, so every table names it alike."""
    tenancy = draft.req.system.tenancy
    if tenancy is None or tenancy.model != "multi":
        return None
    # a record that names its tenant is the tenant's, whatever its own name says (a UserAccount belongs to one)
    own = _own_tenant_column(entity)
    if own is not None:
        return own
    if is_tenant(entity.name):
        return None
    columns = Counter(c for e in draft.req.data.entities if (c := _own_tenant_column(e)))
    return columns.most_common(1)[0][0] if columns else "tenant_id"


def _own_tenant_column(entity: Entity) -> str | None:
    return tenant_column(entity.name, [(n, str(t)) for n, t in entity.fields.items()])


# --- decisions ------------------------------------------------------------------------------------------------


def _relational_pros(engine: Engine) -> list[str]:
    """What the chosen relational engine keeps, as it is: no constraint it does not enforce."""
    pros = ["ACID transactions across the rows a use case changes"] if engine.transactions == "multi-row" else []
    if engine.foreign_keys:
        return [*pros, "foreign keys, unique and check constraints keep the data honest"]
    return [
        *pros,
        f"unique and check constraints keep the data honest ({engine.name} has no foreign keys: the "
        "services check references)",
    ]


def _relational_cons(engine: Engine) -> list[str]:
    """What the chosen relational engine costs, in the words of how it keeps copies and handles conflicts."""
    if engine.copies == "consensus":
        cons = ["every write commits by quorum across zones (and regions), so each commit waits for their round trip"]
    elif engine.sharding == "native":
        cons = ["one primary takes every write"]
    else:
        cons = ["one primary takes every write; sharding later is real work"]
    if engine.locking == "optimistic":
        cons.append(
            "optimistic concurrency only: conflicting transactions abort at commit and are retried, so a "
            "row many writers touch at once needs splitting"
        )
    return cons


def _targets(draft: Draft) -> Targets:
    q = draft.req.quality
    allowance = failover_allowance_s(q.availability, q.rto_minutes)
    everywhere = allowance < q.rto_minutes * 60
    standby = needs_standby(draft.req) and standby_possible(draft.req, draft.catalog)
    return Targets(q.rpo_minutes, q.rto_minutes, standby, everywhere, allowance)


def _runner_up_option(draft: Draft, runner: Technology, chosen: Technology, summary: str, need: Features) -> Option:
    """The strongest alternative as an option: its pros are where it beats the choice, its cons where it loses."""
    targets = _targets(draft)
    pros = [e.text for e in edges(draft.catalog, runner, chosen, targets, need)]
    cons = [e.text for e in edges(draft.catalog, chosen, runner, targets, need)]
    return option(
        runner.name,
        summary,
        pros or ["the same data model and transactions"],
        cons or [f"fares as {chosen.name} does on every stated requirement"],
    )


def _rivals(draft: Draft, chosen: Technology, role: str) -> list[Technology]:
    """The alternatives to weigh: the other technologies of the role, and any of a neighbouring data role the team
    knows or must use (what a team that runs Cassandra would ask about first)."""
    own = draft.catalog.alternatives(role, chosen.name)
    known = [
        t
        for near in decision_words().neighbours.get(role, ())
        for t in draft.catalog.alternatives(near, chosen.name)
        if draft.catalog.known(t) or any(draft.catalog.answers(t, w) for w in draft.catalog.must_use)
    ]
    seen: set[str] = set()
    return [t for t in [*own, *known] if not (t.name in seen or seen.add(t.name))]  # type: ignore[func-returns-value]


def _decide_relational(draft: Draft, kinds: dict[str, tuple[StoreKind, str]], need: Features) -> None:
    names_ = [n for n, (k, _) in kinds.items() if k == "relational" and draft.entity(n).store.endswith("-db")]
    if not names_:
        return
    req = draft.req
    used = next(s.technology for s in draft.stores if s.kind == "relational")
    chosen = draft.catalog.technology(used) or draft.catalog.choose("relational")
    tech = chosen.name
    skills = draft.catalog.skills_of(chosen)
    apart = sorted(
        {e.owner for e in draft.entities if e.owner not in draft.core and draft.store(e.store).kind == "relational"}
    )
    layout = (
        "one database with a schema per module"
        if not apart
        else "one database per service"
        if not draft.core
        else f"one database with a schema per module, and one each for {english.join(apart)}"
    )
    # the relational roles only: a key-value or wide-column store is weighed as the document option below
    rivals = [t for role in ("relational", "relational-global") for t in draft.catalog.alternatives(role, tech)]
    runner = strongest(draft.catalog, chosen, rivals, _targets(draft), need)
    document = draft.catalog.choose("document")
    options = [
        option(
            tech,
            "A managed relational database: SQL, transactions, constraints, secondary indexes.",
            [
                *_relational_pros(draft.catalog.engine(chosen)),
                f"the team already knows {', '.join(skills)}" if skills else "the most widely known data model",
            ],
            [*_relational_cons(draft.catalog.engine(chosen)), "schema changes need migrations"],
        ),
        *(
            [_runner_up_option(draft, runner, chosen, "Another relational engine on the same cloud.", need)]
            if runner is not None
            else []
        ),
        option(
            document.name if not draft.catalog.avoided(document.name) else "a document database",
            "A document database: each record a JSON document.",
            ["flexible shape, no migrations for new fields", "scales out writes by partition key"],
            ["joins and multi-document transactions are limited", "constraints live in application code"]
            + (["constraints.avoid rules it out"] if draft.catalog.avoided(document.name) else []),
        ),
    ]
    argued = (
        argument(draft.catalog, chosen, runner, _targets(draft), need)
        if runner is not None
        else "Chosen because the data is relational and its writes need transactions and constraints."
    )
    draft.decide(
        title=f"Relational store for {', '.join(names_)}",
        context=f"{english.join(names_)} {'holds' if len(names_) == 1 else 'hold'} structured, related records; "
        f"layout: {layout}.",
        options=options,
        decision=tech,
        rationale=argued + " A document store would move the constraints into application code.",
        consequences=[
            f"{layout}; each service writes only its own tables",
            "schema migrations run in CI as expand/contract steps so deploys stay zero-downtime",
            f"backups: {point_in_time(chosen)}",
        ],
        drivers=["data.entities", "constraints.must_use", "constraints.team.skills", "quality.rpo_minutes"],
    )
    del req
    decision_id = draft.decisions[-1].id
    for store in draft.stores:
        if store.kind == "relational" and not store.decision:
            store.decision = decision_id


# A line of a decision that holds only for an engine with these capabilities (None: for any engine).
Gated = tuple[str, Features | None]
ROWS_EXPIRE = Features(ttl="record")
PARTITIONS_DROP = Features(range_partitions=True)
ROLLUPS = Features(rollups=True)

SPECIAL: dict[str, tuple[str, list[Gated], list[Gated], list[Gated]]] = {
    "time-series": (
        "An engine for append-only measurements: rows ordered by series and time, written in batches.",
        [
            ("ingests in batches at high rates", None),
            ("retention drops whole time partitions cheaply", PARTITIONS_DROP),
            ("rows expire by age without deletes (a time-to-live)", ROWS_EXPIRE),
            ("rollups (per minute, hour, day) are kept up to date by the engine as rows arrive", ROLLUPS),
        ],
        [("another engine to operate", None), ("limited joins with the relational data", None)],
        [
            ("rows are partitioned by time; retention drops expired partitions whole", PARTITIONS_DROP),
            ("rows carry a time-to-live of the retention period and expire by age", Features(ttl="record")),
            (
                "dashboards read rollups the engine maintains, not raw rows; late data re-computes their windows",
                ROLLUPS,
            ),
            (
                "a stream job writes rollup rows (per minute, hour, day) as measurements arrive; late data rewrites "
                "the affected windows",
                Features(rollups=False),
            ),
            ("ingest writes in batches to amortise round trips", None),
        ],
    ),
    "key-value": (
        "A managed key-value store with partitioned, replicated storage.",
        [("predictable latency at any size", None), ("scales writes by partition key", None)],
        [("only key lookups; no ad-hoc queries", None), ("costs grow with request volume", None)],
        [
            ("every query names a partition key; a new query pattern needs its own key, index or table", None),
            ("hot keys are spread by adding a time bucket or a shard to the partition key", None),
        ],
    ),
    "wide-column": (
        "A wide-column store: rows partitioned by a parent key, ordered by time within the partition.",
        [
            ("writes scale linearly with nodes", None),
            ("reading a parent's newest rows is one partition scan", None),
            ("time-to-live expires old rows without deletes", ROWS_EXPIRE),
        ],
        [
            ("no joins; every query needs its own key, kept in step by the writer", None),
            ("partitions must stay bounded (a time bucket in the key)", None),
        ],
        [
            ("the partition key is the parent plus a time bucket so no partition grows without bound", None),
            (
                "each other query reads its own table, written with the row in one logged batch",
                Features(secondary_indexes="none", transactions="batch"),
            ),
            ("search and reporting read copies fed from the change stream, not this store", None),
        ],
    ),
    "in-memory": (
        "An in-memory store with keys that expire: the latest state per key, replicated across zones.",
        [
            ("sub-millisecond reads and writes at high rates", None),
            ("expiry removes stale state without a job", ROWS_EXPIRE),
        ],
        [
            ("memory-bound: sized from the keys alive at peak", None),
            ("lost on a full failure: it must be rebuildable", None),
        ],
        [
            ("every key has a time-to-live a little longer than its refresh interval", ROWS_EXPIRE),
            ("after a failure the state refills from the next updates; nothing durable depends on it", None),
        ],
    ),
}


def _held(draft: Draft, technology: str, lines: list[Gated]) -> list[str]:
    """The lines that hold for a technology's engine."""
    engine = draft.catalog.engine(technology)
    return [text_ for text_, need in lines if need is None or engine.has(need)]


def _decide_special(draft: Draft, kinds: dict[str, tuple[StoreKind, str]], needs: dict[str, Features]) -> None:
    relational = draft.catalog["relational"]
    for kind, (summary, pros, cons, consequences) in SPECIAL.items():
        names_ = [n for n, (k, _) in kinds.items() if k == kind and draft.store(draft.entity(n).store).kind == kind]
        if not names_:
            continue
        store = draft.store(draft.entity(names_[0]).store)
        tech = store.technology  # chosen for the capabilities and the recovery targets
        chosen = draft.catalog.technology(tech) or Technology(name=tech)
        need = needs.get(store.name, Features())
        context = "; ".join(f"{n}: {kinds[n][1]}" for n in names_)
        runner = strongest(draft.catalog, chosen, _rivals(draft, chosen, _role(kind)), _targets(draft), need)
        options = [
            option(tech, summary, _held(draft, tech, pros), _held(draft, tech, cons)),
            option(
                relational,
                "Keep the data in the relational system of record.",
                ["one engine", "ad-hoc queries and joins"],
                ["one primary cannot take this write rate for long", "sharding by hand later"],
            ),
            *(
                [_runner_up_option(draft, runner, chosen, "The strongest other engine for the same job.", need)]
                if runner is not None
                else []
            ),
        ]
        rationale = (
            argument(draft.catalog, chosen, runner, _targets(draft), need)
            if runner is not None
            else f"Chosen because no other engine on this cloud keeps {kind} data; the relational store would take "
            "every write on one primary."
        )
        decision_id = draft.decide(
            title=f"{kind.capitalize()} store for {', '.join(names_)}",
            context=context[0].upper() + context[1:] + ".",
            options=options,
            decision=tech,
            rationale=rationale,
            consequences=_held(draft, tech, consequences),
            drivers=[f"data.entities[{n}]" for n in names_],
        )
        for store in draft.stores:
            if store.kind == kind and not store.decision:
                store.decision = decision_id


def _decide_search(draft: Draft, indexed: list[Entity], searchable: list[Entity], dedicated: bool) -> None:
    """How records are found by their text: a search engine past the rows or searches a database's own index is
    planned for, else that index. The decision is about what the use cases search (its rows decide it); records
    only looked up by text, searched by no use case, are told apart, since no row count of theirs is a reason to
    revisit it."""
    decided = indexed or searchable
    names_ = ", ".join(e.name for e in decided)
    tech = draft.catalog["search"]
    held = next((s.technology for s in draft.stores if s.kind == "relational"), draft.catalog["relational"])
    relational = held
    engine = draft.catalog.engine(held)
    index = engine.fulltext_index or "a full-text index"
    chosen = tech if dedicated else f"{relational} full-text search"
    rows = sum(entity_rows(draft.req, e, 3) for e in decided)
    looked_up = [e.name for e in searchable if e not in indexed]
    limits = (
        f"revisit past {threshold('dedicated_search_rows'):,.0f} searched rows or "
        f"{threshold('dedicated_search_rps'):,.0f} searches/s"
    )
    if dedicated:
        rationale = (
            f"{rows:,.0f} searchable rows after 3 years (more than {threshold('dedicated_search_rows'):,.0f}) or "
            "the search traffic need ranking and facets the database does not give."
        )
        consequences = [
            "the index is fed from the system of record's changes, so it lags by seconds",
            "a full reindex from the system of record rebuilds it after a mapping change",
        ]
    elif indexed:
        rationale = f"{rows:,.0f} searchable rows after 3 years fit the database's own full-text index."
        consequences = [f"{index} on the searchable text columns; {limits}"]
    else:
        rationale = (
            f"No use case searches {names_} by free text: they are looked up by their text now and then, which "
            "the database's own full-text index answers whatever their number."
        )
        consequences = [f"{index} on the looked-up text columns; revisit when a use case searches them"]
    if indexed and looked_up and not dedicated:
        consequences.append(f"{english.join(looked_up)}, looked up by text by no search, use the same kind of index")
    decision_id = draft.decide(
        title=f"Full-text search for {names_}",
        context=f"{'Users search' if indexed else 'People look up'} {names_}: {rows:,.0f} rows after 3 years.",
        options=[
            option(
                tech,
                "A dedicated search engine kept in sync from change events.",
                ["relevance ranking, facets, typo tolerance", "search load stays off the system of record"],
                ["another cluster to run", "the index lags the database by seconds"],
            ),
            option(
                f"{relational} full-text search",
                f"{index[0].upper()}{index[1:]} in the system of record.",
                ["no extra infrastructure", "results are always consistent with the data"],
                ["basic relevance, no facets", "search load competes with transactions"],
            ),
        ],
        decision=chosen,
        rationale=rationale,
        consequences=consequences,
        drivers=[f"data.entities[{e.name}].access" for e in decided],
    )
    for store in draft.stores:
        if store.kind == "search":
            store.decision = decision_id


def _decide_files(draft: Draft) -> None:
    tech = draft.catalog["object"]
    public = [f.name for f in draft.req.data.files if f.public]
    decision_id = draft.decide(
        title="Storage for files",
        context=f"File sets: {', '.join(f.name for f in draft.req.data.files)}"
        + (f"; served publicly: {', '.join(public)}" if public else "")
        + ".",
        options=[
            option(
                tech,
                "Object storage with pre-signed upload and download URLs; public sets served through the CDN.",
                [
                    f"{(draft.catalog.technology(tech) or Technology(name=tech)).durability or 'durable copies'}, "
                    "pay per GB",
                    "uploads and downloads bypass the application",
                ],
                ["lifecycle rules to manage", "a signed URL leaks access until it expires"],
            ),
            option(
                "Database BLOB columns",
                "Store file bytes in the relational database.",
                ["one backup covers everything"],
                ["bloats the database and its backups", "every download passes through the application"],
            ),
        ],
        decision=tech,
        rationale="Files are large, immutable and read far more than written; object storage serves them without "
        "passing the bytes through the application.",
        consequences=[
            "clients upload with pre-signed URLs valid for minutes; the application stores only keys and metadata",
            "lifecycle rules move old objects to cheaper tiers",
        ],
        drivers=["data.files"],
    )
    for store in draft.stores:
        if store.kind == "object":
            store.decision = decision_id


def _device(req: Requirements, use_case: UseCase) -> bool:
    return actor_kind(req, use_case) == "device"


def _text(kind: FieldType) -> bool:
    """Whether a field holds words people search by: a string, a long text, or a list of either (ingredients)."""
    return kind.kind in ("string", "text") or (kind.kind == "list" and kind.item is not None and _text(kind.item))
