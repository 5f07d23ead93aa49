"""Measure a design: route each use case's load to the components the design actually has, size them, and price
every component it draws.

It reads only the Design (and the requirements it answers), so it measures a design from the rules architect,
from Claude, or edited by hand alike: the operations that carry a use case, the stores that hold what it writes,
the events it publishes and who consumes them, the connections a realtime channel holds. Every figure goes into the
ledger with its formula; each component's `demand` and provisioned capacity are set on the component itself.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources

from ruamel.yaml import YAML

from archgen.capacity import constants as c
from archgen.capacity.ledger import Ledger
from archgen.capacity.load import (
    INBOUND,
    growth,
    ledger_value,
    load_figures,
    role_slugs,
    use_case_keys,
    use_case_rate,
)
from archgen.capacity.prices import PriceTable
from archgen.design import model as m
from archgen.english import count
from archgen.knowledge.catalog import Catalog, Knowledge, Technology
from archgen.naming import slug
from archgen.requirements.model import Requirements, UseCase

GB = 1e9
MONTH_S = c.SECONDS_PER_DAY * c.DAYS_PER_MONTH
DATABASE_KINDS = ("relational", "time-series", "key-value", "wide-column", "document", "geo")
# instances paid for, relative to one region: active-active runs two full fleets, a warm standby a quarter more
COMPUTE_REGION_FACTOR = {"active-active": 2.0, "warm-standby": 1.25, "pilot-light": 1.0, "backup-restore": 1.0}
# database nodes kept in a second region: every topology but backup-restore replicates its data there
DATA_REGION_COPY = {"active-active": 1, "warm-standby": 1, "pilot-light": 1, "backup-restore": 0}
DAU_PER_MAU = 0.3  # a typical stickiness: a third of the month's users come on a given day
ANONYMOUS = ("anonymous", "guest", "visitor", "public", "shopper")  # roles that browse without signing in
FEES = "transaction fees"  # a cost of sales (payment providers' per-transaction fees), not infrastructure
VOLUME_GB = {"cdn_egress_gb": 1_000_000, "egress_gb": 150_000}  # GB a month above which the volume tier applies


@dataclass
class _Load:
    """What is routed to one component while measuring."""

    requests: float = 0.0
    reads: float = 0.0
    writes: float = 0.0
    connections: float = 0.0
    messages: float = 0.0
    effort: float = 0.0  # instances at full utilisation the consumed messages need, by the work each one takes
    sources: list[tuple[str, float, str]] = field(default_factory=list)

    def demand(self) -> m.Demand:
        return m.Demand(
            requests_per_s=round(self.requests, 3),
            reads_per_s=round(self.reads, 3),
            writes_per_s=round(self.writes, 3),
            connections=round(self.connections, 3),
            messages_per_s=round(self.messages, 3),
        )


def measure(
    design: m.Design, prices: PriceTable, requirements: Requirements | None = None, knowledge: Knowledge | None = None
) -> m.Design:
    """`design` with every figure, demand, size and cost line recomputed from its own structure; `knowledge` says
    what each technology can do (the shipped catalog unless given)."""
    req = requirements or design.requirements
    design = design.model_copy(deep=True)
    ledger = Ledger()
    load_figures(req, ledger)
    catalog = Catalog(
        design.deployment.cloud, req.constraints.must_use, req.constraints.avoid, knowledge, req.constraints.team.skills
    )
    router = _Router(design, req, ledger)
    router.route()
    _size(design, req, ledger, catalog, router)
    lines = _Pricer(design, req, ledger, prices, catalog).lines()
    total = round(sum(line.monthly_usd for line in lines if line.category != FEES), 2)
    fees = round(sum(line.monthly_usd for line in lines if line.category == FEES), 2)
    ledger.add(
        "cost.total.month",
        "Cost",
        "Monthly infrastructure cost after 1 year",
        total,
        "USD/month",
        "Σ quantity × unit price over the cost lines (see the cost page), transaction fees apart",
    )
    budget = req.constraints.budget_usd_per_month
    if budget:
        ledger.add(
            "cost.budget_share",
            "Cost",
            "Share of the budget used",
            total / budget,
            "ratio",
            "monthly cost / budget_usd_per_month",
            ("cost", total, "USD/month"),
            ("budget", budget, "USD/month"),
        )
    design.capacity = m.Capacity(figures=ledger.figures)
    design.cost = m.Cost(
        price_table=prices.name,
        lines=lines,
        total_usd_per_month=total,
        fees_usd_per_month=fees,
        budget_usd_per_month=budget,
    )
    return design


# --- routing ----------------------------------------------------------------------------------------------


def carriers(design: m.Design) -> dict[str, list[str]]:
    """The services whose operations, realtime channels or jobs carry each use case, in design order."""
    out: dict[str, list[str]] = defaultdict(list)

    def add(use_case: str, service: str) -> None:
        if service not in out[use_case]:
            out[use_case].append(service)

    for service in design.services:
        for endpoint in service.endpoints:
            for name in endpoint.use_cases:
                add(name, service.name)
    for channel in design.realtime:
        for name in channel.use_cases:
            add(name, channel.service)
    for job in design.jobs:
        if job.use_case:
            add(job.use_case, job.service)
    return out


class _Router:
    """Routes every use case's peak after three years to the design's components."""

    def __init__(self, design: m.Design, req: Requirements, ledger: Ledger) -> None:
        self.design = design
        self.req = req
        self.ledger = ledger
        self.services: dict[str, _Load] = defaultdict(_Load)
        self.stores: dict[str, _Load] = defaultdict(_Load)
        self.channels: dict[str, _Load] = defaultdict(_Load)
        self.realtime: dict[str, _Load] = defaultdict(_Load)
        self.events: dict[str, float] = defaultdict(float)
        self.replaced: dict[str, float] = {}  # deployable → calls a second it does in place of an external system
        self.entities = {e.name: e for e in design.entities}
        self.by_service = {s.name: s for s in design.services}
        self.carried = carriers(design)
        self.cached = {n for cache in design.caches if cache.placement == "distributed" for n in cache.entities}

    def home(self, use_case: UseCase) -> m.Service | None:
        """The service that leads a use case: its first carrier, else the owner of what it touches first."""
        for name in self.carried.get(use_case.name, []):
            if name in self.by_service:
                return self.by_service[name]
        for entity in [*use_case.writes, *use_case.reads]:
            owner = self.entities.get(entity)
            if owner is not None and owner.owner in self.by_service:
                return self.by_service[owner.owner]
        return self.design.services[0] if self.design.services else None

    def route(self) -> None:
        keys = use_case_keys(self.req)
        for use_case in self.req.use_cases:
            self._route_use_case(use_case, keys[use_case.name])
        self._route_other()
        self._route_replaced()
        self._route_events()
        self._route_realtime()
        self._record()

    def _route_use_case(self, use_case: UseCase, key: str) -> None:
        calls = use_case_rate(self.req, use_case).peak_y3
        records = calls * use_case.batch_size
        home = self.home(use_case)
        if home is None:
            return
        source = (use_case.name, calls, "req/s")
        carried_by = [self.by_service[n] for n in self.carried.get(use_case.name, []) if n in self.by_service]
        live = [c.service for c in self.design.realtime if use_case.name in c.use_cases]
        if use_case.interaction == "stream" and live:
            # a stream arrives over its realtime connection; the batch operation beside it is only for catch-up
            carried_by = [self.by_service[n] for n in live if n in self.by_service]
        if use_case.interaction in INBOUND:
            endpoint_services = {s.name for s in carried_by if any(use_case.name in e.use_cases for e in s.endpoints)}
            for service in carried_by:
                load = self.services[service.name]
                if service.name in endpoint_services:
                    load.requests += calls
                else:  # a stream arriving over a realtime connection
                    load.messages += calls
                load.sources.append(source)
            if not carried_by:
                self.services[home.name].requests += calls
                self.services[home.name].sources.append(source)
        if use_case.interaction == "scheduled":
            return
        for name in [*use_case.reads, *use_case.writes]:
            entity = self.entities.get(name)
            if entity and entity.owner != home.name and entity.owner in home.depends_on:
                self.services[entity.owner].requests += calls
                self.services[entity.owner].sources.append((f"{use_case.name} via {home.name}", calls, "req/s"))
        for name in use_case.writes:
            entity = self.entities.get(name)
            if entity is None:
                continue
            amplified = records * write_amplification(self.design, entity)
            store = self.stores[entity.store]
            store.writes += amplified
            store.sources.append((f"{use_case.name} writes {name}", amplified, "writes/s"))
            for copy in self.design.stores:
                if name in copy.entities and copy.name != entity.store:
                    self.stores[copy.name].writes += records  # a search index, a live copy or a warehouse
                    self.stores[copy.name].sources.append((f"{use_case.name} copies {name}", records, "writes/s"))
        if use_case.interaction == "push":
            return  # pushed updates come from the event stream, not from queries
        searching = "search" in use_case.name.lower()
        for name in use_case.reads:
            entity = self.entities.get(name)
            if entity is None:
                continue
            live_copy = next((s.name for s in self.design.stores if s.kind == "in-memory" and name in s.entities), None)
            target = entity.search_index if searching and entity.search_index else live_copy or entity.store
            miss = 1 - c.CACHE_HIT_RATIO.value if name in self.cached and target == entity.store else 1.0
            self.stores[target].reads += calls * miss
            self.stores[target].sources.append((f"{use_case.name} reads {name}", calls * miss, "reads/s"))

    def _route_other(self) -> None:
        """Requests no use case lists (browsing, polling) go to the services that serve reads, by read operation."""
        other = ledger_value(self.ledger, "traffic.other_rps.now") * growth(self.req, 3)
        if other <= 0:
            return
        readers = [(s, sum(1 for e in s.endpoints if e.method == "GET")) for s in self.design.services if s.endpoints]
        if not any(n for _, n in readers):  # no read operation yet (no use cases): every domain service shares it
            readers = [(s, 1) for s in self.design.services if s.entities]
        total = sum(n for _, n in readers) or 1
        writes = other / (self.req.load.read_write_ratio + 1)
        for service, reads in readers:
            share = other * reads / total
            if share <= 0:
                continue
            self.services[service.name].requests += share
            self.services[service.name].sources.append(("other requests", share, "req/s"))
            owned = [self.entities[n] for n in service.entities if n in self.entities]
            for entity in owned:
                self.stores[entity.store].reads += (share - writes * reads / total) / len(owned)
        # their writes land where the data grows, in proportion to each entity's growth
        growing = {
            e.name: e.growth_per_day for e in self.req.data.entities if e.growth_per_day and e.name in self.entities
        }
        for name, rows in growing.items():
            entity = self.entities[name]
            share = writes * rows / sum(growing.values()) * write_amplification(self.design, entity)
            self.stores[entity.store].writes += share
            self.stores[entity.store].sources.append((f"other requests write {name}", share, "writes/s"))

    def _route_replaced(self) -> None:
        """Calls to an external system done in-house go to the deployable that does them."""
        for integration in self.design.integrations:
            if not integration.replaced_by:
                continue
            peak = sum(use_case_rate(self.req, u).peak_y3 for u in self.req.use_cases if integration.name in u.calls)
            self.replaced[integration.replaced_by] = self.replaced.get(integration.replaced_by, 0.0) + peak

    def _route_events(self) -> None:
        rates = {u.name: use_case_rate(self.req, u).peak_y3 * u.batch_size for u in self.req.use_cases}
        for event in self.design.events:
            causes = event.use_cases or [
                u.name for u in self.req.use_cases if event.entity is not None and event.entity in u.writes
            ]
            rate = sum(rates.get(name, 0.0) for name in causes)
            self.events[event.name] = rate
            channel = self.channels[event.channel]
            channel.messages += rate
            channel.sources.append((event.name, rate, "msg/s"))
            for consumer in event.consumers:
                self.services[consumer].messages += rate
                self.services[consumer].effort += rate / self.per_message(event, consumer)
                self.services[consumer].sources.append((f"consumes {event.name}", rate, "msg/s"))

    def per_message(self, event: m.Event, consumer: str) -> float:
        """Messages a second one worker instance handles, by what handling the event takes: forwarding to
        connections or refreshing an in-memory copy is light, persisting a stream in batches is cheap per record,
        anything else touches the database once per message."""
        service = self.by_service.get(consumer)
        entity = self.entities.get(event.entity or "")
        if service is not None and service.kind == "realtime":
            return c.REALTIME_MESSAGES_PER_INSTANCE.value
        if entity is not None and any(
            s.kind == "in-memory" and entity.name in s.entities and consumer in s.services for s in self.design.stores
        ):
            return c.REALTIME_MESSAGES_PER_INSTANCE.value
        if entity is not None and consumer == entity.owner and entity.mutability == "append_only":
            return c.INGEST_RPS.value
        return c.WORKER_MESSAGES_PER_INSTANCE.value

    def _route_realtime(self) -> None:
        slugs = role_slugs(self.req)
        rates = {u.name: use_case_rate(self.req, u).peak_y3 for u in self.req.use_cases}
        for channel in self.design.realtime:
            load = self.realtime[channel.name]
            for role in channel.audience:
                if role in slugs:
                    online = ledger_value(self.ledger, f"roles.{slugs[role]}.online.y3")
                    load.connections += online
                    load.sources.append((f"{role} connected", online, "connections"))
            for name in channel.use_cases:
                load.messages += rates.get(name, 0.0)
            service = self.services[channel.service]
            service.connections += load.connections
            if not any(channel.service in self.carried.get(n, []) for n in channel.use_cases):
                service.messages += load.messages

    def _record(self) -> None:
        ledger = self.ledger
        for service in self.design.services:
            load = self.services.get(service.name, _Load())
            service.demand = load.demand()
            key = f"service.{service.slug}"
            if load.requests:
                ledger.add(
                    f"{key}.requests.y3",
                    "Services",
                    f"{service.name}: requests at peak after 3 years",
                    load.requests,
                    "req/s",
                    "Σ peak calls of the use cases its operations carry",
                    *_top(load.sources, "req/s"),
                )
            if load.messages:
                ledger.add(
                    f"{key}.messages.y3",
                    "Services",
                    f"{service.name}: messages at peak after 3 years",
                    load.messages,
                    "msg/s",
                    "Σ events it consumes and stream messages it receives",
                    *_top(load.sources, "msg/s"),
                )
            if load.connections:
                ledger.add(
                    f"{key}.connections.y3",
                    "Services",
                    f"{service.name}: connections at peak after 3 years",
                    load.connections,
                    "connections",
                    "Σ members of its channels' audience connected at peak",
                )
        for store in self.design.stores:
            load = self.stores.get(store.name, _Load())
            store.demand = load.demand()
        for channel in self.design.channels:
            load = self.channels.get(channel.name, _Load())
            channel.demand = load.demand()
            if load.messages:
                ledger.add(
                    f"channel.{slug(channel.name, 'channel')}.messages.y3",
                    "Messaging",
                    f"{channel.name}: messages at peak after 3 years",
                    load.messages,
                    "msg/s",
                    "Σ events published to it: the records written by the use cases that cause each",
                    *_top(load.sources, "msg/s"),
                )
        for realtime in self.design.realtime:
            load = self.realtime.get(realtime.name, _Load())
            realtime.demand = load.demand()
            key = f"realtime.{slug(realtime.name, 'channel')}"
            ledger.add(
                f"{key}.connections.y3",
                "Realtime",
                f"{realtime.name}: connections at peak after 3 years",
                load.connections,
                "connections",
                "Σ connected members of its audience at peak after 3 years",
                *_top(load.sources, "connections"),
            )
            ledger.add(
                f"{key}.messages.y3",
                "Realtime",
                f"{realtime.name}: messages at peak after 3 years",
                load.messages,
                "msg/s",
                "Σ peak rates of the use cases it carries",
            )


def _top(sources: list[tuple[str, float, str]], unit: str, limit: int = 8) -> list[tuple[str, float, str]]:
    """The largest contributions of a unit, summed by name, for a figure's inputs."""
    summed: dict[str, float] = defaultdict(float)
    for name, value, u in sources:
        if u == unit:
            summed[name] += value
    ordered = sorted(summed.items(), key=lambda kv: -kv[1])[:limit]
    return [(name, value, unit) for name, value in ordered]


def write_amplification(design: m.Design, entity: m.EntityDesign) -> float:
    """Writes a store takes per record: the row, a share per secondary index, and an outbox row when events go out."""
    secondary = sum(1 for i in entity.indexes if i.kind != "primary")
    outbox = any(e.entity == entity.name and e.outbox for e in design.events)
    if any(s.name == entity.store and s.kind not in ("relational", "document") for s in design.stores):
        return 1.0  # logs, caches and time-series engines append without secondary b-trees or an outbox
    return 1 + secondary * c.INDEX_WRITE_COST.value + (1 if outbox else 0)


# --- sizing -------------------------------------------------------------------------------------------------


def _per_instance(kind: str, services: list[m.Service]) -> tuple[float, m.ThroughputUnit, str]:
    """What one instance of a deployable carries at the target utilisation, the unit, and the constant's name."""
    util = c.TARGET_UTILISATION.value
    if kind == "realtime":
        return c.CONNECTIONS_PER_INSTANCE.value * util, "connections", c.CONNECTIONS_PER_INSTANCE.name
    if kind == "worker":
        return c.WORKER_MESSAGES_PER_INSTANCE.value * util, "messages/s", c.WORKER_MESSAGES_PER_INSTANCE.name
    if services and all(s.kind == "ingest" for s in services):
        return c.INGEST_RPS.value * util, "req/s", c.INGEST_RPS.name
    return c.INSTANCE_RPS.value * util, "req/s", c.INSTANCE_RPS.name


def _size(design: m.Design, req: Requirements, ledger: Ledger, catalog: Catalog, router: _Router) -> None:
    availability = req.quality.availability
    minimum = int(c.MIN_INSTANCES_HA.value) if availability >= c.constant("ha_availability").value else 1
    by_name = {s.name: s for s in design.services}
    for deployable in design.deployables:
        services = [by_name[n] for n in deployable.services if n in by_name]
        per, unit, constant = _per_instance(deployable.kind, services)
        if deployable.kind == "realtime":
            load = sum(s.demand.connections for s in services)
            messages = sum(s.demand.messages_per_s for s in services)
            needed_y3 = max(
                load / per, messages / (c.REALTIME_MESSAGES_PER_INSTANCE.value * c.TARGET_UTILISATION.value)
            )
        elif deployable.kind == "worker":
            load = sum(s.demand.messages_per_s for s in services)
            effort = sum(router.services[s.name].effort for s in services if s.name in router.services)
            needed_y3 = effort / c.TARGET_UTILISATION.value if effort else load / per
            if load and effort:
                per = load / needed_y3  # what one instance carries of this mix of work
        elif deployable.name in router.replaced:
            load = router.replaced[deployable.name]
            host = next(
                (self_host(i.kind, i.name) for i in design.integrations if i.replaced_by == deployable.name), None
            )
            per = (host.calls_per_instance_s if host else c.INSTANCE_RPS.value) * c.TARGET_UTILISATION.value
            constant = "self_host calls_per_instance_s"
            needed_y3 = load / per
        elif deployable.kind == "job":
            load, needed_y3 = 0.0, 0.0
        else:
            load = sum(s.demand.requests_per_s for s in services)
            load += sum(s.demand.messages_per_s for s in services if s.kind == "ingest")
            needed_y3 = load / per
        deployable.demand = m.Demand(
            requests_per_s=round(load, 3) if unit == "req/s" else 0,
            messages_per_s=round(load, 3) if unit == "messages/s" else 0,
            connections=round(load, 3) if unit == "connections" else 0,
        )
        floor = 1 if deployable.kind == "job" else minimum
        counts = {}
        for when, years in (("now", 0), ("y1", 1), ("y3", 3)):
            scale = growth(req, years) / growth(req, 3)
            counts[when] = ledger.add(
                f"compute.{deployable.name}.instances.{when}",
                "Compute",
                f"{deployable.name}: instances at peak {_when(when)}",
                max(floor, math.ceil(needed_y3 * scale - 1e-9)),
                "instances",
                f"max(minimum, ⌈load {_when(when)} / ({constant} × target_utilisation)⌉)",
                ("load", load * scale, unit),
                _input(constant, per, unit),
                c.TARGET_UTILISATION,
                ("minimum", floor, "instances"),
            )
        deployable.scaling.min_instances = floor
        deployable.scaling.max_instances = max(int(counts["y3"]) * 2, floor, 2 if floor > 1 else 1)
        deployable.scaling.per_instance = round(per, 3)
        deployable.scaling.unit = unit
    for store in design.stores:
        _size_store(design, req, ledger, catalog, store)
    for channel in design.channels:
        if channel.kind == "log":
            channel.partitions = max(
                int(c.MIN_PARTITIONS.value), math.ceil(channel.demand.messages_per_s / c.PARTITION_MESSAGES.value)
            )
        channel.cluster = channel.cluster or channel.name
    for cache in design.caches:
        if cache.placement == "distributed":
            cache.size_bytes = round(_cache_bytes(design, req, ledger, cache), 0)


def _input(name: str, per: float, unit: str) -> c.Constant | tuple[str, float, str]:
    """A planning constant when the name is one, else the value itself as an input."""
    try:
        return c.constant(name)
    except KeyError:
        return (name, per / c.TARGET_UTILISATION.value, unit)


def _when(key: str) -> str:
    return {"now": "now", "y1": "after 1 year", "y3": "after 3 years"}[key]


def technology_of(catalog: Catalog, store: m.DataStore) -> Technology:
    """The catalog entry of a store's technology, or a stand-in with the planning constants for its kind."""
    known = catalog.technology(store.technology)
    if known is not None:
        return known
    if store.kind == "relational":
        return Technology(
            name=store.technology,
            writes_per_node=c.PRIMARY_WRITE_LIMIT.value,
            reads_per_node=c.NODE_READ_LIMIT.value,
            storage_tb=c.NODE_STORAGE_LIMIT.value,
            scaling="vertical",
        )
    return Technology(
        name=store.technology, writes_per_node=20_000, reads_per_node=40_000, storage_tb=5, scaling="horizontal"
    )


def _size_store(design: m.Design, req: Requirements, ledger: Ledger, catalog: Catalog, store: m.DataStore) -> None:
    key = f"db.{store.name}"
    group = "Databases"
    entities = [e for e in design.entities if e.name in store.entities or e.search_index == store.name]
    data = sum(ledger.values.get(f"storage.{e.name}.bytes.y3", 0.0) for e in entities)
    if store.kind == "object":
        data = ledger.values.get("files.total.y3", 0.0) if store.files else data
    if store.kind == "in-memory":
        data = _live_bytes(design, req, ledger, entities)
    overhead = c.INDEX_OVERHEAD.value if store.kind in ("relational", "document", "search") else 0.0
    compression = c.TIME_SERIES_COMPRESSION.value if store.kind == "time-series" else 1.0
    store.size_bytes_3y = round(
        ledger.add(
            f"{key}.data.y3",
            group,
            f"{store.name}: data after 3 years",
            data * (1 + overhead) / compression,
            "bytes",
            "Σ data after 3 years"
            + (" × (1 + index_overhead)" if overhead else "")
            + (" / compression" if compression > 1 else ""),
            ("data", data, "bytes"),
            *([c.INDEX_OVERHEAD] if overhead else []),
            *([c.TIME_SERIES_COMPRESSION] if compression > 1 else []),
        ),
        0,
    )
    if store.kind in ("object", "warehouse"):
        return
    writes = store.demand.writes_per_s
    reads = store.demand.reads_per_s
    ledger.add(
        f"{key}.write_rps.y3",
        group,
        f"{store.name}: writes at peak after 3 years",
        writes,
        "writes/s",
        "Σ records written by the use cases × (1 + index_write_cost × secondary indexes + outbox row)",
        *_top(design_sources(store), "writes/s"),
    )
    ledger.add(
        f"{key}.read_rps.y3",
        group,
        f"{store.name}: reads reaching it at peak after 3 years",
        reads,
        "reads/s",
        "Σ queries of the use cases that read it × cache miss ratio where cached",
    )
    tech = technology_of(catalog, store)
    per_node = tech.writes_per_node or c.PRIMARY_WRITE_LIMIT.value
    util = c.TARGET_UTILISATION.value
    if tech.scaling == "vertical":
        shards = max(1, math.ceil(writes / (per_node * util))) if writes > per_node * util else 1
    else:
        shards = max(1, math.ceil(writes / (per_node * util)))
    storage_limit = (tech.storage_tb or c.NODE_STORAGE_LIMIT.value) * 1e12
    shards = max(shards, math.ceil(store.size_bytes_3y / storage_limit))
    store.shards = shards
    store.write_capacity_per_s = round(shards * per_node, 0)
    if shards > 1 and store.kind in ("relational", "document"):
        keys = sorted({e.partition_key for e in entities if e.partition_key and e.store == store.name})
        store.partitioning = f"{shards} shards by {', '.join(keys) or 'the record key'}"
    ledger.add(
        f"{key}.shards",
        group,
        f"{store.name}: partitions (shards) needed after 3 years",
        shards,
        "shards",
        "max(⌈writes / (writes_per_node × target_utilisation)⌉, ⌈data / storage per node⌉)",
        ("writes", writes, "writes/s"),
        ("writes_per_node", per_node, f"writes/s ({tech.name})"),
        c.TARGET_UTILISATION,
        ("data", store.size_bytes_3y, "bytes"),
        ("storage_per_node", storage_limit, "bytes"),
    )
    per_read = tech.reads_per_node or c.NODE_READ_LIMIT.value
    store.read_replicas = int(
        ledger.add(
            f"{key}.read_replicas",
            group,
            f"{store.name}: read replicas needed after 3 years",
            max(0, math.ceil(reads / shards / per_read) - 1) if tech.scaling == "vertical" else 0,
            "replicas",
            "max(0, ⌈reads per shard / reads_per_node⌉ − 1) for a single-primary engine",
            ("reads", reads, "reads/s"),
            ("reads_per_node", per_read, "reads/s"),
        )
    )
    per_shard_writes = writes / shards if shards else 0.0
    data_gb = store.size_bytes_3y / shards / GB if shards else 0.0
    if per_shard_writes < 10 and data_gb < 10 and reads < 50:
        store.node_class = "micro"
    elif per_shard_writes < 300 and data_gb < 100:
        store.node_class = "small"
    elif per_shard_writes < 2_000 and data_gb < 1_000:
        store.node_class = "medium"
    else:
        store.node_class = "large"
    if tech.scaling == "vertical" and store.kind == "relational":
        writes_now = writes / growth(req, 3)
        g = req.load.growth_per_year
        if writes_now >= per_node:
            years = 0.0
        elif writes_now <= 0 or math.log1p(g) <= 0:
            years = 99.0
        else:
            years = min(99.0, math.log(per_node / writes_now) / math.log1p(g))
        ledger.add(
            f"{key}.primary_years",
            group,
            f"{store.name}: years until one primary's write limit",
            years,
            "years",
            "ln(writes_per_node / writes now) / ln(1 + growth_per_year)",
            ("writes_now", writes_now, "writes/s"),
            ("writes_per_node", per_node, "writes/s"),
            ("growth_per_year", g, "ratio"),
        )


def _live_bytes(design: m.Design, req: Requirements, ledger: Ledger, entities: list[m.EntityDesign]) -> float:
    """What an in-memory store holds: for a streamed entity the latest record of every member connected at peak
    (after 3 years), with room for its geo or key index; for anything else the hot part of its data."""
    slugs = role_slugs(req)
    total = 0.0
    for entity in entities:
        source = next((e for e in req.data.entities if e.name == entity.name), None)
        streamers = [u for u in req.use_cases if entity.name in u.writes and u.interaction == "stream"]
        if source is not None and streamers:
            online = sum(
                ledger.values.get(f"roles.{slugs[u.actor]}.online.y3", 0.0) for u in streamers if u.actor in slugs
            )
            total += online * (source.record_bytes or 64) * 3  # keys, sorted-set index and allocator overhead
        else:
            total += ledger.values.get(f"storage.{entity.name}.bytes.y1", 0.0) * c.HOT_FRACTION.value
    return total


def design_sources(store: m.DataStore) -> list[tuple[str, float, str]]:
    """The largest writers of a store, recorded while routing (kept on the router; here from its demand only)."""
    return [("writes", store.demand.writes_per_s, "writes/s")]


def _cache_bytes(design: m.Design, req: Requirements, ledger: Ledger, cache: m.Cache) -> float:
    """What a cache holds: the hot part of each entity it caches; live state (kept a day or less) in full."""
    total = 0.0
    for name in cache.entities:
        entity = next((e for e in design.entities if e.name == name), None)
        data = ledger.values.get(f"storage.{name}.bytes.y1", 0.0)
        live = entity is not None and entity.retention_days is not None and entity.retention_days <= 1
        total += data if live else data * c.HOT_FRACTION.value
    ledger.add(
        f"cache.{slug(cache.name, 'cache')}.bytes",
        "Cache",
        f"{cache.name}: memory for what it holds",
        total,
        "bytes",
        "Σ data after 1 year of the entities it holds × hot fraction (live state in full)",
        *((n, ledger.values.get(f"storage.{n}.bytes.y1", 0.0), "bytes") for n in cache.entities),
        c.HOT_FRACTION,
    )
    return total


# --- cost -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SelfHost:
    """What can do an external system's work in-house, how much one instance takes, and from which volume."""

    technology: str
    calls_per_instance_s: float
    above_calls_per_month: float


@dataclass(frozen=True)
class _IntegrationPrice:
    words: tuple[str, ...]
    price: str
    calls_per_unit: float
    self_host: SelfHost | None = None


@functools.cache
def _integration_prices() -> tuple[list[_IntegrationPrice], _IntegrationPrice]:
    text = resources.files("archgen.knowledge").joinpath("integrations.yaml").read_text("utf-8")
    data = YAML(typ="safe", pure=True).load(text)

    def read(spec: dict[str, object]) -> _IntegrationPrice:
        words = spec.get("words") or []
        assert isinstance(words, list)
        host = spec.get("self_host")
        self_host = (
            SelfHost(str(host["technology"]), float(host["calls_per_instance_s"]), float(host["above_calls_per_month"]))
            if isinstance(host, dict)
            else None
        )
        return _IntegrationPrice(
            tuple(str(w) for w in words), str(spec["price"]), float(str(spec["calls_per_unit"])), self_host
        )

    return [read(r) for r in data["rules"]], read(data["default"])


def _integration_rule(kind: str, name: str) -> _IntegrationPrice:
    rules, default = _integration_prices()
    text = f"{kind} {name}".lower()
    return next((rule for rule in rules if any(w in text for w in rule.words)), default)


def integration_price(kind: str, name: str) -> tuple[str, float]:
    """The price key of calls to an external system, and how many calls one priced unit holds."""
    rule = _integration_rule(kind, name)
    return rule.price, rule.calls_per_unit


def self_host(kind: str, name: str) -> SelfHost | None:
    """What could do an external system's work in-house, if the catalog knows."""
    return _integration_rule(kind, name).self_host


def integration_calls(req: Requirements, name: str, when: str = "y1") -> float:
    """Average calls a month to an external system (after 1 year by default) from the use cases that call it."""
    years = {"now": 0, "y1": 1, "y3": 3}[when]
    return sum(use_case_rate(req, u).avg * growth(req, years) * MONTH_S for u in req.use_cases if name in u.calls)


class _Pricer:
    """One cost line per component the design draws, each with its formula."""

    def __init__(self, design: m.Design, req: Requirements, ledger: Ledger, prices: PriceTable, catalog: Catalog):
        self.design = design
        self.req = req
        self.ledger = ledger
        self.prices = prices
        self.catalog = catalog
        self.out: list[m.CostLine] = []
        reliability = design.reliability
        self.topology = reliability.topology
        self.ha = reliability.zones_per_region > 1
        self.regions = max(1, len(reliability.regions))
        self.y1 = growth(req, 1)

    def add(
        self, item: str, category: str, component: str, quantity: float, unit: str, price: str, formula: str
    ) -> None:
        usd = self.prices.usd(price)
        self.out.append(
            m.CostLine(
                item=item,
                category=category,
                component=component,
                quantity=round(quantity, 2),
                unit=unit,
                unit_price_usd=usd,
                monthly_usd=round(quantity * usd, 2),
                price=price,
                formula=formula,
            )
        )

    def lines(self) -> list[m.CostLine]:
        self._compute()
        self._stores()
        self._caches()
        self._messaging()
        self._edge()
        self._platform()
        self._observability()
        self._network()
        self._integrations()
        return self.out

    def _compute(self) -> None:
        paas = "paas" in self.design.deployment.platform.lower() or any(
            t.name == self.design.deployment.platform for t in self.catalog.options("paas")
        )
        factor = COMPUTE_REGION_FACTOR[self.topology]
        for deployable in self.design.deployables:
            instances = self.ledger.values.get(f"compute.{deployable.name}.instances.y1", 1.0)
            price = "paas_month" if paas else "instance_month"
            self.add(
                f"{deployable.name} instances",
                "compute",
                deployable.name,
                instances * factor,
                "instance-months",
                price,
                f"instances at peak after 1 year ({instances:g})"
                + (f" × {factor:g} for the {self.topology} topology" if factor != 1 else ""),
            )

    def _stores(self) -> None:
        copy = DATA_REGION_COPY[self.topology]
        for store in self.design.stores:
            tech = technology_of(self.catalog, store)
            data_gb = store.size_bytes_3y / growth(self.req, 3) * self.y1 / GB
            if store.kind in ("relational", "document", "time-series", "geo") and tech.price != "nosql":
                if tech.price == "spanner_node" or tech.regions == "synchronous":
                    units = max(1, store.shards)
                    self.add(
                        f"{store.name} capacity",
                        "databases",
                        store.name,
                        units,
                        "unit-months",
                        "spanner_node_month",
                        f"{count(units, 'capacity unit')} for {store.demand.writes_per_s:,.0f} "
                        "writes/s after 3 years, replicated across regions by the engine",
                    )
                else:
                    per_shard = 1 + (1 if self.ha else 0) + store.read_replicas + copy
                    nodes = per_shard * store.shards
                    price = (
                        "ts_node_month" if tech.price == "ts_node" else f"db_node_{store.node_class or 'small'}_month"
                    )
                    self.add(
                        f"{store.name} nodes ({store.node_class or 'small'})",
                        "databases",
                        store.name,
                        nodes,
                        "node-months",
                        price,
                        f"{count(store.shards, 'shard')} × (primary{' + standby' if self.ha else ''}"
                        + (f" + {count(store.read_replicas, 'replica')}" if store.read_replicas else "")
                        + (" + a copy in the second region" if copy else "")
                        + ")",
                    )
                    self.add(
                        f"{store.name} storage",
                        "databases",
                        store.name,
                        data_gb * per_shard,
                        "GB-months",
                        "db_storage_gb_month",
                        "data after 1 year × copies kept",
                    )
                self.add(
                    f"{store.name} backups",
                    "databases",
                    store.name,
                    data_gb,
                    "GB-months",
                    "backup_storage_gb_month",
                    "data after 1 year, kept as backups",
                )
            elif store.kind in ("key-value", "wide-column") or tech.price == "nosql":
                per_node = tech.writes_per_node or 20_000
                units = max(
                    2 if self.ha else 1,
                    math.ceil(
                        store.demand.writes_per_s
                        / self.y1
                        * growth(self.req, 1)
                        / (per_node * c.TARGET_UTILISATION.value)
                    ),
                )
                units *= 1 + copy
                self.add(
                    f"{store.name} capacity",
                    "databases",
                    store.name,
                    units,
                    "node-months",
                    "nosql_node_month",
                    f"⌈writes after 1 year / ({per_node:,.0f} writes/s per unit × target utilisation)⌉"
                    + (" × 2 regions" if copy else ""),
                )
                self.add(
                    f"{store.name} storage",
                    "databases",
                    store.name,
                    data_gb * (1 + copy),
                    "GB-months",
                    "db_storage_gb_month",
                    "data after 1 year × regions",
                )
            elif store.kind == "search":
                per_node = (tech.storage_tb or 1) * 1000
                nodes = max(
                    2 if self.ha else 1, math.ceil(data_gb / per_node), math.ceil(store.demand.reads_per_s / 500)
                )
                self.add(
                    f"{store.name} nodes",
                    "search",
                    store.name,
                    nodes,
                    "node-months",
                    "search_node_month",
                    "max(zones, ⌈index after 1 year / data per node⌉, ⌈searches/s / 500 per node⌉)",
                )
            elif store.kind == "object":
                self._objects(store, copy)
            elif store.kind == "in-memory":
                size_gb = store.size_bytes_3y / growth(self.req, 3) * self.y1 / GB
                per_node = tech.writes_per_node or 100_000
                nodes = max(
                    2 if self.ha else 1,
                    math.ceil(size_gb / c.CACHE_NODE_GB.value),
                    math.ceil(store.demand.writes_per_s / (per_node * c.TARGET_UTILISATION.value)),
                )
                self.add(
                    f"{store.name} nodes",
                    "databases",
                    store.name,
                    nodes,
                    "node-months",
                    "cache_node_month",
                    f"max(zones, ⌈{size_gb:,.1f} GB / {c.CACHE_NODE_GB.value:g} GB per node⌉, "
                    f"⌈{store.demand.writes_per_s:,.0f} writes/s / {per_node:,.0f} per node at target utilisation⌉)",
                )
            elif store.kind == "warehouse":
                self.add(
                    f"{store.name} compute",
                    "analytics",
                    store.name,
                    1,
                    "months",
                    "warehouse_month",
                    "reporting queries a month (the price table's typical volume)",
                )
                self.add(
                    f"{store.name} storage",
                    "analytics",
                    store.name,
                    data_gb,
                    "GB-months",
                    "warehouse_storage_gb_month",
                    "operational data copied in, after 1 year",
                )

    def _objects(self, store: m.DataStore, copy: int) -> None:
        """Files priced by storage class: large private files in the infrequent-access class, the rest standard;
        only public files are copied to a second region (private originals are versioned in place)."""
        keys = {f.name: k for f, k in zip(self.req.data.files, _file_keys(self.req), strict=True)}
        hot = cold = 0.0
        copies = 0.0
        for file_set in self.req.data.files:
            if file_set.name not in store.files:
                continue
            gb = self.ledger.values.get(f"files.{keys[file_set.name]}.bytes.y1", 0.0) / GB
            if not file_set.public and file_set.avg_size_kb >= c.COLD_AFTER_KB.value:
                cold += gb
            else:
                hot += gb
                copies += gb if file_set.public else 0.0
        if hot or not cold:
            self.add(
                f"{store.name} objects",
                "storage",
                store.name,
                hot + copies * copy,
                "GB-months",
                "object_storage_gb_month",
                "files after 1 year in the standard class"
                + (" (public sets also in the second region)" if copy and copies else ""),
            )
        if cold:
            self.add(
                f"{store.name} objects (infrequent access)",
                "storage",
                store.name,
                cold,
                "GB-months",
                "object_storage_cold_gb_month",
                "large private files after 1 year in the infrequent-access class",
            )

    def _caches(self) -> None:
        for cache in self.design.caches:
            if cache.placement != "distributed":
                continue
            nodes = max(2 if self.ha else 1, math.ceil(cache.size_bytes / GB / c.CACHE_NODE_GB.value))
            self.add(
                f"{cache.name} nodes",
                "caching",
                cache.name,
                nodes,
                "node-months",
                "cache_node_month",
                f"max(zones, ⌈{cache.size_bytes / GB:,.1f} GB / {c.CACHE_NODE_GB.value:g} GB per node⌉)",
            )

    def _messaging(self) -> None:
        clusters: dict[str, list[m.Channel]] = defaultdict(list)
        for channel in self.design.channels:
            clusters[channel.cluster or channel.name].append(channel)
        for cluster, channels in clusters.items():
            first = channels[0]
            if "job table" in first.technology.lower():
                continue
            messages = sum(ch.demand.messages_per_s for ch in channels) / growth(self.req, 3) * self.y1
            if first.kind == "log":
                tech = self.catalog.technology(first.technology)
                if tech is not None and tech.price in ("queue", "stream_shard"):
                    self._per_message(cluster, channels, messages, tech.price)
                    continue
                per_broker = tech.writes_per_node if tech and tech.writes_per_node else 30_000
                units = max(1, math.ceil(messages / (per_broker * 3 * c.TARGET_UTILISATION.value)))
                self.add(
                    f"{cluster} cluster",
                    "messaging",
                    cluster,
                    units * self.regions,
                    "cluster-months",
                    "broker_month",
                    f"{count(units, 'cluster')} of 3 brokers for {messages:,.0f} msg/s after 1 year"
                    + (f" in {self.regions} regions" if self.regions > 1 else "")
                    + f"; topics: {', '.join(ch.name for ch in channels)}",
                )
            else:
                self._per_message(cluster, channels, messages, "queue")

    def _per_message(self, cluster: str, channels: list[m.Channel], messages: float, price: str) -> None:
        consumers = max(1, sum(len([e for e in self.design.events if e.channel == ch.name]) for ch in channels))
        avg = messages / (self.req.load.peak_factor or 1.0)
        if price == "stream_shard":
            shards = max(1, math.ceil(messages / 1000))
            self.add(
                f"{cluster} shards",
                "messaging",
                cluster,
                shards,
                "shard-months",
                "stream_shard_month",
                "⌈messages/s after 1 year / 1,000 per shard⌉",
            )
            return
        million = avg * MONTH_S * 3 / 1e6  # send, receive, delete
        self.add(
            f"{cluster} requests",
            "messaging",
            cluster,
            million,
            "million requests",
            "queue_million",
            f"average messages after 1 year × 3 operations × 30.4 days ({consumers} event type(s))",
        )

    def _edge(self) -> None:
        gateway = self.design.gateway.technology.lower()
        streamed = sum(
            use_case_rate(self.req, u).avg
            for u in self.req.use_cases
            if u.interaction == "stream" and any(u.name in ch.use_cases for ch in self.design.realtime)
        )
        peak_y1 = (
            ledger_value(self.ledger, "traffic.peak_rps.y1")
            - self.ledger.values.get("traffic.stream_messages.y3", 0.0) / growth(self.req, 3) * self.y1
        )
        avg_y1 = (ledger_value(self.ledger, "traffic.avg_rps") - streamed) * self.y1
        if "api gateway" in gateway or "api management" in gateway:
            self.add(
                "API gateway requests",
                "network",
                "gateway",
                avg_y1 * MONTH_S / 1e6,
                "million requests",
                "api_gateway_million",
                "average inbound rate after 1 year × 30.4 days",
            )
        elif "load balanc" in gateway or "gateway" in gateway or "front door" in gateway or "envoy" in gateway:
            units = self.regions * max(1, math.ceil(peak_y1 / 10_000))
            self.add(
                "load balancers",
                "network",
                "gateway",
                units,
                "balancer-months",
                "load_balancer_month",
                "regions × ⌈peak after 1 year / 10,000 req/s per balancer⌉",
            )
        if "waf" in gateway or "armor" in gateway or "firewall" in gateway:
            self.add(
                "web application firewall",
                "security",
                "gateway",
                self.regions,
                "policy-months",
                "waf_month",
                "one policy per region",
            )
            self.add(
                "requests inspected by the WAF",
                "security",
                "gateway",
                avg_y1 * MONTH_S / 1e6,
                "million requests",
                "waf_million",
                "average inbound rate after 1 year × 30.4 days",
            )
        for channel in self.design.realtime:
            if channel.protocol == "mqtt":
                avg = channel.demand.messages_per_s / growth(self.req, 3) * self.y1 / c.DEVICE_PEAK_FACTOR.value
                self.add(
                    f"{channel.name} device messages",
                    "messaging",
                    channel.name,
                    avg * MONTH_S / 1e6,
                    "million messages",
                    "iot_million",
                    "average device messages after 1 year × 30.4 days",
                )
            elif channel.protocol == "mobile-push":
                avg = channel.demand.messages_per_s / growth(self.req, 3) * self.y1 / (self.req.load.peak_factor or 1)
                self.add(
                    f"{channel.name} notifications",
                    "messaging",
                    channel.name,
                    avg * MONTH_S / 1e6,
                    "million notifications",
                    "push_million",
                    "average notifications after 1 year × 30.4 days",
                )
            elif "web pubsub" in channel.technology.lower() or "api gateway" in channel.technology.lower():
                avg = channel.demand.messages_per_s / growth(self.req, 3) * self.y1
                self.add(
                    f"{channel.name} messages",
                    "messaging",
                    channel.name,
                    avg * MONTH_S / 1e6,
                    "million messages",
                    "iot_million",
                    "average messages after 1 year × 30.4 days",
                )

    def _platform(self) -> None:
        platform = self.design.deployment.platform.lower()
        if "kubernetes" in platform or "eks" in platform or "gke" in platform or "aks" in platform:
            self.add(
                "Kubernetes control plane",
                "compute",
                "platform",
                self.regions,
                "cluster-months",
                "control_plane_month",
                "one cluster per region",
            )
        if self.design.deployment.cloud in ("aws", "gcp", "azure", "any") and not any(
            word in platform for word in ("cloud run", "app runner", "app service", "paas")
        ):
            zones = self.design.reliability.zones_per_region
            self.add(
                "NAT gateways",
                "network",
                "platform",
                self.regions * zones,
                "gateway-months",
                "nat_gateway_month",
                "one per zone and region, for outbound calls from private subnets",
            )
        people = [r for r in self.req.users.roles if r.kind == "person" and not r.internal]
        if (
            people
            and self.design.security.callers
            and any(
                cal.kind == "person" and "single sign-on" not in cal.method.lower()
                for cal in self.design.security.callers
            )
        ):
            signed_in = [r for r in people if not any(w in r.name.lower() for w in ANONYMOUS)]
            daily = sum(r.active_per_day or self.req.users.daily_active for r in signed_in)
            mau = daily / DAU_PER_MAU * self.y1
            if self.req.users.registered:
                mau = min(mau, self.req.users.registered * self.y1)
            formula = "people who sign in, active a day / 0.3 (DAU/MAU), capped at registered accounts, after 1 year"
            self.add(
                "identity provider",
                "security",
                "identity",
                min(mau, 1e6),
                "monthly active users",
                "identity_mau",
                formula,
            )
            if mau > 1e6:
                self.add(
                    "identity provider above 1 million",
                    "security",
                    "identity",
                    mau - 1e6,
                    "monthly active users",
                    "identity_mau_volume",
                    formula + ", beyond the first million",
                )

    def _observability(self) -> None:
        avg_requests = ledger_value(self.ledger, "traffic.avg_rps") * self.y1
        streamed = sum(
            use_case_rate(self.req, u).avg * self.y1 for u in self.req.use_cases if u.interaction == "stream"
        )
        requests = max(0.0, avg_requests - streamed)
        sample = self.design.observability.log_sample
        log_gb = (
            (requests * sample + streamed * c.LOG_SAMPLE_STREAM.value) * c.LOG_BYTES_PER_REQUEST.value * MONTH_S / GB
        )
        self.add(
            "logs ingested",
            "observability",
            "observability",
            log_gb,
            "GB",
            "log_ingest_gb",
            f"(requests × {sample:g} sampled + stream messages × log sample) × log_bytes_per_request × 30.4 days, "
            "after 1 year",
        )
        instances = sum(self.ledger.values.get(f"compute.{d.name}.instances.y1", 1.0) for d in self.design.deployables)
        series = instances * c.METRIC_SERIES_PER_INSTANCE.value
        self.add(
            "metrics",
            "observability",
            "observability",
            series,
            "series-months",
            "metric_series_month",
            f"{count(instances, 'instance')} × {c.METRIC_SERIES_PER_INSTANCE.value:g} series",
        )
        traces = requests * c.TRACE_SAMPLE.value * MONTH_S / 1e6
        self.add(
            "traces",
            "observability",
            "observability",
            traces,
            "million traces",
            "trace_million",
            "requests after 1 year × trace_sample_ratio × 30.4 days",
        )

    def _network(self) -> None:
        egress_gb = ledger_value(self.ledger, "egress.api.month") * self.y1 / GB
        self._tiered(
            "API egress", "gateway", egress_gb, "egress_gb", "responses and pushed messages a month after 1 year"
        )
        files_gb = sum(f.value for f in self.ledger.figures if f.key.startswith("egress.files.")) * self.y1 / GB
        if files_gb:
            via_cdn = any(cache.placement == "cdn" for cache in self.design.caches)
            self._tiered(
                "files served" + (" via CDN" if via_cdn else ""),
                "cdn" if via_cdn else "gateway",
                files_gb,
                "cdn_egress_gb" if via_cdn else "egress_gb",
                "file views a month after 1 year",
            )
        if self.ha:
            internal = ledger_value(self.ledger, "ingress.api.month") + ledger_value(self.ledger, "egress.api.month")
            gb = internal * self.y1 * c.ZONE_TRANSFER_SHARE.value * 2 / GB
            self.add(
                "traffic between zones",
                "network",
                "platform",
                gb,
                "GB",
                "inter_zone_gb",
                "(bytes in + out) × zone_transfer_share × 2 tiers, after 1 year",
            )
        if self.regions > 1:
            written = (
                sum(
                    ledger_value(self.ledger, f"storage.{e.name}.bytes.y1")
                    - ledger_value(self.ledger, f"storage.{e.name}.bytes.now")
                    for e in self.req.data.entities
                )
                / 12
            )
            self.add(
                "replication between regions",
                "network",
                "platform",
                max(0.0, written) / GB * (self.regions - 1),
                "GB",
                "inter_region_gb",
                "data written a month (first-year growth / 12) × other regions",
            )

    def _tiered(self, item: str, component: str, gb: float, price: str, formula: str) -> None:
        """Egress priced at the list price up to the volume threshold, and at the volume tier above it."""
        threshold = VOLUME_GB[price]
        self.add(item, "network", component, min(gb, threshold), "GB", price, formula)
        if gb > threshold:
            self.add(
                f"{item} above {threshold / 1e6:g} PB" if threshold >= 1e6 else f"{item} above {threshold / 1e3:g} TB",
                "network",
                component,
                gb - threshold,
                "GB",
                f"{price}_volume",
                f"{formula}, beyond the first {threshold:,.0f} GB (volume pricing)",
            )

    def _integrations(self) -> None:
        calls: dict[str, float] = defaultdict(float)
        kinds = {i.name: integration_price(i.kind, i.name)[0] for i in self.req.integrations}
        for use_case in self.req.use_cases:
            rate = use_case_rate(self.req, use_case).avg * self.y1 * MONTH_S
            pushes = any(kinds.get(n) == "push_million" for n in use_case.calls) or use_case.interaction == "push"
            for name in use_case.calls:
                # beside a push notification, a text message is the fallback for the phones push does not reach
                share = c.SMS_FALLBACK.value if pushes and kinds.get(name) == "sms_message" else 1.0
                calls[name] += rate * share
        replaced = {i.name for i in self.design.integrations if i.replaced_by}
        for integration in self.req.integrations:
            if integration.name not in calls or integration.name in replaced:
                continue
            price, per_unit = integration_price(integration.kind, integration.name)
            category = FEES if price in ("payment_transaction", "verification_check") else "external"
            self.add(
                f"{integration.name} calls",
                category,
                integration.name,
                calls[integration.name] / per_unit,
                _units(per_unit),
                price,
                "average calls a month after 1 year of the use cases that call it",
            )


def _file_keys(req: Requirements) -> list[str]:
    from archgen.capacity.load import file_set_keys

    keys = file_set_keys(req)
    return [keys[f.name] for f in req.data.files]


def _units(per_unit: float) -> str:
    return {1: "calls", 1000: "thousand calls", 1_000_000: "million calls"}.get(int(per_unit), "units")


def drawn_components(design: m.Design) -> Iterable[str]:
    """Every component the design draws that costs money: deployables, stores, caches, channels, realtime."""
    yield from (d.name for d in design.deployables)
    yield from (s.name for s in design.stores)
    yield from (cache.name for cache in design.caches if cache.placement == "distributed")
    yield from (ch.cluster or ch.name for ch in design.channels if "job table" not in ch.technology.lower())
    yield from (r.name for r in design.realtime if r.protocol in ("mqtt", "mobile-push"))
