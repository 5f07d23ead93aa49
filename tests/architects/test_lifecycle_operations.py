"""The rules architect completes each entity's lifecycle with the operations no use case names: people can make
and find what they make, edit a draft before it is signed, join and leave, delete what may be deleted (never an
audit trail), reassign work, read their own record and be provisioned the way they sign in."""

from __future__ import annotations

import pytest

from archgen.design.model import Design, Endpoint
from tests.conftest import DOMAINS, corpus_design


def _ops(design: Design, entity: str) -> dict[tuple[str, str], Endpoint]:
    return {(e.method, e.path): e for s in design.services for e in s.endpoints if e.entity == entity}


def test_a_chat_member_can_create_join_and_leave_a_channel_and_delete_a_message() -> None:
    design = corpus_design("08-team-chat")
    channels = _ops(design, "Channel")
    assert ("POST", "/v1/channels") in channels
    memberships = _ops(design, "ChannelMembership")
    join, leave = (
        memberships[("POST", "/v1/channel-memberships")],
        memberships[("DELETE", "/v1/channel-memberships/{id}")],
    )
    assert "member" in join.roles and "member" in leave.roles
    assert join.use_cases == [] and "Join" in join.summary  # says which lifecycle it completes, claims no use case
    assert ("DELETE", "/v1/messages/{id}") in _ops(design, "Message")


def test_a_clinical_note_is_written_and_edited_as_a_draft_before_it_is_signed() -> None:
    design = corpus_design("11-health-records")
    notes = _ops(design, "ClinicalNote")
    assert notes[("POST", "/v1/clinical-notes")].roles == ["physician"]
    edit = notes[("PATCH", "/v1/clinical-notes/{id}")]
    assert "draft" in edit.summary and "sign" in edit.summary


def test_a_claim_is_reassigned_by_staff_not_by_its_claimant() -> None:
    design = corpus_design("14-claims-workflow")
    reassign = _ops(design, "Claim")[("PATCH", "/v1/claims/{id}")]
    assert "assigned_adjuster" in reassign.summary
    assert "policyholder" not in reassign.roles and reassign.roles


def test_tenants_provision_users_by_scim_and_manage_their_webhook_subscriptions() -> None:
    design = corpus_design("05-b2b-saas-residency")
    users = _ops(design, "UserAccount")
    for method, path in (("POST", "/scim/v2/Users"), ("DELETE", "/scim/v2/Users/{id}")):
        assert users[(method, path)].auth == "service"
        assert users[(method, path)].roles == ["scim_client"]
    hooks = _ops(design, "WebhookSubscription")
    for method, path in (("POST", "/v1/webhook-subscriptions"), ("DELETE", "/v1/webhook-subscriptions/{id}")):
        assert hooks[(method, path)].roles == ["it_admin"]


def test_staff_who_sign_in_with_single_sign_on_are_provisioned_on_first_sign_in() -> None:
    design = corpus_design("12-internal-tool")
    me = _ops(design, "StaffMember")
    assert ("GET", "/v1/me") in me
    assert "first sign-in" in me[("PUT", "/v1/me")].summary


def test_what_people_save_with_no_lifecycle_can_be_deleted_by_them() -> None:
    design = corpus_design("13-required-only")  # a plan's entries point at recipes; nothing points at an entry
    deletes = [e for (method, _), e in _ops(design, "MealPlanEntry").items() if method == "DELETE"]
    assert deletes and deletes[0].roles == ["user"]


@pytest.mark.parametrize("name", DOMAINS)
def test_no_operation_deletes_an_append_only_record(name: str) -> None:
    design = corpus_design(name)
    append_only = {e.name for e in design.requirements.data.entities if e.mutability == "append_only"}
    deletes = [e.path for s in design.services for e in s.endpoints if e.method == "DELETE" and e.entity in append_only]
    assert not deletes


def test_every_step_of_a_claim_people_take_is_an_operation_and_asking_for_information_makes_no_claim() -> None:
    design = corpus_design("14-claims-workflow")
    claims = _ops(design, "Claim")
    machine = design.entity("Claim").state_machine
    assert machine is not None
    performed = {e.transition for e in claims.values() if e.transition}
    people = {r.name for r in design.requirements.users.roles if r.kind == "person"}
    assert {t.name for t in machine.transitions if set(t.roles) & people} <= performed
    assert claims[("POST", "/v1/claims/{id}/assess")].roles == ["adjuster"]
    # asking for more information moves the claim into its wait, saying what is asked
    asking = claims[("POST", "/v1/claims/{id}/request")]
    assert asking.use_cases == ["Request more information"] and asking.request is not None
    assert "message" in {f.name for f in asking.request.fields}
    assert "Request more information" not in claims[("POST", "/v1/claims")].use_cases


def test_break_glass_names_the_record_it_opens_and_why() -> None:
    design = corpus_design("11-health-records")
    glass = next(e for s in design.services for e in s.endpoints if e.path == "/v1/break-glass")
    assert glass.request is not None
    assert {"record", "reason"} <= {f.name for f in glass.request.fields}
