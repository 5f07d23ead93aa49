"""A list read by a group (a team calendar) takes a filter on what says a record's group, and a full-text decision
is never made past the size it says it is to be revisited at."""

from __future__ import annotations

from archgen.review.engine import review
from tests.conftest import corpus_design


def test_a_team_calendar_is_filtered_by_the_team() -> None:
    design = corpus_design("05-b2b-saas-residency")
    (calendar,) = [e for s in design.services for e in s.endpoints if "View team calendar" in e.use_cases]
    # the team of an employee is their manager's reports: one team's page, not everyone's time off
    assert "employee.manager" in {f.field for f in calendar.filters}


def test_records_only_looked_up_by_text_are_not_weighed_against_a_threshold_they_pass() -> None:
    design = corpus_design("04-room-bookings")
    decision = next(d for d in design.decisions if d.title.startswith("Full-text search"))
    assert "No use case searches Guest" in decision.rationale
    assert not [f for f in review(design) if f.rule == "API151"]
