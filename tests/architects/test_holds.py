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


def test_a_loan_claims_its_item_for_the_dates_the_approver_binds_and_the_flow_says_so() -> None:
    design = corpus_design("12-internal-tool")
    index = next(i for i in design.entity("Loan").indexes if holds.claiming(i))
    assert index.kind == "exclusion" and index.fields == ["item", "starts_on", "due_on"]
    assert "daterange(starts_on, due_on, '[]')" in index.serves and "THEN NULL" not in index.serves
    assert "WHERE status in ('approved', 'checked_out', 'overdue')" in index.serves
    approve = next(e for s in design.services for e in s.endpoints if e.path == "/v1/loans/{id}/approve")
    assert approve.request is not None
    assert [f.name for f in approve.request.fields if f.required] == ["starts_on", "due_on"]
    flow = next(f for f in design.flows if f.use_case == "Approve and hand out")
    assert any(index.name in s.message for s in flow.steps)


def test_an_overdue_loan_keeps_its_period_tells_the_later_borrowers_and_never_cancels_their_loans() -> None:
    loan = corpus_design("12-internal-tool").entity("Loan").state_machine
    assert loan is not None
    overdue = next(t for t in loan.transitions if t.target == "overdue")
    assert "keeps its claim on starts_on to due_on" in overdue.guard and "open-ended" not in overdue.guard
    assert "never cancels a later Loan" in overdue.guard
    assert "tells its holder, the later Loan's holder and the staff" in overdue.guard
    assert "through its expire move" not in overdue.guard


def test_an_item_returned_damaged_goes_to_repair_not_back_on_the_shelf() -> None:
    item = corpus_design("12-internal-tool").entity("Item").state_machine
    assert item is not None
    repair = next(t for t in item.transitions if t.target == "in_repair" and t.source == ["on_loan"])
    assert repair.roles == ["system"] and "return_condition damaged" in repair.guard
    release = next(t for t in item.transitions if t.name == "release")
    assert "is not damaged" in release.guard


def test_equipment_is_browsed_for_dates_and_answered_from_the_loans_that_overlap_them() -> None:
    design = corpus_design("12-internal-tool")
    browse = next(e for s in design.services for e in s.endpoints if "Browse equipment" in e.use_cases)
    period = [i for i in browse.inputs if i.name in ("available_from", "available_until")]
    assert len(period) == 2 and not [i for i in period if i.required]  # staff may still browse without dates
    assert "says whether it is free then" in period[0].description
    assert browse.response is not None
    free = next(f for f in browse.response.fields if f.name == "free_for_period")
    assert free.type == "bool" and free.read_only and "[available_from, available_until)" in free.description
    flow = next(f for f in design.flows if f.use_case == "Browse equipment")
    assert any("overlaps [available_from, available_until)" in s.message for s in flow.steps)


def test_an_item_is_retired_only_when_no_loan_holds_it_ahead() -> None:
    item = corpus_design("12-internal-tool").entity("Item").state_machine
    assert item is not None
    retire = next(t for t in item.transitions if t.name == "retire")
    assert "no live Loan (approved, checked_out, overdue) holds it" in retire.guard


def test_an_approved_loan_nobody_collects_lapses_by_a_job() -> None:
    design = corpus_design("12-internal-tool")
    job = next(j for j in design.jobs if "Loan" in j.name)
    assert "through its expire move" in job.description and job.service == "loans"


def test_an_appointment_keeps_the_end_its_length_makes_and_serialises_on_its_clinician() -> None:
    design = corpus_design("11-health-records")
    appointment = design.entity("Appointment")
    end = next(f for f in appointment.fields if f.name == "ends_at")
    assert end.set_by == "server" and end.source == "starts_at + duration_min"
    index = next(i for i in appointment.indexes if holds.claiming(i))
    assert index.fields == ["clinician", "starts_at", "ends_at"] and "FOR UPDATE" in index.serves


def test_a_booking_sold_by_type_claims_its_room_only_once_check_in_assigns_it() -> None:
    booking = corpus_design("04-room-bookings").entity("Booking")
    index = next(i for i in booking.indexes if holds.claiming(i))
    assert "EXCLUDE USING gist (room WITH =, daterange(check_in, check_out) WITH &&)" in index.serves
    assert "WHERE status in ('checked_in')" in index.serves and "Inventory's count per night" in index.serves
    room = next(f for f in booking.fields if f.name == "room")
    assert not room.required


def test_a_booking_an_ota_sends_keeps_its_reference_and_every_stop_sell_is_pushed() -> None:
    design = corpus_design("04-room-bookings")
    booking = design.entity("Booking")
    key = next(i for i in booking.indexes if "channel_reference" in i.fields)
    assert key.kind == "unique" and key.fields == ["channel", "channel_reference"]
    push = next(e for e in design.events if e.name == "InventoryStopSell")
    assert push.entity == "Inventory" and "Channel Manager is told at once" in push.trigger
    assert "Receive OTA booking" in push.use_cases and "Take walk-in or phone booking" in push.use_cases


def test_the_stop_sell_reaches_the_channel_from_every_flow_that_sells_out_a_night() -> None:
    design = corpus_design("04-room-bookings")
    push = next(e for e in design.events if e.name == "InventoryStopSell")
    for flow in (f for f in design.flows if f.use_case in ("Confirm booking with deposit", "Receive OTA booking")):
        calls = [s for s in flow.steps if s.source in push.consumers and s.target == "Channel Manager"]
        assert calls and "push InventoryStopSell to Channel Manager at once" in calls[0].message
    sync = next(d for d in design.decisions if d.title == "How availability stays in step with the sales channels")
    assert sync.decision == "Push every change at once, with a periodic full sync"
    assert any("relocated" in c for c in sync.consequences)


def test_a_booking_made_from_a_hold_keeps_the_holds_expiry_and_sells_nothing_before_payment() -> None:
    design = corpus_design("04-room-bookings")
    booking = design.entity("Booking").state_machine
    assert booking is not None
    expire = next(t for t in booking.transitions if t.name == "expire")
    assert expire.guard.startswith("a timer at its Hold's expires_at") and "minutes" not in expire.guard
    confirm = next(f for f in design.flows if f.use_case == "Confirm booking with deposit")
    assert not any("moves to sold" in s.message for s in confirm.steps)
    assert any("re-checked" in s.message for s in confirm.steps)
    hold = next(d for d in design.decisions if d.title == "How a hold becomes a booking")
    assert not any("extended" in c for c in hold.consequences)
    assert not any(q.raised_by == "data.entities[Booking].lifecycle.expire" for q in design.open_questions)


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


def test_a_reservations_one_timer_is_swept_as_often_as_the_stated_sweep_of_its_hold() -> None:
    """A booking keeps its hold's ten-minute expiry: the job that releases bookings runs every minute, as the
    questionnaire's Expire holds does, not hourly (which kept the last room up to seventy minutes)."""
    design = corpus_design("04-room-bookings")
    job = next(j for j in design.jobs if j.name == "Release Bookings whose time ran out")
    assert job.schedule.startswith("* * * * *")


def test_whoever_retires_a_resource_may_cancel_the_claims_it_waits_for() -> None:
    """Retiring an item waits until no approved loan holds it: the office manager who retires it may cancel those
    loans, or a leaver's booking would block the retirement for good."""
    design = corpus_design("12-internal-tool")
    machine = design.entity("Loan").state_machine
    assert machine is not None
    cancel = next(t for t in machine.transitions if t.name == "cancel")
    assert "approved" in cancel.source and "office_manager" in cancel.roles
    endpoint = next(e for s in design.services for e in s.endpoints if e.path.endswith("/loans/{id}/cancel"))
    assert "office_manager" in endpoint.roles


def test_the_confirmation_email_waits_for_the_payment_that_confirms_the_booking() -> None:
    """A booking is made awaiting its deposit: the guest's e-mail goes out from the confirm move's event, once
    Stripe's answer confirms it, never from the booking's creation."""
    design = corpus_design("04-room-bookings")
    flow = next(f for f in design.flows if f.use_case == "Confirm booking with deposit")
    events = {e.name for e in design.events}
    heard = [s.message for s in flow.steps if s.message in events]
    call = next(i for i, s in enumerate(flow.steps) if s.message.startswith("call SendGrid"))
    before = [s.message for s in flow.steps[:call] if s.message in events]
    assert before[-1] == "BookingConfirmed" and "BookingCreated" not in heard
    machine = design.entity("Booking").state_machine
    assert machine is not None
    assert next(t for t in machine.transitions if t.name == "confirm").emits == "BookingConfirmed"
