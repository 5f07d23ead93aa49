"""Audit entries keep what they protect as stored and reach only those who may read it, outlive no record, and every
decision a person makes is kept on its record."""

from __future__ import annotations

from archgen.design.model import Design
from tests.conftest import corpus_design


def test_audit_values_stay_as_stored_and_reach_only_those_who_read_the_fields() -> None:
    design = corpus_design("05-b2b-saas-residency")
    audit = design.entity("AuditEvent")
    before = next(f for f in audit.fields if f.name == "before")
    assert before.encrypted and before.set_by == "server" and "as it is stored" in before.source
    salary = next(f for f in design.entity("Employee").fields if f.name == "salary")
    # support and IT admins read the log's who and when, not salary changes they may not read on the employee
    assert before.readers and set(before.readers) <= set(salary.readers)
    assert {"it_admin", "support"}.isdisjoint(before.readers)


def test_audit_entries_are_kept_as_long_as_the_records_they_account_for() -> None:
    design = corpus_design("05-b2b-saas-residency")
    audit = design.entity("AuditEvent")
    assert audit.retention_days is not None
    assert audit.retention_days >= (design.entity("Employee").retention_days or 0)


def test_who_read_a_record_comes_from_the_token() -> None:
    log = corpus_design("11-health-records").entity("AccessLog")
    user = next(f for f in log.fields if f.name == "user_id")
    assert user.set_by == "server" and "token" in user.source


def _field(design: Design, entity: str, name: str) -> tuple[str, str]:
    found = next(f for f in design.entity(entity).fields if f.name == name)
    return found.set_by, found.source


def test_decisions_are_kept_on_the_record_not_in_logs() -> None:
    design = corpus_design("12-internal-tool")
    assert _field(design, "Loan", "approved_by") == ("server", "the approve transition (its caller, from the token)")
    assert _field(design, "Loan", "handed_out_by")[0] == "server"
    assert _field(design, "Loan", "approved_at")[0] == "server"
    repudiation = next(t for t in design.security.threats if t.category == "Repudiation")
    assert "approved_by" in repudiation.mitigation and "for as long as the record" in repudiation.mitigation


def test_a_decision_already_kept_under_another_name_is_not_added_twice() -> None:
    payment = corpus_design("14-claims-workflow").entity("ClaimPayment")
    names = [f.name for f in payment.fields]
    assert "second_approver" in names and "countersigned_by" not in names
