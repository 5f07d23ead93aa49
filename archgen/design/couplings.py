"""Lifecycles that must not drift apart: a record that carries out what another decided (a claim's payment) runs
only while its parent permits it, and the parent cannot leave that state under it; a timer and an outside
confirmation leaving one state settle who wins. The architect writes these guards and the review checks them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from archgen.design.model import EntityDesign, StateMachine, Transition
from archgen.knowledge.lifecycles import lifecycle_knowledge
from archgen.knowledge.money import name_words
from archgen.knowledge.operations import operation_words

SYSTEM = "system"


@dataclass
class Coupling:
    """A child record whose lifecycle follows its parent's."""

    child: EntityDesign
    parent: EntityDesign
    permit: list[str]  # the parent's states in which the child runs
    executing: list[Transition]  # the child's own steps that act on the parent's decision (release)
    abandoning: list[Transition]  # the parent's moves out of those states to another end (reject, withdraw)
    busy: list[str]  # the child's live states that can no longer be called back (released, sent)
    open: list[str]  # the child's live states it can still be cancelled from
    cancel: Transition | None  # the child's own cancel


def couplings(entities: list[EntityDesign], people: set[str]) -> list[Coupling]:
    """Each child (a payment, a shipment) of a parent with a lifecycle, where the parent's move that the child's
    outcome makes (paid when the payment settles) names the parent's states the child runs in."""
    words = lifecycle_knowledge().couplings
    cancel_words = operation_words().states.cancel
    by_name = {e.name: e for e in entities}
    out = []
    for child in entities:
        machine = child.state_machine
        if machine is None or not name_words(child.name) & words.dependents:
            continue
        for ref in (f for f in child.fields if f.type.startswith("ref[")):
            parent = by_name.get(ref.type[4:-1])
            above = parent.state_machine if parent is not None and parent.name != child.name else None
            if parent is None or above is None:
                continue
            carried = {t.use_case for t in machine.transitions if t.use_case}
            step = next((t for t in above.transitions if t.use_case in carried and t.target not in t.source), None)
            shared = {t.use_case for t in above.transitions if t.use_case in carried}
            if step is None:
                continue
            permit = list(step.source)
            executing = [
                t
                for t in machine.transitions
                if t.use_case != step.use_case
                and set(t.roles) & ({SYSTEM} | people)
                and t.target not in t.source
                and t.target.lower() not in cancel_words
                and machine.initial in t.source
            ]
            abandoning = [
                t
                for t in above.transitions
                # the parent's other outcomes of the child's own work (refunded when the refund succeeds) are not
                # abandoning it
                if set(t.source) & set(permit) and t.target not in (step.target, *permit) and t.use_case not in shared
            ]
            cancel = next((t for t in machine.transitions if t.target.lower() in cancel_words), None)
            live = [s for s in machine.states if s not in machine.terminal]
            opened = list(cancel.source) if cancel is not None else []
            out.append(
                Coupling(
                    child=child,
                    parent=parent,
                    permit=permit,
                    executing=executing,
                    abandoning=abandoning,
                    busy=[s for s in live if s not in opened],
                    open=[s for s in live if s in opened],
                    cancel=cancel,
                )
            )
            break
    return out


def is_timer(move: Transition) -> bool:
    """A move the clock makes (the guard says so)."""
    marks = lifecycle_knowledge().couplings.timer_marks
    return move.roles == [SYSTEM] and any(move.guard.lower().startswith(m) for m in marks)


def races(machine: StateMachine, people: set[str]) -> list[tuple[Transition, Transition, str]]:
    """Each timer and outside confirmation (a provider's callback, or a move made once the payment succeeds) that
    leave one state for different ends, with that state."""
    paid_guard = lifecycle_knowledge().guards.paid_guard
    out = []
    for timer in (t for t in machine.transitions if is_timer(t)):
        for other in machine.transitions:
            outside = bool(set(other.roles) - people - {SYSTEM}) or other.guard.startswith(paid_guard)
            shared = [s for s in timer.source if s in other.source]
            if other is timer or not outside or other.target == timer.target or not shared:
                continue
            out.append((timer, other, shared[0]))
    return out


def _said(text: str, marks: frozenset[str]) -> bool:
    said = " " + " ".join(re.sub(r"[^\w\s-]", " ", text.lower()).split()) + " "  # punctuation ends no word
    return any(f" {m} " in said for m in marks)


def dual_stated(text: str) -> bool:
    """Whether a use case's description says two distinct people take its step (dual control)."""
    return _said(text, lifecycle_knowledge().couplings.dual)


def prior_steps(text: str, entities: list[EntityDesign], own: str) -> list[tuple[EntityDesign, Transition]]:
    """The people's steps of other records that a use case's description bars from its own (nobody releases a
    payment of a claim they approved): each found by its state's name after a word that bars it."""
    words = lifecycle_knowledge().couplings
    if not _said(text, words.prior_marks):
        return []
    said = name_words(text)
    out = []
    for entity in entities:
        machine = entity.state_machine
        if machine is None or entity.name == own or not name_words(entity.name) & said:
            continue
        for move in machine.transitions:
            if move.roles and SYSTEM not in move.roles and name_words(move.target) <= said:
                out.append((entity, move))
    return out
