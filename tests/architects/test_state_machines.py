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
