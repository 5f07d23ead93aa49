"""Which read paths a store's history must keep: the operations with a latency target a query engine cannot meet
that read its records (a post opened by a shared link, a channel scrolled back), so its old records stay fetchable
by key rather than only through a query engine (archgen/knowledge/cost_drivers.yaml)."""

from __future__ import annotations

from archgen.design.model import DataStore
from archgen.knowledge.cost_drivers import cost_drivers
from archgen.requirements.model import Requirements, UseCase

WAITED = ("request", "webhook")  # a caller waits on the answer


def keyed_readers(req: Requirements, store: DataStore) -> list[UseCase]:
    """The use cases a caller waits on, with a p99 under what a query engine answers in, that read the store's
    records."""
    limit = cost_drivers().query_engine_ms
    return [
        u
        for u in req.use_cases
        if u.interaction in WAITED
        and (u.latency_p99_ms or req.quality.latency_p99_ms) < limit
        and any(e in store.entities for e in u.reads)
    ]


def p99(req: Requirements, use_case: UseCase) -> int:
    return use_case.latency_p99_ms or req.quality.latency_p99_ms
