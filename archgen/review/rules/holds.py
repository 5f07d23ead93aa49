"""Records that hold one another: a step that moves two linked records is one command, a record another's step took
is let go when that record ends, a date a job reads is set before the job can reach the record, and a resource one
record claims at a time is claimed in the store."""

from __future__ import annotations

from archgen.design import holds
from archgen.review.engine import Found, Problem, Subject, rule


def _at(subject: Subject, entity: str, part: str = "state_machine") -> tuple[str | int, ...]:
    i = next(k for k, e in enumerate(subject.design.entities) if e.name == entity)
    return ("entities", i, part)


@rule("FLOW102", "error", "flows", "One use-case step carried by commands on two records")
def two_commands(subject: Subject) -> Found:
    """A use case's step moves two linked records (a loan handed out and its item), and people take it through a
    command on each: the command on the record named by the other cannot say which of its children it serves, and
    a caller who sends one without the other leaves the two states apart. Offer one command, on the record the
    actor acts on, whose transaction moves both."""
    for link, move, lead in holds.double_steps(subject.design.entities, subject.req):
        parent, child = link.parent.name, link.child.name
        yield Problem(
            element=f"{parent}.{move.name}",
            at=_at(subject, parent),
            message=f"{move.use_case} moves {parent} by its own {move.name} command beside {child}'s {lead.name}: "
            f"the {parent} command cannot name which {child} it serves, and either can be sent without the other",
            fix=f"drop the {parent} command and let {child}'s {lead.name} move its {parent} to {move.target} in "
            "the same transaction (the system's move, guarded by that step)",
        )


@rule("FLOW103", "error", "flows", "A record another's step took that nothing lets go")
def stranded_hold(subject: Subject) -> Found:
    """A step of one record takes a linked record out of circulation (an item on loan once its loan is handed
    out), and when that record ends nothing moves the linked one back: the item stays on loan for ever after the
    return, and nobody can borrow it again."""
    for link in holds.links(subject.design.entities):
        for move, state in holds.stranded(link):
            parent, child = link.parent.name, link.child.name
            yield Problem(
                element=f"{parent}.{move.name}",
                at=_at(subject, parent),
                message=f"{move.use_case} takes {parent} to {state} with its {child}, and no move takes it out of "
                f"{state} when the {child} ends",
                fix=f"add the system's move out of {state} back to where it was taken from, made by the steps that "
                f"end the {child}, in their transaction",
            )


@rule("FLOW104", "error", "flows", "A job reads a date that may still be empty")
def timer_on_null(subject: Subject) -> Found:
    """A scheduled job moves records by a date they hold (loans past their due date go overdue), and the date is
    optional on the record while no step that leads there requires it: records without one are skipped by the job
    in silence. Require the date in the step that arms the job, or on the record from its creation."""
    endpoints = [e for s in subject.design.services for e in s.endpoints]
    for entity in subject.design.entities:
        for field, move in holds.timer_fields(subject.req, entity):
            if field.required:
                continue
            named = f"{entity.name}.{field.name}"
            asked = [
                f
                for e in endpoints
                if e.entity == entity.name and e.request is not None
                for f in e.request.fields
                if f.field == named or f.name == field.name
            ]
            if any(f.required for f in asked):
                continue
            yield Problem(
                element=named,
                at=_at(subject, entity.name, "fields"),
                message=f"{move.use_case} moves {entity.name} by {field.name} ({move.name}), which may be empty: "
                "no step before it requires it, so a record without one is never moved",
                fix=f"require {field.name} in the step that leads to {', '.join(move.source)} (the decision that "
                "sets the deadline), or on the record from its creation",
            )


@rule("DAT091", "error", "data", "An exclusive claim the store does not enforce")
def unenforced_claim(subject: Subject) -> Found:
    """A record holds a resource one at a time (a loan its item, a booking its room for its nights), and nothing in
    the store enforces it: two requests that each check availability first both commit, and the resource is
    booked twice. Enforce it where the rows live: an exclusion constraint over resource and period, a unique
    index limited to the live states, or a conditional write."""
    for claim in holds.claims(subject.design.entities, holds.said_of(subject.req)):
        if holds.enforcing(claim) is not None:
            continue
        name = claim.entity.name
        span = f" for {claim.period[0]} to {claim.period[1]}" if claim.period else ""
        yield Problem(
            element=f"{name}.{claim.resource}",
            at=_at(subject, name, "indexes"),
            message=f"a live {name} ({', '.join(claim.states)}) holds its {claim.resource}{span} alone, and no "
            "index or constraint of the store enforces it",
            fix=f"add an exclusion constraint on ({claim.resource}, period) where the engine has one, else a unique "
            f"index on {claim.resource} limited to those states, and name it in the flow that claims it",
        )
