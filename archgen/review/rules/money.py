"""Money rules: a ledger posts on the transitions that move money (never on a record's creation), once per payment
and kind of posting whatever message carried it, a debit checks and takes the funds in the ledger's own
transaction, a payment that waits for its payer expires, and a two-person rule takes two people."""

from __future__ import annotations

import re

from archgen.design.model import EntityDesign, Flow, FlowStep
from archgen.knowledge.money import awaits_payment, is_balance, is_posting, money_words, name_words
from archgen.review.engine import Found, Problem, Subject, rule
from archgen.review.rules.flows import words


def _writes(step: FlowStep) -> bool:
    first = step.message.strip().split(" ", 1)[0].lower().strip(":,")
    return step.kind != "reply" and first in words().writes


def _named(message: str, names: list[str]) -> list[str]:
    return [n for n in names if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", message)]


def _posts(subject: Subject, step: FlowStep) -> list[str]:
    """The ledger postings a step writes into a store."""
    if step.target not in subject.stores or not _writes(step):
        return []
    return [n for n in _named(step.message, list(subject.entities)) if is_posting(n)]


def _says(message: str, phrases: tuple[str, ...]) -> bool:
    lowered = message.lower()
    return any(p in lowered for p in phrases)


def _received(flow: Flow, j: int) -> str | None:
    """The event a consumer acts on at step j: the message of the delivery just before its own steps."""
    consumer = flow.steps[j].source
    for step in reversed(flow.steps[:j]):
        if step.target == consumer and step.kind == "async":
            return step.message.split(" ", 1)[0]
        if step.source != consumer:
            return None
    return None


@rule("FLOW050", "error", "flows", "Money posted when a payment is created, before it moves")
def posted_on_creation(subject: Subject) -> Found:
    """A ledger posts for good on the event that announces a new record whose lifecycle still has to authorise,
    capture or confirm it: the balance moves before the provider has said yes (a wallet credited for a card
    top-up that is later refused). A creation may only hold the amount as pending."""
    events = {e.name: e for e in subject.design.events}
    suffixes = words().creation_suffixes
    for i, flow in enumerate(subject.design.flows):
        for j, step in enumerate(flow.steps):
            posts = _posts(subject, step)
            name = _received(flow, j) if posts and step.kind == "async" else None
            event = events.get(name or "")
            if event is None or not event.name.endswith(suffixes) or event.entity not in subject.entities:
                continue
            machine = subject.entities[event.entity].state_machine
            if machine is None or not machine.transitions or _says(step.message, money_words().provisional):
                continue
            moves = sorted({t.name for t in machine.transitions if machine.initial in t.source})
            yield Problem(
                element=flow.use_case,
                at=("flows", i, "steps", j),
                message=f"step {j + 1}: {step.source} posts {', '.join(posts)} on {event.name}, while {event.entity} "
                f"is still {machine.initial} and its money has not moved",
                fix=f"post on the transition that moves the money ({', '.join(moves) or 'its confirmation'}); on "
                "the creation at most hold the amount as a pending hold",
            )


@rule("FLOW051", "error", "flows", "A posting deduplicated by its message, not by the money")
def posting_keyed_on_event(subject: Subject) -> Found:
    """A ledger posting is idempotent on the id of the event that carried it. Two events describe the same money
    (a refund's creation and the provider's later outcome; a redelivery by another producer), each with its own id,
    so both post: the money is moved twice."""
    for i, flow in enumerate(subject.design.flows):
        for j, step in enumerate(flow.steps):
            posts = _posts(subject, step)
            if posts and _says(step.message, money_words().event_keyed):
                yield Problem(
                    element=flow.use_case,
                    at=("flows", i, "steps", j),
                    message=f"step {j + 1}: the posting of {', '.join(posts)} is deduplicated by the event that "
                    "carried it, so another event about the same money posts it again",
                    fix="make each posting unique on its business key: the payment's (or transfer's) id and the "
                    "kind of posting (hold, capture, refund, payout)",
                )


@rule("FLOW052", "error", "flows", "A balance checked by one service and debited later by another")
def balance_check_split(subject: Subject) -> Found:
    """A service reads a ledger balance from its owner, then the owner posts the debit later from an event (a saga):
    the check and the debit are not one transaction, so concurrent withdrawals, payments and transfers all pass it
    and overdraw the account."""
    for i, flow in enumerate(subject.design.flows):
        for j, step in enumerate(flow.steps):
            if step.kind != "sync" or step.target not in subject.services:
                continue
            checked = [
                n
                for n in _named(step.message, list(subject.entities))
                if is_balance(n) and subject.entities[n].owner == step.target
            ]
            if not checked or _writes(step):
                continue
            later = next(
                (
                    k
                    for k, s in enumerate(flow.steps[j + 1 :], j + 1)
                    if s.source == step.target and s.kind == "async" and _posts(subject, s)
                ),
                None,
            )
            if later is not None:
                yield Problem(
                    element=flow.use_case,
                    at=("flows", i, "steps", j),
                    message=f"step {j + 1}: {step.source} checks {checked[0]} by asking {step.target}, which posts "
                    f"the debit only at step {later + 1}, from an event: concurrent debits all pass the check",
                    fix=f"have {step.target} check and hold the funds in one transaction of its own (a conditional "
                    "update or a hold, captured or released later) before anything else happens",
                )


def _expires(machine_transitions: list[tuple[str, list[str], list[str]]], state: str) -> bool:
    expiry = set(money_words().expiry)
    return any(state in source and name in expiry for name, source, _ in machine_transitions)


@rule("FLOW053", "error", "flows", "A payment that waits for its payer never expires")
def pending_payment_forever(subject: Subject) -> Found:
    """A record waits for its payer (3-D Secure, a bank's approval) in a state that no timer leaves: a payer who
    walks away leaves it pending for ever, with whatever it holds (a room, stock, funds)."""
    for i, entity in enumerate(subject.design.entities):
        machine = entity.state_machine
        if machine is None:
            continue
        moves = [(t.name, t.source, t.roles) for t in machine.transitions]
        for state in machine.states:
            if state in machine.terminal or not awaits_payment(entity.name, state) or _expires(moves, state):
                continue
            yield Problem(
                element=entity.name,
                at=("entities", i, "state_machine"),
                message=f"{entity.name} waits for its payer in {state}, and no timer transition leaves it",
                fix=f"add a transition `{money_words().expiry[0]}` from {state}, moved by the system when the payer "
                f"has not finished within a set time, that releases what the record holds",
            )


def _transition_of(field_source: str, entity: EntityDesign) -> str | None:
    """The transition a server-set field's source names ('the release transition (its caller, …)')."""
    machine = entity.state_machine
    names = [t.name for t in machine.transitions] if machine else []
    return next((n for n in names if re.search(rf"\bthe {re.escape(n)} transition\b", field_source)), None)


@rule("FLOW054", "error", "flows", "A two-person rule carried by one caller")
def one_person_four_eyes(subject: Subject) -> Found:
    """A field records the second person of a four-eyes control, but nothing makes that person someone else: it is
    filled from the token of whoever calls (so one call fills both people), or by the same transition as the first,
    or neither person's transition checks that its caller differs from the other."""
    for i, entity in enumerate(subject.design.entities):
        people = [f for f in entity.fields if "token" in f.source or "caller" in f.source]
        for k, field in enumerate(entity.fields):
            if field not in people or not name_words(field.name) & set(money_words().second_person):
                continue
            own = _transition_of(field.source, entity)
            firsts = {_transition_of(f.source, entity) for f in people if f is not field}
            machine = entity.state_machine
            # one of the two moves checks that its caller is not the other person
            guards = [t.guard for t in machine.transitions if t.name == own or t.name in firsts] if machine else []
            if own is not None and own not in firsts and any(_says(g, money_words().differs) for g in guards):
                continue
            how = f"the {own} transition" if own else "whoever calls"
            yield Problem(
                element=entity.name,
                at=("entities", i, "fields", k),
                message=f"{entity.name}.{field.name} is the second person of a two-person rule, set by {how} with "
                "nothing that makes that caller someone other than the first",
                fix="make the second person the caller of a transition of their own, after the first one's, whose "
                "guard checks that the caller differs from the first person",
            )
