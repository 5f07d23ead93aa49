"""How a flow addresses a record it reads from another service. It reads one by id only when it holds a reference
to it: the request names it, the caller is it, or a record it read before names it. Else it lists the records by
the field that links them to one it holds (a trip's positions, the caller's subscriptions). A page of records has
what each names read in one call for the page, never one call per item. A record a later step assigns (a trip's
driver, set when a driver accepts) cannot be read before it."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from typing import Literal

from ruamel.yaml import YAML

from archgen.common import english
from archgen.design.model import Endpoint, EntityDesign, Service
from archgen.design.read_models import targets

Kind = Literal["id", "link", "batch", "query", "none"]
# what an operation does to the record its path names: it reads it first, so what it names is held too
ON_ONE = ("get", "update", "replace", "delete", "transition", "command")
# what answers a page of records (or works over many): what each item names is held once per item
ON_MANY = ("list", "search", "aggregate", "nearby")
# what adds a record: only the references the request or the caller's token fill are held
ON_NEW = ("create", "ingest", "webhook")


@functools.cache
def _later_words() -> tuple[str, ...]:
    """Phrases of a server-set reference's source that say a later step fills it (flow_words.yaml)."""
    text = resources.files("archgen.knowledge").joinpath("flow_words.yaml").read_text("utf-8")
    return tuple(str(w) for w in YAML(typ="safe", pure=True).load(text)["assigned_later"])


@dataclass(frozen=True)
class Address:
    """How one read reaches its records: `field` is the read record's field the call filters by (`id` for a batch
    of ids), `held` the record it comes from, or what assigns it later when the kind is none."""

    kind: Kind
    field: str = ""
    held: str = ""
    paged: bool = False  # the flow holds them for a page it answers

    def filter_name(self) -> str:
        """The query parameter of the call: the field, in the plural when it takes a page of values."""
        return english.plural(self.field) if self.kind == "batch" else self.field


@dataclass
class Holding:
    """What a flow holds at one point: records whose one id it has, records it has once per item of a page, and
    the references of the record it creates that a later step assigns (record → who assigns it)."""

    one: set[str] = field(default_factory=set)
    many: set[str] = field(default_factory=set)
    later: dict[str, str] = field(default_factory=dict)
    lead: str = ""
    listing: bool = False
    finds: bool = False  # the work looks records up by the request's criteria (a page, a report run)

    def address(self, entities: dict[str, EntityDesign], name: str) -> Address:
        """How the flow can reach `name` now, best first: by id, by the page's own records in one call, by the ids
        the page's records name, by a link to one record it holds, by a link to a page of other records, by the
        request's criteria in a page's flow; none otherwise."""
        entity = entities.get(name)
        refs = targets(entity) if entity is not None else {}
        if name in self.one:
            return Address("id", "id")
        if self.listing and self.lead in refs and self.lead != name:
            return Address("batch", refs[self.lead], self.lead, paged=True)
        if name in self.many:  # what the page's records name
            return Address("batch", "id", name, paged=self.listing)
        # the record the flow is about links best (the trip's positions, not all of its driver's)
        linked = next((t for t in sorted(refs, key=lambda t: t != self.lead) if t in self.one and t != name), None)
        if linked is not None:
            return Address("link", refs[linked], linked)
        paged = next((t for t in refs if t in self.many and t != name), None)
        if paged is not None:
            return Address("batch", refs[paged], paged, paged=self.listing)
        if self.listing or self.finds:
            return Address("query")  # found by the request's criteria, as the page itself is
        return Address("none", "", self.later.get(name, ""))

    def learn(self, entities: dict[str, EntityDesign], name: str, address: Address) -> None:
        """What a read makes the flow hold: the references of one record read by id, or of many records."""
        entity = entities.get(name)
        if entity is None or address.kind == "none":
            return
        named = set(targets(entity))
        if address.kind == "id":
            self.one |= named - _listed(entity)
            self.many |= _listed(entity) - self.one
        else:
            self.many |= {name, *(named - self.one)}


def _listed(entity: EntityDesign) -> set[str]:
    """The entities an entity refers to by a list of references (an order's items): many records, not one."""
    return {
        t for t, f in targets(entity).items() if next(s for s in entity.fields if s.name == f).type.startswith("list")
    }


def assigned_later(entity: EntityDesign) -> dict[str, str]:
    """The entities an entity's references name that a later step fills, each with the source that says so."""
    out: dict[str, str] = {}
    for target, name in targets(entity).items():
        stored = next(f for f in entity.fields if f.name == name)
        if stored.set_by == "server" and any(w in stored.source.lower() for w in _later_words()):
            out[target] = stored.source
    return out


def path_entity(services: list[Service], endpoint: Endpoint) -> str | None:
    """The entity whose id an operation's path carries (/v1/meters/{id}/consumption: Meter), None without one."""
    if "{id}" not in endpoint.path:
        return None
    base = endpoint.path.split("{id}", 1)[0] + "{id}"
    for service in services:
        for other in service.endpoints:
            if other.method == "GET" and other.path == base and other.entity:
                return other.entity
    return endpoint.entity


def start(
    entities: dict[str, EntityDesign], services: list[Service], endpoint: Endpoint, caller: str | None
) -> Holding:
    """What a flow holds when its operation is called: the caller's own record (from the token), the record its
    path names and what that names, the references a new record is given by the request or the token, and for a
    page the records of the page."""
    held = Holding(lead=endpoint.entity or "", finds=endpoint.async_)
    if caller is not None:
        held.one.add(caller)
    named = path_entity(services, endpoint)
    if named is not None and named in entities:
        held.one |= {named, *targets(entities[named])}
    lead = entities.get(endpoint.entity or "")
    if lead is None:
        return held
    refs = targets(lead)
    if endpoint.action in ON_NEW or (endpoint.action == "command" and named is None):
        later = assigned_later(lead)
        held.later = later
        if endpoint.action == "command":
            held.listing = True  # a command on a collection works over many records
            held.many |= {lead.name, *(set(refs) - held.one)}
        else:
            held.one |= set(refs) - set(later) - _listed(lead)
            held.many |= _listed(lead) - set(later)
    elif endpoint.action in ON_MANY and named != lead.name:
        held.listing = True
        held.many |= {lead.name, *(set(refs) - held.one)}
    elif endpoint.action in ON_ONE:
        held.one |= {lead.name, *(set(refs) - _listed(lead))}
        held.many |= _listed(lead)
    return held


def narrowing(entities: dict[str, EntityDesign], lead: str, caller: str | None, reads: list[str]) -> dict[str, str]:
    """The reads of a page's flow that say which records are the caller's to see (their subscriptions), each with
    the reference it shares with the page's records (channel): read first, they filter the page's query."""
    own = entities.get(lead)
    if own is None or caller is None:
        return {}
    belongs = targets(own)
    out: dict[str, str] = {}
    for name in reads:
        record = entities.get(name)
        if record is None or name in (lead, caller):
            continue
        refs = targets(record)
        # a reference back to the page's own kind (a reply's parent message) says nothing about who may see it
        shared = next((f for t, f in belongs.items() if t in refs and t not in (caller, lead)), None)
        if caller in refs and shared is not None:
            out[name] = shared
    return out


def takes_many(name: str, field: str) -> bool:
    """Whether a list filter takes a page of values (`ids` for id, `trips` for trip): named in its field's plural."""
    last = field.rsplit(".", 1)[-1]
    return name != last and name == english.plural(last)
