"""Derived load rules: the events a job's runs publish and the writes they cause in every store that keeps what
the run changed are sized from what drives them (runs × records changed a run), not from one message a run."""

from __future__ import annotations

from archgen.capacity.events import event_rate, job_driven
from archgen.common.formatting import number
from archgen.review.engine import Found, Problem, Subject, rule
from archgen.review.rules.capacity import EVENT_SLACK, UNDER_SIZED


def _stated_events(subject: Subject) -> dict[str, float]:
    """The rate the design's capacity page gives each event (its share of a channel's messages)."""
    stated: dict[str, float] = {}
    for figure in subject.design.capacity.figures:
        if figure.key.startswith("channel.") and figure.key.endswith(".messages.y3"):
            for part in figure.inputs:
                stated[part.name] = stated.get(part.name, 0.0) + part.value
    return stated


@rule("CAP040", "error", "capacity", "An event a job publishes is sized below what its runs change")
def job_events_unsized(subject: Subject) -> Found:
    """A job's run (a roll-up, a recount, an import) publishes an event for the records it changes, and the
    capacity page gives that event no rate, or one run's worth where each run changes many records. The broker,
    every consumer and every copy they keep are then sized for a trickle while each run lands a flood. Count the
    event per record the run changes, or publish one message a run that lists them and size the consumers for the
    records they apply."""
    stated = _stated_events(subject)
    sized = bool(stated)
    for i, event in enumerate(subject.design.events):
        if not job_driven(subject.req, event):
            continue
        implied = event_rate(subject.req, event, subject.design.entities)
        given = stated.get(event.name)
        if given is None and sized and implied >= EVENT_SLACK:
            yield Problem(
                element=event.name,
                at=("events", i),
                message=f"its runs publish {number(implied)} a second after 3 years, and the capacity page gives it "
                "no rate at all",
                fix="add it to its channel's messages, counted per record each run changes",
            )
        elif given is not None and implied - given > EVENT_SLACK and given < implied * UNDER_SIZED:
            yield Problem(
                element=event.name,
                at=("events", i),
                message=f"sized at {number(given)} msg/s after 3 years, but its runs change {number(implied)} "
                "records a second, one message each",
                fix="count it per record a run changes, or publish one message a run listing them",
            )


@rule("CAP042", "error", "capacity", "A store's writes omit what a job's runs change in it")
def store_omits_run_writes(subject: Subject) -> Found:
    """A job rewrites many records each run, and the database or index that holds them, or keeps a copy of them
    for a consumer, is sized as if those writes did not happen: the largest write load of the store is missing
    from its sizing. Size each such store for every record a run changes, at the job's cadence."""
    jobs = tuple(f"{u.name} → " for u in subject.req.use_cases if u.interaction == "scheduled")
    if not jobs:
        return
    stated = {f.key: f.value for f in subject.design.capacity.figures if f.key.endswith(".write_rps.y3")}
    if not stated:
        return
    index = {s.name: i for i, s in enumerate(subject.design.stores)}
    for figure in subject.measured.capacity.figures:
        if figure.key not in stated or not figure.key.startswith("db."):
            continue
        derived = sum(p.value for p in figure.inputs if p.name.startswith(jobs))
        given = stated[figure.key]
        name = figure.label.split(":")[0]
        if derived < EVENT_SLACK or given >= figure.value * UNDER_SIZED or figure.value - given < derived / 2:
            continue
        yield Problem(
            element=name,
            at=("stores", index[name]) if name in index else ("stores",),
            message=f"sized for {number(given)} writes/s after 3 years, but scheduled runs alone write "
            f"{number(derived)} a second to it ({number(figure.value)} in all)",
            fix="size it for the records each run changes there, or have the run publish one message a run that "
            "consumers apply in bulk",
        )


@rule("COST031", "error", "cost", "A standby region's brokers priced as a running cluster")
def standby_priced_as_active(subject: Subject) -> Found:
    """A pilot-light or backup-and-restore standby runs nothing until a failover, yet the cost estimate pays for
    a full broker cluster there every month, as if the region served traffic: the estimate is inflated by a whole
    cluster and hides what the real load costs. Price the standby as it runs (no brokers, its topics recreated on
    failover and the outboxes publishing again), or choose a warm standby and say why."""
    measured = {(line.item, line.price): line.quantity for line in subject.measured.cost.lines}
    for i, line in enumerate(subject.design.cost.lines):
        if line.price != "broker_node_month":
            continue
        sized = measured.get((line.item, line.price))
        if sized is None or line.quantity <= sized * STANDBY_SLACK:
            continue
        yield Problem(
            element=line.component or line.item,
            at=("cost", "lines", i),
            message=f"priced at {number(line.quantity)} node-months where the running regions need "
            f"{number(sized)}: the {subject.design.reliability.topology} standby is billed as a full cluster",
            fix="price no brokers in the standby region until failover, or name the topology that keeps them running",
        )


STANDBY_SLACK = 1.2  # a fifth above what the running regions need is rounding, not a second cluster
