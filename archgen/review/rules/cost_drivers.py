"""Capacity and cost driven by the flows: read replicas where flows read, one line per billed thing, and history
moved off the hot store only where its read paths allow it."""

from __future__ import annotations

import math
import re

from archgen.capacity.cold_reads import keyed_readers, p99
from archgen.capacity.flow_reads import read_store
from archgen.common.formatting import usd
from archgen.design.model import CostLine, Figure
from archgen.knowledge.cost_drivers import cost_drivers
from archgen.review.engine import Found, Problem, Subject, rule

READ = re.compile(r"^(?P<use_case>.+?) → (?P<entity>[\w ]+?)(?: × [\d.,]+ a page)?$")


def _figure(subject: Subject, label: str) -> Figure | None:
    return next((f for f in subject.design.capacity.figures if f.label == label), None)


def _unread(subject: Subject, store: str) -> tuple[float, list[str]]:
    """The reads routed to a store from use cases whose flows never reach it, and those use cases' names."""
    design = subject.design
    figure = _figure(subject, f"{store}: reads reaching it at peak after 3 years")
    flows = {f.use_case: f for f in design.flows}
    entities = {e.name: e for e in design.entities}
    total, names = 0.0, []
    for part in figure.inputs if figure is not None else []:
        found = READ.match(part.name)
        flow = flows.get(found["use_case"]) if found else None
        entity = entities.get(found["entity"]) if found else None
        if flow is None or entity is None or entity.store != store:
            continue
        if read_store(design, flow, entity, []) != store:
            total += part.value
            names.append(part.name)
    return total, names


@rule("CAP049", "error", "capacity", "Read replicas on a store no flow reads")
def replicas_nobody_reads(subject: Subject) -> Found:
    """A store gets read replicas for reads that come from use cases whose flows never query it nor call the
    service that owns it: a per-page constant spread over every entity a use case names, not a read path. The
    replicas are paid for and serve nothing. Size a store's reads from the flows that query it, and move the
    reads of a copy to the store that holds it."""
    for i, store in enumerate(subject.design.stores):
        replicas = _figure(subject, f"{store.name}: read replicas needed after 3 years")
        if store.read_replicas <= 0 or replicas is None:
            continue
        given = {p.name: p.value for p in replicas.inputs}
        per_node, shards = given.get("reads_per_node", 0.0), max(1.0, given.get("shards", 1.0))
        unread, names = _unread(subject, store.name)
        if not per_node or not unread:
            continue
        needed = max(0, math.ceil((store.demand.reads_per_s - unread) / shards / per_node) - 1)
        if needed < store.read_replicas:
            yield Problem(
                element=store.name,
                at=("stores", i, "read_replicas"),
                message=f"has {store.read_replicas} read replicas, {store.read_replicas - needed} of them for "
                f"{unread:,.0f} reads/s from flows that never reach it ({names[0]})",
                fix="route the reads of each use case to the stores its flow queries (a kept copy where the flow "
                "reads one) and size the replicas from those",
            )


def _billed(subject: Subject, line: CostLine) -> str:
    """The thing a line pays for: a realtime channel bills the provider it is run by."""
    channel = next((c for c in subject.design.realtime if c.name == line.component), None)
    return (channel.technology if channel is not None else line.component).lower()


@rule("COST034", "error", "cost", "One billed thing costed twice")
def billed_twice(subject: Subject) -> Found:
    """Two cost lines charge the same price for the same provider: a channel and the integration that runs it (push
    and the push provider's calls), each counted in full. The estimate then carries the bill
    twice. Keep one line per billed thing, and none where the provider charges nothing."""
    seen: dict[tuple[str, str], int] = {}
    lines = subject.design.cost.lines
    for i, line in enumerate(lines):
        if not line.component or not line.price or line.monthly_usd <= 0:
            continue
        key = (_billed(subject, line), line.price)
        if key in seen and lines[seen[key]].component != line.component:  # a second component, one provider
            first = lines[seen[key]]
            yield Problem(
                element=line.item,
                at=("cost", "lines", i),
                message=f"bills {line.component} at {line.price} ({usd(line.monthly_usd)}) while "
                f"“{first.item}” already bills the same provider at the same price ({usd(first.monthly_usd)})",
                fix="keep one line for the provider, priced on what it charges",
            )
        else:
            seen.setdefault(key, i)


def _mentions(text: str, name: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) is not None


@rule("COST035", "error", "data", "History behind a query engine while operations read it by key")
def cold_tier_on_keyed_reads(subject: Subject) -> Found:
    """A decision moves a store's old records to files read through a query engine, which answers in seconds,
    while an operation with a latency target in milliseconds still reads those records by key (a post opened
    from a shared link, a channel scrolled back). That operation misses its p99 for every old record. Keep a
    key-value path for them (objects fetched by id behind the cache, or tiering inside the hot store) and leave
    the query engine to records only reports read."""
    words = cost_drivers()
    stores = subject.design.stores
    for i, decision in enumerate(subject.design.decisions):
        for j, said in enumerate(decision.consequences):
            if not words.through_query_engine(said):
                continue
            for store in stores:
                readers = keyed_readers(subject.req, store) if _mentions(said, store.name) else []
                if readers:
                    first = readers[0]
                    yield Problem(
                        element=f"{decision.id}: {store.name}",
                        at=("decisions", i, "consequences", j),
                        message=f"sends the history of {store.name} through a query engine while {first.name} "
                        f"reads its records by key within {p99(subject.req, first)} ms",
                        fix="archive those records as objects fetched by id behind the cache, or tier them "
                        "inside the hot store, and say so in the decision",
                    )
