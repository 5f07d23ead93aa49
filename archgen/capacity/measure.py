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
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources

from ruamel.yaml import YAML

from archgen.capacity import constants as c
from archgen.capacity import windows
from archgen.capacity.clients import client_figures, client_keys
from archgen.capacity.events import changed_per_run, event_rate, handled_rate, runs_per_s
from archgen.capacity.expr import evaluate
from archgen.capacity.flow_reads import flow_of, read_store
from archgen.capacity.ledger import InputSpec, Ledger
from archgen.capacity.levers import pull, pulled
from archgen.capacity.load import (
    INBOUND,
    YEARS,
    growth,
    ledger_value,
    load_figures,
    recipients,
    records_per_call,
    role_slugs,
    use_case_keys,
    use_case_rate,
)
from archgen.capacity.media import knowledge as media_knowledge
from archgen.capacity.media import media_seconds, processing, streamed, upload_bytes
from archgen.capacity.prices import PriceTable
from archgen.capacity.read_log import read_entries, read_log, sized_for_reads
from archgen.capacity.recovery import SNAPSHOT_RESTORED, index_restore_minutes
from archgen.capacity.routing import routing_key
from archgen.capacity.rows import RowTerms, stored_rows
from archgen.capacity.scans import scanned_tb
from archgen.capacity.standby import STANDBY, main_journey, standby_lines
from archgen.common.english import count, join
from archgen.common.formatting import number
from archgen.common.naming import slug
from archgen.design import model as m
from archgen.design.connections import HELD_OPEN
from archgen.design.counters import counts_only
from archgen.design.read_models import nested, targets
from archgen.design.search_docs import carried
from archgen.design.serving import served_tables
from archgen.knowledge.catalog import Catalog, Knowledge, Technology
from archgen.knowledge.clients import clients as client_knowledge
from archgen.knowledge.cost_drivers import cost_drivers
from archgen.knowledge.derived_feeds import derived_feeds
from archgen.knowledge.derived_load import batched
from archgen.knowledge.fitting import fitting
from archgen.knowledge.searching import search_words
from archgen.requirements.intent import searches, write_kind
from archgen.requirements.model import Requirements, UseCase

Settings = dict[str, dict[str, int | str]]  # per deployable or store (by name): the sizes a person set

GB = 1e9
MONTH_S = c.SECONDS_PER_DAY * c.DAYS_PER_MONTH
DATABASE_KINDS = ("relational", "time-series", "key-value", "wide-column", "document", "geo")
# instances paid for, relative to one region: active-active and a hot standby run two full fleets, a warm standby a
# quarter more
COMPUTE_REGION_FACTOR = {
    "active-active": 2.0,
    "hot-standby": 2.0,
    "warm-standby": 1.25,
    "pilot-light": 1.0,
    "backup-restore": 1.0,
}
IDLE_STANDBY = ("pilot-light", "backup-restore")  # topologies whose standby runs nothing until failover
# database nodes kept in a second region: every topology but backup-restore replicates its data there
DATA_REGION_COPY = {"active-active": 1, "hot-standby": 1, "warm-standby": 1, "pilot-light": 1, "backup-restore": 0}
ANONYMOUS = ("anonymous", "guest", "visitor", "public", "shopper")  # roles that browse without signing in
FEES = "transaction fees"  # a cost of sales (payment providers' per-transaction fees), not infrastructure
IDENTITY_DEPLOYABLE = "identity"  # a deployable of this name runs sign-in in-house instead of a provider per user
VOLUME_GB = {"cdn_egress_gb": 1_000_000, "egress_gb": 150_000}  # GB a month above which the volume tier applies


# what each measure of a component counts, in the unit its figures show
MEASURES = {
    "requests": "req/s",
    "reads": "reads/s",
    "writes": "writes/s",
    "connections": "connections",
    "messages": "msg/s",  # events consumed from the broker
    "received": "msg/s",  # stream messages arriving over connections
    "pushed": "msg/s",  # messages delivered to connected devices
}


@dataclass
class _Load:
    """What is routed to one component while measuring: each measure kept as named contributions, so every figure
    shows exactly the parts its total is made of."""

    parts: dict[str, dict[str, float]] = field(default_factory=dict)
    work: dict[str, float] = field(default_factory=dict)  # instances at full use a worker needs, by what it handles

    def add(self, measure: str, source: str, value: float) -> None:
        bucket = self.parts.setdefault(measure, {})
        bucket[source] = bucket.get(source, 0.0) + value

    def total(self, *measures: str) -> float:
        return math.fsum(v for m_ in measures for v in self.parts.get(m_, {}).values())

    def inputs(self, *measures: str, limit: int = 12) -> list[tuple[str, float, str]]:
        """The contributions to `measures`, largest first; beyond `limit` the rest are added up as one."""
        items = sorted(
            ((name, value, MEASURES[m_]) for m_ in measures for name, value in self.parts.get(m_, {}).items()),
            key=lambda item: -item[1],
        )
        if len(items) <= limit:
            return items
        rest = items[limit - 1 :]
        return [*items[: limit - 1], (f"{len(rest)} others", math.fsum(v for _, v, _ in rest), rest[0][2])]

    def demand(self) -> m.Demand:
        return m.Demand(
            requests_per_s=round(self.total("requests"), 3),
            reads_per_s=round(self.total("reads"), 3),
            writes_per_s=round(self.total("writes"), 3),
            connections=round(self.total("connections"), 3),
            messages_per_s=round(self.total("messages", "received", "pushed"), 3),
        )


def measure(
    design: m.Design,
    prices: PriceTable,
    requirements: Requirements | None = None,
    knowledge: Knowledge | None = None,
    bounds: Settings | None = None,
) -> m.Design:
    """`design` with every figure, demand, size and cost line recomputed from its own structure; `knowledge` says
    what each technology can do (the shipped catalog unless given). `bounds` are the sizes a person set, per
    deployable (`min_instances`, `max_instances`) or store (see `settable`): a minimum replaces archgen's in every
    instance figure, a store's shards, replicas and node class are priced as written, and all are kept."""
    # a log of every record read grows by the reads, whatever the questionnaire guessed for it
    req = sized_for_reads(design, requirements or design.requirements)
    design = design.model_copy(deep=True)
    ledger = Ledger()
    load_figures(req, ledger)
    catalog = Catalog(
        design.deployment.cloud, req.constraints.must_use, req.constraints.avoid, knowledge, req.constraints.team.skills
    )
    router = _Router(design, req, ledger)
    router.route()
    client_figures(design, req, ledger)
    _size(design, req, ledger, catalog, router, bounds or {})
    windows.record(req, design.jobs, ledger)
    lines = _Pricer(design, req, ledger, prices, catalog, router).lines()
    # the levers the budget decision pulls lower the lines they act on, so the estimate is of the design as decided
    lines = pull(lines, pulled(design.decisions), req, bool(ledger.values.get("media.streamed.month")))
    total = round(sum(line.monthly_usd for line in lines if line.category != FEES), 2)
    fees = round(sum(line.monthly_usd for line in lines if line.category == FEES), 2)
    by_category: dict[str, float] = defaultdict(float)
    for line in lines:
        if line.category != FEES:
            by_category[line.category] += line.monthly_usd
    ledger.add(
        "cost.total.month",
        "Cost",
        "Monthly infrastructure cost after 1 year",
        total,
        "USD/month",
        "Σ quantity × unit price over the cost lines (see the cost page), transaction fees apart",
        *((category, usd, "USD/month") for category, usd in by_category.items()),
        expr="sum()",
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
            expr="cost / budget",
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
    """The services whose operations, realtime channels or jobs carry each use case, or that call the system a
    use case delivers to, in design order."""
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
    services = {s.name for s in design.services}
    for flow in design.flows:
        # events delivered to another system by calling it (webhooks POSTed by a delivery worker)
        for step in flow.steps:
            if step.source in services and step.target == flow.actor and step.message.startswith("POST"):
                add(flow.use_case, step.source)
    return out


def called_services(design: m.Design, flow: m.Flow) -> list[m.FlowStep]:
    """The synchronous steps of a flow that call another service over the network (not a module of the same
    process), before the caller's answer."""
    deployable = {s.name: s.deployable for s in design.services}
    replied = next(
        (i for i, s in enumerate(flow.steps) if s.kind == "reply" and s.target in ("gateway", flow.actor)), 0
    )
    return [
        s
        for s in flow.steps[:replied]
        if s.kind == "sync"
        and s.source in deployable
        and s.target in deployable
        and deployable[s.source] != deployable[s.target]
    ]


UNDER_ROUTED = 0.99  # a flow's calls routed short of this share of its steps are topped up


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
        self.rates = {u.name: use_case_rate(req, u) for u in req.use_cases}
        self.converts: dict[str, list[str]] = {}  # deployable → media figures of the conversions it runs
        self.keepers = self._keepers()
        self.read_log = read_log(design)
        self.returned = {r.use_case: r.records_per_call for r in read_entries(design, req)}
        self.cache_reads: dict[str, float] = {}  # entity → records a second the flows read through the cache

    def _keepers(self) -> dict[str, list[str]]:
        """Entity → the stores where other services keep a copy of it, fed by every write of its owner's events."""
        out: dict[str, list[str]] = {}
        for use_case in self.req.use_cases:
            home = self.home(use_case)
            for name in use_case.reads:
                entity = self.entities.get(name)
                store = self.kept_copy(home, entity) if home is not None and entity is not None else None
                if store is not None and store not in out.setdefault(name, []):
                    out[name].append(store)
        return out

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
        for use_case in self.req.use_cases:
            self._route_use_case(use_case)
        self._route_flow_calls()
        self._route_other()
        self._route_replaced()
        self._route_events()
        self._route_realtime()
        self._route_derived()
        self._route_captured()
        self._route_media()
        self._record()

    def _route_use_case(self, use_case: UseCase) -> None:
        calls = self.rates[use_case.name].peak_y3
        home = self.home(use_case)
        if home is None:
            return
        carried_by = [self.by_service[n] for n in self.carried.get(use_case.name, []) if n in self.by_service]
        live = [c.service for c in self.design.realtime if use_case.name in c.use_cases]
        if use_case.interaction == "stream" and live:
            # a stream arrives over its realtime connection; the batch operation beside it is only for catch-up
            carried_by = [self.by_service[n] for n in live if n in self.by_service]
        if use_case.interaction in INBOUND:
            endpoint_services = {s.name for s in carried_by if any(use_case.name in e.use_cases for e in s.endpoints)}
            for service in carried_by:
                measure = "requests" if service.name in endpoint_services else "received"
                self.services[service.name].add(measure, use_case.name, calls)
            if not carried_by:
                self.services[home.name].add("requests", use_case.name, calls)
        if use_case.interaction == "scheduled":
            self._route_run_writes(use_case, runs_per_s(self.req, use_case))
            return
        for name in use_case.reads:  # another owner's data is read through its operation; its writes reach it
            entity = self.entities.get(name)  # as an event (or a call already counted with its read)
            if entity and entity.owner != home.name and entity.owner in home.depends_on:
                owner = self.by_service.get(entity.owner)
                if owner is not None and owner.deployable == home.deployable:
                    continue  # a call between modules of one process: no request reaches the deployable twice
                self.services[entity.owner].add("requests", f"{use_case.name} via {home.name}", calls)
        for name in use_case.writes:
            entity = self.entities.get(name)
            if entity is None:
                continue
            written = calls * records_per_call(self.req, use_case, name)
            self.stores[entity.store].add(
                "writes", f"{use_case.name} → {name}", written * write_amplification(self.design, entity)
            )
            for copy in self.design.stores:
                if name in copy.entities and copy.name != entity.store:  # a search index, a live copy or a warehouse
                    self.stores[copy.name].add("writes", f"{use_case.name} → copy of {name}", written)
            for kept in self.keepers.get(name, []):  # each record reaches the copies other services keep of it
                if kept != entity.store and name not in self.by_store_entities(kept):
                    self.stores[kept].add("writes", f"{use_case.name} → kept copy of {name}", written)
        if use_case.interaction == "push":
            return  # pushed updates come from the event stream, not from queries
        searching = searches(use_case)
        # a use case a list operation carries reads a page of records a call, each hydrated from every entity it reads
        listed = any(
            use_case.name in e.use_cases and e.action == "list" for s in carried_by or [home] for e in s.endpoints
        )
        flow = flow_of(self.design, use_case.name)
        for name in use_case.reads:
            entity = self.entities.get(name)
            if entity is None:
                continue
            live_copy = next((s.name for s in self.design.stores if s.kind == "in-memory" and name in s.entities), None)
            target = entity.search_index if searching and entity.search_index else live_copy or entity.store
            target = self.kept_copy(home, entity) or target
            if flow is not None and target not in (entity.search_index, live_copy):
                # the flow says which stores the read reaches; one it never reaches serves none of it
                reached = read_store(self.design, flow, entity, self.keepers.get(name, []))
                if reached is None:
                    continue
                target = reached
            # a kept copy is read through the same cache as the record it copies (keyed by the record's id)
            through_cache = name in self.cached and target not in (entity.search_index, live_copy)
            miss = 1 - c.CACHE_HIT_RATIO.value if through_cache else 1.0
            page = c.PAGE_RECORDS.value if listed and target != entity.search_index else 1.0
            if miss < 1.0:  # what the flows read through the cache decides what it holds
                self.cache_reads[name] = self.cache_reads.get(name, 0.0) + calls * page
            label = f"{use_case.name} → {name}" + (f" × {page:g} a page" if page > 1 else "")
            self.stores[target].add("reads", label, calls * page * miss)
        returned = self.returned.get(use_case.name, 0.0)
        if self.read_log is not None and returned:  # an entry for every record returned to the person
            log = self.read_log
            each = "a read entry per record returned" if returned > 1 else "one read entry per request"
            label = f"{use_case.name} → {log.name}" + (f" × {returned:g}" if returned > 1 else "") + f" ({each})"
            self.stores[log.store].add("writes", label, calls * returned * write_amplification(self.design, log))

    def _route_run_writes(self, use_case: UseCase, runs: float) -> None:
        """A job's run writes every record it changes, to the entity's store and to the copies kept of it."""
        for name in use_case.writes:
            entity = self.entities.get(name)
            if entity is None:
                continue
            each = changed_per_run(self.req, use_case, name)
            written = runs * each
            if counts_only(name, use_case, self.design.entities):
                # a roll-up upserts narrow counter rows: no index of the wide record, no copy, no search document
                label = f"{use_case.name} → {name} counters (up to {number(each)} changed a run)"
                self.stores[entity.store].add("writes", label, written)
                continue
            label = f"{use_case.name} → {name} (up to {number(each)} changed a run)"
            self.stores[entity.store].add("writes", label, written * write_amplification(self.design, entity))
            for copy in self.design.stores:
                if name in copy.entities and copy.name != entity.store:
                    self.stores[copy.name].add("writes", f"{label} → copy", written)
            for kept in self.keepers.get(name, []):
                if kept != entity.store and name not in self.by_store_entities(kept):
                    self.stores[kept].add("writes", f"{label} → kept copy", written)

    def _route_flow_calls(self) -> None:
        """A call a flow makes to another service while its caller waits (a merge, a hydration of a page) reaches
        that service once a step; the reads of the use case routed there already count towards it."""
        for flow in self.design.flows:
            calls = self.rates[flow.use_case].peak_y3 if flow.use_case in self.rates else 0.0
            steps = called_services(self.design, flow)
            for target in dict.fromkeys(s.target for s in steps):
                load = self.services[target]
                each = [s for s in steps if s.target == target]
                routed = math.fsum(v for n, v in load.parts.get("requests", {}).items() if n.startswith(flow.use_case))
                if routed < calls * len(each) * UNDER_ROUTED:
                    more = len(each) - round(routed / calls) if calls else len(each)
                    label = f"{flow.use_case} via {each[0].source}" + (f" × {more} more calls" if more > 1 else "")
                    load.add("requests", label, calls * len(each) - routed)

    def by_store_entities(self, store: str) -> list[str]:
        return next((s.entities for s in self.design.stores if s.name == store), [])

    def kept_copy(self, home: m.Service, entity: m.EntityDesign) -> str | None:
        """The store where the home keeps its own copy of another owner's entity, when it cannot call the owner
        (the call would close a cycle) and does not share the owner's database."""
        if entity.owner == home.name or entity.owner in home.depends_on or not home.entities:
            return None
        own = self.entities.get(home.entities[0])
        return own.store if own is not None and own.store != entity.store else None

    def _route_other(self) -> None:
        """Requests no use case lists (browsing, polling) go to the services that serve reads, by read operation."""
        other = ledger_value(self.ledger, "traffic.other_rps.now") * growth(self.req, 3)
        if other <= 0:
            return
        # they are people's requests: an internal operation only services may call takes none of them
        readers = [
            (s, sum(1 for e in s.endpoints if e.method == "GET" and e.auth != "service"))
            for s in self.design.services
            if s.endpoints
        ]
        if not any(n for _, n in readers):  # no read operation yet (no use cases): every domain service shares it
            readers = [(s, 1) for s in self.design.services if s.entities]
        total = sum(n for _, n in readers) or 1
        writes = other / (self.req.load.read_write_ratio + 1)
        for service, reads in readers:
            share = other * reads / total
            if share <= 0:
                continue
            self.services[service.name].add("requests", "other requests", share)
            owned = [self.entities[n] for n in service.entities if n in self.entities]
            for entity in owned:
                self.stores[entity.store].add(
                    "reads", f"other requests → {entity.name}", (share - writes * reads / total) / len(owned)
                )
        # their writes land where the data grows, in proportion to each entity's growth
        growing = {
            e.name: e.growth_per_day for e in self.req.data.entities if e.growth_per_day and e.name in self.entities
        }
        for name, rows in growing.items():
            entity = self.entities[name]
            share = writes * rows / sum(growing.values()) * write_amplification(self.design, entity)
            self.stores[entity.store].add("writes", f"other requests → {name}", share)

    def _route_replaced(self) -> None:
        """Calls to an external system done in-house go to the deployable that does them; sign-ins and token
        refreshes to an identity service run in-house."""
        for integration in self.design.integrations:
            if not integration.replaced_by:
                continue
            peak = sum(self.rates[u.name].peak_y3 for u in self.req.use_cases if integration.name in u.calls)
            self.replaced[integration.replaced_by] = self.replaced.get(integration.replaced_by, 0.0) + peak
        if any(d.name == IDENTITY_DEPLOYABLE for d in self.design.deployables):
            self.replaced[IDENTITY_DEPLOYABLE] = sign_in_calls(self.req, self.ledger)

    def _route_events(self) -> None:
        for event in self.design.events:
            rate = event_rate(self.req, event, self.design.entities)
            self.events[event.name] = rate
            self.channels[event.channel].add("messages", event.name, rate)
            listed = batched(event.trigger)  # one message a run: its records are applied in bulk
            handled = handled_rate(self.req, event, self.design.entities)
            for consumer in event.consumers:
                per = c.INGEST_RPS.value if listed else self.per_message(event, consumer)
                load = self.services[consumer]
                load.add("messages", f"consumes {event.name}", rate)
                unit = "records/s" if listed else "msg/s"
                name = f"consumes {event.name} ({number(handled)} {unit} ÷ {number(per)})"
                load.work[name] = load.work.get(name, 0.0) + handled / per

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
        """Connections are held per device for the channels a gateway keeps open (a push provider or a managed
        device broker holds its own); each message pushed reaches every device of the member it is for."""
        slugs = role_slugs(self.req)
        for channel in self.design.realtime:
            load = self.realtime[channel.name]
            service = self.services[channel.service]
            held = channel.protocol in ("websocket", "sse", "mqtt")
            devices = channel.devices_per_member if channel.protocol in HELD_OPEN else 1.0
            if held:
                for role in channel.audience:
                    if role in slugs:
                        online = ledger_value(self.ledger, f"roles.{slugs[role]}.online.y3")
                        load.add("connections", f"{role} connected × {devices:g} devices", online * devices)
            for name in channel.use_cases:
                use_case = next((u for u in self.req.use_cases if u.name == name), None)
                if use_case is None:
                    continue
                rate = self.rates[name].peak_y3
                if use_case.interaction == "stream":
                    load.add("received", name, rate)
                else:
                    load.add("pushed", f"{name} × {devices:g} devices", rate * devices)
            if channel.protocol in HELD_OPEN:
                # the gateway holds the connections and forwards what is pushed; the messages that arrive over
                # them were routed to it as received with their use cases
                for source, value in load.parts.get("connections", {}).items():
                    service.add("connections", source, value)
                for source, value in load.parts.get("pushed", {}).items():
                    service.add("pushed", source, value)
                    name = f"pushes {source} ({number(value)} msg/s ÷ {number(c.REALTIME_MESSAGES_PER_INSTANCE.value)})"
                    service.work[name] = service.work.get(name, 0.0) + value / c.REALTIME_MESSAGES_PER_INSTANCE.value

    def connections_of(self, store: m.DataStore) -> float:
        """Connections the gateways of the services that use a store hold at peak after three years."""
        return math.fsum(
            self.realtime[ch.name].total("connections")
            for ch in self.design.realtime
            if ch.service in store.services and ch.protocol in HELD_OPEN
        )

    def _route_captured(self) -> None:
        """A service the database's log feeds (change data capture into a search index) applies every row change
        of the records it keeps, in bulk: its workers are sized from those rows, not from any event."""
        words = derived_feeds()
        seen: set[tuple[str, str]] = set()
        for flow in self.design.flows:
            for step in flow.steps:
                service = self.by_service.get(step.target)
                if service is None or not words.captured(step.message) or (step.source, step.target) in seen:
                    continue
                seen.add((step.source, step.target))
                for entity in self.design.entities:
                    if entity.store != step.source or entity.search_index not in service.stores:
                        continue
                    self._apply_changes(service.name, entity.name)
                    self._look_up_carried(service.name, step.source, entity)

    def _apply_changes(self, service: str, entity: str) -> None:
        """The indexer applies every row change of a record whose fields its documents hold, in bulk."""
        load = self.services[service]
        if f"{entity} row changes from the log" in load.parts.get("messages", {}):
            return  # one stream of its changes, however many documents carry it
        rows = self._rows_written(entity)
        per = c.INGEST_RPS.value
        load.add("messages", f"{entity} row changes from the log", rows)
        name = f"applies {entity} row changes from the log ({number(rows)} rows/s ÷ {number(per)})"
        load.work[name] = load.work.get(name, 0.0) + rows / per

    def _look_up_carried(self, service: str, source: str, entity: m.EntityDesign) -> None:
        """A document carries the fields of related records (a listing the vehicles its part fits): their row
        changes are in the same stream, and building each changed document reads its related rows back from the
        database, as many as one document carries."""
        entities = {e.name: e for e in self.design.entities}
        rows = {n: self.ledger.values.get(f"storage.{n}.rows.y3", 0.0) for n in entities}
        changed = self._rows_written(entity.name)
        own = targets(entity)
        for name in carried(entities, self.design.services).get(entity.name, []):
            if entities[name].store == source:
                self._apply_changes(service, name)
            shared = next((t for t in targets(entities[name]) if t in own), None)
            per_doc = rows[name] / max(1.0, rows[shared]) if shared is not None and name not in own else 1.0
            store = self.stores.get(entities[name].store)
            if store is not None and changed:
                # the rows one document carries are read together by the key they share: one read each
                rows_read = f", {number(changed * per_doc)} rows/s" if per_doc > 1 else ""
                why = f"indexer builds {entity.name} documents → {name} ({number(per_doc)} a document{rows_read})"
                store.add("reads", why, changed)

    def _rows_written(self, name: str) -> float:
        """Rows of an entity written a second at peak after three years, by every use case and job run."""
        total = 0.0
        for use_case in self.req.use_cases:
            if name not in use_case.writes:
                continue
            if use_case.interaction == "scheduled":
                total += runs_per_s(self.req, use_case) * changed_per_run(self.req, use_case, name)
            else:
                total += self.rates[use_case.name].peak_y3 * records_per_call(self.req, use_case, name)
        return total

    def _route_derived(self) -> None:
        """What stores keep beyond their entities (timelines, registries), from the work the design says it takes."""
        for store in self.design.stores:
            if store.derived is None:
                continue
            connections = self.connections_of(store)
            for work in store.derived.work:
                measure = "reads" if work.op == "read" else "writes"
                if work.use_case:
                    rate = self.rates[work.use_case].peak_y3 if work.use_case in self.rates else 0.0
                    self.stores[store.name].add(
                        measure, f"{work.use_case} × {number(work.per_call)} ({work.why})", rate * work.per_call
                    )
                if work.per_connection:
                    self.stores[store.name].add(
                        measure,
                        f"{number(connections)} connections × {number(work.per_connection)}/s ({work.why})",
                        connections * work.per_connection,
                    )

    def _route_media(self) -> None:
        """Converting uploaded media is CPU work for the worker of the service that carries it (its only
        deployable when it has no worker)."""
        keys = use_case_keys(self.req)
        for use_case, _ in processing(self.req):
            key = f"media.{keys[use_case.name].removeprefix('use_case.')}"
            vcpu = self.ledger.values.get(f"{key}.vcpu.y3", 0.0)
            home = self.home(use_case)
            if home is None or not vcpu:
                continue
            runs = [d for d in self.design.deployables if home.name in d.services]
            worker = next((d for d in runs if d.kind == "worker"), runs[0] if runs else None)
            if worker is None:
                continue
            name = f"{use_case.name} ({number(vcpu)} vCPU ÷ {number(c.INSTANCE_VCPU.value)})"
            self.services[home.name].work[name] = vcpu / c.INSTANCE_VCPU.value
            self.converts.setdefault(worker.name, []).append(key)

    def _record(self) -> None:
        ledger = self.ledger
        for service in self.design.services:
            load = self.services.get(service.name, _Load())
            service.demand = load.demand()
            key = f"service.{service.slug}"
            if load.total("requests"):
                ledger.add(
                    f"{key}.requests.y3",
                    "Services",
                    f"{service.name}: requests at peak after 3 years",
                    load.total("requests"),
                    "req/s",
                    "Σ peak calls of the use cases its operations carry",
                    *load.inputs("requests"),
                    expr="sum()",
                )
            if load.total("messages", "received", "pushed"):
                ledger.add(
                    f"{key}.messages.y3",
                    "Services",
                    f"{service.name}: messages at peak after 3 years",
                    load.total("messages", "received", "pushed"),
                    "msg/s",
                    "Σ events it consumes, stream messages it receives and messages it pushes to devices",
                    *load.inputs("messages", "received", "pushed"),
                    expr="sum()",
                )
            if load.total("connections"):
                ledger.add(
                    f"{key}.connections.y3",
                    "Services",
                    f"{service.name}: connections at peak after 3 years",
                    load.total("connections"),
                    "connections",
                    "Σ members of its channels' audience connected at peak × devices each",
                    *load.inputs("connections"),
                    expr="sum()",
                )
        for store in self.design.stores:
            store.demand = self.stores.get(store.name, _Load()).demand()
        for channel in self.design.channels:
            load = self.channels.get(channel.name, _Load())
            channel.demand = load.demand()
            if load.total("messages"):
                ledger.add(
                    f"channel.{slug(channel.name, 'channel')}.messages.y3",
                    "Messaging",
                    f"{channel.name}: messages at peak after 3 years",
                    load.total("messages"),
                    "msg/s",
                    "Σ events published to it: the records written by the use cases that cause each",
                    *load.inputs("messages"),
                    expr="sum()",
                )
        for realtime in self.design.realtime:
            load = self.realtime.get(realtime.name, _Load())
            realtime.demand = load.demand()
            key = f"realtime.{slug(realtime.name, 'channel')}"
            ledger.add(
                f"{key}.connections.y3",
                "Realtime",
                f"{realtime.name}: connections at peak after 3 years",
                load.total("connections"),
                "connections",
                "Σ connected members of its audience at peak after 3 years × devices each (none for a push provider)",
                *load.inputs("connections"),
                expr="sum()",
            )
            ledger.add(
                f"{key}.messages.y3",
                "Realtime",
                f"{realtime.name}: messages at peak after 3 years",
                load.total("received", "pushed"),
                "msg/s",
                "Σ stream messages received + messages pushed × devices of the use cases it carries",
                *load.inputs("received", "pushed"),
                expr="sum()",
            )


def sign_in_calls(req: Requirements, ledger: Ledger) -> float:
    """Calls a second at peak after three years to an identity service: each person signing in once a day, and
    every connected person refreshing a 15-minute access token."""
    people = [r for r in req.users.roles if r.kind == "person"]
    slugs = role_slugs(req)
    daily = sum(ledger_value(ledger, f"roles.{slugs[r.name]}.active") for r in people)
    online = sum(ledger_value(ledger, f"roles.{slugs[r.name]}.online.y3") for r in people)
    sign_ins = daily / c.SECONDS_PER_DAY * (req.load.peak_factor or 1.0) * growth(req, 3)
    return sign_ins + online / (15 * 60)


def write_amplification(design: m.Design, entity: m.EntityDesign) -> float:
    """Writes a store takes per record: the row, a share per secondary index, and an outbox row when events go out."""
    secondary = sum(1 for i in entity.indexes if i.kind != "primary")
    outbox = any(e.entity == entity.name and e.outbox for e in design.events)
    if any(s.name == entity.store and s.kind not in ("relational", "document") for s in design.stores):
        return 1.0  # logs, caches and time-series engines append without secondary b-trees or an outbox
    return 1 + secondary * c.INDEX_WRITE_COST.value + (1 if outbox else 0)


# --- sizing -------------------------------------------------------------------------------------------------


def _size(
    design: m.Design,
    req: Requirements,
    ledger: Ledger,
    catalog: Catalog,
    router: _Router,
    bounds: Settings,
) -> None:
    availability = req.quality.availability
    minimum = int(c.MIN_INSTANCES_HA.value) if availability >= c.constant("ha_availability").value else 1
    if minimum > 1:
        # an instance in every zone: fewer cannot survive a zone's loss with the capacity the zone plan promises
        minimum = max(minimum, design.reliability.zones_per_region)
    by_name = {s.name: s for s in design.services}
    util = c.TARGET_UTILISATION
    for deployable in design.deployables:
        services = [by_name[n] for n in deployable.services if n in by_name]
        loads = [router.services.get(s.name, _Load()) for s in services]
        # a job runs one instance on its schedule, or none of its own where it shares another's plan
        floor = min(1, deployable.scaling.min_instances) if deployable.kind == "job" else minimum
        # a person's minimum is the one every instance figure starts from
        floor = int(bounds.get(deployable.name, {}).get("min_instances", floor))
        key = f"compute.{deployable.name}"
        unit: m.ThroughputUnit = "req/s"
        scaled: list[tuple[str, float, str]] = []  # inputs that grow with the load
        fixed: list[InputSpec] = [util, ("minimum", floor, "instances")]
        if deployable.kind == "realtime":
            unit, load = "connections", math.fsum(x.total("connections") for x in loads)
            per = c.CONNECTIONS_PER_INSTANCE.value * util.value
            scaled = [
                ("connections", load, "connections"),
                ("messages", math.fsum(x.total("received", "pushed") for x in loads), "msg/s"),
            ]
            fixed += [c.CONNECTIONS_PER_INSTANCE, c.REALTIME_MESSAGES_PER_INSTANCE]
            formula = (
                "max(minimum, ⌈connections / (connections_per_instance × target_utilisation)⌉, "
                "⌈messages / (realtime_messages_per_instance × target_utilisation)⌉)"
            )
            expr = (
                "max(minimum, ceil(connections / (connections_per_instance * target_utilisation)), "
                "ceil(messages / (realtime_messages_per_instance * target_utilisation)))"
            )
        elif deployable.kind == "worker":
            unit, load = "messages/s", math.fsum(x.total("messages") for x in loads)
            work = {name: value for x in loads for name, value in x.work.items()}
            needed = math.fsum(work.values())
            if needed:
                ledger.add(
                    f"{key}.work.y3",
                    "Compute",
                    f"{deployable.name}: instances of work at peak after 3 years",
                    needed,
                    "instances",
                    "Σ what it handles / what one instance handles of each (forwarding "
                    f"{number(c.REALTIME_MESSAGES_PER_INSTANCE.value)} msg/s, persisting in batches "
                    f"{number(c.INGEST_RPS.value)}, touching the database "
                    f"{number(c.WORKER_MESSAGES_PER_INSTANCE.value)}"
                    f", converting media {number(c.INSTANCE_VCPU.value)} vCPU)",
                    *((name, value, "instances") for name, value in work.items()),
                    expr="sum()",
                )
            per = load / (needed / util.value) if load and needed else c.WORKER_MESSAGES_PER_INSTANCE.value * util.value
            scaled = [("work", needed, "instances")]
            formula = "max(minimum, ⌈instances of work / target_utilisation⌉)"
            expr = "max(minimum, ceil(work / target_utilisation))"
        elif deployable.name in router.replaced:
            load = router.replaced[deployable.name]
            host = next(
                (self_host(i.kind, i.name) for i in design.integrations if i.replaced_by == deployable.name), None
            )
            calls = host.calls_per_instance_s if host else c.INSTANCE_RPS.value
            per = calls * util.value
            scaled = [("calls", load, "req/s")]
            fixed.append(("calls_per_instance", calls, "req/s"))
            formula = "max(minimum, ⌈calls / (calls_per_instance × target_utilisation)⌉)"
            expr = "max(minimum, ceil(calls / (calls_per_instance * target_utilisation)))"
        elif deployable.kind == "job":
            load, per = 0.0, 0.0
            formula, expr = "minimum (a job runs on its schedule)", "minimum"
        else:
            ingest = bool(services) and all(s.kind == "ingest" for s in services)
            constant = c.INGEST_RPS if ingest else c.INSTANCE_RPS
            load = math.fsum(x.total("requests", *(("received",) if ingest else ())) for x in loads)
            per = constant.value * util.value
            scaled = [("load", load, "req/s")]
            fixed.append(constant)
            formula = f"max(minimum, ⌈load / ({constant.name} × target_utilisation)⌉)"
            expr = f"max(minimum, ceil(load / ({constant.name} * target_utilisation)))"
            if deployable.name in router.converts:  # no worker beside it: it converts the media itself
                media_work = math.fsum(x.work.get(n, 0.0) for x in loads for n in x.work if "vCPU" in n)
                scaled.append(("work", media_work, "instances"))
                formula = formula[:-1] + " + ⌈media work / target_utilisation⌉)"
                expr = expr[:-1] + " + ceil(work / target_utilisation))"
        deployable.demand = m.Demand(
            requests_per_s=round(load, 3) if unit == "req/s" else 0,
            messages_per_s=round(load, 3) if unit == "messages/s" else 0,
            connections=round(load, 3) if unit == "connections" else 0,
        )
        counts = {}
        for when, years in YEARS:
            scale = growth(req, years) / growth(req, 3)
            inputs: list[InputSpec] = [*((n, v * scale, u) for n, v, u in scaled), *fixed]
            counts[when] = ledger.add(
                f"{key}.instances.{when}",
                "Compute",
                f"{deployable.name}: instances at peak {_when(when)}",
                evaluate(expr, [(i.name, i.value) if isinstance(i, c.Constant) else (i[0], i[1]) for i in inputs]),
                "instances",
                formula,
                *inputs,
                expr=expr,
            )
        deployable.scaling.min_instances = floor
        least = 2 if floor > 1 else 1
        if deployable.kind == "job":  # a job sharing another's plan (no instance of its own) stays at none
            least = floor
        deployable.scaling.max_instances = max(int(counts["y3"]) * 2, floor, least)
        if per > 0 and load < fitting().fixed_below_share * per:
            # a peak far under one instance never moves an autoscaler: the count is fixed at the minimum
            deployable.scaling.max_instances = floor
        if "max_instances" in bounds.get(deployable.name, {}):
            deployable.scaling.max_instances = int(bounds[deployable.name]["max_instances"])
        deployable.scaling.per_instance = round(per, 3)
        deployable.scaling.unit = unit
    for store in design.stores:
        _size_store(design, req, ledger, catalog, store, router, bounds.get(store.name, {}))
    for channel in design.channels:
        if channel.kind == "log":
            # a partition feeds one instance of a consumer group: fewer partitions than instances leave some idle
            channel.partitions = max(
                int(c.MIN_PARTITIONS.value),
                math.ceil(channel.demand.messages_per_s / c.PARTITION_MESSAGES.value),
                *(consumer_instances(design, ledger.values, channel).values()),
            )
        channel.cluster = channel.cluster or channel.name
    for cache in design.caches:
        if cache.placement == "distributed":
            cache.size_bytes = round(_cache_bytes(design, req, ledger, cache, router.cache_reads), 0)


def consumer_instances(design: m.Design, values: Mapping[str, float], channel: m.Channel) -> dict[str, int]:
    """Deployable → the instances of its consumer group that read the channel (`values`: figures by key): its
    instances at peak after three years, in the channel's share of the messages of every log it consumes."""
    rates = {ch.name: ch.demand.messages_per_s for ch in design.channels if ch.kind == "log"}
    out: dict[str, int] = {}
    for deployable in design.deployables:
        key = f"compute.{deployable.name}.instances.y3"
        read = {e.channel for e in design.events if set(e.consumers) & set(_consuming(design, deployable))}
        if key not in values or channel.name not in read:
            continue
        total = math.fsum(rates.get(name, 0.0) for name in read)
        share = rates.get(channel.name, 0.0) / total if total else 1.0
        instances = values[key]
        scaling, demand = deployable.scaling, deployable.demand
        load = demand.messages_per_s or demand.requests_per_s
        if scaling.per_instance <= 0:
            instances = 1  # a pool sized by its work alone (media conversion): it takes that work from a queue
        elif load > 0:
            # only the instances its messages and calls need read them: a pool sized for long work per message
            # (media conversion) takes that work from a queue, and a partition for each of them would sit idle
            instances = min(instances, max(1, math.ceil(load / scaling.per_instance - 1e-9)))
        out[deployable.name] = math.ceil(instances * share - 1e-9)
    return out


def _consuming(design: m.Design, deployable: m.Deployable) -> list[str]:
    """The services a deployable consumes events for: a service's worker consumes for it, else its process."""
    return [
        name
        for name in deployable.services
        if deployable.kind == "worker" or not any(d.kind == "worker" and name in d.services for d in design.deployables)
    ]


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


def memory_node(size_gb: float, tech: Technology | None = None) -> tuple[float, str]:
    """What one node of an in-memory store of this size holds, and the price of the node: cache nodes for a small
    one, large memory nodes once it would need more than a few cache nodes, tiered nodes (memory and local SSD)
    where its technology tiers."""
    if tech is not None and tech.price == "cache_tiered_node" and tech.storage_tb:
        return tech.storage_tb * 1000, "memory_tiered_node_month"
    if size_gb <= c.CACHE_NODE_GB.value * c.MEMORY_SMALL_NODES.value:
        return c.CACHE_NODE_GB.value, "cache_node_month"
    return c.MEMORY_NODE_GB.value, "memory_node_month"


def shard_limit(store: m.DataStore, tech: Technology) -> tuple[float, str]:
    """Bytes one shard of a store holds, and why: an in-memory store its node's memory, a search index its shard
    size, any other store what one node of its engine holds."""
    if store.kind == "in-memory":
        gb, price = memory_node(store.size_bytes_3y / GB, tech)
        return gb * GB, "memory and SSD per tiered node" if price == "memory_tiered_node_month" else "memory per node"
    if store.kind == "search":
        return c.SEARCH_SHARD_GB.value * GB, "search_shard_gb"
    return (tech.storage_tb or c.NODE_STORAGE_LIMIT.value) * 1e12, "storage per node"


def search_nodes(
    store: m.DataStore, tech: Technology, data_bytes: float, writes: float, reads: float, shard_queries: float = 0.0
) -> int:
    """Data nodes of a search index: every shard and its replica on disk within what one node holds, the searches
    (and, for an index split in several, the shard-level queries they fan out to) and the indexing it takes."""
    copies = 2  # a replica of every shard in another zone keeps the index searchable through a node's loss
    per_node = (tech.storage_tb or 0.5) * 1e12
    return max(
        copies,
        math.ceil(data_bytes * copies / per_node),
        math.ceil(reads / c.SEARCH_READS_PER_NODE.value),
        math.ceil(shard_queries / c.SEARCH_SHARD_QUERIES_PER_NODE.value),
        math.ceil(writes / ((tech.writes_per_node or 5000) * c.TARGET_UTILISATION.value)),
    )


def _carried_bytes(design: m.Design, ledger: Ledger, key: str, group: str, store: m.DataStore) -> dict[str, float]:
    """The copies of related records a search store's documents carry for their filters (a listing's part, the
    vehicles its part fits), each sized and named on the store: the indexer joins them into every document that
    shares the record they refer to, so a record many documents share is copied into each."""
    entities = {e.name: e for e in design.entities}
    rows = {n: ledger.values.get(f"storage.{n}.rows.y3", 0.0) for n in entities}
    out: dict[str, float] = {}
    joined: list[str] = []
    for searched, records in carried(entities, design.services).items():
        if entities[searched].search_index != store.name:
            continue
        own = targets(entities[searched])
        for name in records:
            fields = sum(
                1
                for sv in design.services
                for ep in sv.endpoints
                if ep.entity == searched and ep.action == "search"
                for f in ep.filters
                if f.field.startswith(f"{nested(name)}.")
            )
            shared = next((t for t in targets(entities[name]) if t in own), None)
            if name in own:  # one per document: the record it refers to
                copies, why = rows[searched], f"{searched} rows (one {name} each)"
            elif shared is not None:  # each of the shared record's documents carries all its records
                copies = rows[name] * rows[searched] / max(1.0, rows[shared])
                why = (
                    f"{name} rows × {searched} rows / {shared} rows (each copied into every {searched} of its {shared})"
                )
            else:
                copies, why = max(rows[name], rows[searched]), f"the larger of {name} and {searched} rows"
            out[_ident(f"{name}_in_{searched}")] = ledger.add(
                f"{key}.carried.{searched}.{name}",
                group,
                f"{store.name}: {name} copied into the {searched} documents after 3 years (joined by the indexer)",
                copies * max(1, fields) * c.SEARCH_VALUE_BYTES.value,
                "bytes",
                f"copies × fields filtered by × search_value_bytes; copies = {why}",
                ("copies", copies, "values"),
                ("fields", max(1, fields), "fields"),
                c.SEARCH_VALUE_BYTES,
                expr="copies * fields * search_value_bytes",
            )
        if records:
            joined.append(
                f"each {searched} document carries the fields of {join(records)} its searches filter by, joined in "
                "by the indexer"
            )
    if joined:
        base = store.purpose.split("; each ")[0]
        store.purpose = "; ".join([base, *joined])
    return out


def _split_index(
    store: m.DataStore, ledger: Ledger, key: str, group: str, shards: int, entities: list[m.EntityDesign], reads: float
) -> float:
    """A search store whose shards pass what one index takes is split into time-based indices, rolled over behind
    an alias, each within the engine's shards an index (one index of thousands of primaries is refused, and every
    search would fan out to all of them); the period is the longest whose data fits one index."""
    limit = c.SEARCH_INDEX_SHARDS
    indices = ledger.add(
        f"{key}.indices",
        group,
        f"{store.name}: fewest indices its shards fit after 3 years",
        math.ceil(shards / limit.value),
        "indices",
        "⌈shards / search_index_shards⌉",
        ("shards", shards, "shards"),
        limit,
        expr="ceil(shards / search_index_shards)",
    )
    if indices <= 1:
        return 0.0
    months = 36  # the three years the shards are counted over
    period, count = next(
        ((p, n) for p, n in (("month", months), ("week", 156), ("day", 1095)) if shards / n <= limit.value),
        ("day", 1095),
    )
    store.partitioning = (
        f"time-based indices, one a {period} (about "
        f"{math.ceil(shards / count):,} primary shards of {c.SEARCH_SHARD_GB.value:g} GB each), rolled over behind a "
        "write alias and searched through a read alias, so no index passes the engine's "
        f"{limit.value:,.0f} shards and a search over a time range reads only the indices it covers "
        f"(about {count:,} indices after 3 years)"
    )
    return _route_index(store, ledger, key, group, shards, count, entities, reads)


def _route_index(
    store: m.DataStore,
    ledger: Ledger,
    key: str,
    group: str,
    shards: int,
    count: int,
    entities: list[m.EntityDesign],
    reads: float,
) -> float:
    """A split search store routes every document by the tenant every search is held to, so a search reads one
    shard of each index it covers; without such a key it reads every primary of them. The shards one search reads
    times the searches a second are the shard-level queries the data nodes answer."""
    by = routing_key([e for e in entities if e.search_index == store.name])
    touched = ledger.add(
        f"{key}.shards_searched",
        group,
        f"{store.name}: shards one search over all its indices reads after 3 years",
        count if by else shards,
        "shards",
        f"indices, one shard each (routed by {by})" if by else "every primary shard of every index (no routing key)",
        ("indices", count, "indices"),
        ("shards", shards, "shards"),
        expr="indices" if by else "shards",
    )
    queries = ledger.add(
        f"{key}.shard_queries",
        group,
        f"{store.name}: shard-level queries at peak after 3 years",
        reads * touched,
        "shard-queries/s",
        "searches × shards one search reads; data nodes answer search_shard_queries_per_node each",
        ("searches", reads, "searches/s"),
        ("shards_searched", touched, "shards"),
        expr="searches * shards_searched",
    )
    if by:
        store.partitioning += (
            f"; routed by {by}: every document is routed by its {by} and every search carries the caller's, so a "
            f"search reads one shard of each index it covers (about {touched:,.0f} shards over all history, against "
            f"{shards:,} unrouted), about {queries:,.0f} shard-level queries a second at peak after 3 years; a "
            f"{by} too large for one shard is spread over a few (a routing partition size above one)"
        )
    else:
        store.partitioning += (
            f"; no routing key: a search over all history reads all {shards:,} shards, about {queries:,.0f} "
            "shard-level queries a second at peak after 3 years, which the data nodes are sized for"
        )
    return queries


def _ident(name: str) -> str:
    """A name usable in a formula: letters, digits and underscores, not starting with a digit."""
    text = re.sub(r"\W+", "_", name).strip("_") or "part"
    return f"_{text}" if text[0].isdigit() else text


STORE_SETTINGS = ("shards", "read_replicas", "node_class")  # what a person may size a store priced per node by


def settable(store: m.DataStore, tech: Technology) -> tuple[str, ...]:
    """The sizing fields of a store a person may set: those its cost lines are priced from (a store priced per node
    of a class); the others are derived from its load (a serverless table, a search index, a cache)."""
    if store.kind not in ("relational", "document", "time-series", "geo"):
        return ()
    if tech.price in ("nosql", "nosql_request", "spanner_node") or tech.regions == "synchronous":
        return ()
    return ("shards", "read_replicas") if tech.price == "ts_node" else STORE_SETTINGS


def store_settings(design: m.Design) -> dict[str, tuple[str, ...]]:
    """`settable` for every store of `design`, by name."""
    req = design.requirements
    catalog = Catalog(
        design.deployment.cloud, req.constraints.must_use, req.constraints.avoid, None, req.constraints.team.skills
    )
    return {s.name: settable(s, technology_of(catalog, s)) for s in design.stores}


def _size_store(
    design: m.Design,
    req: Requirements,
    ledger: Ledger,
    catalog: Catalog,
    store: m.DataStore,
    router: _Router,
    mine: dict[str, int | str],
) -> None:
    load = router.stores.get(store.name, _Load())
    key = f"db.{store.name}"
    group = "Databases"
    entities = [e for e in design.entities if e.name in store.entities or e.search_index == store.name]
    parts: dict[str, float] = {}
    if store.kind == "in-memory":
        parts.update(_live_bytes(design, req, ledger, entities))
    elif store.kind == "object" and store.files:
        keys = dict(zip((f.name for f in req.data.files), _file_keys(req), strict=True))
        for name in store.files:
            parts[_ident(name)] = ledger.values.get(f"files.{keys.get(name, '')}.bytes.y3", 0.0)
    elif store.kind == "search":
        for entity in entities:
            parts[_ident(entity.name)] = ledger.values.get(f"storage.{entity.name}.bytes.y3", 0.0)
        parts.update(_carried_bytes(design, ledger, key, group, store))
    # a database's rows as they sit on disk: the engine's row and index overhead, compressed only where it is
    compresses = store.kind == "time-series" and bool(catalog.engine(technology_of(catalog, store)).compression)
    stored = (
        stored_rows(req, ledger.values, entities, technology_of(catalog, store).engine, compresses)
        if store.kind not in ("in-memory", "object", "search")
        else RowTerms()
    )
    inputs: list[InputSpec] = [*stored.inputs, *((name, value, "bytes") for name, value in parts.items())]
    terms = list(parts)
    if store.kind == "object" and not store.files and not entities:
        # a landing bucket keeps each upload until it is processed and its lifecycle rule deletes it
        uploads = math.fsum(
            (upload_bytes(req, u) or 0.0) * use_case_rate(req, u).avg * c.SECONDS_PER_DAY * growth(req, 3)
            for u, _ in processing(req)
        )
        inputs += [("uploads_a_day", uploads, "bytes/day"), c.LANDING_DAYS]
        terms.append("uploads_a_day * landing_days")
        parts["uploads_in_flight"] = uploads * c.LANDING_DAYS.value
    kept = 0.0
    if store.derived is not None:
        connections = router.connections_of(store) if store.derived.entries_per_connection else 0.0
        inputs += [
            ("entries", store.derived.entries, "entries"),
            ("connections", connections, "connections"),
            ("entries_per_connection", store.derived.entries_per_connection, "entries"),
            ("entry_bytes", store.derived.entry_bytes, "bytes"),
        ]
        terms.append("(entries + connections * entries_per_connection) * entry_bytes")
        kept = (store.derived.entries + connections * store.derived.entries_per_connection) * store.derived.entry_bytes
    # a search index's own structures add to its documents; a database's overhead is in its row bytes
    overhead = store.kind == "search"
    data = (math.fsum(parts.values()) + kept) * (1 + (c.INDEX_OVERHEAD.value if overhead else 0.0)) + stored.value
    expr = f"({' + '.join(terms)})" + (" * (1 + index_overhead)" if overhead else "") if terms else ""
    if overhead and terms:
        inputs.append(c.INDEX_OVERHEAD)
    expr = " + ".join([*stored.terms, *([expr] if expr else [])]) or "0"
    store.size_bytes_3y = round(
        ledger.add(
            f"{key}.data.y3",
            group,
            f"{store.name}: data after 3 years",
            data,
            "bytes",
            "Σ what it keeps after 3 years"
            + (" (rows × bytes a row takes on disk: values, row header and index entries)" if stored.terms else "")
            + (" (entries × entry_bytes: " + store.derived.why + ")" if store.derived else "")
            + (" (uploads after 3 years a day × landing_days)" if "uploads_in_flight" in parts else "")
            + (" × (1 + index_overhead)" if overhead else "")
            + (", rows older than the engine compresses after divided by its ratio" if stored.compressed else ""),
            *inputs,
            expr=expr,
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
        load.total("writes"),
        "writes/s",
        "Σ records written by the use cases × (1 + index_write_cost × secondary indexes + outbox row)"
        + (", and the writes that keep what it derives" if store.derived else ""),
        *load.inputs("writes"),
        expr="sum()",
    )
    ledger.add(
        f"{key}.read_rps.y3",
        group,
        f"{store.name}: reads reaching it at peak after 3 years",
        load.total("reads"),
        "reads/s",
        "Σ records the use cases read from it (page_records a call where a list operation carries them) "
        "× cache miss ratio where cached",
        *load.inputs("reads"),
        expr="sum()",
    )
    tech = technology_of(catalog, store)
    per_node = tech.writes_per_node or c.PRIMARY_WRITE_LIMIT.value
    util = c.TARGET_UTILISATION.value
    storage_limit, limit_why = shard_limit(store, tech)
    shards = max(1, math.ceil(writes / (per_node * util)), math.ceil(store.size_bytes_3y / storage_limit))
    mine = {k: v for k, v in mine.items() if k in settable(store, tech)}
    needed_shards = shards
    shards = int(mine.get("shards", shards))  # the figure stays what the load needs; the store has what was set
    store.shards = shards
    store.write_capacity_per_s = round(shards * per_node, 0)
    if store.kind == "search":  # shards of an index share data nodes: what takes writes is the nodes
        store.write_capacity_per_s = round(search_nodes(store, tech, store.size_bytes_3y, writes, reads) * per_node, 0)
    native = catalog.engine(tech).sharding == "native"
    if shards > 1 and (store.kind in ("relational", "document") or (store.kind == "time-series" and not native)):
        keys_ = sorted({e.partition_key for e in entities if e.partition_key and e.store == store.name})
        by = ", ".join(keys_) or "the record key"
        routed = (
            f"{shards} shards by {by}, each its own database, routed by the application (the engine does not shard "
            "itself)"
        )
        if store.kind == "time-series":  # its time chunks stay; the shards split the series between databases
            store.partitioning = f"{store.partitioning.split('; ')[0]}; {routed}"
        else:
            store.partitioning = (
                f"split and rebalanced by the engine itself by {by} (about {shards} nodes' worth)" if native else routed
            )
    elif re.search(r"\d+ shards by |split and rebalanced by the engine", store.partitioning):
        # the shards it named were set back to one: keep only what is not about shards
        remaining = [
            part for part in store.partitioning.split("; ") if not re.search(r"\d+ shards by |split and", part)
        ]
        store.partitioning = "; ".join(remaining) or "none"
    ledger.add(
        f"{key}.shards",
        group,
        f"{store.name}: partitions (shards) needed after 3 years",
        needed_shards,
        "shards",
        f"max(1, ⌈writes / (writes_per_node × target_utilisation)⌉, ⌈data / {limit_why}⌉)",
        ("writes", writes, "writes/s"),
        ("writes_per_node", per_node, f"writes/s ({tech.name})"),
        c.TARGET_UTILISATION,
        ("data", store.size_bytes_3y, "bytes"),
        ("storage_per_node", storage_limit, f"bytes ({limit_why})"),
        expr="max(1, ceil(writes / (writes_per_node * target_utilisation)), ceil(data / storage_per_node))",
    )
    if store.kind == "search":
        shard_queries = _split_index(store, ledger, key, group, needed_shards, entities, reads)
        nodes = search_nodes(store, tech, store.size_bytes_3y, writes, reads, shard_queries)
        store.write_capacity_per_s = round(nodes * per_node, 0)
    per_read = tech.reads_per_node or c.NODE_READ_LIMIT.value
    vertical = tech.scaling == "vertical"
    store.read_replicas = int(
        ledger.add(
            f"{key}.read_replicas",
            group,
            f"{store.name}: read replicas needed after 3 years",
            max(0, math.ceil(reads / shards / per_read) - 1) if vertical else 0,
            "replicas",
            "max(0, ⌈reads per shard / reads_per_node⌉ − 1) for a single-primary engine"
            if vertical
            else "none: every node of a distributed engine serves reads",
            ("reads", reads, "reads/s"),
            ("shards", shards, "shards"),
            ("reads_per_node", per_read, "reads/s"),
            expr="max(0, ceil(reads / shards / reads_per_node) - 1)" if vertical else "0",
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
    store.read_replicas = int(mine.get("read_replicas", store.read_replicas))
    store.node_class = str(mine.get("node_class", store.node_class))
    if vertical and store.kind == "relational":
        # the same usable share of a node the shard count is sized by: a primary is full at the target utilisation
        writes_now = writes / growth(req, 3)
        g = req.load.growth_per_year
        usable = per_node * c.TARGET_UTILISATION.value
        if writes_now >= usable:
            years, expr = 0.0, "0"
        elif writes_now <= 0 or math.log(1 + g) <= 0:
            years, expr = 99.0, "99"
        else:
            years = min(99.0, math.log(usable / writes_now) / math.log(1 + g))
            expr = "min(99, log(writes_per_node * target_utilisation / writes_now) / log(1 + growth_per_year))"
        ledger.add(
            f"{key}.primary_years",
            group,
            f"{store.name}: years until one primary's write limit",
            years,
            "years",
            "ln(writes_per_node × target_utilisation / writes now) / ln(1 + growth_per_year)",
            ("writes_now", writes_now, "writes/s"),
            ("writes_per_node", per_node, "writes/s"),
            ("target_utilisation", c.TARGET_UTILISATION.value, "ratio"),
            ("growth_per_year", g, "ratio"),
            expr=expr,
        )


def _live_bytes(
    design: m.Design, req: Requirements, ledger: Ledger, entities: list[m.EntityDesign]
) -> dict[str, float]:
    """What an in-memory store holds of each entity: for a streamed entity the latest record of every member
    connected at peak (after 3 years), with room for its geo or key index; for anything else its hot part."""
    slugs = role_slugs(req)
    out: dict[str, float] = {}
    for entity in entities:
        source = next((e for e in req.data.entities if e.name == entity.name), None)
        streamers = [u for u in req.use_cases if entity.name in u.writes and u.interaction == "stream"]
        if source is not None and streamers:
            online = sum(
                ledger.values.get(f"roles.{slugs[u.actor]}.online.y3", 0.0) for u in streamers if u.actor in slugs
            )
            out[_ident(entity.name)] = online * (source.record_bytes or 64) * 3  # keys, index, allocator overhead
        else:
            out[_ident(entity.name)] = ledger.values.get(f"storage.{entity.name}.bytes.y1", 0.0) * c.HOT_FRACTION.value
    return out


def _cache_bytes(
    design: m.Design, req: Requirements, ledger: Ledger, cache: m.Cache, reads: Mapping[str, float]
) -> float:
    """What a cache holds: of each entity the flows read through it, the records read within its TTL (never more
    than the hot part of the data); live state (kept a day or less) in full. An entity no flow reads through it
    takes no memory, however much of it was ever written."""
    source = {e.name: e for e in req.data.entities}
    traced = bool(design.flows)
    inputs: list[InputSpec] = []
    terms: list[str] = []
    total = 0.0
    peak = req.load.peak_factor or 1.0
    for name in cache.entities:
        entity = next((e for e in design.entities if e.name == name), None)
        data = ledger.values.get(f"storage.{name}.bytes.y1", 0.0)
        ident = _ident(name)
        if entity is not None and entity.retention_days is not None and entity.retention_days <= 1:
            total += data
            inputs.append((ident, data, "bytes"))
            terms.append(ident)
            continue
        if traced and not reads.get(name):
            continue
        hot = data * c.HOT_FRACTION.value
        record = (source[name].record_bytes or 0) if name in source else 0
        if traced and record:
            read = reads[name] / peak * cache.ttl_seconds * record  # distinct records are at most the reads
            hot = min(hot, read)
            inputs += [(ident, data, "bytes"), (f"{ident}_read", reads[name], "records/s")]
            terms.append(f"min({ident} * cache_hot_fraction, {ident}_read / peak_factor * ttl * {ident}_bytes)")
            inputs.append((f"{ident}_bytes", record, "bytes"))
        else:
            inputs.append((ident, data, "bytes"))
            terms.append(f"{ident} * cache_hot_fraction")
        total += hot
    ledger.add(
        f"cache.{slug(cache.name, 'cache')}.bytes",
        "Cache",
        f"{cache.name}: memory for what it holds",
        total,
        "bytes",
        "Σ over the entities the flows read through it: the records read within the TTL, at most the hot part "
        "of the data after 1 year (live state in full)",
        *inputs,
        c.HOT_FRACTION,
        ("peak_factor", peak, "ratio"),
        ("ttl", float(cache.ttl_seconds), "s"),
        expr=" + ".join(terms) or "0",
    )
    keys = [(f"{_ident(n)}_read", reads[n], "records/s") for n in cache.entities if reads.get(n)]
    if keys:
        ledger.add(
            f"cache.{slug(cache.name, 'cache')}.reads",
            "Cache",
            f"{cache.name}: key reads at peak after 3 years",
            sum(k[1] for k in keys),
            "keys/s",
            "Σ over the entities the flows read through it: the records read a second (a multi-get counts each key)",
            *keys,
            expr=" + ".join(k[0] for k in keys),
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
    frames: bool = False  # a call about a video is priced per frame it samples, not per call
    after_commit: bool = False
    side_effect: bool = False
    idempotency_key: bool = False  # the provider does an act once however often the same key arrives


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
            tuple(str(w) for w in words),
            str(spec["price"]),
            float(str(spec["calls_per_unit"])),
            self_host,
            bool(spec.get("frames", False)),
            bool(spec.get("after_commit", False)),
            bool(spec.get("side_effect", False)),
            bool(spec.get("idempotency_key", False)),
        )

    return [read(r) for r in data["rules"]], read(data["default"])


def _integration_rule(kind: str, name: str) -> _IntegrationPrice:
    rules, default = _integration_prices()
    text = f"{kind} {name}".lower()
    return next((rule for rule in rules if any(w in text for w in rule.words)), default)


@functools.cache
def _bulk_protocols() -> tuple[list[tuple[tuple[str, ...], str]], str]:
    text = resources.files("archgen.knowledge").joinpath("integrations.yaml").read_text("utf-8")
    data = YAML(typ="safe", pure=True).load(text)["bulk_transfer"]
    rules = [(tuple(str(w) for w in r["words"]), str(r["protocol"])) for r in data["rules"]]
    return rules, str(data["default"]["protocol"])


def bulk_protocol(kind: str, name: str) -> str:
    """How a job hands a run's records to an external system in bulk (a file, a bulk load), from its kind."""
    rules, default = _bulk_protocols()
    text = f" {kind} {name} ".lower()
    return next((p for words, p in rules if any(re.search(rf"\b{re.escape(w)}", text) for w in words)), default)


def priced_by_frame(kind: str, name: str) -> bool:
    """Whether a call about a video is priced per sampled frame (automated moderation), not per call."""
    return _integration_rule(kind, name).frames


def integration_price(kind: str, name: str) -> tuple[str, float]:
    """The price key of calls to an external system, and how many calls one priced unit holds."""
    rule = _integration_rule(kind, name)
    return rule.price, rule.calls_per_unit


def self_host(kind: str, name: str) -> SelfHost | None:
    """What could do an external system's work in-house, if the catalog knows."""
    return _integration_rule(kind, name).self_host


def after_commit(kind: str, name: str) -> bool:
    """Whether a call to an external system only tells someone of a change (a message, a push, a purge): it is made
    from the outbox after the commit, never inside the request that made the change."""
    return _integration_rule(kind, name).after_commit


def side_effect(kind: str, name: str) -> bool:
    """Whether a call to an external system changes something there (moves money, sends a message), so that a
    retry repeats the change unless the call carries an idempotency key."""
    return _integration_rule(kind, name).side_effect


def honours_key(kind: str, name: str) -> bool:
    """Whether an external system does an act once however often a call with the same idempotency key arrives."""
    return _integration_rule(kind, name).idempotency_key


@dataclass(frozen=True)
class DeliveryWording:
    """How a flow words a call that acts on the world or tells of a change (integrations.yaml `delivery`)."""

    keyed: str
    unkeyed: str
    telling: str
    outbox: str
    recorded: str
    per_recipient: str


@functools.cache
def delivery_wording() -> DeliveryWording:
    """The shipped wording of calls that act or tell, by whether the provider honours an idempotency key."""
    text = resources.files("archgen.knowledge").joinpath("integrations.yaml").read_text("utf-8")
    data = YAML(typ="safe", pure=True).load(text)["delivery"]
    return DeliveryWording(**{k: str(v) for k, v in data.items()})


PER_MESSAGE = ("email_thousand", "sms_message", "push_million")  # prices per message sent, not per API call


def per_message(kind: str, name: str) -> bool:
    """Whether an external system sends people messages one a recipient (e-mail, SMS, push): it takes no file."""
    return integration_price(kind, name)[0] in PER_MESSAGE


def integration_calls(req: Requirements, name: str, when: str = "y1") -> float:
    """Average calls a month to an external system (after 1 year by default) from the use cases that call it."""
    years = {"now": 0, "y1": 1, "y3": 3}[when]
    kind = next((i.kind for i in req.integrations if i.name == name), "")
    per_message = integration_price(kind, name)[0] in PER_MESSAGE
    return sum(
        use_case_rate(req, u).avg * growth(req, years) * MONTH_S
        if not (per_message and u.interaction == "scheduled")
        else recipients(req, u)[0] * growth(req, years) * c.DAYS_PER_MONTH
        for u in req.use_cases
        if name in u.calls
    )


class _Pricer:
    """One cost line per component the design draws, each with its formula."""

    def __init__(
        self,
        design: m.Design,
        req: Requirements,
        ledger: Ledger,
        prices: PriceTable,
        catalog: Catalog,
        router: _Router,
    ) -> None:
        self.router = router
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
        topology = design.topology
        # every cell runs the whole stack for its share of the load; a read stack keeps replicas and caches
        self.cells = (
            max(1, sum(1 for r in topology.regions if r.role in ("primary", "home")))
            if topology is not None and topology.cells
            else 1
        )
        self.reads = sum(1 for r in topology.regions if r.role == "serving") if topology is not None else 0

    def per_cell(self, units: int, floor: int) -> tuple[int, str]:
        """Units spread over the cells, each cell keeping at least `floor`: the total and how it follows."""
        if self.cells == 1:
            return units, ""
        each = max(floor, math.ceil(units / self.cells))
        return each * self.cells, f" spread over {self.cells} cells (at least {floor} each: {each} × {self.cells})"

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
        self._capture()
        self._edge()
        self._directory()
        self._platform()
        self._observability()
        self._network()
        self._clients()
        self._integrations()
        self._standby()
        return self.out

    def _standby(self) -> None:
        """A search index a region's loss restores from snapshots, slower than the RTO, gets a standby cluster in
        the recovery region when search is a main journey and the budget holds it; a design that decided one keeps
        it priced."""
        budget = self.req.constraints.budget_usd_per_month
        rto = self.design.reliability.rto_minutes
        for backup in self.design.reliability.backups:
            store = next((s for s in self.design.stores if s.name == backup.store and s.kind == "search"), None)
            if store is None or len(self.design.reliability.regions) < 2:
                continue
            lines = standby_lines(store, self.out)
            if backup.method.startswith(STANDBY):
                self.out += lines
                continue
            if not backup.method.startswith(SNAPSHOT_RESTORED) or index_restore_minutes(store.size_bytes_3y) <= rto:
                continue
            # measured as the budget decision leaves the bill: the levers it pulls lower the standby's lines too
            levers, streamed = pulled(self.design.decisions), bool(self.ledger.values.get("media.streamed.month"))
            now = pull(self.out, levers, self.req, streamed)
            spent = math.fsum(ln.monthly_usd for ln in now if ln.category != FEES)
            after = pull(self.out + lines, levers, self.req, streamed)
            extra = math.fsum(ln.monthly_usd for ln in after) - math.fsum(ln.monthly_usd for ln in now)
            if main_journey(self.req, self.ledger.values) and (budget is None or spent + extra <= budget):
                self.out += lines

    def _compute(self) -> None:
        paas = "paas" in self.design.deployment.platform.lower() or any(
            t.name == self.design.deployment.platform for t in self.catalog.options("paas")
        )
        factor = COMPUTE_REGION_FACTOR[self.topology]
        for deployable in self.design.deployables:
            instances = self.ledger.values.get(f"compute.{deployable.name}.instances.y1", 1.0)
            # the autoscaler never starts more than its maximum, however many the load needs (a person may have
            # lowered it in design.yaml: the review says the load is then not served, the bill says what runs)
            capped = instances > deployable.scaling.max_instances > 0
            instances = min(instances, deployable.scaling.max_instances) if capped else instances
            price = "paas_month" if paas else "instance_month"
            converts = self.router.converts.get(deployable.name, [])
            if converts:
                # media conversion scales with the queue on preemptible nodes: paid by the vCPU-hour it uses, and
                # only the instances that stay up for the rest of the work are paid by the month
                instances = float(deployable.scaling.min_instances)
                hours = math.fsum(self.ledger.values.get(f"{k}.vcpu_hours.y1", 0.0) for k in converts)
                self.add(
                    f"{deployable.name} media conversion",
                    "compute",
                    deployable.name,
                    hours,
                    "vCPU-hours",
                    "spot_vcpu_hour",
                    "vCPU-hours a month after 1 year on preemptible nodes, scaled to the queue (see Media)",
                )
            # workers and jobs write, and writes happen in the cells: a read stack runs only what answers callers
            stacks = self.cells + (self.reads if deployable.kind in ("web", "realtime") else 0)
            floor = max(1, deployable.scaling.min_instances)
            each = max(floor, math.ceil(instances / stacks)) if stacks > 1 else instances
            self.add(
                f"{deployable.name} instances",
                "compute",
                deployable.name,
                each * stacks * factor,
                "instance-months",
                price,
                (
                    f"minimum instances kept up ({instances:g})"
                    if converts
                    else f"instances at peak after 1 year ({instances:g})"
                )
                + (" (scaling.max_instances: the load needs more)" if capped else "")
                + (
                    f" spread over {stacks} serving regions (at least {floor} each: {each:g} × {stacks})"
                    if stacks > 1
                    else ""
                )
                + (f" × {factor:g} for the {self.topology} topology" if factor != 1 else ""),
            )

    def _stores(self) -> None:
        copy = DATA_REGION_COPY[self.topology]
        for store in self.design.stores:
            tech = technology_of(self.catalog, store)
            data_gb = store.size_bytes_3y / growth(self.req, 3) * self.y1 / GB
            if tech.price == "nosql_request":
                self._requests(store, data_gb, copy)
            elif store.kind in ("relational", "document", "time-series", "geo") and tech.price != "nosql":
                if tech.price == "spanner_node" or tech.regions == "synchronous":
                    # each cell runs a cluster of its own: the engine replicates within a cell's regions only
                    units, spread = self.per_cell(max(1, store.shards), 1)
                    self.add(
                        f"{store.name} capacity",
                        "databases",
                        store.name,
                        units,
                        "unit-months",
                        "spanner_node_month",
                        f"{count(max(1, store.shards), 'capacity unit')}{spread} for "
                        f"{store.demand.writes_per_s:,.0f} writes/s after 3 years, replicated across "
                        + ("each cell's regions" if self.cells > 1 else "regions")
                        + " by the engine",
                    )
                else:
                    shards, spread = self.per_cell(store.shards, 1)
                    # a cell serves its own users' reads: its replicas carry its share, not the whole system's
                    replicas = max(0, math.ceil((store.read_replicas + 1) * store.shards / shards) - 1)
                    per_shard = 1 + (1 if self.ha else 0) + replicas + copy
                    nodes = per_shard * shards + store.shards * self.reads
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
                        f"{count(store.shards, 'shard')}{spread} × (primary{' + standby' if self.ha else ''}"
                        + (f" + {count(replicas, 'replica')}" if replicas else "")
                        + (" + a copy in the recovery region" if copy else "")
                        + ")"
                        + (
                            f" + a read replica per shard in each of {count(self.reads, 'read stack')}"
                            if self.reads
                            else ""
                        ),
                    )
                    floor = tech.min_storage_gb or 0.0  # a node is provisioned with at least this much
                    self.add(
                        f"{store.name} storage",
                        "databases",
                        store.name,
                        max(data_gb, floor) * (per_shard + self.reads),
                        "GB-months",
                        "db_storage_gb_month",
                        ("data after 1 year" if data_gb >= floor else f"the {floor:g} GB a node is provisioned with")
                        + " × copies kept"
                        + (" (read stacks included)" if self.reads else ""),
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
                units, spread = self.per_cell(units, 2 if self.ha else 1)
                units = units * (1 + copy) + units // self.cells * self.reads
                self.add(
                    f"{store.name} capacity",
                    "databases",
                    store.name,
                    units,
                    "node-months",
                    "nosql_node_month",
                    f"⌈writes after 1 year / ({per_node:,.0f} writes/s per unit × target utilisation)⌉{spread}"
                    + (" × 2 regions" if copy else "")
                    + (f" + a replica in each of {count(self.reads, 'read stack')}" if self.reads else ""),
                )
                self.add(
                    f"{store.name} storage",
                    "databases",
                    store.name,
                    data_gb * (1 + copy + self.reads),
                    "GB-months",
                    "db_storage_gb_month",
                    "data after 1 year × regions",
                )
            elif store.kind == "search":
                scale = self.y1 / growth(self.req, 3)
                fanned = self.ledger.values.get(f"db.{store.name}.shard_queries", 0.0)
                nodes = search_nodes(
                    store,
                    tech,
                    data_gb * GB,
                    store.demand.writes_per_s * scale,
                    store.demand.reads_per_s * scale,
                    fanned * scale,
                )
                nodes, spread = self.per_cell(nodes, 2)
                nodes += nodes // self.cells * self.reads
                self.add(
                    f"{store.name} nodes",
                    "search",
                    store.name,
                    nodes,
                    "node-months",
                    "search_node_month",
                    f"max(2, ⌈index after 1 year ({data_gb:,.0f} GB) × 2 copies / "
                    f"{(tech.storage_tb or 0.5) * 1000:,.0f} GB per node⌉, "
                    f"⌈searches/s / {c.SEARCH_READS_PER_NODE.value:,.0f} per node⌉, "
                    + (
                        f"⌈shard-level queries/s / {c.SEARCH_SHARD_QUERIES_PER_NODE.value:,.0f} per node⌉, "
                        if fanned
                        else ""
                    )
                    + "⌈indexing writes/s"
                    " / (writes per node × target utilisation)⌉): every shard and its replica in another zone"
                    + spread
                    + (f", and a copy in each of {count(self.reads, 'read stack')}" if self.reads else ""),
                )
            elif store.kind == "object":
                self._objects(store, copy)
            elif store.kind == "in-memory":
                size_gb = store.size_bytes_3y / growth(self.req, 3) * self.y1 / GB
                writes = store.demand.writes_per_s / growth(self.req, 3) * self.y1
                per_node = tech.writes_per_node or 100_000
                copies = 2 if self.ha else 1  # each shard's replica in another zone
                node_gb, node_price = memory_node(store.size_bytes_3y / GB, tech)  # the node it is sharded on
                shards = max(
                    1,
                    math.ceil(size_gb / node_gb),
                    math.ceil(writes / (per_node * c.TARGET_UTILISATION.value)),
                )
                stacks = self.cells + self.reads  # each serving region caches its own users' hot set
                self.add(
                    f"{store.name} nodes",
                    "databases",
                    store.name,
                    max(1, math.ceil(shards / stacks)) * stacks * copies,
                    "node-months",
                    node_price,
                    f"max(⌈{size_gb:,.1f} GB / {node_gb:g} GB per node⌉, ⌈{writes:,.0f} writes/s / "
                    f"({per_node:,.0f} per node × target utilisation)⌉) shards after 1 year"
                    + (" × 2 (a replica in another zone)" if copies > 1 else "")
                    + (f", spread over {stacks} serving regions (at least one each)" if stacks > 1 else ""),
                )
            elif store.kind == "warehouse" and technology_of(self.catalog, store).price == "warehouse_scan":
                # billed by the bytes its queries scan: priced from the use cases that read it, not a typical month
                held = set(store.entities) | {e.name for e in self.design.entities if e.store == store.name}
                self.add(
                    f"{store.name} queries",
                    "analytics",
                    store.name,
                    scanned_tb(
                        self.req,
                        self.ledger,
                        held,
                        {e.name: e for e in self.design.entities},
                        served_tables(self.design),
                    ),
                    "TB scanned",
                    "warehouse_tb_scanned",
                    "Σ over the use cases that read it: queries a month after 1 year × bytes one query scans, day "
                    "partitions and clustering pruned to the period and keys each covers where the tables are "
                    "partitioned and clustered on them (see Warehouse scans on "
                    "the capacity page)",
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

    def _requests(self, store: m.DataStore, data_gb: float, copy: int) -> None:
        """A serverless NoSQL table is billed per request and per GB stored, not per node: the average writes and
        reads a month after 1 year (each written again in the second region), and the data it keeps."""
        scale = self.y1 / growth(self.req, 3) / (self.req.load.peak_factor or 1.0) * MONTH_S / 1e6
        copies = 1 + copy + self.reads  # a read stack keeps a replica of the table, written again there
        writes = store.demand.writes_per_s * scale * copies
        reads = store.demand.reads_per_s * scale
        regions = f" × {copies} regions (each write is replicated)" if copies > 1 else ""
        self.add(
            f"{store.name} writes",
            "databases",
            store.name,
            writes,
            "million writes",
            "nosql_write_million",
            f"peak writes after 1 year / peak_factor × seconds a month{regions}",
        )
        self.add(
            f"{store.name} reads",
            "databases",
            store.name,
            reads,
            "million reads",
            "nosql_read_million",
            "peak reads after 1 year / peak_factor × seconds a month",
        )
        self.add(
            f"{store.name} storage",
            "databases",
            store.name,
            data_gb * copies,
            "GB-months",
            "nosql_storage_gb_month",
            "data after 1 year" + (" × regions" if copies > 1 else ""),
        )

    def _payments(self, name: str) -> None:
        """A payment provider charges per payment, not per API call: a fixed fee on each and a share of its value
        (the average payment an assumption the open questions ask about)."""
        payments, makers = payment_transactions(self.req, name)
        who = ", ".join(makers) or "no use case that creates a payment"
        self.add(
            f"{name} transactions",
            FEES,
            name,
            payments,
            "transactions",
            "payment_transaction",
            f"payments a month after 1 year: the calls that create one ({who}); captures, voids and status "
            "queries are not charged",
        )
        self.add(
            f"{name} percentage of value",
            FEES,
            name,
            payments * c.AVERAGE_PAYMENT.value,
            "USD of payments",
            "payment_percent",
            f"payments a month × {c.AVERAGE_PAYMENT.value:g} USD average (an assumption)",
        )

    def _objects(self, store: m.DataStore, copy: int) -> None:
        """Files priced by storage class: large private files in the infrequent-access class; of large or streamed
        public files (a media catalogue) only the hot share stays standard, the long tail moves to infrequent
        access once unread for a month; the rest standard. Only public files are copied to a second region (private
        originals are versioned in place)."""
        keys = {f.name: k for f, k in zip(self.req.data.files, _file_keys(self.req), strict=True)}
        hot = cold = archived = 0.0
        copies = tail = 0.0
        for file_set in self.req.data.files:
            if file_set.name not in store.files:
                continue
            gb = self.ledger.values.get(f"files.{keys[file_set.name]}.bytes.y1", 0.0) / GB
            large = file_set.avg_size_kb >= c.COLD_AFTER_KB.value
            if file_set.name in store.archive:
                archived += gb
            elif not file_set.public and large:
                cold += gb
            elif large or streamed(file_set):  # a catalogue's long tail, unread for a month, moves to infrequent access
                kept = gb * c.HOT_FRACTION.value
                hot, tail, copies = hot + kept, tail + gb - kept, copies + gb
            else:
                hot += gb
                copies += gb if file_set.public else 0.0
        cold += tail * (1 + copy)
        hot += copies * copy - tail * copy
        if archived:
            self.add(
                f"{store.name} objects (archive)",
                "storage",
                store.name,
                archived,
                "GB-months",
                "object_storage_archive_gb_month",
                f"files after 1 year kept in the archive class once processed ({', '.join(store.archive)})",
            )
        if hot or not (cold or archived):
            self.add(
                f"{store.name} objects",
                "storage",
                store.name,
                hot,
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
                "after 1 year in the infrequent-access class: "
                + "; ".join(
                    part
                    for part, present in (
                        ("large private files", cold > tail * (1 + copy)),
                        (
                            f"public media beyond the {c.HOT_FRACTION.value:.0%} watched in a month, after 30 days "
                            "unread" + (" (in both regions)" if copy else ""),
                            bool(tail),
                        ),
                    )
                    if present
                ),
            )

    def _caches(self) -> None:
        for cache in self.design.caches:
            if cache.placement != "distributed":
                continue
            # a node holds so much memory and serves so many key reads: the cache needs enough of both
            reads = sum(self.router.cache_reads.get(e, 0.0) for e in cache.entities) / growth(self.req, 3) * self.y1
            nodes = max(
                2 if self.ha else 1,
                math.ceil(cache.size_bytes / GB / c.CACHE_NODE_GB.value),
                math.ceil(reads / c.CACHE_NODE_READS.value),
            )
            self.add(
                f"{cache.name} nodes",
                "caching",
                cache.name,
                nodes,
                "node-months",
                "cache_node_month",
                f"max(zones, ⌈{cache.size_bytes / GB:,.1f} GB / {c.CACHE_NODE_GB.value:g} GB per node⌉, "
                f"⌈{number(reads)} key reads/s / {number(c.CACHE_NODE_READS.value)} per node⌉)",
            )

    def _messaging(self) -> None:
        clusters: dict[str, list[m.Channel]] = defaultdict(list)
        for channel in self.design.channels:
            clusters[channel.cluster or channel.name].append(channel)
        for cluster, channels in clusters.items():
            first = channels[0]
            if "job table" in first.technology.lower() or any(s.name == cluster for s in self.design.stores):
                continue  # a job table or a live store's pub/sub rides nodes already priced
            messages = sum(ch.demand.messages_per_s for ch in channels) / growth(self.req, 3) * self.y1
            if first.kind == "log":
                tech = self.catalog.technology(first.technology)
                if tech is not None and tech.price in ("queue", "stream_shard"):
                    self._per_message(cluster, channels, messages, tech.price)
                    continue
                self._brokers(cluster, channels, messages, tech)
            else:
                self._per_message(cluster, channels, messages, "queue")

    def _capture(self) -> None:
        """A database whose log feeds an indexer runs the connector that reads it: its workers, one a zone, and the
        Kafka cluster it writes the row changes to where the connector needs one and the design runs none."""
        names = {s.name for s in self.design.stores}
        services = {s.name for s in self.design.services}
        words = derived_feeds()
        sources = list(
            dict.fromkeys(
                s.source
                for f in self.design.flows
                for s in f.steps
                if s.source in names and s.target in services and words.captured(s.message)
            )
        )
        try:
            tech = self.catalog.choose("cdc")
        except KeyError:
            return
        workers = 2 if self.ha else 1
        for source in sources:
            self.add(
                f"{source} change data capture",
                "messaging",
                source,
                workers,
                "instance-months",
                "instance_month",
                f"{tech.name}: {count(workers, 'connector worker')} reading {source}'s log, "
                + ("one a zone, a standby resuming from the stored position" if workers > 1 else "one in its zone"),
            )
        brokers = any(ln.price == "broker_node_month" for ln in self.out)
        if sources and not brokers and tech.named(list(search_words().capture_brokers)):
            self.add(
                "change data capture broker nodes",
                "messaging",
                sources[0],
                3,
                "node-months",
                "broker_node_month",
                f"the Kafka cluster {tech.name} writes the row changes to: three brokers, one a zone",
            )

    def _brokers(self, cluster: str, channels: list[m.Channel], messages: float, tech: Technology | None) -> None:
        """One broker cluster per region, grown by nodes (not by clusters) until it carries the messages, the
        bytes and the partition replicas of its topics."""
        names = {ch.name for ch in channels}
        sizes = {e.name: e.record_bytes or 0 for e in self.req.data.entities}
        mb = (
            math.fsum(
                self.router.events.get(e.name, 0.0) * (sizes.get(e.entity or "", 0) + c.EVENT_ENVELOPE.value)
                for e in self.design.events
                if e.channel in names
            )
            / growth(self.req, 3)
            * self.y1
            / 1e6
        )
        partitions = sum(max(ch.partitions, 1) for ch in channels)
        key = f"messaging.{slug(cluster, 'cluster')}"
        per_node = (tech.writes_per_node if tech else None) or 30_000
        mb_node = (tech.mb_per_node if tech else None) or 25
        partitions_node = (tech.partitions_per_node if tech else None) or 1_000
        least = (tech.min_nodes if tech else None) or 3
        replicas = c.LOG_REPLICAS.value if least >= c.LOG_REPLICAS.value else 1
        nodes = self.ledger.add(
            f"{key}.nodes.y1",
            "Messaging",
            f"{cluster}: broker nodes after 1 year",
            max(
                least,
                math.ceil(messages / (per_node * c.TARGET_UTILISATION.value)),
                math.ceil(mb / (mb_node * c.TARGET_UTILISATION.value)),
                math.ceil(partitions * replicas / partitions_node),
            ),
            "nodes",
            "max(least, ⌈messages / (per_node × target_utilisation)⌉, ⌈mb / (mb_per_node × target_utilisation)⌉, "
            "⌈partitions × replicas / partitions_per_node⌉): one cluster, grown by nodes",
            ("least", least, "nodes"),
            ("messages", messages, "msg/s"),
            ("per_node", per_node, f"msg/s ({tech.name if tech else 'a broker'})"),
            ("mb", mb, "MB/s"),
            ("mb_per_node", mb_node, "MB/s"),
            ("partitions", partitions, "partitions"),
            ("replicas", replicas, "copies"),
            ("partitions_per_node", partitions_node, "partitions"),
            c.TARGET_UTILISATION,
            expr="max(least, ceil(messages / (per_node * target_utilisation)), ceil(mb / (mb_per_node * "
            "target_utilisation)), ceil(partitions * replicas / partitions_per_node))",
        )
        idle = self.idle_standbys()  # a pilot-light region starts its brokers on failover; outboxes republish
        running = max(1, self.regions - idle)
        self.add(
            f"{cluster} brokers",
            "messaging",
            cluster,
            nodes * running,
            "node-months",
            "broker_node_month",
            f"{count(nodes, 'node')} of one cluster for {messages:,.0f} msg/s ({mb:,.1f} MB/s) after 1 year"
            + (f", in each of {running} regions" if running > 1 else "")
            + (
                f"; none in the {self.topology} standby region: the cluster is created there on failover, and "
                "what was not yet consumed is published again from the outboxes and by retrying producers"
                if idle
                else ""
            )
            + f"; topics: {', '.join(ch.name for ch in channels)}",
        )

    def idle_standbys(self) -> int:
        """Standby regions that run no brokers until a failover: those of a pilot-light or backup-and-restore
        topology, unless a store without point-in-time recovery is rebuilt there by replaying the log."""
        if self.topology not in IDLE_STANDBY or self.regions < 2:
            return 0
        for store in self.design.stores:
            tech = technology_of(self.catalog, store)
            if tech is not None and tech.pitr_s == 0 and store.kind not in ("object", "search", "in-memory"):
                return 0
        topology = self.design.topology
        standby = sum(1 for r in topology.regions if r.role == "standby") if topology is not None else 0
        return min(standby or self.regions - 1, self.regions - 1)

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
        names = {ch.name for ch in channels}
        carried = [e for e in self.design.events if e.channel in names]
        if any(ch.kind == "pubsub" for ch in channels) and carried:
            # a topic copies each message to every consuming service's queue: one publish, then a receive and a
            # delete on each copy
            fan = sum(len(e.consumers) for e in carried) / len(carried)
            million = avg * MONTH_S * (1 + 2 * fan) / 1e6
            formula = (
                f"average messages after 1 year × (1 publish + 2 operations × {fan:.1f} consuming queues) × 30.4 "
                f"days ({consumers} event type(s))"
            )
        else:
            million = avg * MONTH_S * 3 / 1e6  # send, receive, delete
            formula = f"average messages after 1 year × 3 operations × 30.4 days ({consumers} event type(s))"
        self.add(f"{cluster} requests", "messaging", cluster, million, "million requests", "queue_million", formula)

    def _directory(self) -> None:
        """Cells route every sign-in and request through a global directory with a replica in every region: its
        reads are the requests the gateway's cache misses, its writes are negligible (a tenant created or moved)."""
        topology = self.design.topology
        if topology is None or not topology.cells:
            return
        tech = self.catalog.choose("directory")
        regions = len(topology.regions)
        if tech.price != "nosql_request":
            self.add(
                "global directory nodes",
                "databases",
                "global directory",
                3 * regions,
                "instance-months",
                "instance_month",
                "3 nodes × regions (a replica in every region)",
            )
            return
        misses = 1 - c.constant("cache_hit_ratio").value
        avg_y1 = self._requests_y1()
        self.add(
            "global directory reads",
            "databases",
            "global directory",
            avg_y1 * misses * MONTH_S / 1e6,
            "million reads",
            "nosql_read_million",
            "average inbound request rate after 1 year (stream messages excluded) × the share the gateway's cache "
            "misses (1 − cache_hit_ratio) × seconds a month",
        )
        self.add(
            "global directory storage",
            "databases",
            "global directory",
            regions,
            "GB-months",
            "nosql_storage_gb_month",
            "about 1 GB of tenant → cell entries × regions (a replica in every region)",
        )

    def _requests_y1(self) -> float:
        """The average inbound request rate after 1 year, without messages on open streams (not routed one by one)."""
        streamed = sum(
            use_case_rate(self.req, u).avg
            for u in self.req.use_cases
            if u.interaction == "stream" and any(u.name in ch.use_cases for ch in self.design.realtime)
        )
        return (ledger_value(self.ledger, "traffic.avg_rps") - streamed) * self.y1

    def _edge(self) -> None:
        gateway = self.design.gateway.technology.lower()
        peak_y1 = (
            ledger_value(self.ledger, "traffic.peak_rps.y1")
            - self.ledger.values.get("traffic.stream_messages.y3", 0.0) / growth(self.req, 3) * self.y1
        )
        avg_y1 = self._requests_y1()
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
                avg = channel.demand.messages_per_s / growth(self.req, 3) * self.y1 / (self.req.load.peak_factor or 1.0)
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
                if self._free_push(channel):
                    continue  # Apple's and Google's push services charge nothing per notification
                avg = channel.demand.messages_per_s / growth(self.req, 3) * self.y1 / (self.req.load.peak_factor or 1)
                self.add(
                    channel.name if channel.name.endswith("notifications") else f"{channel.name} notifications",
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
            # a tiny system whose target tolerates a zone's outage shares one gateway between its zones: a gateway
            # per zone would cost more than the instances it serves
            small = ledger_value(self.ledger, "traffic.peak_rps.y3") < c.constant("small_system_rps").value
            shared = small and self.req.quality.availability < c.constant("nat_per_zone_availability").value
            self.add(
                "NAT gateways",
                "network",
                "platform",
                self.regions * (1 if shared else zones),
                "gateway-months",
                "nat_gateway_month",
                "one per region, shared by its zones, for outbound calls from private subnets: a zone's outage "
                "stops outbound calls, which the "
                f"{self.req.quality.availability:g} % target allows at this load"
                if shared and zones > 1
                else "one per zone and region, for outbound calls from private subnets",
            )
        people = [r for r in self.req.users.roles if r.kind == "person" and not r.internal]
        if not (
            people
            and self.design.security.callers
            and any(
                cal.kind == "person" and "single sign-on" not in cal.method.lower()
                for cal in self.design.security.callers
            )
        ):
            return
        # a role signs in when an operation it calls asks for a person's token (a hotel's guests book signed in);
        # by its name only when no operation names its callers
        callers = {role for s in self.design.services for e in s.endpoints if e.auth == "user" for role in e.roles}
        signed_in = [
            r for r in people if (r.name in callers if callers else not any(w in r.name.lower() for w in ANONYMOUS))
        ]
        # a person holding two roles signs in once: the roles together are at most the day's active users
        daily = min(
            sum(r.active_per_day or self.req.users.daily_active for r in signed_in), self.req.users.daily_active
        )
        registered = float(self.req.users.registered or 0)
        mau = self.ledger.add(
            "identity.mau.y1",
            "Cost",
            "People who sign in during a month, after 1 year",
            (min(daily / c.DAU_PER_MAU.value, registered) if registered else daily / c.DAU_PER_MAU.value) * self.y1,
            "users",
            "min(people who sign in, active a day / dau_per_mau, registered accounts) × (1 + growth_per_year)",
            ("daily", daily, "users"),
            c.DAU_PER_MAU,
            ("registered", registered or daily / c.DAU_PER_MAU.value, "users"),
            ("growth_per_year", self.req.load.growth_per_year, "ratio"),
            expr="min(daily / dau_per_mau, registered) * (1 + growth_per_year)",
        )
        if any(d.name == IDENTITY_DEPLOYABLE for d in self.design.deployables):
            # run in-house: its instances are priced with the compute; its accounts need their own database
            # sign-in happens in every cell and read stack, so each keeps its copy of the accounts
            copies = self.cells * (1 + (1 if self.ha else 0)) + self.reads + DATA_REGION_COPY[self.topology]
            self.add(
                "identity accounts database (medium)",
                "security",
                IDENTITY_DEPLOYABLE,
                copies,
                "node-months",
                "db_node_medium_month",
                f"{count(mau, 'account')} signing in a month: one primary"
                + (" + standby" if self.ha else "")
                + (f" in each of {self.cells} cells" if self.cells > 1 else "")
                + (f" + a replica in each of {self.reads} read regions" if self.reads else "")
                + (" + a copy in the second region" if DATA_REGION_COPY[self.topology] else ""),
            )
            return
        formula = "people who sign in during a month after 1 year (see Cost figures)"
        self.add(
            "identity provider", "security", "identity", min(mau, 1e6), "monthly active users", "identity_mau", formula
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
            if self._committed_cdn():
                self.add(
                    "files served via CDN (committed rate)",
                    "network",
                    "cdn",
                    files_gb,
                    "GB",
                    "cdn_egress_gb_committed",
                    "file views a month after 1 year"
                    + (
                        ", streamed media by watch time × bitrate (see Media)"
                        if "media.streamed.month" in self.ledger.values
                        else ""
                    )
                    + ", at the rate of a year's commitment; the origin shield keeps cache fills to one a file",
                )
            else:
                self._tiered(
                    "files served" + (" via CDN" if via_cdn else ""),
                    "cdn" if via_cdn else "gateway",
                    files_gb,
                    "cdn_egress_gb" if via_cdn else "egress_gb",
                    "file views a month after 1 year"
                    + (
                        ", streamed media by watch time × bitrate (see Media)"
                        if "media.streamed.month" in self.ledger.values
                        else ""
                    ),
                )
        self._between_zones_and_regions()

    def _between_zones_and_regions(self) -> None:
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

    def _committed_cdn(self) -> bool:
        """Whether the design delivers through a CDN at a rate committed for a year."""
        return any(
            cache.placement == "cdn"
            and (tech := self.catalog.technology(cache.technology)) is not None
            and tech.price == "cdn_committed"
            for cache in self.design.caches
        )

    def _clients(self) -> None:
        """Each client application's own hosting: a web app's files served by the CDN, a mobile app's store
        accounts; pages the application renders are paid by its instances."""
        keys = client_keys(self.design)
        for client in self.design.clients:
            costs = client_knowledge().deliveries[client.delivery].costs
            if "cdn" in costs:
                gb = self.ledger.values.get(f"{keys[client.name]}.egress.month", 0.0) * self.y1 / GB
                if self._committed_cdn():
                    self.add(
                        f"{client.name} served via CDN (committed rate)",
                        "network",
                        client.name,
                        gb,
                        "GB",
                        "cdn_egress_gb_committed",
                        "visits' downloads a month after 1 year (see Bandwidth), at the rate of a year's commitment",
                    )
                else:
                    self._tiered(
                        f"{client.name} served via CDN",
                        client.name,
                        gb,
                        "cdn_egress_gb",
                        "visits' downloads a month after 1 year (see Bandwidth)",
                    )
            if "stores" in costs:
                self.add(
                    f"{client.name} store accounts",
                    "platform",
                    client.name,
                    1,
                    "account-months",
                    "app_store_month",
                    "one developer account with each app store",
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

    def _free_push(self, channel: m.RealtimeChannel) -> bool:
        """Whether a push channel reaches the phones straight through providers that charge nothing."""
        kinds = [i.kind for i in self.req.integrations if i.name == channel.technology]
        return cost_drivers().push_is_free(channel.technology, *kinds)

    def _integrations(self) -> None:
        calls: dict[str, float] = defaultdict(float)
        framed: dict[str, float] = defaultdict(float)  # of those, the calls about a video, counted in frames
        sent: dict[str, list[str]] = defaultdict(list)  # the jobs that message people, and whom each run reaches
        kinds = {i.name: integration_price(i.kind, i.name)[0] for i in self.req.integrations}
        by_frame = {i.name for i in self.req.integrations if priced_by_frame(i.kind, i.name)}
        for use_case in self.req.use_cases:
            rate = use_case_rate(self.req, use_case).avg * self.y1 * MONTH_S
            pushes = any(kinds.get(n) == "push_million" for n in use_case.calls) or use_case.interaction == "push"
            seconds = media_seconds(self.req, self.ledger.values, use_case)
            for name in use_case.calls:
                # beside a push notification, a text message is the fallback for the phones push does not reach
                share = c.SMS_FALLBACK.value if pushes and kinds.get(name) == "sms_message" else 1.0
                if use_case.interaction == "scheduled" and kinds.get(name) in PER_MESSAGE and rate:
                    daily, who = recipients(self.req, use_case)  # one message to each person it reaches, not a run
                    share *= daily * self.y1 * c.DAYS_PER_MONTH / rate
                    sent[name].append(f"{use_case.name}: {daily * self.y1:,.0f} messages a day to {who}")
                if name in by_frame and seconds:
                    frames = rate * seconds / media_knowledge().moderation_frame_s
                    calls[name] += frames
                    framed[name] += frames
                else:
                    calls[name] += rate * share
        replaced = {i.name for i in self.design.integrations if i.replaced_by}
        # a mobile-push channel is billed on its own line: the provider behind it is the same billed thing
        pushed = any(ch.protocol == "mobile-push" for ch in self.design.realtime)
        for integration in self.req.integrations:
            if integration.name not in calls or integration.name in replaced:
                continue
            price, per_unit = integration_price(integration.kind, integration.name)
            if price == "push_million" and (pushed or cost_drivers().push_is_free(integration.name, integration.kind)):
                continue
            if price == "payment_transaction":
                self._payments(integration.name)
                continue
            category = FEES if price in ("payment_transaction", "verification_check") else "external"
            frames = framed.get(integration.name, 0.0)
            self.add(
                f"{integration.name} calls",
                category,
                integration.name,
                calls[integration.name] / per_unit,
                _units(per_unit),
                price,
                "average calls a month after 1 year of the use cases that call it"
                + (
                    f"; a video counts one frame every {media_knowledge().moderation_frame_s:g} s of its length "
                    f"({frames / 1e6:,.1f} million frames)"
                    if frames
                    else ""
                )
                + (
                    "; a scheduled job sends one message to each person it reaches (after 1 year, an assumption): "
                    + "; ".join(sent[integration.name])
                    if sent.get(integration.name)
                    else ""
                ),
            )


def payment_transactions(req: Requirements, name: str) -> tuple[float, list[str]]:
    """Payments a month after 1 year through a payment provider, and the use cases that make them: calls that create
    a record (a payment, a top-up, a refund); a capture, a void or a status query moves money already counted, and
    the provider's own notifications are not payments."""
    makers = [
        u
        for u in req.use_cases
        if name in u.calls
        and u.interaction != "webhook"
        and any(write_kind(u, e).kind == "create" for e in req.data.entities if e.name in u.writes)
    ]
    monthly = math.fsum(use_case_rate(req, u).avg * growth(req, 1) * MONTH_S for u in makers)
    return monthly, [u.name for u in makers]


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
    stores = {s.name for s in design.stores}
    yield from (
        ch.cluster or ch.name
        for ch in design.channels
        if "job table" not in ch.technology.lower() and (ch.cluster or ch.name) not in stores
    )
    yield from (r.name for r in design.realtime if r.protocol in ("mqtt", "mobile-push"))
