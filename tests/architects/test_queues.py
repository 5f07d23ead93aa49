"""The people who act on records are the ones each step names, find the records waiting for them by state and by
who must act, never approve their own, and can list the category their work starts from."""

from __future__ import annotations

from archgen.design.model import Design, Endpoint, Transition
from tests.conftest import corpus_design


def _ops(design: Design, entity: str) -> dict[tuple[str, str], Endpoint]:
    return {(e.method, e.path): e for s in design.services for e in s.endpoints if e.entity == entity}


def _move(design: Design, entity: str, name: str) -> Transition:
    machine = design.entity(entity).state_machine
    assert machine is not None
    return next(t for t in machine.transitions if t.name == name)


def test_the_self_review_is_the_employees_and_the_manager_review_the_managers() -> None:
    design = corpus_design("05-b2b-saas-residency")
    assert _move(design, "PerformanceReview", "self-review").roles == ["employee"]
    assert _move(design, "PerformanceReview", "manager-review").roles == ["manager"]
    reviews = _ops(design, "PerformanceReview")
    assert reviews[("POST", "/v1/performance-reviews/{id}/self-review")].roles == ["employee"]
    assert "employee" in reviews[("GET", "/v1/performance-reviews")].roles  # employees list their own reviews


def test_a_manager_finds_the_leave_waiting_for_them_and_never_approves_their_own() -> None:
    design = corpus_design("05-b2b-saas-residency")
    approver = next(f for f in design.entity("TimeOffRequest").fields if f.name == "approver")
    assert approver.set_by == "server" and "Employee.manager" in approver.source
    listing = _ops(design, "TimeOffRequest")[("GET", "/v1/time-off-requests")]
    assert "manager" in listing.roles and {"approver", "status"} <= {f.field for f in listing.filters}
    guard = _move(design, "TimeOffRequest", "approve").guard
    assert "its employee" in guard and "who created it" in guard
    flow = next(f for f in design.flows if f.use_case == "Approve time off")
    assert any(guard in s.message for s in flow.steps)


def test_a_supervisor_never_approves_a_claim_they_assessed() -> None:
    design = corpus_design("14-claims-workflow")
    assert "who did the assess step" in _move(design, "Claim", "approve").guard


def test_clerks_list_estimated_reads() -> None:
    design = corpus_design("02-smart-meter-telemetry")
    listing = _ops(design, "Reading")[("GET", "/v1/readings")]
    assert "billing_clerk" in listing.roles and "quality" in {f.field for f in listing.filters}
