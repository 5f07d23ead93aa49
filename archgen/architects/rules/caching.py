"""What is cached where: an application cache for hot reads, a CDN for public files, HTTP caching everywhere."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft, option
from archgen.capacity import constants as c
from archgen.common.formatting import number
from archgen.design.model import Cache

CACHE_READ_RPS = c.constant("cache_read_rps").value
TIGHT_LATENCY_MS = c.constant("tight_latency_ms").value


def plan_caching(draft: Draft) -> None:
    """Add a distributed cache when the read load or latency targets call for it, and a CDN for public files."""
    req = draft.req
    reads_y1 = draft.figure("traffic.peak_read_rps.y1")
    tight = [
        u.name
        for u in req.use_cases
        if u.interaction == "request"
        and u.reads
        and (u.latency_p99_ms or req.quality.latency_p99_ms) <= TIGHT_LATENCY_MS
    ]
    working_set = draft.figure("cache.working_set")
    needs_cache = (reads_y1 >= CACHE_READ_RPS or bool(tight)) and req.load.read_write_ratio >= 3 and not draft.tiny
    read_by_requests = {n for u in req.use_cases if u.interaction == "request" for n in u.reads}
    hot = [e.name for e in req.data.entities if e.mutability == "mutable" and e.name in read_by_requests]
    cache_tech = draft.catalog["cache"]
    public_files = [f.name for f in req.data.files if f.public]
    if needs_cache and hot:
        cache = Cache(
            name="app-cache",
            technology=cache_tech,
            placement="distributed",
            holds=f"hot {', '.join(hot)} records and list pages, keyed by id and query",
            entities=hot,
            pattern="cache-aside",
            ttl_seconds=300 if req.load.read_write_ratio >= 10 else 60,
            invalidation="delete the key on every write (after commit), plus the TTL as a safety net",
            size_bytes=working_set,
        )
        draft.caches.append(cache)
        for service in draft.services:
            if set(service.entities) & set(hot):
                service.caches.append(cache.name)
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
    drivers = [f"peak reads after 1 year: {reads_y1:,.0f}/s", f"read/write ratio {req.load.read_write_ratio:g}"]
    if tight:
        drivers.append(f"tight latency targets (≤ {TIGHT_LATENCY_MS} ms): {', '.join(tight)}")
    chosen = cache_tech if needs_cache and hot else "HTTP caching only"
    if public_files:
        drivers.append(f"public files: {', '.join(public_files)}")
    decision_id = draft.decide(
        title="Caching and CDN",
        context="Whether hot reads are served from memory and files from the edge. " + "; ".join(drivers) + ". "
        f"Working set after 1 year: {working_set / 1e9:,.2f} GB ({c.HOT_FRACTION.value:.0%} of mutable data).",
        options=[
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
        decision=chosen,
        rationale=(
            f"{number(reads_y1)} reads a second at peak after 1 year"
            + (f" and p99 targets of {TIGHT_LATENCY_MS:g} ms or less ({', '.join(tight[:3])})" if tight else "")
            + " are more than the database should answer alone; a shared cache takes most of them."
        )
        if chosen != "HTTP caching only"
        else f"{number(reads_y1)} reads a second at peak after 1 year are well within what the database serves "
        "directly; a cache would add staleness and operations for no measurable gain.",
        consequences=(
            [
                f"cache-aside with a {draft.caches[0].ttl_seconds}-second TTL; writes delete keys after commit",
                "a cache outage degrades latency, not correctness: reads fall back to the database",
            ]
            if chosen != "HTTP caching only"
            else ["responses carry ETag and Cache-Control so clients and proxies can cache"]
        )
        + (["public files are served by the CDN with long TTLs and content-addressed keys"] if public_files else []),
        drivers=["load.read_write_ratio", "quality.latency_p99_ms", "use_cases", "data.files"],
    )
    draft.trace(
        requirement="quality.latency_p99_ms",
        statement=f"API calls answer within {req.quality.latency_p99_ms} ms at p99",
        elements=[c_.name for c_ in draft.caches] + ["gateway"],
        decisions=[decision_id],
    )
