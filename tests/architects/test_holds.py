"""Records that hold one another: one command per step, the claim enforced by the store, the job's date required."""

from __future__ import annotations

from archgen.design import holds
from tests.conftest import corpus_design


def test_an_item_is_handed_out_by_its_loans_command_only() -> None:
    design = corpus_design("12-internal-tool")
    item = design.entity("Item").state_machine
    assert item is not None
    hand_out = next(t for t in item.transitions if t.target == "on_loan")
    assert hand_out.roles == ["system"] and "Loan's hand-out" in hand_out.guard
    paths = [e.path for s in design.services for e in s.endpoints]
    assert "/v1/loans/{id}/hand-out" in paths and "/v1/items/{id}/hand-out" not in paths
    flow = next(f for f in design.flows if f.use_case == "Approve and hand out")
    assert flow.steps[0].message == "POST /v1/loans/{id}/hand-out"


def test_a_loan_claims_its_item_in_the_store_and_the_flow_says_so() -> None:
    design = corpus_design("12-internal-tool")
    index = next(i for i in design.entity("Loan").indexes if holds.claiming(i))
    assert index.fields == ["item"] and "WHERE status in ('approved', 'checked_out', 'overdue')" in index.serves
    flow = next(f for f in design.flows if f.use_case == "Approve and hand out")
    assert any(index.name in s.message for s in flow.steps)


def test_a_booking_excludes_overlapping_nights_of_its_room() -> None:
    design = corpus_design("04-room-bookings")
    index = next(i for i in design.entity("Booking").indexes if holds.claiming(i))
    assert "EXCLUDE USING gist (room WITH =, daterange(check_in, check_out) WITH &&)" in index.serves


def test_the_due_date_the_overdue_job_reads_is_required_when_the_loan_is_approved() -> None:
    design = corpus_design("12-internal-tool")
    approve = next(e for s in design.services for e in s.endpoints if e.path == "/v1/loans/{id}/approve")
    assert approve.request is not None
    assert next(f for f in approve.request.fields if f.name == "due_on").required


def test_the_condition_an_item_came_back_in_updates_the_item() -> None:
    design = corpus_design("12-internal-tool")
    item = design.entity("Item").state_machine
    assert item is not None
    release = next(t for t in item.transitions if t.name == "release")
    assert "its condition takes the Loan's return_condition" in release.guard
