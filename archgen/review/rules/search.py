"""Search rules: a search document carries what its searches narrow by (the fields of the related records its use
case reads, copied in from them and kept in step by their events), and what the caller may see filters the query
itself, never the results after it (archgen/design/search_docs.py says which records those are)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from archgen.capacity.routing import routed_by, routing_key
from archgen.common.formatting import quantity
from archgen.design.model import Endpoint as EndpointDesign
from archgen.design.model import EntityDesign
from archgen.design.read_models import nested
from archgen.design.search_docs import carried, narrowings, scopes, unsearched
from archgen.knowledge.derived_feeds import derived_feeds
from archgen.knowledge.keys import is_position
from archgen.knowledge.searching import Ask, asked, is_split, search_words
from archgen.requirements.intent import searches
from archgen.requirements.searched import named_kinds
from archgen.review.engine import Found, Problem, Subject, rule

LOGGED = " row changes from the log"  # how the capacity page names a record in an indexer's change stream
WRITES = re.compile(r"\b(index|update|upsert|write|delete)\b", re.IGNORECASE)  # a step that changes documents


@rule("DAT060", "error", "data", "Search that cannot narrow by the related records its use case reads")
def search_without_related_filters(subject: Subject) -> Found:
    """A search's use case reads records related to the one searched (the part of a listing, the vehicles it fits)
    and the operation takes none of their fields: the index never holds them, so asking for what fits a vehicle or
    counting by brand cannot run."""
    for path, service, endpoint in subject.endpoints():
        have = {f.field for f in endpoint.filters}
        missing = [n for n in narrowings(subject.entities, endpoint, subject.req.use_cases) if n.path not in have]
        if missing:
            records = sorted({n.record for n in missing})
            yield Problem(
                element=f"{service.name}: {endpoint.method} {endpoint.path}",
                at=(*path, "filters"),
                message=f"searches {endpoint.entity} for use cases that read {', '.join(records)}, and takes no "
                f"filter on {', '.join(n.path for n in missing)}",
                fix=f"copy those fields into each {endpoint.entity} document (kept in step by the events of "
                f"{', '.join(records)}) and take them as filters and facets",
            )


@rule("DAT061", "error", "data", "Permissions checked after the search query")
def permissions_after_search(subject: Subject) -> Found:
    """A search flow queries the index and only then reads what the caller may see (their channel memberships):
    dropping hits after the query breaks relevance, paging and totals, and one slip shows others' records."""
    cases = {u.name: u for u in subject.req.use_cases}
    searched = {e.search_index: e.name for e in subject.entities.values() if e.search_index}
    for i, flow in enumerate(subject.design.flows):
        case = cases.get(flow.use_case)
        if case is None or not searches(case):
            continue
        for j, step in enumerate(flow.steps):
            name = next((n for n in case.reads if step.target in searched and f"query {n}" in step.message), None)
            entity = subject.entities.get(name or "")
            if name is None or entity is None or entity.search_index != step.target:
                continue
            scoping = scopes(subject.entities, name, case.reads)
            late = [s for s in scoping if any(s in later.message for later in flow.steps[j + 1 :])]
            if late:
                yield Problem(
                    element=f"flow {flow.use_case}",
                    at=("flows", i, "steps", j),
                    message=f"queries {name} in {step.target} and reads {', '.join(late)} only afterwards, so "
                    "what the caller may see is applied to the results, not in the query",
                    fix=f"read the caller's {', '.join(late)} first and filter the query by "
                    f"{', '.join(f'{nested(name)}.{scoping[s]}' for s in late)} (a field every document carries)",
                )
            break


def _writers(subject: Subject, store: str) -> list[str]:
    """The services the flows show writing a search store (indexing, updating documents)."""
    out = [
        s.source
        for f in subject.design.flows
        for s in f.steps
        if s.target == store and s.kind != "reply" and WRITES.search(s.message) and not s.message.startswith("query")
    ]
    return list(dict.fromkeys(out))


def _logged(subject: Subject, store: str, keepers: set[str]) -> bool:
    """Whether a flow shows the database's log of a store feeding one of the keepers (change data capture)."""
    words = derived_feeds()
    steps = (s for f in subject.design.flows for s in f.steps)
    return any(s.source == store and s.target in keepers and words.captured(s.message) for s in steps)


@rule("DAT062", "error", "data", "Search index written by more than one path")
def index_written_twice(subject: Subject) -> Found:
    """The owners of a search index's records write it themselves and another service indexes it too (from events
    or the database's log): two writers race, a late one puts an older document over a newer one, and nothing says
    which path a rebuild replays."""
    for i, store in enumerate(subject.design.stores):
        if store.kind != "search":
            continue
        owners = {e.owner for e in subject.entities.values() if e.search_index == store.name}
        writers = _writers(subject, store.name)
        others = [w for w in writers if w not in owners]
        if others and set(writers) & owners:
            yield Problem(
                element=store.name,
                at=("stores", i),
                message=f"is written by {', '.join(w for w in writers if w in owners)} (the owners) and by "
                f"{', '.join(others)} as well",
                fix="let one indexer keep every document, fed by one stream of the records' changes",
            )


@rule("DAT063", "error", "data", "Search document carries a record whose changes never reach it")
def carried_record_unfed(subject: Subject) -> Found:
    """A search filters by a related record's fields (a listing by the vehicles its part fits) and no event about
    that record reaches the service that writes the index: the copy in each document goes stale on its first
    change."""
    for searched, records in carried(subject.entities, subject.design.services).items():
        store = subject.entities[searched].search_index or ""
        keepers = set(_writers(subject, store))
        if not keepers:
            continue
        for name in records:
            fed = (
                subject.entities[name].owner in keepers
                or any(e.entity == name and keepers & set(e.consumers) for e in subject.design.events)
                or _logged(subject, subject.entities[name].store, keepers)
            )
            if not fed:
                yield Problem(
                    element=name,
                    at=("entities", next(i for i, e in enumerate(subject.design.entities) if e.name == name)),
                    message=f"its fields are copied into the {searched} documents of {store}, and no event about "
                    f"{name} reaches {', '.join(sorted(keepers))}, which writes them",
                    fix=f"publish {name}'s changes and have the indexer update the {searched} documents that carry it",
                )


@rule("API150", "error", "api", "A search that cannot find what its use case names")
def search_misses_named_kind(subject: Subject) -> Found:
    """A search use case names kinds of record ("Search people and hashtags", suggestions "for parts and
    vehicles") and no operation it calls searches one of them: no operation over that record, none over a record
    whose documents carry it, none filtering by its fields. That part of the use case cannot run."""
    for i, case in enumerate(subject.req.use_cases):
        missing = unsearched(subject.entities, subject.design.services, case.name, named_kinds(subject.req, case))
        if missing:
            yield Problem(
                element=f"use case {case.name}",
                at=("requirements", "use_cases", i),
                message=f"names {', '.join(f'{k} ({k.word})' for k in missing)}, and none of its operations "
                "searches them",
                fix="add a search over each (or one over several kinds), served from an index whose documents hold "
                "the fields people search and filter them by",
            )


def _unmet(ask: Ask, endpoint: EndpointDesign, entities: dict[str, EntityDesign]) -> str | None:
    """What a search operation lacks to order or count its results as asked: for distance, the caller's position
    and a position in each document; for a field, that field in the documents and a filter on it (a range, whose
    bounds are what it is sorted by; a value, whose counts are the facet). None when it has what it needs."""
    own = entities.get(endpoint.entity or "")
    if own is None:
        return None
    fields = {f.name for f in own.fields} | {
        f"{nested(n)}.{f.name}" for n in endpoint.includes if n in entities for f in entities[n].fields
    }
    if ask.distance:
        missing = []
        if not any(i.name == search_words().position_input for i in endpoint.inputs) and not any(
            is_position(f.field) for f in endpoint.filters
        ):
            missing.append("a parameter for the caller's position")
        if not any(is_position(f) for f in fields):
            missing.append(f"a position in each {own.name} document")
        return " and ".join(missing) or None
    name = ask.words.replace(" ", "_")
    field = next((f for f in fields if f == name or f.endswith(f".{name}")), None)
    if field is None:
        return f"a {ask.words} field in each {own.name} document"
    wanted = "range" if ask.kind == "order" else "eq"
    if not any(f.field == field and f.kind == wanted for f in endpoint.filters):
        return f"a {'range filter' if wanted == 'range' else 'filter'} on {field}"
    return None


@rule("API169", "error", "api", "A search that cannot order or count its results as its use case asks")
def search_misses_asked_order(subject: Subject) -> Found:
    """A search use case asks its results sorted by a field or by distance, or counted by one ("sorted by price or
    distance", "facets on brand"), and its operation cannot: no such field in the documents, no filter on it (a
    search sorts and counts by its filters' fields), or no position of the caller and of each record."""
    cases = {u.name: u for u in subject.req.use_cases}
    for path, service, endpoint in subject.endpoints():
        if endpoint.action != "search":
            continue
        for case in (cases[n] for n in endpoint.use_cases if n in cases and searches(cases[n])):
            for ask in asked(case.description or ""):
                unmet = _unmet(ask, endpoint, subject.entities)
                if unmet:
                    yield Problem(
                        element=f"{service.name}: {endpoint.method} {endpoint.path}",
                        at=path,
                        message=f"serves {case.name}, which asks its results "
                        f"{'sorted' if ask.kind == 'order' else 'counted'} by {ask.words}, and has no {unmet}",
                        fix="index the field (or each record's position) and take it as a parameter: a range "
                        "filter for a sort, a filter for a facet, the caller's position for a distance order",
                    )


@rule("CAP035", "error", "capacity", "A search filters by a record its index is not said to copy in")
def carried_record_unsized(subject: Subject) -> Found:
    """A search operation filters its documents by another record's field (a listing by the vehicles its part
    fits), and its search store says nothing of copying that record into each document: nothing says what the
    indexer joins, and a record many documents share (every listing of a part carries the part's fitments) can
    outweigh the documents themselves."""
    measured = subject.measured.capacity
    for searched, records in carried(subject.entities, subject.design.services).items():
        name = subject.entities[searched].search_index or ""
        store = subject.stores.get(name)
        if store is None:
            continue
        i = subject.design.stores.index(store)
        for record in records:
            if re.search(rf"\b{re.escape(record)}\b", store.purpose):
                continue
            size = measured.value(f"db.{name}.carried.{searched}.{record}")
            yield Problem(
                element=name,
                at=("stores", i, "purpose"),
                message=f"its {searched} documents are searched by {record}'s fields, and it says nothing of copying "
                f"{record} into them (about {quantity(size, 'bytes')} after 3 years)",
                fix=f"say that the indexer joins {record} into each {searched} document, count the copies in the "
                "index's size, and feed them from the record's changes",
            )


@rule("CAP048", "error", "capacity", "A search index split in several, unrouted or short of nodes for its fan-out")
def split_index_unrouted(subject: Subject) -> Found:
    """A search store split into several indices (one a month, one per tenant group) whose documents all carry the
    tenant every search is held to, and its partitioning routes nothing by it: each search reads every primary of
    every index, thousands of shard-level queries where a few dozen would do. Or it is routed and its data nodes,
    as priced, answer fewer shard-level queries (searches times shards read) than its peak asks."""
    from archgen.capacity import constants as c
    from archgen.capacity.load import growth

    figures = subject.measured.capacity
    for i, store in enumerate(subject.design.stores):
        if store.kind != "search" or not is_split(store.partitioning):
            continue
        key = f"db.{store.name}"
        searched = [e for e in subject.entities.values() if e.search_index == store.name]
        by = routing_key(searched)
        shards = figures.value(f"{key}.shards", float(store.shards))
        if by and routed_by(store.partitioning) is None:
            yield Problem(
                element=store.name,
                at=("stores", i, "partitioning"),
                message=f"is split into several indices and every document carries {by}, yet its partitioning "
                f"routes nothing by it, so each search reads all {shards:,.0f} shards",
                fix=f"route every document by its {by} and every search by the caller's, and size what a search "
                "reads with and without routing on the data page and the capacity page",
            )
            continue
        scale = growth(subject.req, 1) / growth(subject.req, 3)
        queries = figures.value(f"{key}.shard_queries") * scale
        line = next((ln for ln in subject.design.cost.lines if ln.item == f"{store.name} nodes"), None)
        per_node = c.SEARCH_SHARD_QUERIES_PER_NODE.value
        if line is not None and queries > line.quantity * per_node:
            yield Problem(
                element=store.name,
                at=("stores", i),
                message=f"answers about {queries:,.0f} shard-level queries a second at peak after 1 year, and its "
                f"{line.quantity:,.0f} data nodes take about {line.quantity * per_node:,.0f}",
                fix=f"price ⌈shard-level queries / {per_node:,.0f}⌉ data nodes, or route searches so each reads "
                "fewer shards",
            )


def _captured_sources(subject: Subject) -> dict[str, set[str]]:
    """The stores whose database log flows show feeding a service (change data capture), with those services."""
    words = derived_feeds()
    out: dict[str, set[str]] = {}
    for flow in subject.design.flows:
        for step in flow.steps:
            if step.source in subject.stores and step.target in subject.services and words.captured(step.message):
                out.setdefault(step.source, set()).add(step.target)
    return out


def _unstreamed(subject: Subject, sources: dict[str, set[str]]) -> Iterator[tuple[str, str, str]]:
    """(searched, record, store) for each record a captured store holds whose fields the searched record's
    documents carry, where the capacity page lists the searched record's row changes and not the record's."""
    streamed = {
        i.name.removesuffix(LOGGED)
        for f in subject.design.capacity.figures
        for i in f.inputs
        if i.name.endswith(LOGGED)
    }
    for searched, records in carried(subject.entities, subject.design.services).items():
        store = subject.entities[searched].store
        if store not in sources or searched not in streamed:
            continue
        for name in records:
            if subject.entities[name].store == store and name not in streamed:
                yield searched, name, store


@rule("DAT111", "error", "data", "A search index fed from a database's log that misses part of what it carries")
def capture_incomplete(subject: Subject) -> Found:
    """An indexer follows a database's log (change data capture) and either the stream it is sized for leaves out a
    record whose fields every document embeds (a listing's fitments), so a fix to that record never reaches the
    index until a rebuild, or nothing runs the connector: no worker, no cost line, no broker for a connector that
    writes to Kafka."""
    sources = _captured_sources(subject)
    for searched, name, store in _unstreamed(subject, sources):
        yield Problem(
            element=name,
            at=("entities", next(i for i, e in enumerate(subject.design.entities) if e.name == name)),
            message=f"its fields are embedded in every {searched} document, and the change stream from {store} that "
            f"feeds the indexer carries {searched} row changes and none of {name}'s",
            fix=f"take {name}'s row changes from the same log, update the {searched} documents that embed it, and "
            "size that stream and the indexer's lookups on the capacity page",
        )
    if not sources:
        return
    lines = subject.design.cost.lines
    text = " ".join(f"{ln.item} {ln.formula}".lower() for ln in lines)
    brokered = any(ln.price == "broker_node_month" or "broker" in ln.item.lower() for ln in lines)
    for store, keepers in sources.items():
        if not any(ln.component == store and "capture" in ln.item.lower() for ln in lines) and "connector" not in text:
            yield Problem(
                element=store,
                at=("stores", subject.design.stores.index(subject.stores[store])),
                message=f"its log feeds {', '.join(sorted(keepers))}, and no cost line or deployable runs the "
                "connector that reads it",
                fix="price the connector's workers (one a zone) and, where it writes to Kafka, the brokers it needs",
            )
    for i, decision in enumerate(subject.design.decisions):
        chosen = decision.decision.lower()
        kafka = any(w in chosen for w in search_words().capture_brokers)
        if derived_feeds().captured(chosen) and kafka and not brokered:
            yield Problem(
                element=decision.title,
                at=("decisions", i),
                message=f"chooses {decision.decision}, which writes the row changes to a Kafka cluster, and "
                "the design runs and prices no broker",
                fix="price the Kafka cluster the connector writes to (three brokers, one a zone), or choose a "
                "connector that needs none",
            )
