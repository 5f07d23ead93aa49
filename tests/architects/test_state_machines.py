"""The lifecycles the rules architect draws follow what really happens to the record: people make their decisions,
an approval can be refused and lapses when nobody takes it up, every end reaches the closing state, a record waiting
for its payer moves on with the money, and a stated limit or four-eyes rule is the guard of its move."""

from __future__ import annotations

from archgen.architects.rules.lifecycle import lifecycle_of
from archgen.design.model import StateMachine
from archgen.requirements import load_requirements
from tests.conftest import ROOT, corpus_design


def machine(domain: str, entity: str) -> StateMachine:
    req = load_requirements(ROOT / "tests" / "domains" / f"{domain}.yaml").requirements
    found = lifecycle_of(req, req.entity(entity)).machine
    assert found is not None
    return found


def move(machine: StateMachine, target: str) -> list[tuple[list[str], list[str], str | None, str]]:
    return [(t.source, t.roles, t.use_case, t.guard) for t in machine.transitions if t.target == target]


def test_a_loan_request_can_be_refused_and_an_uncollected_approval_lapses() -> None:
    loan = machine("12-internal-tool", "Loan")
    refusals = [(s, r) for s, r, _, _ in move(loan, "cancelled") if "office_manager" in r]
    assert refusals and "requested" in refusals[0][0]
    assert any("approved" in s and r == ["system"] and g for s, r, _, g in move(loan, "cancelled"))


def test_staff_take_an_item_to_repair_and_retire_it_from_their_own_use_case() -> None:
    item = machine("12-internal-tool", "Item")
    for target in ("in_repair", "retired"):
        for source, roles, use_case, _ in move(item, target):
            if roles == ["system"]:  # a damaged return sends it to repair with the loan's return
                assert (source, target, use_case) == (["on_loan"], "in_repair", "Record return")
                continue
            assert roles == ["office_manager"] and use_case == "Manage equipment"
            assert "on_loan" not in source  # never while someone has it
    assert any(s == ["in_repair"] and r == ["office_manager"] for s, r, _, _ in move(item, "available"))


def test_a_claim_is_rejected_by_a_person_within_their_limit_and_every_end_is_closed() -> None:
    claim = machine("14-claims-workflow", "Claim")
    (reject,) = move(claim, "rejected")
    assert "system" not in reject[1] and "adjuster" in reject[1] and reject[3]
    assert all(guard for _, _, _, guard in move(claim, "approved"))
    assert claim.terminal == ["closed"]
    (close,) = move(claim, "closed")
    assert {"rejected", "withdrawn", "paid"} <= set(close[0])


def test_a_booking_waiting_for_its_deposit_is_confirmed_by_the_payment() -> None:
    booking = machine("04-room-bookings", "Booking")
    (confirm,) = move(booking, "confirmed")
    assert "payment" in confirm[3] and "same request" not in confirm[3]


def test_a_report_is_appealed_after_its_decision() -> None:
    report = machine("07-social-feed", "Report")
    (appeal,) = move(report, "appealed")
    assert set(appeal[0]) == {"actioned", "dismissed"} and appeal[3]


def test_a_notification_of_a_state_of_several_words_hears_its_transition() -> None:
    """ "When the driver arrives" names the state driver_arrived: the rider's phone is told on that move, not on
    every change of the trip."""
    design = corpus_design("01-ride-hailing")
    flow = next(f for f in design.flows if f.use_case == "Notify rider of driver arrival")
    heard = {s.message for s in flow.steps if s.kind == "async" and s.message.startswith("Trip")}
    assert heard == {"TripDriverArrived"}


def test_a_leaver_is_terminated_or_deprovisioned_wherever_they_stand_and_comes_back_from_leave() -> None:
    employee = machine("05-b2b-saas-residency", "Employee")
    (terminate,) = move(employee, "terminated")
    assert set(terminate[0]) == {"onboarding", "active", "on_leave"}
    assert any("on_leave" in source for source, _, _, _ in move(employee, "active"))
    account = machine("05-b2b-saas-residency", "UserAccount")
    (deprovision,) = move(account, "deprovisioned")
    assert {"active", "suspended"} <= set(deprovision[0])


def test_a_false_alarm_is_closed_and_a_signed_visit_is_billed() -> None:
    (close,) = move(machine("02-smart-meter-telemetry", "Outage"), "closed")
    assert "suspected" in close[0]
    (bill,) = move(machine("11-health-records", "Encounter"), "billed")
    assert set(bill[0]) == {"signed", "amended"}


def test_each_stage_of_a_written_review_takes_its_content_and_the_employee_submits_their_self_review() -> None:
    design = corpus_design("05-b2b-saas-residency")
    steps = {e.transition: e for s in design.services for e in s.endpoints if e.entity == "PerformanceReview"}
    for name in ("self-review", "manager-review", "calibrate"):
        body = steps[name].request
        assert body is not None and {"content", "rating"} <= {f.name for f in body.fields}
    # each stage is taken by the role it is named for: the employee their self-review, the manager theirs
    assert steps["self-review"].roles == ["employee"] and steps["manager-review"].roles == ["manager"]
    reads = [e for s in design.services for e in s.endpoints if e.entity == "PerformanceReview" and e.action == "get"]
    assert all("employee" in e.roles for e in reads)  # who writes their self-review reads what they write on


def test_a_claim_can_be_taken_into_assessment_and_a_lab_result_is_acknowledged_not_rewritten() -> None:
    claims = corpus_design("14-claims-workflow")
    assert any(e.entity == "Claim" and e.transition == "in-assessment" for s in claims.services for e in s.endpoints)
    health = corpus_design("11-health-records")
    results = [e for s in health.services for e in s.endpoints if e.entity == "LabResult"]
    assert not any(e.method == "PATCH" for e in results)
    assert any(e.path.endswith("/{id}/acknowledge") and "physician" in e.roles for e in results)
