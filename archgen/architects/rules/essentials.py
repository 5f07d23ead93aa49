"""What a recognised pattern's mechanism needs of the data: the fields its essentials name (with the index that
serves them next to the record they belong to), and events keyed by that record so consumers see them in order."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.architects.rules.patterns import text
from archgen.common.naming import slug
from archgen.design.model import Endpoint, EntityDesign, Filter, Index, StoredField
from archgen.knowledge.patterns import FieldNeed, entities_of, has_field, scope_field


def plan_essential_fields(draft: Draft) -> None:
    """Add the fields each applied pattern's essentials need to the entities they bound."""
    for found in draft.patterns:
        for essential in found.pattern.contributes.essentials:
            if not found.allows(essential):
                continue
            for need in essential.fields:
                for name in entities_of(need.entity, found, draft.req):
                    design = next((e for e in draft.entities if e.name == name), None)
                    if design is None:
                        continue
                    if not has_field(design, need):
                        design.fields.append(
                            StoredField(
                                name=need.name,
                                type=need.type,
                                required=need.required and not need.client,
                                set_by="client" if need.client else "server",
                                # who writes it, in the names this design gives (the owner of the record)
                                source="" if need.client else text(draft, found, need.source),
                                description=need.source if need.client else essential.part,
                            )
                        )
                    scope = scope_field(design)
                    if need.index_with_scope and scope:
                        design.indexes.append(_index(draft, design, scope, need, essential.part))
                    draft.credit(found.pattern.id, f"field {name}.{need.name} ({essential.part})")


def _index(draft: Draft, design: EntityDesign, scope: str, need: FieldNeed, part: str) -> Index:
    """The index that finds a record by the field within the record it belongs to. A partitioned engine claims a
    unique value the client sends with a conditional insert, and keeps a value the server hands out in order in
    the base table's partitions (a conversation's bucket, ordered by it); any other engine indexes (scope, field)."""
    field = need.name
    name = f"{slug(design.name, 'entity')}_{scope}_{field}_{'key' if need.unique else 'idx'}"
    serves = f"{part}: {field} within a {scope}"
    if not draft.catalog.engine(draft.store(design.store).technology).keyed:
        return Index(name=name, fields=[scope, field], kind="unique" if need.unique else "btree", serves=serves)
    if need.unique and need.client:
        return Index(name=name, fields=[scope, field], kind="claim", serves=serves, partition=[scope, field])
    primary = next((i for i in design.indexes if i.kind == "primary" and i.partition), None)
    partition = primary.partition if primary and primary.partition[:1] == [scope] else [scope]
    return Index(name=name, fields=[*partition, field], kind="table", serves=serves, partition=partition)


def plan_essential_order(draft: Draft) -> None:
    """Key the events about the entities an essential orders by the record they belong to (conversation, device).

    A consumer then sees one conversation's (one device's) events in the order they happened."""
    for found in draft.patterns:
        for essential in found.pattern.contributes.essentials:
            if not essential.ordered or not found.allows(essential):
                continue
            for name in entities_of(essential.ordered, found, draft.req):
                design = next((e for e in draft.entities if e.name == name), None)
                scope = scope_field(design) if design else None
                if scope is None:
                    continue
                about = [e for e in draft.events if e.entity == name]
                for event in about:
                    event.ordering_key = scope
                if about:
                    draft.credit(found.pattern.id, f"events about {name} keyed by {scope}")


def plan_essential_filters(draft: Draft) -> None:
    """Let the lists of a conversation's (a device's) records page by a value the mechanism hands out in order: a
    device catches up after the last seq it holds, or scrolls back before the oldest it shows."""
    for found in draft.patterns:
        for essential in found.pattern.contributes.essentials:
            if not found.allows(essential):
                continue
            for need in (n for n in essential.fields if n.index_with_scope and not n.client):
                for name in entities_of(need.entity, found, draft.req):
                    for endpoint in _scoped_lists(draft, name):
                        if not any(f.field == need.name for f in endpoint.filters):
                            endpoint.filters.append(Filter(name=need.name, field=need.name, kind="range"))
                            draft.credit(found.pattern.id, f"{endpoint.method} {endpoint.path} pages by {need.name}")


def _scoped_lists(draft: Draft, entity: str) -> list[Endpoint]:
    """The paginated lists of an entity's records within the record they belong to (a conversation's messages)."""
    design = next((e for e in draft.entities if e.name == entity), None)
    scope = scope_field(design) if design else None
    return [
        endpoint
        for service in draft.services
        for endpoint in service.endpoints
        if endpoint.entity == entity
        and endpoint.action == "list"
        and endpoint.paginated
        and any(f.field == scope for f in endpoint.filters)
    ]
