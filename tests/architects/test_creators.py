"""Every write lands in the service that owns the record, and every record the questionnaire says arrives is made
by someone: phones register where their tokens are kept, a payment is made when its claim is approved, and records
nothing makes are asked about."""

from __future__ import annotations

import functools

import yaml

from archgen.architects.rules import RulesArchitect
from archgen.design.creation import makes
from archgen.design.model import PUSH_REGISTRATION, Design, Endpoint
from archgen.requirements import load_requirements
from archgen.review.engine import review
from tests.architects.strategies import loaded_from
from tests.conftest import ROOT


@functools.cache
def _design(name: str) -> Design:
    return RulesArchitect().design(load_requirements(ROOT / "tests" / "domains" / f"{name}.yaml"))


def test_phones_register_with_the_service_that_keeps_their_tokens() -> None:
    design = _design("07-social-feed")
    owner = design.entity("DeviceToken").owner
    registering = [(s.name, e) for s in design.services for e in s.endpoints if e.path.startswith("/v1/me/devices/")]
    assert registering and all(name == owner and e.entity == "DeviceToken" for name, e in registering)
    assert any(e.operation_id == PUSH_REGISTRATION for _, e in registering)


def test_an_approved_claim_makes_its_payment() -> None:
    design = _design("14-claims-workflow")
    payments = design.entity("ClaimPayment").owner
    approved = next(e for e in design.events if e.name == "ClaimApproved")
    assert payments in approved.consumers
    assert "ClaimApproved" in next(s for s in design.services if s.name == payments).consumes
    flow = next(f for f in design.flows if f.use_case == "Decide within authority")
    made = [s for s in flow.steps if s.source == payments and s.message.startswith("create ClaimPayment")]
    assert made and made[0].target == design.entity("ClaimPayment").store


def test_records_nothing_makes_are_asked_about_and_not_left_silent() -> None:
    design = _design("01-ride-hailing")
    asked = [q for q in design.open_questions if q.raised_by == "data.entities[Vehicle]"]
    assert asked and "What creates Vehicle records?" in asked[0].question
    assert not [f for f in review(design) if f.rule in ("SVC010", "SVC011")]


def _makers(design: Design, entity: str) -> list[Endpoint]:
    return [e for s in design.services for e in s.endpoints if e.entity == entity and makes(e)]


def test_staff_who_check_patients_in_register_them_and_nurses_record_allergies() -> None:
    design = _design("11-health-records")
    for entity, role in (("Patient", "front_desk"), ("Allergy", "nurse")):
        made = [e for e in _makers(design, entity) if e.action == "create" and "{" not in e.path]
        assert made and made[0].roles == [role]
        edits = [e for s in design.services for e in s.endpoints if e.entity == entity and e.action == "update"]
        assert any(role in e.roles and "{id}" in e.path for e in edits)
    assert not [f for f in review(design) if f.rule in ("API167", "API171")]


def test_records_only_the_system_writes_get_no_create() -> None:
    assert not _makers(_design("11-health-records"), "AccessLog")
    ledger = _design("03-payments-ledger")
    for entity in ("LedgerEntry", "LedgerAccount"):
        assert not [e for e in _makers(ledger, entity) if e.auth == "user"]
    # a moderation case is filed by the viewers who report, never added by the creator whose video it judges
    filed = _makers(_design("06-video-platform"), "ModerationCase")
    assert filed and all(e.roles == ["viewer"] for e in filed)


def test_reference_data_nobody_keeps_goes_to_the_back_office_and_the_owner_confirms() -> None:
    design = _design("11-health-records")
    asked = [q for q in design.open_questions if q.raised_by == "data.entities[Clinic]"]
    assert asked and asked[0].question == (
        "Does the records officer add and correct Clinic records, or do they come from another system?"
    )
    assert "referred to by Clinician, Appointment, Encounter and ClinicMembership" in asked[0].context
    made = [e for e in _makers(design, "Clinic") if e.action == "create"]
    assert [e.roles for e in made] == [["records_officer"]]
    assert f"confirm in {asked[0].id}" in made[0].summary
    # rates set per hotel are not hotels kept, and front-desk staff who change a room's state add no rooms: the
    # revenue manager, who runs the hotels, is the back office
    rooms = _design("04-room-bookings")
    for entity in ("Hotel", "Room"):
        assert {r for e in _makers(rooms, entity) for r in e.roles} == {"revenue_manager"}


def test_records_a_system_supplies_or_vouches_for_and_peoples_own_are_not_typed_in() -> None:
    claims = _design("14-claims-workflow")
    assert not _makers(claims, "Policy") and [j for j in claims.jobs if j.name.startswith("Import Policy")]
    assert not _makers(claims, "Employee")  # people come from sign-up or the directory
    assert [q for q in claims.open_questions if q.question == "Who adds and corrects Employee records?"]
    # a hotel whose number another system issues is not the back office's to type in
    data = yaml.safe_load((ROOT / "tests" / "domains" / "04-room-bookings.yaml").read_text("utf-8"))
    hotel = next(e for e in data["data"]["entities"] if e["name"] == "Hotel")
    hotel["fields"]["hotel_number"] = "string"
    rooms = RulesArchitect().design(loaded_from(data))
    assert not _makers(rooms, "Hotel")
    assert [q for q in rooms.open_questions if q.question == "Who adds and corrects Hotel records?"]


def test_a_role_said_to_keep_records_adds_and_corrects_them() -> None:
    loaded = load_requirements(ROOT / "tests" / "domains" / "14-claims-workflow.yaml")
    supervisor = next(r for r in loaded.requirements.users.roles if r.name == "supervisor")
    supervisor.description = "Approves decisions above the adjuster's limit; keeps the employee records"
    design = RulesArchitect().design(loaded)
    made = _makers(design, "Employee")
    assert [e.roles for e in made if e.action == "create"] == [["supervisor"]]
    assert "keeps the employee records" in made[0].summary
    assert not [q for q in design.open_questions if q.raised_by == "data.entities[Employee]"]
