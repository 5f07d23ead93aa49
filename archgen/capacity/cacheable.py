"""Which databases keep read replicas for reads a shared cache would take: records the requests read, whose store
needs several replicas for its reads, and which tolerate a cached copy (read far more than written, eventually
consistent, or never changed)."""

from __future__ import annotations

from archgen.capacity import constants as c
from archgen.design import model as m
from archgen.requirements.model import Requirements

CACHE_REPLICA_READS = c.constant("cache_replica_reads").value
CACHE_READ_HEAVY = c.constant("cache_read_heavy_ratio").value


def replicated_reads(design: m.Design, req: Requirements) -> list[tuple[m.DataStore, list[str]]]:
    """(store, entities) for each sized store whose read replicas serve cacheable records no shared cache holds."""
    read_by_requests = {n for u in req.use_cases if u.interaction == "request" for n in u.reads}
    kinds = {e.name: e for e in req.data.entities}
    cached = {n for cache in design.caches if cache.placement == "distributed" for n in cache.entities}
    homes = {e.name: e.store for e in design.entities}
    out: list[tuple[m.DataStore, list[str]]] = []
    for store in design.stores:
        if store.read_replicas < CACHE_REPLICA_READS:
            continue
        heavy = store.demand.reads_per_s >= CACHE_READ_HEAVY * store.demand.writes_per_s
        names = [
            n
            for n in store.entities
            if n in kinds
            and homes.get(n) == store.name
            and n in read_by_requests
            and n not in cached
            and (heavy or kinds[n].consistency == "eventual" or kinds[n].mutability == "append_only")
        ]
        if names:
            out.append((store, names))
    return out
