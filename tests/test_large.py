"""The synthetic questionnaires of the tests and the benchmark are valid and as big as they say."""

from __future__ import annotations

from pathlib import Path

from archgen.common import yamlio
from archgen.requirements import load_requirements
from tests.conftest import example
from tests.large import scaled_questionnaire


def test_a_scaled_questionnaire_is_valid_and_repeats_everything_it_scales(tmp_path: Path) -> None:
    original = yamlio.load(example("shop"), "questionnaire").data
    path = tmp_path / "scaled.yaml"
    path.write_text(yamlio.dump(scaled_questionnaire(original, 3)), encoding="utf-8")
    req = load_requirements(path).requirements
    assert len(req.data.entities) == 3 * len(original["data"]["entities"])
    assert len(req.data.domains) == 3 * len(original["data"]["domains"])
    assert len(req.use_cases) == 3 * len(original["use_cases"])
    # each copy refers to its own entities only
    third = req.entity("Order3")
    assert {t.references for t in third.fields.values() if t.references} == {"Customer3", "Product3"}
    assert [d.entities for d in req.data.domains if d.name == "ordering-3"] == [["Order3", "Customer3"]]


def test_one_copy_is_the_questionnaire_itself() -> None:
    original = yamlio.load(example("telemetry"), "questionnaire").data
    assert scaled_questionnaire(original, 1) == original
