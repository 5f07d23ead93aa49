"""Every valid questionnaire yields a valid, self-consistent design, the same one every time."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings

from archgen.architects.rules import RulesArchitect
from archgen.design.checks import check
from archgen.design.files import dump_design
from archgen.review import review
from tests.architects.strategies import loaded_from, questionnaires

RECOVERY = ("AVL003", "AVL005", "AVL021")  # recovery the chosen technology cannot deliver


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(questionnaires())
def test_any_questionnaire_gives_a_consistent_deterministic_design(data: dict[str, Any]) -> None:
    loaded = loaded_from(data)
    design = RulesArchitect().design(loaded)
    assert check(design) == []
    errors = [f for f in review(design) if f.severity == "error"]
    # a budget no design can meet (a dollar a month for zero data loss) is a conflict in the requirements: the
    # architect must say so as an open question instead of hiding it
    if any(f.rule == "COST001" for f in errors):
        assert any(q.question.startswith("Can the budget grow") for q in design.open_questions)
    # so are recovery targets no technology on offer meets (five minutes of loss on a cluster without
    # point-in-time recovery): the design says what it achieves and asks which target gives
    if any(f.rule in RECOVERY for f in errors):
        assert any(q.question.startswith("Which gives: RPO") for q in design.open_questions)
    # and two services each reading the other's stream: one keeps a copy as fast as the stream, and the design
    # asks whether they are one service
    if any(f.rule == "CAP017" for f in errors):
        assert any(q.question.endswith("be one service?") for q in design.open_questions)
    allowed = ("COST001", "CAP017", *RECOVERY)
    assert [f for f in errors if f.rule not in allowed] == []
    assert {e.name for e in design.entities} == {e.name for e in loaded.requirements.data.entities}
    assert all(len(d.options) >= 2 for d in design.decisions)
    assert design.cost.total_usd_per_month >= 0
    assert dump_design(RulesArchitect().design(loaded)) == dump_design(design)
