"""Read models: what a read operation's answer composes for a use case that reads several related records, and
which fields are the owner's bookkeeping that no such answer shows."""

from __future__ import annotations

import re

from archgen.common.naming import slug
from archgen.design.model import Design, Endpoint, EntityDesign, Event, Service, StoredField
from archgen.knowledge.operations import operation_words
from archgen.requirements.model import UseCase

_REF = re.compile(r"ref\[(\w+)\]")


def nested(name: str) -> str:
    """The name a composed record goes by in an answer and its filters: room_type for RoomType."""
    return slug(name).replace("-", "_")


def targets(entity: EntityDesign) -> dict[str, str]:
    """The entities an entity's fields reference, each with the field that holds the reference."""
    out: dict[str, str] = {}
    for f in entity.fields:
        for name in _REF.findall(f.type):
            out.setdefault(name, f.name)
    return out


def connected(entities: dict[str, EntityDesign], start: str, among: list[str]) -> list[str]:
    """The entities of `among` reachable from `start` through references either way, in `among`'s order
    (`start` excluded): the records a use case's reads join to one it starts from."""
    pool = [n for n in among if n in entities]
    reached = {start}
    frontier = [start]
    while frontier:
        name = frontier.pop()
        for other in pool:
            if other in reached:
                continue
            linked = other in targets(entities[name]) or name in targets(entities[other])
            if linked:
                reached.add(other)
                frontier.append(other)
    return [n for n in pool if n in reached and n != start]


def is_link(entity: EntityDesign) -> bool:
    """A record that only links others (a follow, a like): every field a client sets is a reference. An answer
    counts such records rather than carrying them."""
    given = [f for f in entity.fields if f.set_by == "client"]
    return bool(given) and all(_REF.search(f.type) for f in given)


def read_only_cases(endpoint: Endpoint, cases: list[UseCase]) -> list[UseCase]:
    """The use cases a read operation carries that only read."""
    return [u for u in cases if u.name in endpoint.use_cases and not u.writes and u.reads]


def composes(entities: dict[str, EntityDesign], endpoint: Endpoint, cases: list[UseCase]) -> list[str]:
    """The entities a read operation's answer ought to carry besides its own: those its read-only use cases read
    and reach from its entity through references."""
    if endpoint.entity is None or endpoint.method != "GET":
        return []
    out: list[str] = []
    for case in read_only_cases(endpoint, cases):
        reached = connected(entities, endpoint.entity, case.reads)
        # a list nests under the record it belongs to: another's children (a channel's subscriptions) stay out
        bad = wrong_parent(entities, endpoint.entity, reached)
        out += [n for n in reached if n not in out and n not in bad and not is_link(entities[n])]
    return out


def is_bookkeeping(field: StoredField) -> bool:
    """A server-kept whole number tallying how a record's capacity is spent (rooms sold and held): the owner's
    bookkeeping, which only the owner's own operations should see."""
    parts = set(field.name.lower().split("_"))
    return field.set_by == "server" and field.type == "int" and bool(parts & operation_words().reads.bookkeeping)


def readable(services: list[Service], entities: list[EntityDesign], events: list[Event], service: Service) -> set[str]:
    """The entities a service can read to compose an answer: its own, its dependencies', those in a database it
    shares with their owner (a read-only query of their tables) and those it keeps a copy of from their owner's
    events."""
    near = {e for s in services if s.name == service.name or s.name in service.depends_on for e in s.entities}
    copied = {e.entity for e in events if service.name in e.consumers and e.entity is not None}
    shared = {e.name for e in entities if e.store in service.stores}
    return near | copied | shared


def readable_in(design: Design, service: Service) -> set[str]:
    """`readable` for a finished design."""
    return readable(design.services, design.entities, design.events, service)


def to_one(entities: dict[str, EntityDesign], start: str, among: list[str]) -> list[str]:
    """The entities of `among` an answer over `start` reaches by following references from it (a booking's hotel
    through its room type): one record each, in `among`'s order."""
    reached = {start}
    frontier = [start]
    while frontier:
        name = frontier.pop()
        for other in targets(entities[name]) if name in entities else {}:
            if other in among and other not in reached:
                reached.add(other)
                frontier.append(other)
    return [n for n in among if n in reached and n != start]


def children(entities: dict[str, EntityDesign], start: str, among: list[str]) -> list[str]:
    """The entities of `among` whose records reference `start` itself (a post's comments): a list under each."""
    return [n for n in among if n in entities and n != start and start in targets(entities[n])]


def wrong_parent(entities: dict[str, EntityDesign], start: str, among: list[str]) -> list[str]:
    """The entities of `among` an answer over `start` would nest as its list though they belong to another record
    (a channel's subscriptions under each of its videos): neither referenced along the way nor referencing it."""
    fine = set(to_one(entities, start, among)) | set(children(entities, start, among))
    return [n for n in among if n in entities and n != start and n not in fine]


def newest_by(entity: EntityDesign) -> str | None:
    """The time an embedded list of an entity's records is read newest first by: when each happened (observed_at,
    occurred_at) over when it was stored; None when it keeps no time."""
    times = [f.name for f in entity.fields if f.type in ("timestamp", "date") and f.name != "updated_at"]
    told = [n for n in times if n != "created_at"]
    found = told or times
    return found[0] if found else None
