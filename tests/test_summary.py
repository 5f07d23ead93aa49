"""A run's summary is plain data that survives being kept as JSON."""

from __future__ import annotations

import json

from archgen.common.errors import Problem
from archgen.design.model import Design
from archgen.requirements.resolve import Assumption
from archgen.summary import Assumed, Summary


def test_a_summary_kept_as_json_reads_back_the_same(designs: dict[str, Design]) -> None:
    design = designs["shop"]
    summary = Summary.of(
        design,
        [Assumption(key="load.peak_factor", value="3", reason="typical")],
        None,
        [Problem("careful")],
        {"error": 1, "warning": 2, "info": 5, "waived": 0},
        ["COST001 cost: over the budget"],
    )
    assert summary.services == len(design.services) and summary.system == design.system.name
    assert summary.assumptions == (Assumed("load.peak_factor", "3", "typical"),)
    assert summary.warnings == ("careful",)
    assert (summary.review_errors, summary.review_warnings) == (1, 2)
    assert Summary.from_data(json.loads(json.dumps(summary.as_data()))) == summary


def test_a_run_says_what_its_review_found(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # a design far over its budget is written (the findings page says why) and the run says so where the person looks
    from tests.conftest import ROOT

    text = (ROOT / "tests" / "domains" / "06-video-platform.yaml").read_text(encoding="utf-8")
    assert "budget_usd_per_month: 320_000" in text
    tight = tmp_path / "video.yaml"  # half the budget: more than every priced lever can close
    tight.write_text(text.replace("budget_usd_per_month: 320_000", "budget_usd_per_month: 160_000"), encoding="utf-8")
    done = cli("new", "-r", tight, "-o", tmp_path / "video")
    assert done.exit_code == 0, done.output
    said = next(line for line in done.stdout.splitlines() if line.strip().startswith("review:"))
    findings = (tmp_path / "video" / "docs" / "review" / "findings.md").read_text()
    assert "1 error" in said and "COST001" in findings
    # and names the error there, so nobody has to run another command to learn what it is
    assert any(line.strip().startswith("error COST001 ") for line in done.stdout.splitlines())
