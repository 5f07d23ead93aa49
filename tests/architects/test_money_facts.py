"""Money facts are the server's once posted: amounts are never negative where the record cannot be, an update never
rewrites a record's amount, currency or means of payment, a payout account is never changed by an edit, and each
record that moves money is posted on its own key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from openapi_spec_validator import validate

from archgen.architects.rules import RulesArchitect
from archgen.render.openapi import document
from archgen.requirements import load_requirements
from tests.conftest import corpus_design

Json = dict[str, Any]

QUESTIONNAIRE = """
version: 1
system: {name: Payments, summary: Card payments with refunds and merchants paid out to their bank.}
users:
  daily_active: 1000
  roles:
    - {name: merchant, description: A merchant's staff}
    - {name: operations, description: Staff who review payments, internal: true}
data:
  entities:
    - name: Merchant
      fields: {id: uuid, name: string, iban: string, payout_account_number: string}
    - name: Payment
      fields:
        id: uuid
        merchant: ref[Merchant]
        amount: decimal
        currency: "enum[EUR, GBP]"
        card_token: string
        note: string
        status: "enum[created, captured, refunded]"
    - name: Refund
      fields: {id: uuid, payment: "ref[Payment]", amount: decimal, reason: string}
    - name: Adjustment
      fields: {id: uuid, payment: "ref[Payment]", amount: decimal}
use_cases:
  - {name: Create payment, actor: merchant, writes: [Payment]}
  - {name: Capture payment, actor: merchant, reads: [Payment], writes: [Payment]}
  - {name: Edit payment, actor: operations, reads: [Payment], writes: [Payment]}
  - {name: Refund payment, actor: merchant, writes: [Refund]}
  - {name: Adjust payment, actor: operations, writes: [Adjustment]}
  - {name: Sign up merchant, actor: merchant, writes: [Merchant]}
  - {name: Edit merchant, actor: merchant, reads: [Merchant], writes: [Merchant]}
"""


def _schemas(write_yaml: Callable[..., Path]) -> dict[str, Json]:
    design = RulesArchitect().design(load_requirements(write_yaml(QUESTIONNAIRE)))
    out: dict[str, Json] = {}
    for service in design.services:
        doc = document(design, service)
        validate(doc)
        out |= doc["components"]["schemas"]
    return out


def _patch(schemas: dict[str, Json], entity: str) -> set[str]:
    patches = [s for name, s in schemas.items() if name.startswith(entity) and name.endswith("Patch")]
    assert patches, f"no update of {entity}"
    return {field for patch in patches for field in patch["properties"]}


def test_an_update_never_rewrites_money_facts_or_the_payout_account(write_yaml: Callable[..., Path]) -> None:
    schemas = _schemas(write_yaml)
    payment = _patch(schemas, "Payment")
    assert "note" in payment  # what is not money stays editable
    assert not payment & {"amount", "currency", "card_token"}
    merchant = _patch(schemas, "Merchant")
    assert "name" in merchant and not merchant & {"iban", "payout_account_number"}
    # nor does a sign-up: the account payouts go to is stored only once a verification step has proved it
    assert "iban" not in schemas["MerchantInput"]["properties"]


def test_an_amount_is_never_negative_unless_it_is_a_change(write_yaml: Callable[..., Path]) -> None:
    schemas = _schemas(write_yaml)
    refund = schemas["RefundInput"]["properties"]["amount"]["pattern"]
    assert not refund.startswith("^-") and "19.99" in schemas["RefundInput"]["properties"]["amount"]["examples"]
    assert schemas["Adjustment"]["properties"]["amount"]["pattern"].startswith("^-?")


def test_each_refund_of_a_payment_is_posted_on_its_own_key() -> None:
    design = corpus_design("03-payments-ledger")
    flow = next(f for f in design.flows if f.use_case == "Receive payment notification")
    posting = next(s for s in flow.steps if "LedgerEntry" in s.message and s.message.startswith("post the refund ("))
    assert "the refund or dispute that moves it" in posting.message
