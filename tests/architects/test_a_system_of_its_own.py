"""A questionnaire no corpus domain resembles (a council's street-light fault service, pinned to one country where
its cloud has one region), as a new user wrote it: the design passes its own review, says what it cannot meet, and
reads the questionnaire as the user meant it."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from archgen.architects.rules import RulesArchitect
from archgen.design.model import Design
from archgen.render.diagrams.deployment import deployment_view
from archgen.requirements import load_requirements
from archgen.requirements.personal import reaches_someone
from archgen.review.engine import review

QUESTIONNAIRE = Path(__file__).parents[1] / "cli" / "streetlight.yaml"  # the new user's own questionnaire


@functools.cache
def streetlights() -> Design:
    return RulesArchitect().design(load_requirements(QUESTIONNAIRE))


def test_its_design_passes_its_own_review() -> None:
    design = streetlights()
    errors = [f for f in review(design, load_requirements(QUESTIONNAIRE).requirements) if f.severity == "error"]
    assert errors == []


def test_a_region_loss_it_cannot_recover_in_time_is_said_and_asked_not_claimed() -> None:
    design = streetlights()
    (region,) = [f for f in design.reliability.failure_modes if f.component == "region"]
    assert "beyond the RTO of 2 hours: open, put to the owner in Q-" in region.degraded
    assert "(within the RTO)" not in region.degraded
    # no store decision weighs failing over into a region residency leaves no room for
    for decision in design.decisions:
        said = " ".join([decision.rationale, *(p for o in decision.options for p in [*o.pros, *o.cons])])
        assert "fails over to another region" not in said, decision.title


def test_its_backups_are_drawn_where_residency_keeps_them() -> None:
    source = deployment_view(streetlights()).source
    assert "another location in GB" in source and "another region" not in source


def test_a_reporters_email_and_phone_make_the_fault_personal_data() -> None:
    assumed = {a.key: a for a in load_requirements(QUESTIONNAIRE).assumptions}
    fault = assumed["data.entities[Fault].pii"]
    assert fault.value in ("true", "True") and "reporter_email" in fault.reason
    assert assumed["data.entities[WorkOrder].pii"].value in ("false", "False")


@pytest.mark.parametrize(
    ("field", "reaches"),
    [
        ("reporter_email", True),
        ("owner_phone_number", True),
        ("phone", False),  # the record's own line (a clinic's)
        ("support_email", False),  # a function's mailbox
        ("merchant_phone", False),  # a business's
        ("phone_number", False),
    ],
)
def test_a_way_to_reach_someone_is_named_after_them(field: str, reaches: bool) -> None:
    assert reaches_someone(field) is reaches


def test_a_repaired_lamp_is_ok_again() -> None:
    machine = next(e for e in streetlights().entities if e.name == "Lamp").state_machine
    assert machine is not None and machine.terminal == []
    back = {s for t in machine.transitions if t.target == "OK" for s in t.source}
    assert back == {"FAULTY", "REPAIRING"}


def test_planning_work_is_not_read_as_a_target_to_compare_with() -> None:
    assert not any("against a target" in q.question for q in streetlights().open_questions)


def test_a_small_team_is_told_why_it_keeps_one_deployable_in_plain_words() -> None:
    said = " ".join(d.rationale for d in streetlights().decisions)
    assert "5 engineers form one team, and services pay off only when at least 3 teams can each own some" in said
