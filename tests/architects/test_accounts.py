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
