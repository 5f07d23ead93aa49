"""Identity and segregation of duties, as a reader of the corpus designs would check them: the person never edits
what identifies them while the staff who register them can, and a four-eyes decision holds against the author of
what it relies on, the exits that end the case and the field that assigns it."""

from __future__ import annotations

from archgen.design.later import carried_by_moves, unsent
from archgen.design.obtaining import may_set
from tests.conftest import corpus_design


def test_a_patient_cannot_rewrite_their_record_number_and_the_front_desk_enters_their_name() -> None:
    patient = corpus_design("11-health-records").entity("Patient")
    fields = {f.name: f for f in patient.fields}
    for name in ("mrn", "date_of_birth"):
        assert not may_set(patient, fields[name], "patient")
        assert may_set(patient, fields[name], "front_desk")
    # the front desk registers walk-ins, names included; the portal still lets patients keep their phone current
    assert fields["first_name"].set_by == "client" and may_set(patient, fields["first_name"], "front_desk")
    assert may_set(patient, fields["phone"], "patient")


def test_an_employee_keeps_their_address_but_hr_keeps_their_legal_name() -> None:
    employee = corpus_design("05-b2b-saas-residency").entity("Employee")
    fields = {f.name: f for f in employee.fields}
    assert not may_set(employee, fields["legal_name"], "employee")
    assert not may_set(employee, fields["date_of_birth"], "employee")
    assert may_set(employee, fields["home_address"], "employee")


def test_a_claim_decision_cannot_be_taken_around_its_four_eyes() -> None:
    design = corpus_design("14-claims-workflow")
    author = next(f for f in design.entity("Assessment").fields if f.name == "created_by")
    assert author.set_by == "server" and "token" in author.source
    machine = design.entity("Claim").state_machine
    assert machine is not None
    moves = {t.name: t for t in machine.transitions}
    assert "created_by" in moves["decide"].guard
    # closing a claim rejects it as surely as the decision does
    assert "the caller is not who did an earlier step" in moves["close"].guard
    claim = design.entity("Claim")
    # nobody assigns a claim to themselves: the supervisor does, through the reassignment
    assigned = next(f for f in claim.fields if f.name == "assigned_adjuster")
    assert assigned.writers == ["supervisor"]
    assert may_set(claim, assigned, "supervisor") and not may_set(claim, assigned, "adjuster")


def test_what_a_role_is_given_to_set_reaches_the_server_through_its_operations() -> None:
    design = corpus_design("14-claims-workflow")
    claim = design.entity("Claim")
    reassign = next(e for s in design.services for e in s.endpoints if e.operation_id == "reassignClaim")
    assert "supervisor" in reassign.roles
    # the reserve the adjuster sets on a claim the policyholder files arrives with the adjuster's first move
    carried = carried_by_moves(design.requirements, design.services, claim)
    assert claim.state_machine is not None
    moves = claim.state_machine.transitions
    first = next(t for t in moves if "adjuster" in t.roles and not t.guard.startswith("right"))
    assert "reserve_amount" in [f.name for f in carried[first.name]]
    sent_by_moves = {f.name for fields in carried.values() for f in fields}
    assert {f.name for f in unsent(design.services, claim)} <= sent_by_moves
