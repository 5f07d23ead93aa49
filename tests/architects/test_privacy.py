"""Personal data, projections, regimes and home regions as a reader of the corpus designs would check them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from archgen.architects.rules import RulesArchitect
from archgen.design.model import Design
from archgen.knowledge.compliance import catalog
from archgen.render.openapi.document import openapi_documents
from archgen.requirements import load_requirements
from archgen.review.engine import review
from tests.conftest import corpus_design

DOMAINS = Path(__file__).parent.parent / "domains"


@pytest.fixture(scope="module")
def corpus() -> dict[str, Design]:
    names = ("01-ride-hailing", "05-b2b-saas-residency", "06-video-platform", "07-social-feed")
    return {n[:2]: RulesArchitect().design(load_requirements(DOMAINS / f"{n}.yaml")) for n in names}


def schema(doc: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = doc["components"]["schemas"][name]
    return found


def operation(doc: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    found: dict[str, Any] = doc["paths"][path][method]
    return found


def test_records_about_people_and_what_they_upload_are_personal_data(corpus: dict[str, Design]) -> None:
    feed = corpus["07"]
    for name in ("Follow", "Post", "MediaAttachment", "Like", "Comment", "Notification", "Report"):
        assert feed.entity(name).pii, name
    assert {"author", "text"} <= {f.name for f in feed.entity("Post").fields if f.pii}
    photo = next(p for p in feed.security.pii if p.entity == "MediaAttachment")
    # erasing a person's photos reaches the bucket and the CDN, not only the rows
    assert any("files in" in c and "CDN" in c for c in photo.controls)
    ride = corpus["01"]
    assert all(ride.entity(n).pii for n in ("Payment", "Rating", "DriverPayout", "Vehicle"))
    erasure = [e.path for s in ride.services for e in s.endpoints if e.path.endswith("/erasure-requests")]
    assert "/v1/riders/{id}/erasure-requests" in erasure and "/v1/drivers/{id}/erasure-requests" in erasure


def test_a_member_sees_another_members_profile_without_contact_details(corpus: dict[str, Design]) -> None:
    doc = openapi_documents(corpus["07"])["members"]
    # the profile is a read model (the member with their posts), still one projection per caller
    others = schema(doc, "ViewProfileMemberForOthers")["properties"]
    assert "display_name" in others and "posts" in others and "email" not in others and "phone" not in others
    assert {"email", "phone"} <= set(schema(doc, "ViewProfileMember")["properties"])
    search = operation(doc, "get", "/v1/members/search")
    assert "email" not in {p.get("name") for p in search.get("parameters", [])}


def test_an_employee_can_neither_see_others_salaries_nor_set_their_own(corpus: dict[str, Design]) -> None:
    doc = openapi_documents(corpus["05"])["people"]
    body = operation(doc, "patch", "/v1/employees/{id}")["requestBody"]["content"]["application/merge-patch+json"]
    refs = [r["$ref"].rsplit("/", 1)[-1] for r in body["schema"]["anyOf"]]
    assert refs == ["EmployeeSelfPatch", "EmployeePatch"]
    own = schema(doc, "EmployeeSelfPatch")["properties"]
    # a legal name identifies the person: the HR staff who keep the record correct it, never the person alone
    assert "home_address" in own and not {"salary", "national_id", "department", "legal_name"} & set(own)
    # where the salary is paid to changes only through a verification, never by an edit
    assert "bank_iban" not in own and "bank_iban" not in schema(doc, "EmployeePatch")["properties"]
    assert "salary" in schema(doc, "EmployeePatch")["properties"]
    assert not {"salary", "national_id", "bank_iban"} & set(schema(doc, "EmployeeForOthers")["properties"])
    employee = {f.name: f for f in corpus["05"].entity("Employee").fields}
    assert employee["salary"].encrypted and employee["salary"].writers == ["hr_admin"]


def test_search_never_indexes_what_is_encrypted_or_reaches_a_person(corpus: dict[str, Design]) -> None:
    employee = corpus["05"].entity("Employee")
    [index] = [i for i in employee.indexes if i.kind == "fulltext"]
    assert "legal_name" in index.fields
    assert not {"national_id", "bank_iban", "salary", "home_address", "date_of_birth"} & set(index.fields)


def test_tenants_homed_in_two_areas_get_a_cell_each(corpus: dict[str, Design]) -> None:
    design = corpus["05"]
    topology = design.topology
    assert topology is not None and topology.cells and topology.homed_by == "Tenant.home_region"
    kept = {(r.home, r.area) for r in topology.regions if r.personal_data}
    assert kept == {("eu", "europe"), ("us", "north-america")}
    decision = next(d for d in design.decisions if d.id == topology.decision)
    assert decision.decision == "A cell per home region" and "directory" in decision.rationale
    assert not [f for f in review(design) if f.rule in ("SEC003", "TOP003")]


def test_every_regime_the_corpus_names_has_controls_of_its_own(corpus: dict[str, Design]) -> None:
    questionnaires = [yaml.safe_load(p.read_text("utf-8")) for p in DOMAINS.glob("*.yaml")]
    named = {r.lower() for q in questionnaires for r in (q.get("compliance") or {}).get("regimes", [])}
    assert named <= set(catalog().regimes)
    for design in corpus.values():
        assert not [c for c in design.security.controls if c.requirement == "Scope"]
    lgpd = [c.requirement for c in corpus["01"].security.controls if c.regime == "lgpd"]
    assert any("encarregado" in r for r in lgpd) and any("Art. 18" in r for r in lgpd)
    coppa = [c.requirement for c in corpus["06"].security.controls if c.regime == "coppa"]
    assert any("312.5" in r for r in coppa) and any("age screen" in r for r in coppa)
    dsa = [c.requirement for c in corpus["07"].security.controls if c.regime == "dsa"]
    assert any("Art. 16" in r for r in dsa) and any("Art. 28" in r for r in dsa)


def test_colleagues_on_the_team_calendar_see_time_off_but_not_that_it_is_sick_leave(
    corpus: dict[str, Design],
) -> None:
    hr = corpus["05"]
    kind = next(f for f in hr.entity("TimeOffRequest").fields if f.name == "kind")
    assert kind.encrypted and "employee" not in kind.readers and "self" in kind.readers
    schemas = openapi_documents(hr)["time-off"]["components"]["schemas"]
    assert "kind" not in schemas["ViewTeamCalendarTimeOffRequestForOthers"]["properties"]
    assert "starts_on" in schemas["ViewTeamCalendarTimeOffRequestForOthers"]["properties"]


def _controls(design: Design, entity: str) -> str:
    return " ".join(next(p for p in design.security.pii if p.entity == entity).controls)


def test_staff_who_act_on_a_record_read_it_within_their_clinic_or_for_oversight() -> None:
    """The records officer releasing records reads the note's body; a physician is held first to the clinic they
    work in, the records officer reads population-wide and read-only; the note's body, the only text a search can
    read, is indexed rather than sealed."""
    design = corpus_design("11-health-records")
    note = next(e for e in design.entities if e.name == "ClinicalNote")
    body = next(f for f in note.fields if f.name == "body")
    assert "records_officer" in body.readers and "nurse" not in body.readers  # no nurse's use case reads notes
    assert not body.encrypted and any(i.kind == "fulltext" and "body" in i.fields for i in note.indexes)
    said = _controls(design, "ClinicalNote")
    assert "physician: every list and read is held first to the clinic they are assigned to" in said
    assert "records_officer reads them population-wide and read-only" in said
    assert "body searched through the store's full-text index" in said


def test_a_record_about_two_people_names_both_and_reports_carry_no_one() -> None:
    """A trip's places go to the rider and the driver it names; a driver's earnings are not cut by rider, nor a
    store's dashboard by loyalty member."""
    rides = corpus_design("01-ride-hailing")
    assert "returned only to the driver and rider it names and support_agent" in _controls(rides, "Trip")
    earnings = next(e for s in rides.services for e in s.endpoints if e.path == "/v1/earnings")
    # the driver's own earnings: the driver comes from the token, never a filter one driver could set to another
    assert not {f.field for f in earnings.filters} & {"driver", "rider"}
    retail = corpus_design("10-retail-analytics")
    dashboard = next(e for s in retail.services for e in s.endpoints if e.path.endswith("/dashboard"))
    assert dashboard.action == "aggregate" and "loyalty_member_id" not in {f.field for f in dashboard.filters}


def test_a_moderation_decision_keeps_its_reasons_for_the_author_and_erasure_keeps_it(
    corpus: dict[str, Design],
) -> None:
    """Under the DSA the report keeps the statement of reasons its decision takes, names the author it is owed to,
    and an erasure request restricts it for its stated period instead of deleting it."""
    feed = corpus["07"]
    report = feed.entity("Report")
    fields = {f.name: f for f in report.fields}
    assert {"ground", "facts", "automated_means", "redress"} <= set(fields)
    assert fields["content_author"].type == "ref[Member]"
    erasure = next(c for c in feed.security.controls if c.requirement.startswith("Art. 17"))
    assert "Report 1,825 days under dsa" in erasure.measure
    assert "keeps no record the law makes it keep" not in erasure.measure
    assert not [f for f in review(feed, feed.requirements) if f.rule in ("SEC091", "SEC092", "CLM032", "DAT103")]


def test_a_loan_still_checked_out_waits_and_ledger_copies_are_erased_too() -> None:
    """An erasure request waits while a loan is out; a merchant's records stay five years after the relationship;
    the ledger's copies of payments are named in the erasure."""
    tool = RulesArchitect().design(load_requirements(DOMAINS / "12-internal-tool.yaml"))
    loan = next(h for h in tool.security.pii if h.entity == "Loan")
    assert any("waits while the Loan is requested, checked out or overdue" in c for c in loan.controls)
    ledger = RulesArchitect().design(load_requirements(DOMAINS / "03-payments-ledger.yaml"))
    merchant = " ".join(next(h for h in ledger.security.pii if h.entity == "Merchant").controls)
    assert "after the business relationship ends under psd2" in merchant and "erased on request" not in merchant
    payment = " ".join(next(h for h in ledger.security.pii if h.entity == "Payment").controls)
    assert "ledger-db" in payment
    erasure = next(c for c in ledger.security.controls if c.requirement.startswith("Art. 17"))
    assert "Transfer 3,650 days under psd2" in erasure.measure and "1,825 days under psd2" not in erasure.measure
