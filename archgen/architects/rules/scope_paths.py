"""Every record people make is held to them by the data model: an owner field the server sets from the caller's
token, or a required parent that has one; and a list of records held through a parent names that parent, so the
check joins to its owner instead of reaching every parent's records."""

from __future__ import annotations

from collections import Counter

from archgen.architects.rules.draft import Draft
from archgen.common.naming import slug
from archgen.design import model as m
from archgen.design.scope_paths import (
    MAKER_SOURCE,
    held_by_parent,
    held_list,
    made_by_people,
    own_record_field,
    scope_path,
    tenant_entities,
)
from archgen.knowledge.catalog import Features
from archgen.knowledge.tenancy import tenant_column

OWNER = "created_by"


def carry_owners(draft: Draft) -> None:
    """Give a record people make that has no path to its owner (its only reference filled later, by a worker) the
    maker's id from the token, indexed for their own list."""
    for entity in draft.entities:
        makers = made_by_people(draft.req, entity)
        if not makers or scope_path(draft.entities, entity, makers) is not None:
            continue
        if any(f.name == OWNER for f in entity.fields):
            continue
        entity.fields.insert(
            1, m.StoredField(name=OWNER, type="uuid", set_by="server", source=MAKER_SOURCE, required=True)
        )
        engine = draft.catalog.engine(draft.store(entity.store).technology)
        if not engine.has(Features(secondary_indexes="global")):
            continue  # the engine finds records by their key only: the owner is checked on each record read
        stamp = next((f.name for f in entity.fields if f.name == "created_at"), None)
        keys = [OWNER, stamp] if stamp else [OWNER]
        name = f"{slug(entity.name, 'entity')}_{'_'.join(keys)}_idx"
        if not any(i.fields == keys for i in entity.indexes):
            entity.indexes.append(m.Index(name=name, fields=keys, kind="btree", serves="the caller's own records"))


def hold_lists(draft: Draft) -> None:
    """A list of records held through their parent (a list's items) takes the parent as a required parameter: the
    server checks the caller may read that parent and answers only its records."""
    entities = {e.name: e for e in draft.entities}
    for service in draft.services:
        for endpoint in service.endpoints:
            entity = entities.get(endpoint.entity or "")
            path = held_list(draft.req, draft.entities, draft.services, entity, endpoint) if entity else None
            if entity is None or path is None or held_by_parent(endpoint, path):
                continue
            parent = path.parents[0]
            stored = next(f for f in entity.fields if f.name == parent)
            said = m.BodyField(
                name=parent,
                type=stored.type,
                required=True,
                description=f"The {parent.replace('_', ' ')} whose records to list; one the caller may read, else 404.",
                field=f"{entity.name}.{parent}",
            )
            if endpoint.request is None:
                endpoint.request = m.Body(fields=[said])
            else:
                endpoint.request.fields = [f for f in endpoint.request.fields if f.name != parent] + [said]
            if not any(f.field == parent for f in endpoint.filters):
                endpoint.filters.append(m.Filter(name=parent, field=parent, kind="eq"))
    _own_record_filters(draft)


def _own_record_filters(draft: Draft) -> None:
    """A list every caller of which reaches only the records naming their own record (a seller's feed imports)
    takes that record from the token, never as a filter the caller may set to another's."""
    entities = {e.name: e for e in draft.entities}
    for service in draft.services:
        for endpoint in service.endpoints:
            entity = entities.get(endpoint.entity or "")
            owner = own_record_field(draft.req, draft.entities, entity, endpoint) if entity else None
            if owner is not None:
                endpoint.filters = [f for f in endpoint.filters if f.field != owner]


def carry_tenants(draft: Draft) -> None:
    """A tenant's record added after the data model was laid out (a workflow's own record) carries the tenant
    column the others carry, set from the token and leading its indexes, so the row policy filters it without a
    join; and only the platform's own staff list the tenants themselves."""
    tenancy = draft.req.system.tenancy
    if tenancy is None or tenancy.model != "multi":
        return
    columns = Counter(
        (c, f.type)
        for e in draft.entities
        if (c := tenant_column(e.name, [(f.name, f.type) for f in e.fields]))
        for f in e.fields
        if f.name == c
    )
    if not columns:
        return
    (column, kind), _ = columns.most_common(1)[0]
    tenants = tenant_entities(draft.entities)
    for entity in draft.entities:
        if entity.name in tenants or tenant_column(entity.name, [(f.name, f.type) for f in entity.fields]):
            continue
        entity.fields.insert(
            1, m.StoredField(name=column, type=kind, set_by="server", source="the caller's token", required=True)
        )
        for index in entity.indexes:
            if index.kind in ("btree", "unique") and index.fields[:1] != [column]:
                index.fields = [column, *index.fields]
    staff = {r.name for r in draft.req.users.roles if r.kind == "person" and r.internal}
    for service in draft.services:
        for endpoint in service.endpoints:
            listed = endpoint.action in ("list", "search") and endpoint.entity in tenants
            outside = {r for r in endpoint.roles if r in {p.name for p in draft.req.users.roles if p.kind == "person"}}
            if listed and outside - staff:
                endpoint.roles = [r for r in endpoint.roles if r not in outside - staff]
