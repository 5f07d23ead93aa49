"""Records that become final stay final: an update only before, a correction appended, a result applied by its
sequence, a provider's refusal with its move, and an admin site that keeps the state field read-only."""

from __future__ import annotations

from archgen.design import finality as fin
from archgen.review.engine import review
from tests.conftest import corpus_design


def _machine(design, name):  # type: ignore[no-untyped-def]
    machine = design.entity(name).state_machine
    assert machine is not None
    return machine


def test_a_sent_prescription_is_no_longer_edited_in_place() -> None:
    design = corpus_design("11-health-records")
    machine = _machine(design, "Prescription")
    assert fin.final_states(machine) == ["sent"] and fin.before_final(machine) == ["draft"]
    for edit in fin.updates((e for s in design.services for e in s.endpoints), "Prescription"):
        assert "while it is draft" in edit.summary and "409" in edit.summary
        assert fin.limited(edit, machine)


def test_a_signed_note_is_amended_by_appending_and_can_be_amended_again() -> None:
    design = corpus_design("11-health-records")
    amend = next(t for t in _machine(design, "ClinicalNote").transitions if t.name == "amend")
    assert amend.source == ["signed", "amended"]
    assert "appends a revision linked to the signed clinical note" in amend.guard


def test_a_lab_result_is_applied_by_its_sequence_and_corrected_more_than_once() -> None:
    design = corpus_design("11-health-records")
    moves = {t.name: t for t in _machine(design, "LabResult").transitions}
    assert "sequence number" in moves["final"].guard and "Reference Lab" in moves["final"].guard
    assert moves["correct"].source == ["final", "corrected"] and "sequence number" in moves["correct"].guard


def test_a_declined_authorisation_fails_the_payment() -> None:
    design = corpus_design("03-payments-ledger")
    fail = next(t for t in _machine(design, "Payment").transitions if t.target == "failed")
    assert "created" in fail.source and "system" in fail.roles and "Adyen declines" in fail.guard
    assert "captured" not in fail.source  # a notice about a captured payment asks the acquirer nothing
    assert not any("marked expired" in c for d in design.decisions for c in d.consequences)


def test_the_admin_site_moves_a_status_only_by_its_transitions() -> None:
    design = corpus_design("12-internal-tool")
    said = [c for d in design.decisions for c in d.consequences if "admin site" in c]
    assert said and all("`Loan.status`" in c and "same transitions" in c for c in said)
    assert not [f for f in review(design, design.requirements) if f.rule == "API175"]


def test_a_state_the_decisions_name_that_the_lifecycle_lacks_is_reported() -> None:
    design = corpus_design("03-payments-ledger").model_copy(deep=True)
    assert not [f for f in review(design, design.requirements) if f.rule == "FLOW109"]
    design.decisions[0].consequences.append("an authorisation nobody captures is voided and the payment marked expired")
    found = [f for f in review(design, design.requirements) if f.rule == "FLOW109"]
    assert [f.element for f in found] == [design.decisions[0].id] and "marked expired" in found[0].message
