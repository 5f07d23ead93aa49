"""Provider rules: every conversation with an outside party follows that party's real contract (integrations.yaml
`contracts`): its webhook arrives as it sends it, money goes out through it the way it moves money, a payment the
payer must confirm hands the payer's client what it needs, and apps that post into the system are not treated as
a provider with events, a shared secret and an API."""

from __future__ import annotations

from archgen.architects.rules.providers import arbitrary_sender, contract_of
from archgen.design.payer_action import payer_acts
from archgen.knowledge.contracts import contracts, says
from archgen.review.engine import Found, Problem, Subject, rule


@rule("API160", "error", "api", "Provider webhook not in the provider's own shape")
def provider_webhook_shape(subject: Subject) -> Found:
    """An operation receives a provider's webhook but its body is not what that provider sends (a generic
    `{id, type, data}` event for Adyen's batch of HMAC-signed items): validation at the edge refuses every real
    notification, and the handling is idempotent on a field that does not exist."""
    for at, _, endpoint in subject.endpoints():
        if endpoint.action != "webhook":
            continue
        contract = next((c for r in endpoint.roles if (c := contract_of(subject.req, r)) is not None), None)
        if contract is None or contract.notification is None:
            continue
        n = contract.notification
        stated = {f.name for f in endpoint.request.fields} if endpoint.request is not None else set()
        missing = [f.name for f in n.fields if f.required and f.name not in stated]
        if missing:
            shape = "a batch of items" if n.batched else "one event"
            yield Problem(
                element=endpoint.path,
                at=at,
                message=f"receives {contract.name}'s webhook without its fields ({', '.join(missing)}): "
                f"{contract.name} sends {shape}, de-duplicated on {n.dedupe}",
                fix=f"state the request body as {contract.name} sends it, signed by {n.signature}, and answer {n.ack}",
            )


@rule("API161", "error", "api", "A payment the payer must confirm answers nothing to confirm it with")
def payer_action_answer(subject: Subject) -> Found:
    """A use case takes money through a provider where the payer may have to act (3-D Secure, SCA), but the
    operation that starts it answers neither the provider's client secret nor its next action: the challenge
    cannot run and the payment stays unfinished until it times out."""
    cases = {u.name: u for u in subject.req.use_cases}
    for at, _, endpoint in subject.endpoints():
        if endpoint.action != "create":
            continue
        found = (payer_acts(subject.req, cases[n]) for n in endpoint.use_cases if n in cases)
        contract = next((c for c in found if c is not None), None)
        if contract is None or contract.payer_action is None:
            continue
        answered = {f.name for f in endpoint.response.fields} if endpoint.response is not None else set()
        missing = [f.name for f in contract.payer_action.fields if f.name not in answered]
        if missing:
            yield Problem(
                element=endpoint.path,
                at=at,
                message=f"starts a {contract.name} payment the payer may have to confirm but answers no "
                f"{', '.join(missing)}",
                fix=f"answer the record with {', '.join(f.name for f in contract.payer_action.fields)}, and keep "
                f"the payment in `{contract.payer_action.state}` until the payer acts and {contract.name} says so",
            )


@rule("API162", "error", "flows", "Money sent to a provider as a file it does not take")
def file_to_per_item_provider(subject: Subject) -> Found:
    """A flow hands a provider that moves money one API call at a time (Stripe transfers and payouts) a file
    or a bulk load: there is no such channel, so the money never goes out."""
    words = contracts().file_words
    for i, flow in enumerate(subject.design.flows):
        for j, step in enumerate(flow.steps):
            contract = contract_of(subject.req, step.target)
            if contract is None or contract.transfers is None or not contract.transfers.per_item:
                continue
            if step.target in {i.name for i in subject.req.integrations} and says(step.message, words):
                yield Problem(
                    element=flow.use_case,
                    at=("flows", i, "steps", j),
                    message=f"hands {contract.name} a file or bulk load, which it does not take",
                    fix=f"send {contract.transfers.protocol}",
                )


@rule("API163", "error", "api", "Apps that post in treated as a provider")
def incoming_webhooks(subject: Subject) -> Found:
    """Any app (CI, monitors) posts into the system through incoming webhooks, but the design receives it as a
    provider's webhook: one shared path, a generic event with no word of what is posted, or no operation that
    makes and rotates a webhook of its own for each target; such apps cannot post."""
    served = list(subject.endpoints())
    kept = any(
        e.action != "webhook" and e.method == "POST" and "webhook" in e.path and "{" in e.path for _, _, e in served
    )
    for at, _, endpoint in served:
        if endpoint.action != "webhook":
            continue
        senders = [r for r in endpoint.roles if arbitrary_sender(subject.req, r)]
        if not senders:
            continue
        wrong = [
            why
            for why, bad in (
                ("one path shared by every sender", "{" not in endpoint.path),
                ("a body that names nothing it posts", endpoint.request is None),
                ("no operation that makes and rotates a webhook of its own for each target", not kept),
            )
            if bad
        ]
        if wrong:
            yield Problem(
                element=endpoint.path,
                at=at,
                message=f"receives posts from {senders[0]} (any app) as a provider's webhook: {'; '.join(wrong)}",
                fix="give each target record webhooks of its own (a URL with a secret token, made, rotated and "
                "revoked by its keepers), take a body that says what is posted, and reconcile against no sender",
            )
