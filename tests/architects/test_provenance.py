"""Every field is set by a party that can know it and may: who is responsible comes from the token, what decides
authority from a lookup or a verification step, a reference to the signed-in person is optional where another
system makes the record, a capture carries its amount, and a request for a loan says which dates it asks for."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from archgen.architects.rules import RulesArchitect
from archgen.design.model import Design, StoredField
from archgen.render.openapi import document
from archgen.requirements import load_requirements
from archgen.review import review

QUESTIONNAIRE = """
version: 1
system: {name: Kit and Care, summary: "Physicians prescribe, members borrow kit for some dates, shops take payments."}
users:
  daily_active: 1000
  roles:
    - {name: physician, description: A physician who prescribes}
    - {name: nurse, description: A nurse who records what was given}
    - {name: member, description: A member who borrows kit and pays shops}
    - {name: office_manager, description: Staff who approve loans, internal: true}
    - {name: shop_api, kind: service, description: A shop's back-end calling the payments API with its key}
data:
  entities:
    - name: Member
      fields: {id: uuid, name: string, email: string, iban: string}
    - name: Physician
      fields: {id: uuid, name: string}
    - name: Prescription
      fields:
        id: uuid
        member: ref[Member]
        prescriber: ref[Physician]
        medication: string
        controlled_substance: bool
        status: "enum[draft, signed, cancelled]"
    - name: Item
      fields: {id: uuid, name: string}
    - name: Loan
      fields:
        id: uuid
        item: ref[Item]
        borrower: ref[Member]
        due_on: date
        status: "enum[requested, approved, returned, cancelled]"
    - name: Payment
      fields:
        id: uuid
        member: ref[Member]
        amount: decimal
        currency: "enum[EUR, GBP]"
        status: "enum[created, authorised, captured, voided]"
use_cases:
  - {name: Sign up, actor: member, writes: [Member]}
  - {name: Write prescription, actor: physician, reads: [Member], writes: [Prescription]}
  - {name: Amend prescription, actor: nurse, reads: [Prescription], writes: [Prescription]}
  - {name: Request loan, actor: member, reads: [Item], writes: [Loan]}
  - {name: Approve loan, actor: office_manager, reads: [Loan], writes: [Loan]}
  - {name: Pay in app, actor: member, writes: [Payment]}
  - {name: Authorise card payment, actor: shop_api, writes: [Payment]}
  - {name: Capture payment, actor: shop_api, reads: [Payment], writes: [Payment]}
"""


@pytest.fixture(scope="module")
def design(tmp_path_factory: pytest.TempPathFactory) -> Design:
    path = tmp_path_factory.mktemp("provenance") / "req.yaml"
    path.write_text(QUESTIONNAIRE.lstrip(), encoding="utf-8")
    return RulesArchitect().design(load_requirements(path))


def _field(design: Design, entity: str, name: str) -> StoredField:
    return next(f for f in design.entity(entity).fields if f.name == name)


def test_who_prescribes_comes_from_the_token(design: Design) -> None:
    prescriber = _field(design, "Prescription", "prescriber")
    assert prescriber.set_by == "server" and "token" in prescriber.source


def test_a_classification_is_looked_up_and_a_payout_account_verified(design: Design) -> None:
    controlled = _field(design, "Prescription", "controlled_substance")
    iban = _field(design, "Member", "iban")
    assert controlled.set_by == "server" and controlled.source.startswith("a lookup")
    assert iban.set_by == "server" and iban.source.startswith("a verification step") and not iban.writers


def test_the_signed_in_member_is_optional_where_a_shop_makes_the_payment(design: Design) -> None:
    member = _field(design, "Payment", "member")
    assert member.set_by == "server" and not member.required
    assert "Authorise card payment" in member.source


def test_a_capture_names_the_amount_it_takes(design: Design) -> None:
    for service in design.services:
        doc = document(design, service)
        schemas = doc.get("components", {}).get("schemas", {})
        if "PaymentCapture" in schemas:
            assert "capture_amount" in schemas["PaymentCapture"]["properties"]
            return
    pytest.fail("no capture body")


def test_a_loan_request_says_which_dates_it_asks_for(design: Design) -> None:
    names = {f.name for f in design.entity("Loan").fields if f.set_by == "client" and f.type == "date"}
    assert {"wanted_from", "wanted_until"} <= names
    assert _field(design, "Loan", "due_on").writers == ["office_manager"]  # the binding date stays the approver's


def test_the_design_has_none_of_these_defects(design: Design) -> None:
    found = [f.rule for f in review(design, design.requirements) if f.rule in {f"DAT08{n}" for n in range(4, 9)}]
    assert found == []


def test_a_field_copied_from_another_system_keeps_its_word(write_yaml: Callable[..., Path]) -> None:
    text = QUESTIONNAIRE.replace(
        "  - {name: Sign up, actor: member, writes: [Member]}\n",
        "  - {name: Sync members, actor: shop_api, interaction: batch, writes: [Member]}\n",
    )
    made = RulesArchitect().design(load_requirements(write_yaml(text)))
    assert _field(made, "Member", "iban").set_by == "client"
