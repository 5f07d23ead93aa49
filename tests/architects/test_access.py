"""Access that runs on data, as a reader of the corpus designs would check it: the relation that grants staff and
outside parties their records, sign-ups bound to records that exist first, holders kept for a period, and hidden
media kept off anonymous reads and out of the edge after a takedown."""

from __future__ import annotations

from pathlib import Path

from archgen.requirements import load_requirements
from tests.conftest import corpus_design

DOMAINS = Path(__file__).parent.parent / "domains"


def test_staff_and_outside_parties_read_through_a_grant_with_a_period() -> None:
    claims = load_requirements(DOMAINS / "14-claims-workflow.yaml").requirements
    grant = next(e for e in claims.data.entities if e.name == "AccessGrant")
    assert {"grantee", "object_type", "object_id", "valid_from", "valid_until"} <= set(grant.fields)
    assert "loss_assessor" in str(grant.fields["grantee_role"])
    assert {"Claim", "Policyholder"} <= set(str(grant.fields["object_type"])[5:-1].split(", "))
    named = set(str(grant.fields["grantee_role"])[5:-1].split(", "))
    # auditors and finance oversee the whole population: no grant names them
    assert not named & {"auditor", "finance"}
    # supervisors read claims too, so no role the grant names issues it: a job derives it from the assignments
    keeper = next(u for u in claims.use_cases if u.writes == ["AccessGrant"])
    assert keeper.actor is None and keeper.interaction == "scheduled"
    assert "revoked_at" in grant.fields and "status" in grant.fields
    # a tool whose staff read only each other's records grants nothing
    tool = load_requirements(DOMAINS / "12-internal-tool.yaml").requirements
    assert all(e.name != "AccessGrant" for e in tool.data.entities)


def test_support_grants_are_approved_by_the_customers_administrator_never_by_support() -> None:
    saas = load_requirements(DOMAINS / "05-b2b-saas-residency.yaml").requirements
    grant = next(e for e in saas.data.entities if e.name == "AccessGrant")
    issuer = next(u for u in saas.use_cases if u.writes == ["AccessGrant"])
    assert issuer.actor == "hr_admin"  # the tenant's administrator, not the support role it names
    assert str(grant.fields["grantee_role"]) == "enum[support]"
    assert "care_team" not in str(grant.fields["basis"]) and "ticket" in str(grant.fields["basis"])


def test_staff_of_a_hotel_are_held_to_it_by_a_membership_and_need_no_grant() -> None:
    hotels = load_requirements(DOMAINS / "04-room-bookings.yaml").requirements
    names = {e.name for e in hotels.data.entities}
    assert "HotelMembership" in names and "AccessGrant" not in names
    membership = next(e for e in hotels.data.entities if e.name == "HotelMembership")
    assert {"member", "hotel", "valid_from", "valid_until"} <= set(membership.fields)
    keeper = next(u for u in hotels.use_cases if u.writes == ["HotelMembership"])
    assert keeper.actor is None  # copied from the directory: no guest, no member places themselves


def test_the_security_page_holds_unit_staff_to_their_unit_and_oversight_to_read_only() -> None:
    guest = next(p for p in corpus_design("04-room-bookings").security.pii if p.entity == "Guest")
    assert any("front_desk: every list and read is held first to the hotel" in c for c in guest.controls)
    payment = next(p for p in corpus_design("14-claims-workflow").security.pii if p.entity == "ClaimPayment")
    said = " ".join(payment.controls)
    assert "population-wide and read-only" in said and "finance" in said
    assert "finance reads them only of records in their assignment" not in said


def test_the_security_page_names_the_grant_and_outside_parties_are_held_to_it() -> None:
    design = corpus_design("14-claims-workflow")
    assert "loss_assessor" in design.security.authorization
    assert "a live AccessGrant names for them" in design.security.authorization
    claim = next(p for p in design.security.pii if p.entity == "Claim")
    assert any("lists and searches join AccessGrant for the caller" in c for c in claim.controls)


def test_a_sign_up_binds_to_the_contract_it_proves_and_a_holder_reads_only_their_period() -> None:
    design = corpus_design("02-smart-meter-telemetry")
    sign_up = next(e for s in design.services for e in s.endpoints if e.method == "POST" and e.path == "/v1/me")
    assert "activation code" in sign_up.summary and "SAP IS-U" in sign_up.summary
    assert sign_up.request is not None
    assert {"claimed_contract_number", "activation_code"} <= {f.name for f in sign_up.request.fields}
    customer = next(e for e in design.entities if e.name == "Customer")
    assert next(f for f in customer.fields if f.name == "contract_number").set_by == "server"
    premise = next(e for e in design.entities if e.name == "Premise")
    assert {"customer_from", "customer_until"} <= {f.name for f in premise.fields}
    assert "Premise.customer_from to Premise.customer_until" in design.security.authorization


def test_hidden_media_keys_reach_no_anonymous_caller_and_takedown_purges_the_edge() -> None:
    design = corpus_design("06-video-platform")
    renditions = [e for s in design.services for e in s.endpoints if e.entity == "Rendition" and e.method == "GET"]
    assert renditions and all(e.auth != "public" for e in renditions)
    cdn = next(c for c in design.caches if c.placement == "cdn")
    assert "purges" in cdn.invalidation
    assert any("signed cookies" in t.mitigation and "Rendition" in t.target for t in design.security.threats)
