"""How many events a second an event carries: the records its causes write, bounded by what it reports.

An event that announces new records (or removed ones) cannot outrun the rate at which the entity gains records,
whatever else its causes write (a read mark updates a membership; it creates none). Shared by the architect and
the capacity model so that both give every event the same rate.
"""

from __future__ import annotations

import functools
from importlib import resources

from ruamel.yaml import YAML

from archgen.capacity import constants as c
from archgen.capacity.load import growth, records_per_call, use_case_rate
from archgen.design import model as m
from archgen.requirements.model import Requirements


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


def event_rate(req: Requirements, event: m.Event) -> float:
    """Events a second at peak after three years: the records its causes write of its entity (a batch per call
    where they do not write it), and no more new or removed records than the entity gains."""
    named = set(causes(req, event))
    written = 0.0
    for use_case in req.use_cases:
        if use_case.name not in named:
            continue
        calls = use_case_rate(req, use_case).peak_y3
        if event.entity is not None and event.entity in use_case.writes:
            written += calls * records_per_call(req, use_case, event.entity)
        else:
            written += calls * use_case.batch_size
    added = rows_added(req, event.entity) if reports_rows(event) else None
    if added is None:
        return written
    return min(written, added) if written else added
