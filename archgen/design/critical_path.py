"""Which journeys wait on a broker: the broker's availability is then part of theirs, not a side channel's."""

from __future__ import annotations

from collections.abc import Sequence

from archgen.design.model import Channel, Event, Service
from archgen.requirements.model import UseCase

# interactions a caller or device waits on, or whose outcome the people behind them wait for
JOURNEYS = ("request", "stream", "batch", "webhook")


def waiting_on_brokers(
    events: Sequence[Event], channels: Sequence[Channel], services: Sequence[Service], use_cases: Sequence[UseCase]
) -> dict[str, list[str]]:
    """Each broker cluster with the journeys on its path: those whose producer publishes before answering (no
    outbox), and those whose own writes are made by a consumer of the event, so the journey ends only past the
    broker. Fire-and-forget signals and job tables in the system's database are left out."""
    cluster = {
        c.name: c.cluster or c.name
        for c in channels
        if c.delivery != "at-most-once" and "job table" not in c.technology.lower()
    }
    owner = {entity: s.name for s in services for entity in s.entities}
    journeys = {u.name: u for u in use_cases if u.interaction in JOURNEYS}
    out: dict[str, list[str]] = {}
    for event in events:
        on = cluster.get(event.channel)
        if on is None:
            continue
        for name in event.use_cases:
            use_case = journeys.get(name)
            if use_case is None:
                continue
            finished_past = any(
                owner.get(w) in event.consumers and owner.get(w) != event.producer for w in use_case.writes
            )
            if (not event.outbox or finished_past) and name not in out.get(on, []):
                out.setdefault(on, []).append(name)
    return out
