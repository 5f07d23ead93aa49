"""Lifecycle rules: no record is held for ever, escapes an enforcement or misses the way its money comes back.

A resource another record takes (a driver on a trip) is let go when that record ends; only who imposed an
enforcement lifts it; a refund or chargeback starts from every state where the money was taken; an outcome is
decided from the step before it, not after the opposite outcome.
"""

from __future__ import annotations

from archgen.common.english import join
from archgen.design import gates
from archgen.design.model import StateMachine
from archgen.knowledge.operations import operation_words
from archgen.review.engine import Found, Problem, Subject, rule

SYSTEM = "system"


def _at(i: int) -> tuple[str | int, ...]:
    return ("entities", i, "state_machine", "transitions")


def _reached(machine: StateMachine, start: str) -> set[str]:
    """The states a record can get to from `start`."""
    seen, todo = {start}, [start]
    while todo:
        state = todo.pop()
        for move in machine.transitions:
            if state in move.source and move.target not in seen:
                seen.add(move.target)
                todo.append(move.target)
    return seen


@rule("RUN020", "error", "use cases", "A resource another record takes is never let go")
def never_released(subject: Subject) -> Found:
    """Another record's work takes a resource out of its free state (a trip accepted puts its driver en route), and
    nothing that ends that record brings the resource back: after one trip the driver is out of the market."""
    free = operation_words().states.free
    machines = {e.name: e.state_machine for e in subject.design.entities if e.state_machine is not None}
    for i, entity in enumerate(subject.design.entities):
        machine = entity.state_machine
        if machine is None:
            continue
        for take in machine.transitions:
            taken_from = [s for s in take.source if s.lower() in free]
            holders = [
                other
                for name, other in machines.items()
                if name != entity.name
                and take.use_case is not None
                and any(t.use_case == take.use_case and t.target not in other.terminal for t in other.transitions)
            ]
            if not taken_from or not holders or take.target in machine.terminal:
                continue
            # what the holder's ends carry (complete, cancel) must bring the resource back to a free state
            ends = {t.use_case for h in holders for t in h.transitions if t.target in h.terminal and t.use_case}
            back = [
                t
                for t in machine.transitions
                if t.target.lower() in free
                and (t.use_case in ends or t.roles == [SYSTEM])
                and set(t.source) & _reached(machine, take.target)
            ]
            if not back:
                yield Problem(
                    element=f"{entity.name}.{machine.field}: {take.target}",
                    at=_at(i),
                    message=f"{take.use_case} takes it out of {taken_from[0]}, and nothing that ends what took it "
                    f"brings it back",
                    fix=f"add a move back to {taken_from[0]}, carried by the moves that end the record holding it "
                    "(completed, cancelled)",
                )


@rule("RUN021", "error", "use cases", "An enforcement its subject can leave")
def enforcement_escaped(subject: Subject) -> Found:
    """Someone other than who imposed an enforcement (a suspension, a block) moves the record out of it to a live
    state: a suspended driver reinstates themselves by going offline, then online."""
    enforcement = operation_words().states.enforcement
    for i, entity in enumerate(subject.design.entities):
        machine = entity.state_machine
        if machine is None:
            continue
        for state in (s for s in machine.states if s.lower() in enforcement):
            imposers = {r for t in machine.transitions if t.target == state for r in t.roles} | {SYSTEM}
            for move in machine.transitions:
                live = move.target not in machine.terminal and move.target != state
                if state in move.source and live and not set(move.roles) <= imposers:
                    yield Problem(
                        element=f"{entity.name}.{machine.field}: {move.name}",
                        at=_at(i),
                        message=f"{', '.join(sorted(set(move.roles) - imposers))} can move a record out of {state} "
                        f"({move.name}), which only {', '.join(sorted(imposers - {SYSTEM}))} imposes",
                        fix=f"start {move.name} only from the other states; lift {state} by a reinstate move of "
                        "whoever imposed it",
                    )


@rule("RUN022", "error", "use cases", "Refund or chargeback unreachable from a paid state")
def reversal_unreachable(subject: Subject) -> Found:
    """A lifecycle has refund or dispute states, but no move reaches them from the state where the money was
    taken (captured, paid): the normal full refund and every chargeback have no legal transition."""
    known = operation_words().states
    for i, entity in enumerate(subject.design.entities):
        machine = entity.state_machine
        if machine is None:
            continue
        taken = next((s for s in machine.states if s.lower() in known.money_taken and s not in machine.terminal), None)
        if taken is None:
            continue
        for state in (s for s in machine.states if s.lower() in known.reversals and s != taken):
            if not any(t.target == state and taken in t.source for t in machine.transitions):
                yield Problem(
                    element=f"{entity.name}.{machine.field}: {state}",
                    at=_at(i),
                    message=f"no move leads from {taken} to {state}",
                    fix=f"start the move into {state} from every state where the money was taken, {taken} first",
                )


@rule("RUN023", "error", "use cases", "An outcome reached only after the opposite outcome")
def outcome_after_outcome(subject: Subject) -> Found:
    """A decided outcome (won, lost) is reached only from another outcome: a dispute can be lost only after being
    won. Outcomes are alternatives decided from the step before them."""
    outcomes = operation_words().states.outcomes
    taken = operation_words().states.money_taken  # a payout returned after it was paid is the usual order
    for i, entity in enumerate(subject.design.entities):
        machine = entity.state_machine
        if machine is None:
            continue
        for move in machine.transitions:
            after = [s.lower() for s in move.source]
            if move.target.lower() in outcomes and after and all(s in outcomes and s not in taken for s in after):
                yield Problem(
                    element=f"{entity.name}.{machine.field}: {move.name}",
                    at=_at(i),
                    message=f"{move.target} is reached only from {', '.join(move.source)}, another outcome",
                    fix=f"decide {move.target} from the step before the outcomes, and make the outcomes ends",
                )


@rule("FLOW093", "error", "flows", "Published before the check it must pass")
def published_before_check(subject: Subject) -> Found:
    """A record the questionnaire checks before anyone sees it (automated moderation of an upload, a malware scan)
    can be published, or readied for publishing and announced, by a move whose condition says nothing of the
    check's verdict: what the check would flag is out, and subscribers are notified, before anyone looks. Staff's
    own decisions (a moderator reinstating) are the check and are left alone."""
    for i, entity in enumerate(subject.design.entities):
        if entity.state_machine is None:
            continue
        for move in gates.ungated(subject.req, entity.name, entity.state_machine):
            j = entity.state_machine.transitions.index(move)
            told = f" and announces it ({move.emits})" if move.emits else ""
            yield Problem(
                element=f"{entity.name}.{move.name}",
                at=(*_at(i), j, "guard"),
                message=f"moves a {entity.name} to {move.target}{told} with no condition on the "
                f"check {join(u.name for u in gates.checks_of(subject.req, entity.name))} runs on it",
                fix="guard the move with the check's verdict (passed, nothing flagged open), or add a state that "
                "waits for it (pending review) before the record can be published or announced",
            )
