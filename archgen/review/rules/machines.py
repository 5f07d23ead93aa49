"""State-machine rules: a lifecycle models what really happens to the record.

People make the decisions their use cases name, an approval has its refusal, a grant nobody takes up lapses, every
end reaches the state that closes the record, a record waiting for its payer is not moved on before the money, a
limit or four-eyes rule a use case states is the guard of the move it carries, and an appeal follows the decision.
"""

from __future__ import annotations

from archgen.design.lifecycle_needs import stated_limits
from archgen.design.model import StateMachine, Transition
from archgen.knowledge.money import awaits_payment, money_words, name_words
from archgen.knowledge.operations import operation_words
from archgen.requirements.intent import is_role_record, write_kind
from archgen.requirements.model import UseCase
from archgen.review.engine import Found, Problem, Subject, rule

SYSTEM = "system"


def _at(i: int) -> tuple[str | int, ...]:
    return ("entities", i, "state_machine", "transitions")


def _machines(subject: Subject) -> list[tuple[int, str, StateMachine]]:
    return [(i, e.name, e.state_machine) for i, e in enumerate(subject.design.entities) if e.state_machine is not None]


def _people(subject: Subject) -> set[str]:
    return {r.name for r in subject.req.users.roles if r.kind == "person"}


def _request_by_person(subject: Subject, move: Transition) -> UseCase | None:
    """The use case carrying a move when a person asks for it in a request."""
    use_case = next((u for u in subject.req.use_cases if u.name == move.use_case), None)
    if use_case is None or use_case.interaction != "request" or use_case.actor not in _people(subject):
        return None
    return use_case


def _makes(subject: Subject, use_case: UseCase, entity: str) -> bool:
    """Whether a use case makes the record (or it is its caller's own): what happens to it then is the system's
    check of what was asked (an identity verified at sign-up), not a decision of the caller."""
    found = next((e for e in subject.req.data.entities if e.name == entity), None)
    if found is None:
        return False
    return write_kind(use_case, found).kind == "create" or is_role_record(use_case.actor or "", entity)


@rule("DAT040", "error", "data", "A person's decision run by the system")
def decision_by_system(subject: Subject) -> Found:
    """A move into a decision (approved, rejected) is carried by a person's request, yet only "system" may do it:
    the adjuster's rejection is no one's, and the API offers the person no way to make it."""
    decisions = operation_words().states.decisions
    for i, entity, machine in _machines(subject):
        for move in machine.transitions:
            use_case = _request_by_person(subject, move)
            if use_case is None or _makes(subject, use_case, entity):
                continue
            if move.target.lower() in decisions and set(move.roles) <= {SYSTEM}:
                yield Problem(
                    element=f"{entity}.{machine.field}: {move.name}",
                    at=_at(i),
                    message=f"{move.target} is decided in {use_case.name}, yet only the system may move it there",
                    fix=f"give {move.name} to {use_case.actor}, who makes the decision",
                )


@rule("DAT041", "error", "data", "An approval with no refusal")
def approval_without_refusal(subject: Subject) -> Found:
    """People may approve a record but no one who may approve can refuse it: a request nobody wants stays
    requested for ever."""
    known = operation_words().states
    for i, entity, machine in _machines(subject):
        for move in (t for t in machine.transitions if t.target.lower() in known.approvals):
            deciders = set(move.roles) - {SYSTEM}
            refused = any(
                t.target.lower() in known.declines | known.cancel
                and set(t.source) & set(move.source)
                and deciders & set(t.roles)
                for t in machine.transitions
            )
            if deciders and not refused:
                yield Problem(
                    element=f"{entity}.{machine.field}: {move.name}",
                    at=_at(i),
                    message=f"{', '.join(sorted(deciders))} can move it to {move.target} from "
                    f"{', '.join(move.source)}, but cannot refuse it",
                    fix="add a reject (or decline) move from the same states, done by who approves",
                )


@rule("DAT042", "error", "data", "A grant nobody takes up is held for ever")
def grant_never_lapses(subject: Subject) -> Found:
    """A record granted what it asked for (an approved loan) waits for a person to take it up, and only people move
    it on: when nobody comes it stays approved for ever, holding what it was granted."""
    known = operation_words().states
    for i, entity, machine in _machines(subject):
        people = _people(subject)
        for state in (s for s in machine.states if s.lower() in known.approvals and s not in machine.terminal):
            out = [t for t in machine.transitions if state in t.source and t.target != state]
            onward = [t for t in out if t.target.lower() not in known.cancel]
            if onward and all(set(t.roles) <= people for t in out):
                yield Problem(
                    element=f"{entity}.{machine.field}: {state}",
                    at=_at(i),
                    message=f"only people move a record out of {state}; if nobody takes it up it stays there",
                    fix=f"add a timer move (by system) from {state} to the lifecycle's expired or cancelled state",
                )


@rule("DAT043", "error", "data", "An end that never reaches the closing state")
def end_short_of_closing(subject: Subject) -> Found:
    """A lifecycle has a state that closes every record (closed), yet another end (rejected, withdrawn) is final
    too: those records never get their closing date and never pass the close step."""
    closing_words = operation_words().states.closing
    for i, entity, machine in _machines(subject):
        closing = [s for s in machine.terminal if s.lower() in closing_words]
        if not closing or not any(t.target == closing[0] for t in machine.transitions):
            continue
        for state in (s for s in machine.terminal if s not in closing):
            yield Problem(
                element=f"{entity}.{machine.field}: {state}",
                at=_at(i),
                message=f"{state} is final, so a record that ends there is never {closing[0]}",
                fix=f"start the move into {closing[0]} from {state} too, and make {closing[0]} the only end",
            )


@rule("DAT044", "error", "data", "Moved on before its payer pays")
def moved_before_payment(subject: Subject) -> Found:
    """A record waits for its payer (pending_payment), and the request that makes it also moves it on, with no
    guard on the money: the booking is confirmed, and announced, before the deposit succeeds."""
    known = operation_words().states
    paying = set(money_words().paying)
    for i, entity, machine in _machines(subject):
        for move in machine.transitions:
            waiting = [s for s in move.source if awaits_payment(entity, s)]
            forward = move.target.lower() not in known.cancel and move.target not in move.source
            on_money = bool(name_words(move.guard.replace(" ", "_")) & paying)
            if waiting and forward and set(move.roles) <= {SYSTEM} and not on_money:
                use_case = _request_by_person(subject, move)
                if use_case is None or not _makes(subject, use_case, entity):
                    continue  # a card on file charged beside other work waits on the provider's answer itself
                yield Problem(
                    element=f"{entity}.{machine.field}: {move.name}",
                    at=_at(i),
                    message=f"{move.use_case} moves it from {waiting[0]} to {move.target} itself, before the "
                    "payment succeeds",
                    fix=f"move it to {move.target} when the payment succeeds (the provider's answer), with that as "
                    "the guard",
                )


@rule("DAT045", "error", "data", "A stated limit or four-eyes rule left out of the guard")
def stated_guard_missing(subject: Subject) -> Found:
    """A use case says its decision is bounded by the decider's authority limit, or never made by who did an earlier
    step, and the move it carries has no guard: the rule exists only in prose."""
    decisions = operation_words().states.decisions
    for i, entity, machine in _machines(subject):
        for move in machine.transitions:
            use_case = _request_by_person(subject, move)
            if use_case is None or move.guard.strip() or move.target.lower() not in decisions:
                continue
            authority, separation = stated_limits(use_case)
            said = [w for w, yes in (("an authority limit", authority), ("four eyes", separation)) if yes]
            if said:
                yield Problem(
                    element=f"{entity}.{machine.field}: {move.name}",
                    at=_at(i),
                    message=f"{use_case.name} states {' and '.join(said)}, but {move.name} has no guard",
                    fix=f"state the condition as the guard of {move.name} (the caller's limit; not who did an "
                    "earlier step)",
                )


@rule("DAT046", "error", "data", "An appeal before the decision")
def appeal_before_decision(subject: Subject) -> Found:
    """A lifecycle has decisions (actioned, dismissed) and an appeal, but the appeal starts only from states before
    any decision: what people appeal, a decision made, cannot be appealed at all."""
    known = operation_words().states
    for i, entity, machine in _machines(subject):
        decided = {t.target for t in machine.transitions if t.target.lower() in known.decisions}
        for move in (t for t in machine.transitions if t.target.lower() in known.appeals):
            if decided and not set(move.source) & decided:
                yield Problem(
                    element=f"{entity}.{machine.field}: {move.name}",
                    at=_at(i),
                    message=f"{move.name} starts only from {', '.join(move.source)}, before the decision "
                    f"({', '.join(sorted(decided))}) it appeals",
                    fix=f"start {move.name} from the decided states, within the appeal window",
                )
