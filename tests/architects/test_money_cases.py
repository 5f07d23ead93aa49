"""Money a case or a provider would leave half done: a claim's reserve is posted as the claim moves, payments
released in runs under dual control go in batches two people sign, and a top-up is captured at once."""

from __future__ import annotations

from archgen.design.model import Design
from tests.conftest import corpus_design


def _flow(design: Design, use_case: str) -> str:
    return " | ".join(s.message for f in design.flows if f.use_case == use_case for s in f.steps)


def test_a_claims_reserve_is_set_on_assessment_and_released_at_closure() -> None:
    design = corpus_design("14-claims-workflow")
    assessed = _flow(design, "Assess claim")
    assert "post the reserve set (incurred losses debited, the reserve for approved payments credited)" in assessed
    assert "only the change" in assessed
    released = [
        f.use_case for f in design.flows if any(s.message.startswith("post the reserve released (") for s in f.steps)
    ]
    assert released, "no flow releases the reserve when a claim ends"
    ledger = next(s for s in design.services if "double-entry journal" in s.responsibility)
    assert "incurred losses" in ledger.responsibility


def test_payments_released_in_runs_go_in_batches_two_people_sign() -> None:
    design = corpus_design("14-claims-workflow")
    batch = design.entity("PaymentBatch")
    assert batch.state_machine is not None
    moves = {t.name: t for t in batch.state_machine.transitions}
    assert moves["release"].source == ["approved"]
    assert "the caller differs from approved_by" in moves["release"].guard
    assert moves["send"].source == ["released"] and moves["send"].use_case == "Send payment batch"
    fields = {f.name: f for f in batch.fields}
    assert fields["approved_by"].set_by == fields["released_by"].set_by == "server"
    reference = next(f for f in design.entity("ClaimPayment").fields if f.name == "batch")
    assert reference.set_by == "server" and not reference.required


def test_a_top_up_is_captured_at_once_by_the_providers_caller() -> None:
    design = corpus_design("03-payments-ledger")
    machine = design.entity("Payment").state_machine
    assert machine is not None
    capture = next(t for t in machine.transitions if t.name == "capture")
    assert "system" in capture.roles and "'Top up wallet by card'" in capture.guard
    assert "asks Adyen to capture it at once" in _flow(design, "Top up wallet by card")
