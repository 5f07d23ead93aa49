"""Audit entries keep what they protect as stored and reach those who may read it and those who review the log, are
kept for the period asked, and every decision a person makes is kept on its record; retention runs from the end of a
record's use."""

from __future__ import annotations

from archgen.design.model import Design
from tests.conftest import corpus_design


def test_audit_values_stay_as_stored_and_reach_those_who_review_the_log() -> None:
    design = corpus_design("05-b2b-saas-residency")
    audit = design.entity("AuditEvent")
    before = next(f for f in audit.fields if f.name == "before")
    assert before.encrypted and before.set_by == "server" and "as it is stored" in before.source
    # the IT admin reviews the log and sees what changed; support reads who and when, not salary changes
    assert "it_admin" in before.readers and "support" not in before.readers
    handling = next(h for h in design.security.pii if h.entity == "AuditEvent")
    assert not any("crypto-shred" in c for c in handling.controls)


def test_audit_entries_are_kept_for_the_period_the_questionnaire_asks() -> None:
    design = corpus_design("11-health-records")
    assert design.entity("AccessLog").retention_days == 2190  # six years, though the records are kept 25
    job = next(j for j in design.jobs if "AccessLog" in j.description)
    assert "AccessLog's time partitions once all their rows are past 2,190 days" in job.description
    assert "never while" not in job.description


def test_retention_runs_from_every_state_that_ends_a_records_use() -> None:
    design = corpus_design("11-health-records")
    notes = next(j for j in design.jobs if "ClinicalNote 9,125" in j.description)
    # a signed note that is never amended goes too, counted from its last change
    assert "ClinicalNote 9,125 days after its last change of state once it reaches signed or amended" in (
        notes.description
    )
    handling = next(h for h in design.security.pii if h.entity == "ClinicalNote")
    assert not any("crypto-shred" in c for c in handling.controls)  # the law keeps notes: erasure cannot reach them


def test_ledger_entries_go_only_with_the_balance_carried_forward() -> None:
    design = corpus_design("03-payments-ledger")
    job = next(j for j in design.jobs if "LedgerEntry together with" in j.description)
    assert "LedgerAccount's balance first carried forward as one opening-balance LedgerEntry" in job.description


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
