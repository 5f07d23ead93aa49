"""Outside parties engaged on a case and waits on someone outside, as a reader of the claims design checks them:
staff engage an assessor firm by an operation with a body, and asking the claimant for more stops the SLA clock."""

from __future__ import annotations

from tests.conftest import corpus_design


def test_staff_engage_an_outside_firm_on_a_case_by_an_operation_with_a_body() -> None:
    design = corpus_design("14-claims-workflow")
    engage = next(e for s in design.services for e in s.endpoints if "Engage loss assessor" in e.use_cases)
    assert engage.method == "POST" and engage.entity == "AccessGrant"
    assert engage.roles == ["adjuster"]  # staff who work the claim, never the assessor itself
    assert engage.request is not None
    body = {f.name: f for f in engage.request.fields}
    assert {"grantee", "grantee_organisation", "object_id", "valid_until", "reason"} <= set(body)
    assert body["object_id"].type == "ref[Claim]" and body["grantee"].required
    # the role is the outside one, fixed by the server: the adjuster cannot engage themselves
    assert body["grantee_role"].type == "enum[loss_assessor]" and body["grantee_role"].read_only


def test_asking_for_more_information_waits_in_a_state_that_stops_the_clock() -> None:
    design = corpus_design("14-claims-workflow")
    claim = next(e for e in design.entities if e.name == "Claim")
    assert claim.state_machine is not None
    assert "awaiting_information" in claim.state_machine.states
    assert "sla_paused_at" in {f.name for f in claim.fields}
    moves = {t.name: t for t in claim.state_machine.transitions}
    assert moves["request"].target == "awaiting_information"
    assert moves["request"].use_case == "Request more information"
    assert moves["resume"].source == ["awaiting_information"] and moves["resume"].target == moves["request"].source[-1]
    # the wait is a side state: deciding a claim never passes through it
    assert "awaiting_information" not in moves["decide"].source
