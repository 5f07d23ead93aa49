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
        design, [Assumption(key="load.peak_factor", value="3", reason="typical")], None, [Problem("careful")]
    )
    assert summary.services == len(design.services) and summary.system == design.system.name
    assert summary.assumptions == (Assumed("load.peak_factor", "3", "typical"),)
    assert summary.warnings == ("careful",)
    assert Summary.from_data(json.loads(json.dumps(summary.as_data()))) == summary
