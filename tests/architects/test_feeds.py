"""Derived data has a path that writes it: copies and counts a service keeps are fed by their owners' events, and
reference data nothing changes is not claimed to be."""

from __future__ import annotations

import functools

from archgen.architects.rules import RulesArchitect
from archgen.design.counters import counters
from archgen.design.model import Design
from archgen.requirements import load_requirements
from tests.conftest import ROOT


@functools.cache
def _design(name: str) -> Design:
    return RulesArchitect().design(load_requirements(ROOT / "tests" / "domains" / f"{name}.yaml"))


def test_a_count_of_another_services_records_is_fed_by_their_events() -> None:
    design = _design("04-room-bookings")
    across = [c for c in counters(design.entities) if c.counted.owner != c.entity.owner]
    assert across, "the hotel's room types count the rooms another service owns"
    for counter in across:
        fed = [e for e in design.events if e.entity == counter.counted.name and counter.entity.owner in e.consumers]
        assert fed, f"{counter.entity.name}.{counter.field} hears of no {counter.counted.name}"
        steps = [s.message for f in design.flows for s in f.steps if s.source == counter.entity.owner]
        assert any(counter.field in m.replace("\\_", "_") for m in steps)
        stored = next(f for f in counter.entity.fields if f.name == counter.field)
        assert counter.counted.owner in stored.source


def test_reference_data_nothing_changes_is_not_claimed_as_fed_by_events() -> None:
    design = _design("02-smart-meter-telemetry")
    claims = [s.message for f in design.flows for s in f.steps if "copy of Meter (kept from" in s.message]
    assert claims == []
    assert any("Meter" in q.question and "come from" in q.question for q in design.open_questions)
