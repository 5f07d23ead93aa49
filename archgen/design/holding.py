"""Holds and the postings that release them: a record whose creation places a pending hold is posted for good
only by the move that confirms its money (a capture, the provider's refund), which releases the hold in the same
ledger transaction; an authorisation moves no balance, and a void or failure only lets the hold go."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from archgen.common import english
from archgen.design.model import EntityDesign, Event, Flow, FlowStep, Transition
from archgen.design.money import money_children
from archgen.design.postings import movement
from archgen.knowledge.money import money_words, name_words
from archgen.knowledge.money_moves import money_moves


@dataclass(frozen=True)
class HoldMoves:
    """What becomes of a record's hold: the moves that post it (by whom: the record's own or a parent's), those that
    only release it, and the authorisations that move nothing."""

    posting: tuple[tuple[str, Transition], ...]  # (owner record, transition)
    releasing: tuple[Transition, ...]
    unmoved: tuple[Transition, ...]

    def kinds(self, entities: Sequence[EntityDesign]) -> list[str]:
        by = {e.name: e for e in entities}
        found = (movement(by[o], t.target) for o, t in self.posting)
        return list(dict.fromkeys(m.kind for m in found if m is not None))


def authorises(move: Transition) -> bool:
    """Whether a move only has the money authorised (reserved on the card), not captured."""
    return move.target.lower() in money_moves().authorised


def hold_moves(entity: EntityDesign, entities: Sequence[EntityDesign]) -> HoldMoves:
    """The moves that post, release or leave untouched the hold placed when `entity` is created."""
    machine = entity.state_machine
    if machine is None:
        return HoldMoves((), (), ())
    noun = "".join(sorted(name_words(entity.name)))
    parents = [p for p in entities if entity.name in money_children(entities, p.name) and p.state_machine]
    # a child's money is posted by the parent's move named for it (a payment's refund posts each Refund)
    posting = [
        (p.name, t)
        for p in parents
        for t in p.state_machine.transitions  # type: ignore[union-attr]
        if noun[:5] in t.name.replace("-", "").lower() and movement(p, t.target) is not None
    ]
    if not posting:
        before = {machine.initial}
        grown = True
        while grown:  # the states reached without moving money
            after = {t.target for t in machine.transitions if set(t.source) & before and not movement(entity, t.target)}
            grown = not after <= before
            before |= after
        posting = [
            (entity.name, t)
            for t in machine.transitions
            if set(t.source) & before and movement(entity, t.target) is not None
        ]
    first = [t for t in machine.transitions if machine.initial in t.source and (entity.name, t) not in posting]
    ends = {*money_words().expired_states, "voided", "void", "declined", "rejected", "refused", "cancelled"}
    return HoldMoves(
        posting=tuple(posting),
        releasing=tuple(t for t in first if t.target.lower() in ends),
        unmoved=tuple(t for t in first if authorises(t)),
    )


def hold_sentence(entity: EntityDesign, entities: Sequence[EntityDesign]) -> str:
    """What the hold step says becomes of the hold, e.g. 'the hold is released and the capture posted in one ledger
    transaction by its capture; it is released without a posting by its void and fail; …'."""
    found = hold_moves(entity, entities)
    words = money_moves()

    def named(moves: Sequence[tuple[str, Transition]]) -> str:
        owners = dict.fromkeys(o for o, _ in moves)
        parts = []
        for owner in owners:
            who = "its" if owner == entity.name else f"the {' '.join(sorted(name_words(owner)))}'s"
            parts.append(f"{who} {english.join([t.name for o, t in moves if o == owner])}")
        return english.join(parts)

    out = []
    if found.posting:
        kinds = english.join(found.kinds(entities))
        out.append(words.posting.format(kinds=kinds, moves=named(found.posting)))
    if found.releasing:
        out.append(words.releasing.format(moves=named([(entity.name, t) for t in found.releasing])))
    if found.unmoved:
        out.append(words.unmoved.format(moves=named([(entity.name, t) for t in found.unmoved])))
    return "; ".join(out)


def received(flow: Flow, j: int) -> str | None:
    """The event a consumer acts on at step j: the message of the delivery just before its own steps."""
    consumer = flow.steps[j].source
    for step in reversed(flow.steps[:j]):
        if step.target == consumer and step.kind == "async":
            return step.message.split(" ", 1)[0]
        if step.source != consumer:
            return None
    return None


def caller_record(flow: Flow, j: int) -> str | None:
    """The record a service writes when it calls the ledger at step j inside its own move: the first record its
    own transaction writes in the flow ("write Payment + outbox")."""
    keeper = flow.steps[j].source
    caller = next(
        (s.source for s in reversed(flow.steps[:j]) if s.target == keeper and s.kind == "sync"),
        None,
    )
    for step in flow.steps:
        if caller is not None and step.source == caller and step.kind == "sync" and step.message.startswith("write "):
            return re.split(r"[\s,+(;]", step.message[len("write ") :], maxsplit=1)[0]
    return None


def holds(flows: Sequence[Flow], events: Sequence[Event]) -> Iterator[tuple[int, int, str]]:
    """(flow index, step index, held record) of each step that places a pending hold on a record's creation."""
    by = {e.name: e for e in events}
    provisional = money_words().provisional
    for i, flow in enumerate(flows):
        for j, step in enumerate(flow.steps):
            if not any(p in step.message for p in provisional):
                continue
            event = by.get(received(flow, j) or "")
            if event is not None and event.entity:
                yield i, j, event.entity
            elif (mover := caller_record(flow, j)) is not None:
                yield i, j, mover


def releases(step: FlowStep, found: HoldMoves, entities: Sequence[EntityDesign]) -> bool | None:
    """Whether a posting step of a held record's money says it releases the hold; None when it posts none of it
    (or is the hold itself)."""
    message = step.message
    if any(p in message for p in money_words().provisional):
        return None
    owners = {" ".join(sorted(name_words(o), key=o.lower().index)) for o, _ in found.posting}
    kinds = found.kinds(entities)
    if not any(f"the {k} (" in message for k in kinds) or not any(f"the {o}'s" in message for o in owners):
        return None
    return money_moves().releases in message
