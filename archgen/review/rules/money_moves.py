"""How money actually moves: a balance changes only on a confirmed fact and a hold is released by the posting
that confirms it; a bank is paid by batch file; a key a caller chose is unique only within that caller, and a
stored response is replayed only to the caller that sent the same request."""

from __future__ import annotations

import re

from archgen.design.caller_keys import unscoped
from archgen.design.holding import authorises, hold_moves, holds, releases
from archgen.design.postings import holds_money, posts
from archgen.knowledge.money import is_posting
from archgen.knowledge.money_moves import money_moves
from archgen.knowledge.payment_channels import by_bank_file, payment_channels
from archgen.review.engine import Found, Problem, Subject, rule


@rule("CLM027", "error", "claims", "An idempotency key shared by every caller")
def key_not_scoped(subject: Subject) -> Found:
    """A record's idempotency key is unique across all callers, or the API replays a stored response without
    checking who asks and what they sent. Callers pick their own keys (a merchant's order number), so a second
    merchant reusing one is refused or, worse, is handed the first merchant's payment and personal data. Make the
    key unique within its caller (the merchant, consumer or tenant it belongs to), keep a hash of the request with
    the stored response, and answer 422 to the same key with another body."""
    design = subject.design
    roles = [r.name for r in subject.req.users.roles]
    for i, entity in enumerate(design.entities):
        for j, index, mine in unscoped(entity, roles):
            yield Problem(
                element=entity.name,
                at=("entities", i, "indexes", j),
                message=f"{index.name} makes ({', '.join(index.fields)}) unique across every caller, while "
                f"{entity.name} says whose it is in {', '.join(mine)}",
                fix=f"make the key unique on ({', '.join([*mine, *index.fields])})",
            )
    said = (design.api.idempotency if design.api is not None else "").lower()
    words = money_moves()
    replays = "replay" in said
    if replays and not (any(w in said for w in words.scoped_words) and any(w in said for w in words.body_words)):
        yield Problem(
            element="api",
            at=("api", "idempotency"),
            message="the stored response is replayed to whoever sends the key, whatever the body",
            fix="keep keys per caller with a hash of the request; replay only to that caller sending the same "
            "body, and answer 422 to another body under the same key",
        )


@rule("CLM026", "error", "claims", "A balance moved by an authorisation or by a hold posted twice")
def posted_before_confirmed(subject: Subject) -> Found:
    """A record's creation places a pending hold, and then either its authorisation is said to post the money for
    good, or a later posting of the same money says nothing of the hold. A card authorisation that is never
    captured has then credited a wallet, or the hold and the final posting both take the amount. Post only on
    the confirmed fact (a capture, a settlement, the bank's word) and release the hold in that same transaction."""
    design = subject.design
    names = [e.name for e in design.entities if is_posting(e.name)]
    by = {e.name: e for e in design.entities}
    seen: set[tuple[int, int]] = set()
    for i, j, held in holds(design.flows, design.events):
        entity = by.get(held)
        if entity is None or entity.state_machine is None:
            continue
        found = hold_moves(entity, design.entities)
        told = [s for s in design.flows[i].steps[j].message.split(";") if "for good" in s or "posted in one" in s]
        early = [t.name for t in entity.state_machine.transitions if authorises(t)]
        wrong = [t for t in early if any(re.search(rf"\b{re.escape(t)}\b", s) for s in told)]
        if wrong:
            yield Problem(
                element=design.flows[i].use_case,
                at=("flows", i, "steps", j),
                message=f"the hold on {held} is said to be posted for good by {', '.join(wrong)}, an authorisation "
                "that moves no money",
                fix="post it only when the capture or the provider's confirmation arrives, releasing the hold",
            )
        for k, flow in enumerate(design.flows):
            for m, step in enumerate(flow.steps):
                if (k, m) in seen or not posts(step, names):
                    continue
                if releases(step, found, design.entities) is False:
                    seen.add((k, m))
                    yield Problem(
                        element=flow.use_case,
                        at=("flows", k, "steps", m),
                        message=f"step {m + 1} posts {held}'s money for good and says nothing of the pending hold "
                        f"placed in {design.flows[i].use_case}, so both take the amount",
                        fix="release the hold in the same ledger transaction as the posting, under the record's id",
                    )


@rule("CLM028", "error", "claims", "A bank transfer run as if the bank were a card provider")
def bank_paid_like_a_card(subject: Subject) -> Found:
    """A job pays people through a bank (SEPA, ACH, a payment file) and its flow calls the bank once a payment
    with an idempotency key, as a card provider is called. A bank takes a batch file before its cut-off, has no
    authorisation, reports each payment's status in a file and returns some days later, so nothing in the flow
    says what happens then, and statements cannot be matched. Send the run as one credit-transfer file keyed on
    its message id, and move each payment on from the bank's status report and statements."""
    design = subject.design
    kinds = {i.name: i.kind for i in subject.req.integrations}
    jobs = {u.name for u in subject.req.use_cases if u.interaction == "scheduled"}
    money = {e.name for e in design.entities if e.state_machine is not None and holds_money(f.name for f in e.fields)}
    words = payment_channels().file_words
    for i, flow in enumerate(design.flows):
        use_case = next((u for u in subject.req.use_cases if u.name == flow.use_case), None)
        if flow.use_case not in jobs or use_case is None or not set(use_case.writes) & money:
            continue
        for j, step in enumerate(flow.steps):
            if step.target not in kinds or step.kind == "reply" or not by_bank_file(kinds[step.target], step.target):
                continue
            if step.message.startswith("fetch ") or any(w in step.message.lower() for w in words):
                continue
            yield Problem(
                element=flow.use_case,
                at=("flows", i, "steps", j),
                message=f"step {j + 1} hands {step.target} the run's payments one call at a time, as a card "
                "provider is called, while it pays by bank transfer",
                fix=f"send the run to {step.target} as one credit-transfer file before its cut-off, keyed on the "
                "file's message id, and move each payment on from the status report and the statements",
            )


@rule("CLM029", "error", "claims", "A hold that never posts or is never released")
def hold_left_open(subject: Subject) -> Found:
    """A record's creation places a pending hold, but no move of the record (or of the one whose money it moves)
    ever posts it, or the moves that end it without money changing hands (a void, a failure, an expiry) are not
    said to release it. The held amount then stays out of the balance for good, and the ledger never reconciles
    with the provider or the bank. Name the move that posts the hold and every move that releases it."""
    design = subject.design
    by = {e.name: e for e in design.entities}
    for i, j, held in holds(design.flows, design.events):
        entity = by.get(held)
        if entity is None:
            continue
        found = hold_moves(entity, design.entities)
        message = design.flows[i].steps[j].message
        said = [s for s in message.split(";") if "releas" in s]
        unsaid = [t.name for t in found.releasing if not any(re.search(rf"\b{re.escape(t.name)}\b", s) for s in said)]
        if not found.posting:
            problem = f"nothing ever posts the hold placed on {held}"
        elif unsaid:
            problem = f"the hold placed on {held} is never said to be released by {', '.join(unsaid)}"
        else:
            continue
        yield Problem(
            element=design.flows[i].use_case,
            at=("flows", i, "steps", j),
            message=problem,
            fix="say which move posts the hold (releasing it in the same transaction) and which moves release it "
            "without a posting",
        )
