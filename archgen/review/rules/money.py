"""Money rules: a ledger posts on the transitions that move money (never on a record's creation), once per record
whose money moves and kind of posting whatever message carried it, a debit checks and takes the funds in the
ledger's own transaction, a payment that waits for its payer expires, a two-person rule takes two people, amounts
are never negative where the record cannot be, money facts change only by transitions and a payout account only
through a verification."""

from __future__ import annotations

import re
from collections.abc import Iterator

from archgen.design.fixed import changeable, writable
from archgen.design.holding import received
from archgen.design.model import Endpoint, EntityDesign, FlowStep, Service
from archgen.design.money import destinations, fixed_money, money_children, negative_amounts
from archgen.knowledge.contracts import contracts, says
from archgen.knowledge.money import awaits_payment, is_balance, is_posting, money_words, name_words
from archgen.review.engine import Found, KeyPath, Problem, Subject, rule
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
            name = received(flow, j) if posts and step.kind == "async" else None
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
                    fix="make each posting unique on its business key: the id of the record whose money moves (the "
                    "payment, transfer or each refund of it) and the kind of posting (hold, capture, refund, payout)",
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


@rule("API130", "error", "api", "An amount that can never be negative accepts a minus sign")
def negative_amount(subject: Subject) -> Found:
    """An amount of a record that is not a change (a payment's, a refund's, a fee) has no lower bound of zero, so
    its schema takes a negative value: a refund of -50 pays the customer's money to the merchant, a negative
    transfer pulls money from the recipient. A change of direction is a record of its own kind, not a sign."""
    for i, entity in enumerate(subject.design.entities):
        for field in negative_amounts(entity):
            j = entity.fields.index(field)
            yield Problem(
                element=f"{entity.name}.{field.name}",
                at=("entities", i, "fields", j, "minimum"),
                message=f"{entity.name}.{field.name} is an amount of money with no lower bound of zero, so its "
                "schema accepts a negative value",
                fix="set its minimum to 0 (money that goes the other way is a record of its own: a refund, a "
                "reversal); name it as a change (an adjustment) if it truly may be negative",
            )


def _accepted(endpoint: Endpoint, entity: EntityDesign) -> list[str]:
    """The stored fields an update or a replace of a record takes: those its stated body carries, else those the
    rendered body would (every changeable field of an update, every writable field of a replace)."""
    names = {f.name for f in entity.fields}
    if endpoint.request is not None and endpoint.request.fields:
        out = []
        for body in endpoint.request.fields:
            owner, _, stored = body.field.partition(".")
            if body.read_only:
                continue
            if stored and owner == entity.name:
                out.append(stored)
            elif not stored and body.name in names:
                out.append(body.name)
        return out
    fields = changeable(entity) if endpoint.action == "update" else writable(entity)
    return [f.name for f in fields]


def _edits(subject: Subject) -> Iterator[tuple[KeyPath, Service, Endpoint, EntityDesign, list[str]]]:
    for at, service, endpoint in subject.endpoints():
        entity = subject.entities.get(endpoint.entity or "")
        if endpoint.action in ("update", "replace") and entity is not None:
            yield at, service, endpoint, entity, _accepted(endpoint, entity)


@rule("API131", "error", "api", "Money facts rewritten by an update")
def money_facts_edited(subject: Subject) -> Found:
    """An update or a replace of a record with a lifecycle takes its amount, currency or means of payment: a
    payment already captured, a chargeback the scheme sent or a refund on its way gets new money facts with no
    transition to check them, and the ledger no longer matches the record."""
    for at, service, endpoint, entity, accepted in _edits(subject):
        fixed = [n for n in fixed_money(entity) if n in accepted]
        if not fixed:
            continue
        machine = entity.state_machine
        assert machine is not None  # fixed_money is empty without one
        yield Problem(
            element=f"{service.name}: {endpoint.method} {endpoint.path}",
            at=at,
            message=f"{endpoint.method} {endpoint.path} lets {', '.join(endpoint.roles) or 'its callers'} change "
            f"{entity.name}'s {', '.join(fixed)}, whatever state it has reached after {machine.initial}",
            fix="take the money facts out of the update: they are set when the record is made and change only "
            "through a transition that checks them (a capture that names its amount), or never",
        )


@rule("API133", "error", "api", "Payout account changed without verification")
def destination_edited(subject: Subject) -> Found:
    """An update takes the bank account money is paid out to: whoever holds the session (or took it over) redirects
    the next payout, with no step-up, no confirmation to the known contact and no check that the account is the
    holder's."""
    for at, service, endpoint, entity, accepted in _edits(subject):
        changed = [n for n in destinations(entity) if n in accepted]
        if changed:
            yield Problem(
                element=f"{service.name}: {endpoint.method} {endpoint.path}",
                at=at,
                message=f"{endpoint.method} {endpoint.path} changes {entity.name}'s {', '.join(changed)} (where its "
                "money is paid out to) with no verification step",
                fix="take it out of the update; change the account through an operation of its own that verifies "
                "it (a step-up of the caller, a confirmation to the known contact, a name check with the bank) "
                "before any payout uses it",
            )


def _noun(name: str) -> str:
    return " ".join(sorted(name_words(name), key=name.lower().index))


@rule("API132", "error", "flows", "A posting key that collapses repeated movements")
def posting_key_collapses(subject: Subject) -> Found:
    """A ledger posting is idempotent on a record's id and the kind of posting, while other records move that
    record's money again and again (the refunds of a payment): the second partial refund has the same key as the
    first, is taken for a repeat and never posted, and the ledger still balances while the money is wrong."""
    entities = subject.design.entities
    by_noun = {_noun(e.name): e.name for e in entities}
    for i, flow in enumerate(subject.design.flows):
        for j, step in enumerate(flow.steps):
            posts = _posts(subject, step)
            if not posts:
                continue
            lowered = step.message.lower()
            for noun in re.findall(r"idempotent on the ([a-z][a-z ]*?)'s id", lowered):
                parent = by_noun.get(noun)
                children = money_children(entities, parent) if parent else []
                if not children or any(f"{_noun(c)}'s" in lowered or f"the {_noun(c)}" in lowered for c in children):
                    continue
                yield Problem(
                    element=flow.use_case,
                    at=("flows", i, "steps", j),
                    message=f"step {j + 1}: the posting of {', '.join(posts)} is keyed on the {noun}'s id and its "
                    f"kind, while several {', '.join(children)} records move one {noun}'s money: the second is "
                    "taken for a repeat of the first and never posted",
                    fix=f"key each posting on the record whose money moves (each {', '.join(children)}'s own id) "
                    "and the posting kind",
                )


@rule("SVC014", "error", "flows", "A job that collects money pays it out")
def money_the_wrong_way(subject: Subject) -> Found:
    """A use case whose name says it takes money in (an invoice run, a fee charge) has a step that sends money out
    through a provider (a transfer, a payout): run as drawn, the system pays the people who owe it."""
    direction = contracts().money_direction
    providers = {i.name for i in subject.req.integrations}
    for i, flow in enumerate(subject.design.flows):
        if not direction.collecting(flow.use_case):
            continue
        for j, step in enumerate(flow.steps):
            if step.target not in providers or not says(step.message, direction.pays_out):
                continue
            yield Problem(
                element=flow.use_case,
                at=("flows", i, "steps", j),
                message=f"step {j + 1}: '{flow.use_case}' collects money, yet its call to {step.target} moves money "
                "out (a transfer or payout) to the people it should bill",
                fix=f"bill them through {step.target}: " + direction.collect_protocol.format(name=step.target),
            )
