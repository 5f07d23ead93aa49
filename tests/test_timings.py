"""Stage timings: nothing is recorded unless asked, a stage inside another is counted once, and a run of
`generate` is split into the stages the benchmark reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from archgen.common import timings
from archgen.common.timings import recording, stage
from archgen.pipeline import generate
from tests.conftest import example


class Clock:
    """A clock that moves only when told, so the arithmetic of nested stages can be checked exactly."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_stage_inside_another_is_taken_out_of_it(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    monkeypatch.setattr(timings.time, "perf_counter", clock)
    with recording() as seconds:
        with stage("pages"):
            clock.now += 1
            with stage("diagrams"):
                clock.now += 4
            clock.now += 2
            with stage("diagrams"):
                clock.now += 3
        with stage("write"):
            clock.now += 0.5
    assert seconds == {"pages": 3, "diagrams": 7, "write": 0.5}


def test_stages_outside_a_recording_are_not_kept() -> None:
    with stage("load"):
        pass
    with recording() as seconds:
        pass
    assert seconds == {}


def test_generate_is_split_into_its_stages(tmp_path: Path) -> None:
    with recording() as seconds:
        generate(example("minimal"), tmp_path / "out")
    assert set(seconds) == {"load", "architect", "pages", "diagrams", "openapi", "write"}
    assert all(value >= 0 for value in seconds.values())
