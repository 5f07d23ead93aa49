"""The rules architect speaks to each provider in that provider's own contract, and serves every sign-in protocol
the questionnaire names."""

from __future__ import annotations

from archgen.design.model import Design, Endpoint
from tests.conftest import corpus_design


def _endpoints(design: Design) -> list[Endpoint]:
    return [e for s in design.services for e in s.endpoints]


def test_adyen_notifications_arrive_as_the_batch_adyen_sends() -> None:
    design = corpus_design("03-payments-ledger")
    hook = next(e for e in _endpoints(design) if e.action == "webhook" and "Adyen" in e.roles)
    assert hook.request is not None
    assert {f.name for f in hook.request.fields} >= {"live", "notificationItems"}
    item = next(o for o in hook.request.objects if o.name == "AdyenNotificationRequestItem")
    assert {"pspReference", "eventCode", "success"} <= {f.name for f in item.fields}
    assert "[accepted]" in (hook.request.description or "")
    adyen = next(c for c in design.security.callers if c.caller == "Adyen")
    assert "pspReference + eventCode + success" in adyen.method and "event id" not in adyen.method


def test_a_deposit_with_3_d_secure_answers_what_the_payer_needs_to_confirm_it() -> None:
    design = corpus_design("04-room-bookings")
    create = next(
        e for e in _endpoints(design) if e.action == "create" and "Confirm booking with deposit" in e.use_cases
    )
    assert create.response is not None
    assert {"booking", "client_secret", "next_action", "payment_status"} <= {f.name for f in create.response.fields}
    # a booking made without the payer's challenge (nothing asks for 3-D Secure) keeps the plain record
    plain = corpus_design("01-ride-hailing")
    assert all(f.name != "client_secret" for e in _endpoints(plain) if e.response for f in e.response.fields)


def test_payouts_through_stripe_are_calls_per_record_not_a_file() -> None:
    design = corpus_design("01-ride-hailing")
    flow = next(f for f in design.flows if f.use_case == "Pay out drivers")
    to_stripe = [s.message for s in flow.steps if s.target == "Stripe"]
    assert to_stripe and all("SFTP" not in m and "file" not in m for m in to_stripe)
    assert any("idempotency key" in m for m in to_stripe)


def test_apps_that_post_in_get_a_webhook_of_their_own_per_channel() -> None:
    design = corpus_design("08-team-chat")
    posts = next(e for e in _endpoints(design) if e.action == "webhook" and "Incoming Webhooks" in e.roles)
    assert posts.path.endswith("/{hook}")
    assert posts.request is not None and [f.name for f in posts.request.fields] == ["text"]
    kept = {(e.method, e.path) for e in _endpoints(design) if e.entity == "Channel"}
    assert ("POST", "/v1/channels/{id}/incoming-webhooks") in kept
    assert ("POST", "/v1/channels/{id}/incoming-webhooks/rotate") in kept
    assert ("DELETE", "/v1/channels/{id}/incoming-webhooks") in kept
    said = " ".join(f"{m.mitigation} {m.degraded}" for m in design.reliability.failure_modes)
    assert "reconciliation against the sender" not in said


def test_saml_sign_in_gets_its_assertion_consumer_and_metadata_and_one_authenticator() -> None:
    design = corpus_design("05-b2b-saas-residency")
    served = {(e.method, e.path) for e in _endpoints(design)}
    assert ("POST", "/auth/saml/{connection}/acs") in served
    assert ("GET", "/auth/saml/{connection}/metadata") in served
    employee = next(c for c in design.security.callers if c.caller == "employee")
    assert "POST /auth/saml/{connection}/acs" in employee.method and "GET /auth/sso/callback" in employee.method


def test_a_job_that_reconciles_with_a_provider_fetches_its_records_and_sends_nothing() -> None:
    """Reconciling settlements reads the provider's report: no step of it moves money or delivers records."""
    design = corpus_design("03-payments-ledger")
    flow = next(f for f in design.flows if f.use_case.startswith("Reconcile"))
    calls = [s for s in flow.steps if s.target in {i.name for i in design.integrations}]
    assert calls and all(s.message.startswith("fetch ") for s in calls), [s.message for s in calls]


def test_an_invoice_run_bills_the_sellers_and_pays_nobody() -> None:
    design = corpus_design("09-product-catalogue-search")
    flow = next(f for f in design.flows if f.use_case == "Invoice sellers for clicks")
    billed = [s.message for s in flow.steps if s.target == "Stripe Billing"]
    assert billed and all("invoice" in m and "payout" not in m and "transfer" not in m for m in billed)


def test_a_jobs_alerts_go_to_the_email_provider_one_message_a_recipient() -> None:
    for name, use_case in (("09-product-catalogue-search", "Send saved-search alerts"), ("07-social-feed", None)):
        design = corpus_design(name)
        mails = [
            s.message for f in design.flows if use_case in (None, f.use_case) for s in f.steps if s.target == "SendGrid"
        ]
        assert mails and all("SFTP" not in m and "file" not in m for m in mails), mails
        assert any("one a recipient" in m for m in mails)
