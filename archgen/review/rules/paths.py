"""Critical-path rules: a broker a journey waits on is part of that journey's availability, and an ephemeral signal
travels on the live store's pub/sub rather than the durable log (archgen/knowledge/critical_path.yaml,
signals.yaml)."""

from __future__ import annotations

from archgen.common.english import join
from archgen.design.critical_path import waiting_on_brokers
from archgen.design.ephemeral import live_only
from archgen.knowledge.critical_path import critical_path
from archgen.knowledge.scheduling import says
from archgen.review.engine import Found, Problem, Subject, rule


@rule("AVL039", "error", "availability", "Broker on a journey's path called a side channel")
def broker_called_side(subject: Subject) -> Found:
    """A journey's work passes through a broker (its producer publishes before answering, or a consumer of the event
    makes the journey's own writes), yet the broker's failure mode or degraded line says writes still succeed and
    names none of those journeys. Its outage stops them, so its availability and failover belong in theirs: name
    the journeys that stop, or move the step behind an outbox so it leaves their path."""
    design = subject.design
    waiting = waiting_on_brokers(design.events, design.channels, design.services, subject.req.use_cases)
    if not waiting:
        return
    side = critical_path().side_words
    clusters = {c.name: c.cluster or c.name for c in design.channels}
    said: list[tuple[tuple[str | int, ...], str, str]] = [
        (("reliability", "failure_modes", i, "degraded"), clusters.get(m.component, m.component), m.degraded)
        for i, m in enumerate(design.reliability.failure_modes)
    ]
    for i, line in enumerate(design.reliability.degradation):
        head = line.split(":", 1)[0].lower()
        for cluster in waiting:
            if head in ("broker down", f"{cluster.lower()} down"):
                said.append((("reliability", "degradation", i), cluster, line))
    for at, cluster, text in said:
        journeys = waiting.get(cluster)
        if not journeys or not says(text, side):
            continue
        unnamed = [j for j in journeys if j.lower() not in text.lower()]
        if unnamed:
            yield Problem(
                element=cluster,
                at=at,
                message=f"says writes still succeed while it is down, yet {join(unnamed)} "
                f"{'waits' if len(unnamed) == 1 else 'wait'} on it",
                fix="name the journeys that stop with it and count its availability in theirs, or publish through an "
                "outbox so it leaves their path",
            )


@rule("TOP027", "error", "topology", "Ephemeral signals through the durable log")
def signals_through_log(subject: Subject) -> Found:
    """Changes of a record the design keeps only in an in-memory store (presence, typing, a heartbeat) go through a
    durable broker. The log writes, replicates and keeps for days each signal the next one replaces, and its
    partitions and consumers are sized for the heaviest stream the system has. Send such signals on the live store's
    own pub/sub, fire and forget, and fan out only the changes."""
    design = subject.design
    channels = {c.name: c for c in design.channels}
    for i, event in enumerate(design.events):
        channel = channels.get(event.channel)
        live = live_only(design.stores, event.entity)
        if channel is None or live is None or channel.delivery == "at-most-once":
            continue
        if "job table" in channel.technology.lower():
            continue
        yield Problem(
            element=event.name,
            at=("events", i, "channel"),
            message=f"carries {event.entity}, kept only in {live.name}, through {channel.name} "
            f"({channel.technology}), which keeps each signal the next one replaces",
            fix=f"publish it on {live.name}'s own pub/sub, at most once, and fan out only the changes",
        )
