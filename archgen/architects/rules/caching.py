"""What is cached where: an application cache for hot reads, a CDN for public files, HTTP caching everywhere."""

from __future__ import annotations

from typing import Any

from archgen.architects.rules.draft import Draft, option
from archgen.capacity import constants as c
from archgen.capacity.cacheable import replicated_reads
from archgen.capacity.measure import measure
from archgen.common.formatting import bytes_, number
from archgen.design import model as m
from archgen.design.model import Cache, Design

CACHE_READ_RPS = c.constant("cache_read_rps").value
DECISION_TITLE = "Caching and CDN"
TIGHT_LATENCY_MS = c.constant("tight_latency_ms").value


def plan_caching(draft: Draft) -> None:
    """Add a distributed cache when the read load or latency targets call for it, and a CDN for public files."""
    req = draft.req
    reads_y1 = draft.figure("traffic.peak_read_rps.y1")
    tight = _tight(draft)
    needs_cache = (reads_y1 >= CACHE_READ_RPS or bool(tight)) and req.load.read_write_ratio >= 3 and not draft.tiny
    read_by_requests = _read_by_requests(draft)
    hot = [e.name for e in req.data.entities if e.mutability == "mutable" and e.name in read_by_requests]
    if needs_cache and hot:
        _add_to_cache(draft, hot)
    public_files = [f.name for f in req.data.files if f.public]
    if public_files:
        draft.caches.append(
            Cache(
                name="cdn",
                technology=draft.catalog["cdn"],
                placement="cdn",
                holds=f"public files ({', '.join(public_files)}) and static front-end assets",
                pattern="edge",
                ttl_seconds=86_400,
                invalidation="immutable, content-addressed object keys: a changed file gets a new key",
            )
        )
    decision_id = draft.decide(**_decision(draft, []))
    draft.trace(
        requirement="quality.latency_p99_ms",
        statement=f"API calls answer within {req.quality.latency_p99_ms} ms at p99",
        elements=[c_.name for c_ in draft.caches] + ["gateway"],
        decisions=[decision_id],
    )


def cache_replicated_reads(draft: Draft, measured: Design) -> Design:
    """`measured`, re-measured with a shared cache in front of every database whose read replicas exist for
    cacheable reads: the replicas a cache removes cost more than the cache, and the caching decision then rests on
    the reads the design routes to its databases, not on the questionnaire's headline figure."""
    if draft.tiny:
        return measured
    replicated = replicated_reads(measured, draft.req)
    if not replicated:
        return measured
    _add_to_cache(draft, [n for _, names in replicated for n in names])
    cache = next(c_ for c_ in draft.caches if c_.placement == "distributed")
    # another service may keep a copy of what it caches: the owner's change events reach it as well as its own writes
    cache.invalidation = (
        "delete the key on every write (after commit) and on the owner's change events, plus the TTL as a safety net"
    )
    index = next(i for i, d in enumerate(draft.decisions) if d.title == DECISION_TITLE)
    old = draft.decisions[index]
    draft.decide(**_decision(draft, replicated))
    draft.decisions[index] = draft.decisions.pop().model_copy(update={"id": old.id})
    for trace in draft.traces:
        if old.id in trace.decisions:
            trace.elements = [c_.name for c_ in draft.caches] + ["gateway"]
    from archgen.architects.rules import assemble  # the architect assembles; this step only re-measures

    remeasured = measure(assemble(draft, "rules"), draft.prices, draft.req, draft.catalog.knowledge)
    sized = next(c_ for c_ in remeasured.caches if c_.name == cache.name)
    # the headline working set is of all mutable data; what this cache holds is the hot part of its own records
    decision = draft.decisions[index]
    draft.decisions[index] = decision.model_copy(
        update={
            "context": decision.context.split(" Working set after 1 year:")[0]
            + f" The cache holds the hot part of {', '.join(cache.entities)}: {sized.size_bytes / 1e9:,.1f} GB "
            "after 1 year."
        }
    )
    return remeasured.model_copy(update={"decisions": draft.decisions})


def _tight(draft: Draft) -> list[str]:
    req = draft.req
    return [
        u.name
        for u in req.use_cases
        if u.interaction == "request"
        and u.reads
        and (u.latency_p99_ms or req.quality.latency_p99_ms) <= TIGHT_LATENCY_MS
    ]


def _read_by_requests(draft: Draft) -> set[str]:
    return {n for u in draft.req.use_cases if u.interaction == "request" for n in u.reads}


def _add_to_cache(draft: Draft, names: list[str]) -> None:
    """Put `names` in the shared cache (made on first use) and give it to the services that own them."""
    cache = next((c_ for c_ in draft.caches if c_.placement == "distributed"), None)
    if cache is None:
        cache = Cache(
            name="app-cache",
            technology=draft.catalog["cache"],
            placement="distributed",
            holds="",
            pattern="cache-aside",
            ttl_seconds=300 if draft.req.load.read_write_ratio >= 10 else 60,
            invalidation="",
            size_bytes=draft.figure("cache.working_set"),
        )
        draft.caches.insert(0, cache)
    cache.entities = [*cache.entities, *(n for n in names if n not in cache.entities)]
    cache.holds = f"hot {', '.join(cache.entities)} records and list pages, keyed by id and query"
    cache.invalidation = (
        cache.invalidation or "delete the key on every write (after commit), plus the TTL as a safety net"
    )
    for service in draft.services:
        if set(service.entities) & set(cache.entities) and cache.name not in service.caches:
            service.caches.append(cache.name)


def _decision(draft: Draft, replicated: list[tuple[m.DataStore, list[str]]]) -> dict[str, Any]:
    """The caching decision, its reasons taken from the headline reads, the latency targets and the database reads
    that would otherwise need read replicas."""
    req = draft.req
    reads_y1 = draft.figure("traffic.peak_read_rps.y1")
    tight = _tight(draft)
    working_set = draft.figure("cache.working_set")
    cache = next((c_ for c_ in draft.caches if c_.placement == "distributed"), None)
    cache_tech = cache.technology if cache is not None else draft.catalog["cache"]
    public_files = [f.name for f in req.data.files if f.public]
    drivers = [f"peak reads after 1 year: {number(reads_y1)}/s", f"read/write ratio {req.load.read_write_ratio:g}"]
    if tight:
        drivers.append(f"tight latency targets (≤ {TIGHT_LATENCY_MS} ms): {', '.join(tight)}")
    replicas = [
        f"{s.name} takes {number(s.demand.reads_per_s)} reads/s of {', '.join(names)} after 3 years "
        f"and would need {s.read_replicas} read replicas"
        for s, names in replicated
    ]
    drivers.extend(replicas)
    if public_files:
        drivers.append(f"public files: {', '.join(public_files)}")
    chosen = cache_tech if cache is not None else "HTTP caching only"
    if chosen == "HTTP caching only":
        rationale = (
            f"{number(reads_y1)} reads a second at peak after 1 year are well within what the database serves "
            "directly; a cache would add staleness and operations for no measurable gain."
        )
    elif replicas:
        rationale = (
            "; ".join(replicas)
            + f". A shared cache takes about {c.CACHE_HIT_RATIO.value:.0%} of those reads, so the replicas shrink, "
            "and its records stay current through invalidation on the owner's change events."
        )
    else:
        rationale = (
            f"{number(reads_y1)} reads a second at peak after 1 year"
            + (f" and p99 targets of {TIGHT_LATENCY_MS:g} ms or less ({', '.join(tight[:3])})" if tight else "")
            + " are more than the database should answer alone; a shared cache takes most of them."
        )
    return {
        "title": DECISION_TITLE,
        "context": "Whether hot reads are served from memory and files from the edge. " + "; ".join(drivers) + ". "
        f"Working set after 1 year: {bytes_(working_set)} ({c.HOT_FRACTION.value:.0%} of mutable data).",
        "options": [
            option(
                cache_tech,
                "A shared in-memory cache, cache-aside, invalidated on write.",
                ["sub-millisecond hot reads", f"takes about {c.CACHE_HIT_RATIO.value:.0%} of reads off the database"],
                ["stale reads for up to the TTL if an invalidation is lost", "one more component to run"],
            ),
            option(
                "HTTP caching only",
                "ETags and Cache-Control, no shared cache.",
                ["nothing to operate", "no staleness beyond what clients choose"],
                ["every read reaches the database", "no help for tight latency targets under load"],
            ),
        ],
        "decision": chosen,
        "rationale": rationale,
        "consequences": (
            [
                f"cache-aside with a {cache.ttl_seconds}-second TTL; writes delete keys after commit"
                + (" and so do the owner's change events" if replicas else ""),
                "a cache outage degrades latency, not correctness: reads fall back to the database",
            ]
            if cache is not None
            else ["responses carry ETag and Cache-Control so clients and proxies can cache"]
        )
        + (["public files are served by the CDN with long TTLs and content-addressed keys"] if public_files else []),
        "drivers": ["load.read_write_ratio", "quality.latency_p99_ms", "use_cases", "data.files"],
    }
