"""The language and framework follow the team: the framework its skills name, else the one the system's shape
needs, recorded in a decision that names the fact that chose it."""

from __future__ import annotations

from typing import Any

import pytest

from archgen.architects.rules import RulesArchitect
from archgen.common import yamlio
from archgen.design.model import Decision, Design
from archgen.review.engine import review
from tests.architects.strategies import loaded_from
from tests.conftest import CORPUS, corpus_design


def _questionnaire(name: str) -> dict[str, Any]:
    data = yamlio.parse((CORPUS / f"{name}.yaml").read_text("utf-8"), f"{name}.yaml").data
    assert isinstance(data, dict)
    return data


def _designed(name: str, **constraints: Any) -> Design:
    data = _questionnaire(name)
    data["constraints"].update(constraints)
    return RulesArchitect().design(loaded_from(data))


def _record(design: Design) -> Decision:
    return next(d for d in design.decisions if d.title == "Language and framework")


def _runtimes(design: Design) -> set[str]:
    return {d.runtime for d in design.deployables if d.services}


def test_a_team_that_lists_django_gets_django_and_the_record_names_the_skill() -> None:
    design = corpus_design("12-internal-tool")
    assert _runtimes(design) == {"Python (Django)"}
    record = _record(design)
    assert record.decision == "Python (Django)"
    assert "django" in record.rationale and "FastAPI" in record.rationale
    assert any("admin site" in c for c in record.consequences)
    assert {"ENG016", "ENG017"}.isdisjoint(f.rule for f in review(design, design.requirements))


@pytest.mark.parametrize(
    ("name", "skills", "skill", "runtime"),
    [
        ("14-claims-workflow", None, "spring", "Java (Spring Boot)"),  # the corpus team lists spring
        ("04-room-bookings", ["typescript", "express", "postgresql"], "express", "TypeScript (Node.js, Express)"),
        ("04-room-bookings", ["typescript", "nestjs", "postgresql"], "nestjs", "TypeScript (Node.js, NestJS)"),
        ("12-internal-tool", ["python", "flask", "postgresql"], "flask", "Python (Flask)"),
    ],
)
def test_the_framework_the_team_lists_is_the_one_built_on(
    name: str, skills: list[str] | None, skill: str, runtime: str
) -> None:
    design = _designed(name, team={"engineers": 3, "skills": skills}) if skills else corpus_design(name)
    assert _runtimes(design) == {runtime}
    record = _record(design)
    assert record.decision == runtime
    assert f"skills name {skill}:" in record.rationale


def test_a_python_team_naming_no_framework_gets_the_admin_for_a_small_staff_tool() -> None:
    """Staff manage records in one small deployable: the batteries-included framework with an admin site."""
    design = _designed("12-internal-tool", team={"engineers": 1, "skills": ["python", "postgresql"]})
    assert _runtimes(design) == {"Python (Django)"}
    record = _record(design)
    assert "names no framework" in record.rationale and "internal tool" in record.rationale
    assert "FastAPI" in record.rationale


def test_a_python_team_holding_open_connections_gets_the_async_framework() -> None:
    design = _designed("08-team-chat", languages=["python"], team={"engineers": 30, "skills": ["python", "redis"]})
    assert _runtimes(design) == {"Python (FastAPI)"}
    assert "Django" in {o.name.split("(")[1].rstrip(")") for o in _record(design).options}


def test_a_language_new_to_the_team_is_owned_by_the_record() -> None:
    design = _designed("12-internal-tool", languages=["go"], team={"engineers": 1, "skills": ["python", "django"]})
    assert _runtimes(design) == {"Go (net/http, chi)"}
    record = _record(design)
    assert any("Go is new to the team" in c for c in record.consequences)
    assert "ENG016" not in {f.rule for f in review(design, design.requirements)}
