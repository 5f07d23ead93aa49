"""The capacity arithmetic, spot-checked against numbers worked out by hand."""

from __future__ import annotations

import pytest

from archgen.capacity.ledger import Ledger
from archgen.capacity.load import load_figures
from archgen.requirements import load_requirements
from tests.conftest import example


@pytest.fixture(scope="module")
def shop() -> dict[str, float]:
    ledger = Ledger()
    load_figures(load_requirements(example("shop")).requirements, ledger)
    return {f.key: f.value for f in ledger.figures}


RIDES = """
version: 1
system: {name: Rides, summary: Riders book rides; staff review them.}
users:
  daily_active: 10_000
  regions: [europe]
  roles:
    - {name: rider, active_per_day: 8_000}
    - {name: staff, internal: true, active_per_day: 100}
load: {requests_per_user_per_day: 20, read_write_ratio: 4, growth_per_year: 0.5, pattern: steady}
data:
  entities:
    - {name: Trip, fields: {id: uuid, rider: string}, records: 1_000, growth_per_day: 16_000, access: [by_id, by_rider]}
use_cases:
  - {name: Request ride, actor: rider, writes: [Trip], frequency_per_user_per_day: 2}
  - {name: Browse trips, actor: rider, reads: [Trip], frequency_per_user_per_day: 5}
  - {name: Review trips, actor: staff, reads: [Trip], frequency_per_user_per_day: 40}
"""


@pytest.fixture(scope="module")
def rides(tmp_path_factory: pytest.TempPathFactory) -> Ledger:
    path = tmp_path_factory.mktemp("rides") / "requirements.yaml"
    path.write_text(RIDES, encoding="utf-8")
    ledger = Ledger()
    load_figures(load_requirements(path).requirements, ledger)
    return ledger


def approx(value: float) -> object:
    return pytest.approx(value, rel=1e-5)


def test_rates_by_hand(rides: Ledger) -> None:
    figures = {f.key: f.value for f in rides.figures}  # the ledger keeps six decimals
    # each use case: its role's active members × frequency / 86,400 s, × 1.5 at peak (a steady pattern)
    assert figures["use_case.request-ride.avg_rps"] == approx(8_000 * 2 / 86_400)
    assert figures["use_case.review-trips.peak_rps.now"] == approx(100 * 40 / 86_400 * 1.5)
    # the questionnaire states 10,000 × 20 = 200,000 requests a day; the use cases explain 60,000 of them
    assert figures["traffic.avg_rps"] == approx(200_000 / 86_400)
    other = (200_000 - 60_000) / 86_400 * 1.5
    assert figures["traffic.other_rps.now"] == approx(other)
    peak = 200_000 / 86_400 * 1.5
    assert figures["traffic.peak_rps.now"] == approx(peak)
    # writes: the use case that writes, plus a fifth of the other requests (four reads per write)
    writes = 16_000 / 86_400 * 1.5 + other / 5
    assert figures["traffic.peak_write_rps.now"] == approx(writes)
    assert figures["traffic.peak_read_rps.now"] == approx(peak - writes)
    # +50 % a year: 1.5 and 1.5³ = 3.375
    assert figures["traffic.peak_rps.y1"] == approx(peak * 1.5)
    assert figures["traffic.peak_rps.y3"] == approx(peak * 3.375)


def test_every_figure_carries_its_formula_and_inputs(rides: Ledger) -> None:
    for figure in rides.figures:
        assert figure.formula and figure.unit
    peak = next(f for f in rides.figures if f.key == "traffic.peak_rps.now")
    assert [i.name for i in peak.inputs] == ["Request ride", "Browse trips", "Review trips", "other"]
    assert sum(i.value for i in peak.inputs) == pytest.approx(peak.value)


def test_storage_by_hand(shop: dict[str, float]) -> None:
    # Product: 5M rows × 2,000 bytes = 10 GB now; + 10,000/day × 365 = 8.65M rows after a year
    assert shop["storage.Product.bytes.now"] == pytest.approx(10e9)
    assert shop["storage.Product.rows.y1"] == pytest.approx(8_650_000)
    # after 3 years the daily inflow grows with traffic: 365 × 10,000 × (1 + 1.8 + 3.24) = 22,046,000 added
    assert shop["storage.Product.rows.y3"] == pytest.approx(5_000_000 + 22_046_000)
    # Customer keeps rows 2,555 days: at 3 years the cap 3,000 × 1.8³ × 2,555 is far above the rows, so no cut
    assert shop["storage.Customer.rows.y3"] == pytest.approx(2_000_000 + 3_000 * 365 * (1 + 1.8 + 3.24))
    # files: 20M × 300 KB = 6 TB now
    assert shop["files.total.now"] == pytest.approx(6e12)


def test_retention_caps_storage_at_steady_state() -> None:
    loaded = load_requirements(example("telemetry"))
    ledger = Ledger()
    load_figures(loaded.requirements, ledger)
    rows = {f.key: f.value for f in ledger.figures}
    # readings expire after 365 days: after a year, at most 1.728e9/day × 1.5 growth × 365 days are kept
    assert rows["storage.Reading.rows.y1"] == pytest.approx(1.728e9 * 365)  # inflow of the first year, under the cap
    assert rows["storage.Reading.rows.y3"] == pytest.approx(1.728e9 * 1.5**3 * 365)  # capped at steady state


def test_egress_includes_files_served(shop: dict[str, float]) -> None:
    # API: 138.89 req/s × 86,400 × 30.4 × 4 KB = 1.459 TB/month
    assert shop["egress.api.month"] == pytest.approx(138.888889 * 86_400 * 30.4 * 4_000)
    # public images: 300,000 users × 10 views × 300 KB × 30.4 days
    assert shop["egress.files.product-images.month"] == pytest.approx(300_000 * 10 * 300_000 * 30.4)
    assert shop["egress.total.month"] == pytest.approx(
        shop["egress.api.month"] + shop["egress.files.product-images.month"]
    )
