"""Every capacity figure of every corpus design is what its formula gives over the inputs it lists, and the
figures that decide a video platform's cost follow its real driver."""

from __future__ import annotations

import pytest

from archgen.capacity.ledger import FigureMismatch, Ledger, adds_up, recomputed
from tests.conftest import DOMAINS, corpus_design


@pytest.mark.parametrize("name", DOMAINS)
def test_every_figure_recomputes_from_its_inputs(name: str) -> None:
    wrong = []
    for figure in corpus_design(name).capacity.figures:
        assert figure.expr, f"{figure.key} has no formula to recompute"
        computed = recomputed(figure)
        assert computed is not None
        if not adds_up(figure, computed):
            wrong.append(f"{figure.key}: {figure.value} but {figure.expr} gives {computed}")
    assert wrong == []


def test_the_ledger_refuses_a_figure_its_inputs_do_not_give() -> None:
    with pytest.raises(FigureMismatch):
        Ledger().add("x", "g", "X", 7, "req/s", "a × b", ("a", 2, "req/s"), ("b", 3, "×"), expr="a * b")


def test_video_delivery_follows_watch_time_and_transcoding_is_priced() -> None:
    design = corpus_design("06-video-platform")
    streamed = design.capacity.value("media.streamed.month")
    figure = next(f for f in design.capacity.figures if f.key == "media.streamed.month")
    assert {i.name for i in figure.inputs} == {"viewers", "watch_s", "bitrate_kbps"}
    delivered = sum(x.quantity for x in design.cost.lines if x.price.startswith("cdn_egress")) * 1e9
    assert delivered >= streamed  # priced after a year of growth, so at least today's watch time
    assert sum(x.quantity for x in design.cost.lines if x.unit == "vCPU-hours") > 0


def test_a_clock_driven_device_peaks_by_the_questionnaires_factor() -> None:
    design = corpus_design("02-smart-meter-telemetry")
    key = next(
        f.key
        for f in design.capacity.figures
        if f.label.startswith("Upload interval readings") and f.key.endswith("peak_rps.now")
    )
    average = design.capacity.value(key.replace("peak_rps.now", "avg_rps"))
    assert design.capacity.value(key) == pytest.approx(average * (design.requirements.load.peak_factor or 1))


def test_every_store_holds_something() -> None:
    for name in DOMAINS:
        assert [s.name for s in corpus_design(name).stores if not s.size_bytes_3y] == [], name


def test_devices_on_a_clock_have_their_burst_shown_and_asked_about() -> None:
    design = corpus_design("10-retail-analytics")
    burst = next(f for f in design.capacity.figures if f.key.endswith("burst_rps.now"))
    assert burst.value == pytest.approx(1_200 / 60)  # every store server within a minute of the tick
    assert any("spread their reports" in q.question for q in design.open_questions)
    assert not any(f.key.endswith("burst_rps.now") for f in corpus_design("06-video-platform").capacity.figures)
