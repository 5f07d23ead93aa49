"""How many events a second an event carries: the records its causes write, bounded by what it reports.

An event that announces new records (or removed ones) cannot outrun the rate at which the entity gains records,
whatever else its causes write (a read mark updates a membership; it creates none). Shared by the architect and
the capacity model so that both give every event the same rate.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from importlib import resources

from ruamel.yaml import YAML

from archgen.capacity import constants as c
from archgen.capacity.load import (
    active_members,
    actor_role,
    growth,
    records_per_call,
    records_per_run,
    use_case_rate,
)
from archgen.design import model as m
from archgen.knowledge.derived_feeds import derived_feeds
from archgen.knowledge.derived_load import batched
from archgen.requirements.model import Requirements, UseCase


@functools.cache
def _suffixes() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The endings of the names of events that announce a new record, and a removed one."""
    text = resources.files("archgen.knowledge").joinpath("flow_words.yaml").read_text("utf-8")
    data = YAML(typ="safe", pure=True).load(text)
    return tuple(data["creation_suffixes"]), tuple(data["removal_suffixes"])


def reports_rows(event: m.Event) -> bool:
    """Whether an event announces records added or removed (not a change of one)."""
    created, removed = _suffixes()
    return event.name.endswith(created + removed)


def causes(req: Requirements, event: m.Event) -> list[str]:
    """The use cases whose work publishes an event: its own list, else every use case writing its entity."""
    if event.use_cases:
        return list(event.use_cases)
    return [u.name for u in req.use_cases if event.entity is not None and event.entity in u.writes]


def rows_added(req: Requirements, entity: str | None) -> float | None:
    """Records of an entity added a second at peak after three years, where the questionnaire states its growth."""
    stated = next((e.growth_per_day for e in req.data.entities if e.name == entity), None)
    if not stated:
        return None
    return stated / c.SECONDS_PER_DAY * (req.load.peak_factor or 1.0) * growth(req, 3)


def held(req: Requirements, entity: str | None) -> float:
    """Records an entity holds after three years: those it has now and its stated growth since."""
    found = next((e for e in req.data.entities if e.name == entity), None)
    if found is None:
        return 0.0
    return float(found.records + found.growth_per_day * 365 * 3)


def changed_per_run(req: Requirements, use_case: UseCase, entity: str | None) -> float:
    """Records of an entity one run of a scheduled job changes after three years: at most one for each record it
    reads since its last run, for each member who wrote those in one run's time, and every record the entity
    holds; its batch where it reads nothing that grows."""
    read = records_per_run(req, use_case)
    if not read:
        return float(use_case.batch_size)
    bounds = [read, held(req, entity), writers(req, use_case)]
    return min(b for b in bounds if b)


def writers(req: Requirements, use_case: UseCase) -> float:
    """Members who write the input a job reads within one run after three years: those of the roles writing it
    online at once (or active in a day); 0 where a system or an integration writes it too (no bound)."""
    grown = [n for n in use_case.reads if req.entity(n).growth_per_day]
    if not grown:
        return 0.0
    source = max(grown, key=lambda n: req.entity(n).growth_per_day)
    total = 0.0
    for other in req.use_cases:
        if source not in other.writes or other is use_case:
            continue
        role = actor_role(req, other)
        if role is None:
            return 0.0
        total += role.peak_online or active_members(req, role)
    return total * growth(req, 3)


def runs_per_s(req: Requirements, use_case: UseCase) -> float:
    """Runs a second of a scheduled job: its cadence, which does not grow with the load."""
    return use_case_rate(req, use_case).avg


def job_driven(req: Requirements, event: m.Event) -> bool:
    """Whether a scheduled job's run publishes the event."""
    named = set(causes(req, event))
    return any(u.name in named and u.interaction == "scheduled" for u in req.use_cases)


def handled_rate(req: Requirements, event: m.Event, entities: Sequence[m.EntityDesign] = ()) -> float:
    """Records a second each consumer applies after three years: every record a job's run changed, whether the run
    announces them one message each or in one list; for other events, one a message."""
    if derived_feeds().uploaded(event.trigger):
        return _upload_records(req, event)
    if not batched(event.trigger):
        return event_rate(req, event, entities)
    named = set(causes(req, event))
    total = 0.0
    for use_case in req.use_cases:
        if use_case.name in named and use_case.interaction == "scheduled":
            total += runs_per_s(req, use_case) * changed_per_run(req, use_case, event.entity)
    return max(total, event_rate(req, event, entities))


def _upload_records(req: Requirements, event: m.Event) -> float:
    """Records a second the uploads of an event carry, each upload one message with all of its records."""
    named = set(causes(req, event))
    return sum(
        use_case_rate(req, u).peak_y3 * records_per_call(req, u, event.entity)
        for u in req.use_cases
        if u.name in named and event.entity is not None and event.entity in u.writes
    )


def once_per_record(entities: Sequence[m.EntityDesign], event: m.Event) -> bool:
    """Whether each record takes the move that publishes an event about once in its life: the move of its entity's
    lifecycle that emits it ends in a state the record cannot come back to (a terminal one, or one no path leads back
    to), or no use case makes it (a timer's or a person's move on one record, not a member's routine)."""
    entity = next((e for e in entities if e.name == event.entity), None)
    machine = entity.state_machine if entity is not None else None
    move = next((t for t in machine.transitions if t.emits == event.name), None) if machine else None
    if machine is None or move is None:
        return False
    return move.use_case is None or move.target in machine.terminal or not _returns_to(machine, move.target)


def _returns_to(machine: m.StateMachine, state: str) -> bool:
    """Whether some path of moves leads from a state back to itself."""
    seen, frontier = set(), [state]
    while frontier:
        here = frontier.pop()
        for move in machine.transitions:
            if here in move.source and move.target not in seen:
                if move.target == state:
                    return True
                seen.add(move.target)
                frontier.append(move.target)
    return False


def event_rate(req: Requirements, event: m.Event, entities: Sequence[m.EntityDesign] = ()) -> float:
    """Events a second at peak after three years: the records its causes write of its entity (a batch per call
    where they do not write it; a job's run, every record it changes, or one message where it lists them), and no
    more new or removed records than the entity gains, nor more moves a record takes once in its life (`entities`
    hold the lifecycles) than records are added."""
    named = set(causes(req, event))
    written = 0.0
    for use_case in req.use_cases:
        if use_case.name not in named:
            continue
        calls = use_case_rate(req, use_case).peak_y3
        if use_case.interaction == "scheduled" and event.entity in use_case.writes:
            runs = runs_per_s(req, use_case)
            written += runs if batched(event.trigger) else runs * changed_per_run(req, use_case, event.entity)
        elif event.entity is not None and event.entity in use_case.writes:
            each = 1.0 if derived_feeds().uploaded(event.trigger) else records_per_call(req, use_case, event.entity)
            written += calls * each
        else:
            written += calls * use_case.batch_size
    added = rows_added(req, event.entity) if reports_rows(event) or once_per_record(entities, event) else None
    if added is None:
        return written
    return min(written, added) if written else added
