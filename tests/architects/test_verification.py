"""A value set by a verification step comes with the record its holder registers and the step that verifies it."""

from __future__ import annotations

from archgen.requirements import load_requirements
from tests.conftest import CORPUS, corpus_design


def test_a_payout_account_is_registered_verified_by_the_bank_and_used_only_once_verified() -> None:
    design = corpus_design("03-payments-ledger")
    account = design.entity("BankAccount")
    assert account.state_machine is not None
    verify = next(t for t in account.state_machine.transitions if t.target == "verified")
    assert verify.roles == ["Partner Bank"]  # the bank's answer, by its signed webhook
    makers = {
        r
        for s in design.services
        for e in s.endpoints
        if e.entity == "BankAccount" and e.action == "create"
        for r in e.roles
    }
    assert makers == {"consumer", "merchant"}
    payout = next(f for f in design.entity("Payout").fields if f.name == "payout_account")
    assert payout.type == "ref[BankAccount]"
    assert "accepted only while" in payout.description and "refused" in payout.description
    iban = next(f for f in design.entity("Merchant").fields if f.name == "iban")
    assert "BankAccount" in iban.source


def test_without_a_provider_staff_verify_and_the_rate_comes_from_the_holders() -> None:
    loaded = load_requirements(CORPUS / "05-b2b-saas-residency.yaml")
    req = loaded.requirements
    employees = req.entity("Employee")
    account = req.entity("BankAccount")
    assert account.records == employees.records
    verifying = next(u for u in req.use_cases if u.name == "Verify bank account")
    assert verifying.actor == "hr_admin" and verifying.interaction == "request"
    said = {a.key: a.reason for a in loaded.assumptions}
    assert "planning assumption" in said["use_cases[Register bank account].frequency_per_user_per_day"]


def test_a_questionnaire_without_such_values_gets_no_record() -> None:
    req = load_requirements(CORPUS / "04-room-bookings.yaml").requirements
    assert not {"BankAccount", "Identifier"} & {e.name for e in req.data.entities}
