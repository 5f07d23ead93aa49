"""What a lifecycle leaves to policy reaches the review pack: the period of a timer nobody gave, and who takes
over the open records of staff who leave."""

from __future__ import annotations

from ruamel.yaml import YAML

from archgen.architects.rules import RulesArchitect
from tests.architects.strategies import loaded_from
from tests.conftest import CORPUS, corpus_design


def test_a_grant_that_lapses_on_a_timer_asks_for_its_period() -> None:
    design = corpus_design("12-internal-tool")
    asked = [q.question for q in design.open_questions]
    assert "How long may a Loan stay approved before it becomes cancelled, and is anyone told?" in asked


def test_open_records_naming_staff_ask_who_takes_them_over_when_they_leave() -> None:
    design = corpus_design("11-health-records")
    leaving = [q.question for q in design.open_questions if "leaves" in q.question]
    assert leaving == [
        "When a clinician leaves, what happens to the open Appointments, Encounters, ClinicalNotes, LabOrders and "
        "Prescriptions that name them, and who is told?"
    ]
    assert any(r.title.startswith("Open Appointments") and "clinician leaves" in r.title for r in design.risks)


def test_customers_are_not_asked_about_as_leavers() -> None:
    """The open records of people outside the organisation (its customers) are theirs to close; only staff leave."""
    data = YAML(typ="safe", pure=True).load((CORPUS / "12-internal-tool.yaml").read_text("utf-8"))
    for role in data["users"]["roles"]:
        role.pop("internal", None)
    design = RulesArchitect().design(loaded_from(data))
    assert not [q for q in design.open_questions if "leaves" in q.question]
    assert not [r for r in design.risks if "leaves" in r.title]
