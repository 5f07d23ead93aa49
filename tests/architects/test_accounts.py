"""The money chain and the general-ledger feed of a design that keeps a journal (archgen/knowledge/accounts.yaml)."""

from __future__ import annotations

from archgen.design.chart import posting_table
from tests.conftest import corpus_design


def test_a_payment_pays_the_amount_its_approval_decided() -> None:
    payment = corpus_design("14-claims-workflow").entity("ClaimPayment")
    amount = next(f for f in payment.fields if f.name == "amount")
    assert amount.set_by == "server" and "Approval" in amount.source


def test_the_general_ledger_feed_runs_where_the_journal_is_kept_with_its_cut_off() -> None:
    design = corpus_design("14-claims-workflow")
    feed = next(j for j in design.jobs if j.use_case == "Post to general ledger")
    keeper = next(s for s in design.services if "double-entry journal" in s.responsibility)
    assert feed.service == keeper.name
    assert "cut-off" in feed.description and "reconciles General Ledger" in feed.description


def test_a_capture_the_provider_confirms_later_is_marked_an_intent_in_the_posting_table() -> None:
    rows = {(r.entity, r.transition): r for r in posting_table(corpus_design("03-payments-ledger"))}
    assert rows[("Payment", "capture")].confirmation == "Receive payment notification"
    assert rows[("Payment", "refund")].confirmation is None  # posted on the provider's own notification
    assert all(r.debit != r.credit and r.key for r in rows.values())


def test_the_chart_names_the_accounts_the_wallet_the_take_and_the_provider_need() -> None:
    design = corpus_design("03-payments-ledger")
    ledger = next(s for s in design.services if s.name == "ledger")
    for account in (
        "wallet balances owed to their holders",
        "safeguarded funds at the safeguarding bank",
        "commission and fee revenue",
        "provider fees",
    ):
        assert f"its chart keeps {account}:" in ledger.responsibility


def test_a_payout_is_settled_by_the_bank_and_posted_once() -> None:
    design = corpus_design("03-payments-ledger")
    payout = design.entity("Payout").state_machine
    assert payout is not None
    settled = [t for t in payout.transitions if t.target in ("paid", "settled")]
    assert settled and all(t.use_case == "Receive bank payment status" for t in settled)
    run = next(f for f in design.flows if f.use_case == "Pay out merchants")
    assert not any(s.message.startswith("POST /v1/ledger-transactions") for s in run.steps)
    assert not any("payout settled" in s.message for s in run.steps)


def test_the_journal_write_is_internal_to_the_posting_services() -> None:
    design = corpus_design("03-payments-ledger")
    ledger = next(s for s in design.services if s.name == "ledger")
    write = next(e for e in ledger.endpoints if e.method == "POST" and e.entity == "LedgerTransaction")
    assert write.summary.startswith("Internal: ") and write.auth == "service" and not write.other_callers
