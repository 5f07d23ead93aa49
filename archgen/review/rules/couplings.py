"""Coupled lifecycles: a child record (a claim's payment, an order's shipment) runs only while its parent permits it,
and the parent cannot leave that state under a child in flight; a timer and an outside confirmation leaving one
state have a defined winner and a handled loser; a separation or dual control the questionnaire states is a guard.
"""

from __future__ import annotations

import re

from archgen.common.english import join
from archgen.design import couplings as c
from archgen.knowledge.lifecycles import lifecycle_knowledge
from archgen.knowledge.money import money_words, name_words
from archgen.knowledge.operations import operation_words
from archgen.review.engine import Found, Problem, Subject, rule


def _at(subject: Subject, entity: str) -> tuple[str | int, ...]:
    i = next(k for k, e in enumerate(subject.design.entities) if e.name == entity)
    return ("entities", i, "state_machine", "transitions")


def _people(subject: Subject) -> set[str]:
    return {r.name for r in subject.req.users.roles if r.kind == "person"}


def _names(guard: str, name: str) -> bool:
    """Whether a guard names a record or a state as a word of its own (Claim, not ClaimPayment)."""
    forms = {name, name.replace("_", " "), name.replace("_", "-")}
    return any(re.search(rf"(?<![A-Za-z_]){re.escape(f)}(?![A-Za-z_])", guard, re.IGNORECASE) for f in forms)


def _marked(guard: str, marks: frozenset[str]) -> bool:
    return any(m in guard.lower() for m in marks)


@rule("FLOW094", "error", "flows", "A child's step not guarded by its parent's state")
def child_unguarded(subject: Subject) -> Found:
    """A record that carries out its parent's decision (a claim's payment) is released by a step whose guard never
    checks that the parent is still in the state that permits it: a claim rejected after approval is still paid."""
    for link in c.couplings(subject.design.entities, _people(subject)):
        machine = link.child.state_machine
        for move in link.executing:
            if _names(move.guard, link.parent.name) and any(_names(move.guard, s) for s in link.permit):
                continue
            field = machine.field if machine is not None else "status"
            yield Problem(
                element=f"{link.child.name}.{field}: {move.name}",
                at=_at(subject, link.child.name),
                message=f"{move.name} carries out what its {link.parent.name} decided, and its guard never checks "
                f"that the {link.parent.name} is still {join(link.permit, 'or')}",
                fix=f"guard {move.name} with its {link.parent.name} still {join(link.permit, 'or')}, read with a "
                "lock in the same transaction",
            )


@rule("FLOW095", "error", "flows", "A parent that leaves the state its child runs in")
def parent_leaves_child(subject: Subject) -> Found:
    """A parent moves out of that state (a claim rejected or withdrawn after approval) and its
    guard says nothing of the child in flight: the payment is still released, sent and settled."""
    for link in c.couplings(subject.design.entities, _people(subject)):
        machine = link.parent.state_machine
        for move in link.abandoning:
            if _names(move.guard, link.child.name):
                continue
            field = machine.field if machine is not None else "status"
            left = join([s for s in move.source if s in link.permit], "or")
            yield Problem(
                element=f"{link.parent.name}.{field}: {move.name}",
                at=_at(subject, link.parent.name),
                message=f"{move.name} takes it out of {left} while a {link.child.name} of it may be in flight, and "
                f"its guard says nothing of that {link.child.name}",
                fix=f"in the same transaction cancel each {link.child.name} that can still be called back, and "
                f"refuse {move.name} while one is past that",
            )


@rule("FLOW096", "error", "flows", "A timer and a confirmation racing without a winner")
def timer_race(subject: Subject) -> Found:
    """A timer (the payer did not finish) and an outside confirmation (the payment succeeded) leave one state for
    different ends, and their guards do not say who wins nor what happens to the loser: money taken after the
    expiry is neither refunded nor honoured."""
    words = lifecycle_knowledge().couplings
    for entity in subject.design.entities:
        machine = entity.state_machine
        for timer, other, state in c.races(machine, _people(subject)) if machine is not None else []:
            if _marked(timer.guard, words.conditional_marks) and _marked(other.guard, words.late_marks):
                continue
            yield Problem(
                element=f"{entity.name}.{machine.field if machine else 'status'}: {timer.name}",
                at=_at(subject, entity.name),
                message=f"{timer.name} (a timer) and {other.name} (a confirmation from outside) both leave {state}, "
                f"and nothing says which wins or what happens when {other.name} comes after {timer.name}",
                fix=f"make each a conditional update on {state} (the first to commit wins), and say what a late "
                f"{other.name} does: refund the money or honour the record",
            )


@rule("FLOW097", "error", "flows", "A separation from another record's step left out of the guard")
def prior_step_unguarded(subject: Subject) -> Found:
    """A use case says nobody who did a step of another record takes its step (nobody releases a payment of a claim
    they approved), and the step it carries never checks who did that other step: the rule exists in prose only."""
    cancel = operation_words().states.cancel
    for use_case in subject.req.use_cases:
        for entity in subject.design.entities:
            machine = entity.state_machine
            barred = c.prior_steps(use_case.description or "", subject.design.entities, entity.name)
            if machine is None or not barred:
                continue
            for move in machine.transitions:
                if move.use_case != use_case.name or move.target.lower() in cancel:
                    continue
                if any(_names(move.guard, t.name) for _, t in barred):
                    continue
                steps = join(sorted({f"{e.name}.{t.name}" for e, t in barred}), "or")
                yield Problem(
                    element=f"{entity.name}.{machine.field}: {move.name}",
                    at=_at(subject, entity.name),
                    message=f"{use_case.name} bars who did {steps} from it, and {move.name}'s guard never checks "
                    "who did that step",
                    fix=f"guard {move.name} with the callers not being who did {steps} (read from that record's "
                    "recorded transitions in the same transaction)",
                )


@rule("FLOW098", "error", "flows", "Dual control with one person recorded")
def one_signer(subject: Subject) -> Found:
    """A use case says two people take its step (dual control), and the record it writes keeps no second person,
    or no guard checks that the second differs from the first: one person releases alone."""
    second = set(money_words().second_person)
    for use_case in subject.req.use_cases:
        if not c.dual_stated(use_case.description or ""):
            continue
        for entity in subject.design.entities:
            machine = entity.state_machine
            if machine is None or entity.name not in use_case.writes:
                continue
            kept = any(f.type.startswith("ref[") and name_words(f.name) & second for f in entity.fields)
            # or each of two signatures in a field of its own (approved_by, released_by)
            kept = kept or len([f for f in entity.fields if f.type.startswith("ref[") and f.name.endswith("_by")]) > 1
            distinct = any(_marked(t.guard, frozenset(money_words().differs)) for t in machine.transitions)
            if kept and distinct:
                continue
            yield Problem(
                element=entity.name,
                at=_at(subject, entity.name),
                message=f"{use_case.name} says two people take its step, and {entity.name} "
                + ("keeps no second person" if not kept else "has no guard that makes the second differ"),
                fix="record both people (the second as a reference of its own, set by a countersign step of their "
                "own) and guard the final step with the caller differing from the second",
            )
