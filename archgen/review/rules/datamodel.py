"""Data model rules: keys that hold for every tenant and every owner, versions of values that are corrected, and
one composite index for an owner's records listed in time order."""

from __future__ import annotations

from archgen.design.holds import claiming
from archgen.design.invariants import consumptions
from archgen.design.model import DATABASE_KINDS, EntityDesign
from archgen.knowledge.catalog import Catalog
from archgen.knowledge.keys import key_words, names_owner, revises
from archgen.knowledge.tenancy import tenant_column
from archgen.review.engine import Found, Problem, Subject, rule

UNIQUE_KINDS = ("primary", "unique", "claim")


def _tenant(entity: EntityDesign) -> str | None:
    return tenant_column(entity.name, [(f.name, f.type) for f in entity.fields])


def _types(entity: EntityDesign) -> dict[str, str]:
    return {f.name: f.type for f in entity.fields}


@rule("DAT080", "error", "data", "Unique key across tenants")
def unique_across_tenants(subject: Subject) -> Found:
    """A record of a tenant has a unique key over values a client gives (an email, an external id) without the
    tenant: two tenants cannot hold the same value, and the conflict tells one tenant what another holds."""
    tenancy = subject.design.tenancy
    if tenancy is None or tenancy.isolation != "shared-schema":
        return  # a schema or a database per tenant keeps every unique index within one tenant
    for i, entity in enumerate(subject.design.entities):
        tenant = _tenant(entity)
        if tenant is None:
            continue
        types = _types(entity)
        for index in entity.indexes:
            # a random id, or a reference to another of the tenant's records, is already the tenant's alone
            scoped = any(
                f in ("id", tenant) or types.get(f, "").startswith("ref[") or types.get(f) == "uuid"
                for f in index.fields
            )
            if index.kind in UNIQUE_KINDS and index.fields and not scoped:
                yield Problem(
                    element=entity.name,
                    at=("entities", i, "indexes"),
                    message=f"{index.name} makes ({', '.join(index.fields)}) unique across every tenant: a second "
                    f"tenant cannot use a value the first holds, and the conflict tells it the value exists",
                    fix=f"make the key ({tenant}, {', '.join(index.fields)})",
                )


def _rows(subject: Subject, name: str) -> float | None:
    entity = next((e for e in subject.req.data.entities if e.name == name), None)
    return float(entity.records + entity.growth_per_day * 365) if entity is not None else None


@rule("DAT081", "error", "data", "Unique key on the owner of many records")
def unique_owner(subject: Subject) -> Found:
    """A unique key stands on the column naming a record's owner (owner_email) or on a reference of which there
    are many records per referenced one: the owner's second record is refused."""
    # a hold is consumed by one record: unique on it however many holds have lapsed and been purged
    consumed = {(c.entity.name, c.field) for c in consumptions(subject.design.entities)}
    for i, entity in enumerate(subject.design.entities):
        types = _types(entity)
        tenant = _tenant(entity)
        for index in entity.indexes:
            if index.kind not in ("unique", "claim") or claiming(index):  # a claim is unique among live rows only
                continue
            fields = [f for f in index.fields if f != tenant]
            if len(fields) != 1 or (entity.name, fields[0]) in consumed:
                continue
            field = fields[0]
            target = types.get(field, "")[4:-1] if types.get(field, "").startswith("ref[") else ""
            rows, owners = _rows(subject, entity.name), _rows(subject, target) if target else None
            many = bool(rows and owners and rows > owners)
            if names_owner(field) or many:
                yield Problem(
                    element=entity.name,
                    at=("entities", i, "indexes"),
                    message=f"{index.name} is unique on {field}, which names the record's owner: each owner may "
                    f"have only one {entity.name}",
                    fix=f"make the index on {field} a plain one (or unique with what tells an owner's records apart)",
                )


@rule("DAT082", "error", "data", "Corrected values keyed without their version")
def unversioned_corrections(subject: Subject) -> Found:
    """A series of measurements is corrected or estimated by its use cases, but it keeps no version of a value: its
    key is what names the series and its time, and nothing says which value is newer, so a measured value arriving
    after an estimate conflicts with it and is lost (or silently overwrites a later correction)."""
    for i, entity in enumerate(subject.design.entities):
        store = subject.stores.get(entity.store)
        if store is None or store.kind != "time-series" or "id" in entity.primary_key or not entity.primary_key:
            continue
        texts = [f"{u.name}. {u.description or ''}" for u in subject.req.use_cases if entity.name in u.writes]
        if not revises(texts):
            continue
        types = _types(entity)
        versioned = any(
            f in key_words().versions or (types.get(f, "").startswith("enum[") and revises([types[f]]))
            for f in entity.primary_key
        ) or any(f.name in key_words().versions for f in entity.fields)  # a current value upserted by its revision
        if not versioned:
            yield Problem(
                element=entity.name,
                at=("entities", i, "primary_key"),
                message=f"its use cases correct or estimate values, but it is keyed by "
                f"({', '.join(entity.primary_key)}) with no revision: a correction conflicts with the first value",
                fix="keep a revision on each value: upsert the higher revision as the current value on this key and "
                "append the value it replaces to a history",
            )


@rule("DAT083", "error", "data", "An owner's list in time order without a composite index")
def owner_list_index(subject: Subject) -> Found:
    """Records are listed by a parent and in time order, but no index holds the parent then the time: the query
    reads every record of the parent (or of the time range) and sorts them."""
    tenancy = subject.design.tenancy
    for i, entity in enumerate(subject.design.entities):
        store = subject.stores.get(entity.store)
        if store is None or store.kind not in DATABASE_KINDS:
            continue
        if Catalog(subject.design.deployment.cloud, [], []).engine(store.technology).secondary_indexes == "none":
            continue  # a columnar engine scans by its sort key and column statistics, with no index to add
        types = _types(entity)
        stamps = [n for n, t in types.items() if t in ("timestamp", "date")]
        ranged = [p[6:] for p in entity.access if p.startswith("range_") and p[6:] in types]
        recent = ["created_at" if "created_at" in stamps else stamps[0]] if "recent" in entity.access and stamps else []
        time = next(iter(ranged + recent), None)
        if time is None:
            continue
        # newest first orders by any of the record's times; a range names its own
        accepted = {time} if ranged else set(stamps)
        tenant = tenancy.tenant_key if tenancy is not None else None
        keys = [entity.primary_key] + [ix.fields for ix in entity.indexes]
        for pattern in entity.access:
            parent = pattern[3:] if pattern.startswith("by_") else ""
            if not types.get(parent, "").startswith("ref["):
                continue
            if any(_led_by(key, parent, {tenant, _tenant(entity)}) and accepted & set(key) for key in keys):
                continue
            yield Problem(
                element=entity.name,
                at=("entities", i, "indexes"),
                message=f"lists by {parent} in {time} order, and no index holds {parent} then {time}: each page reads "
                f"every record of the {parent} (or of the time range) and sorts them",
                fix=f"one index ({parent}, {time} DESC) in place of the separate {parent} and {time} ones",
            )


def _led_by(key: list[str], field: str, tenants: set[str | None]) -> bool:
    rest = key[1:] if key and key[0] in tenants and key[0] != field else key
    return bool(rest) and rest[0] == field
