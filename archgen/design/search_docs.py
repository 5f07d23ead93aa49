"""Search documents: a search narrows by the related records its use case reads (the brand and category of a
listing's part, the vehicles that part fits), so each document of the searched record carries their fields,
copied in from those records, and the operation takes them as filters and facets. The architect plans by it, the
review checks any design against it."""

from __future__ import annotations

from dataclasses import dataclass

from archgen.design.model import Endpoint, EntityDesign, Event, Service
from archgen.design.read_models import connected, is_link, nested, read_only_cases, targets
from archgen.requirements.model import UseCase
from archgen.requirements.searched import Named


@dataclass(frozen=True)
class Narrowing:
    """One field of a related record a search narrows by, as its filter names it."""

    record: str  # the related entity (Part)
    field: str  # its field (brand)

    @property
    def path(self) -> str:
        """The filter's field: record.field (part.brand)."""
        return f"{nested(self.record)}.{self.field}"


def narrowings(entities: dict[str, EntityDesign], endpoint: Endpoint, cases: list[UseCase]) -> list[Narrowing]:
    """The fields of related records a search's use cases narrow by: of each record they read that joins the
    searched one, the fields it is looked up by (a part's brand), leaving out the references that make the join
    and, in a record that only links two others (a fitment), keeping its reference to the far one (the vehicle).
    A reference to the caller's own kind of record (a membership's member) scopes who may see, not what is
    asked, and is left out."""
    if endpoint.action != "search" or endpoint.entity not in entities or endpoint.method != "GET":
        return []
    out: list[Narrowing] = []
    for case in read_only_cases(endpoint, cases):
        joined = connected(entities, endpoint.entity, case.reads)
        keys = {endpoint.entity, *joined, *targets(entities[endpoint.entity])}  # joins, or already carried
        for name in joined:
            record = entities[name]
            refs = targets(record)
            looked_up = {a[3:] for a in record.access if a.startswith("by_")} - {"id"}
            for field in record.fields:
                target = next((t for t, f in refs.items() if f == field.name), None)
                if field.name not in looked_up or field.readers or field.pii:
                    continue
                if target is not None and (target in keys or (is_link(record) and _person(entities, target))):
                    continue
                found = Narrowing(name, field.name)
                if found not in out:
                    out.append(found)
    return out


def _person(entities: dict[str, EntityDesign], name: str) -> bool:
    """Whether records of an entity are people who sign in (a member): a link to one scopes access."""
    entity = entities.get(name)
    return entity is not None and (entity.pii or any(f.pii for f in entity.fields))


def filter_name(entity: EntityDesign, narrowing: Narrowing) -> str:
    """The query parameter of a narrowing: the field's own name, or prefixed where the searched record has one."""
    taken = {f.name for f in entity.fields}
    return narrowing.field if narrowing.field not in taken else f"{nested(narrowing.record)}_{narrowing.field}"


def scopes(entities: dict[str, EntityDesign], searched: str, reads: list[str]) -> dict[str, str]:
    """The records among a search's reads that say what the caller may see (a member's channel memberships), each
    with the reference it shares with the searched record (channel): a record looked up by a person it refers to
    that also refers to what the searched one belongs to. The query filters by them; dropping results after the
    query breaks relevance, paging and totals, and one slip shows what the caller may not see."""
    own = entities.get(searched)
    if own is None:
        return {}
    belongs = targets(own)
    out: dict[str, str] = {}
    for name in reads:
        record = entities.get(name)
        if record is None or name == searched or record.search_index:  # another searched record, not a scope
            continue
        refs = targets(record)
        shared = next((f for t, f in belongs.items() if t in refs and t != searched and not _person(entities, t)), None)
        people = [f for t, f in refs.items() if _person(entities, t)]
        if shared is not None and any(f"by_{f}" in record.access for f in people):
            out[name] = shared
    return out


def carried(entities: dict[str, EntityDesign], services: list[Service]) -> dict[str, list[str]]:
    """The related records whose fields each searched record's documents carry: those its search operations
    filter by as record.field (a listing's part and fitment)."""
    by_key = {nested(n): n for n in entities}
    out: dict[str, list[str]] = {}
    for service in services:
        for endpoint in service.endpoints:
            own = entities.get(endpoint.entity or "")
            if endpoint.action != "search" or own is None or not own.search_index:
                continue
            for f in endpoint.filters:
                key, _, field = f.field.partition(".")
                name = by_key.get(key) if field else None
                if name is not None and name != own.name and name not in out.setdefault(own.name, []):
                    out[own.name].append(name)
    return out


def indexers(services: list[Service], events: list[Event], entity: EntityDesign) -> list[str]:
    """The services that keep an entity's search documents from its events: those besides its owner that take
    them and own no records of their own (a search service), else the owner itself."""
    if not entity.search_index:
        return []
    # a realtime gateway takes the events too, to push them, and keeps no documents
    owning = {s.name for s in services if s.entities or s.kind != "platform"}
    found = [c for e in events if e.entity == entity.name for c in e.consumers if c != entity.owner and c not in owning]
    # a search service that keeps the index fed from the database's log takes no event and still writes it
    found += [s.name for s in services if entity.search_index in s.stores and s.name not in owning]
    return list(dict.fromkeys(found)) or [entity.owner]


def unsearched(
    entities: dict[str, EntityDesign], services: list[Service], use_case: str, named: list[Named]
) -> list[Named]:
    """The kinds a search use case names that none of its read operations searches: one over the record itself
    (a search where the record is indexed, else any read; by a named field, one that takes it or searches by
    text), one over a record that refers to it (each document carries its parent: a listing its part), or one
    that filters by the record's fields (part.brand)."""
    serving = [e for s in services for e in s.endpoints if use_case in e.use_cases and e.method == "GET"]
    return [k for k in named if not any(_covers(entities, e, k) for e in serving)]


def _covers(entities: dict[str, EntityDesign], endpoint: Endpoint, kind: Named) -> bool:
    own = entities.get(endpoint.entity or "")
    wanted = entities.get(kind.entity)
    if own is None or wanted is None:
        return endpoint.entity == kind.entity
    if endpoint.entity == kind.entity:
        if wanted.search_index and endpoint.action != "search":
            return False
        return kind.field is None or endpoint.action == "search" or kind.field in {f.field for f in endpoint.filters}
    prefix = f"{nested(kind.entity)}."
    if kind.field is not None:
        return f"{prefix}{kind.field}" in {f.field for f in endpoint.filters}
    return kind.entity in targets(own) or any(f.field.startswith(prefix) for f in endpoint.filters)
