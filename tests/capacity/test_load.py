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


def test_rates_by_hand(shop: dict[str, float]) -> None:
    # 300,000 users × 40 requests / 86,400 s = 138.89 req/s; × peak factor 3 = 416.67 req/s
    assert shop["traffic.avg_rps"] == pytest.approx(138.888889)
    assert shop["traffic.peak_rps.now"] == pytest.approx(416.666667)
    # 20 reads per write: reads 20/21 and writes 1/21 of the peak
    assert shop["traffic.peak_read_rps.now"] == pytest.approx(416.666667 * 20 / 21)
    assert shop["traffic.peak_write_rps.now"] == pytest.approx(416.666667 / 21)
    # +80 % a year: 1.8 and 1.8³ = 5.832
    assert shop["traffic.peak_rps.y1"] == pytest.approx(750.0)
    assert shop["traffic.peak_rps.y3"] == pytest.approx(2430.0)


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


def test_every_figure_carries_its_formula_and_inputs() -> None:
    ledger = Ledger()
    load_figures(load_requirements(example("shop")).requirements, ledger)
    for figure in ledger.figures:
        assert figure.formula and figure.unit
    peak = next(f for f in ledger.figures if f.key == "traffic.peak_rps.now")
    assert [i.name for i in peak.inputs] == ["average", "peak_factor"]
