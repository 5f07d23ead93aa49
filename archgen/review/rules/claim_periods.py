"""Claims checked on the period that binds: not on dates a party only proposed, and on a unit only from the step
that assigns it."""

from __future__ import annotations

from archgen.design import claim_periods as cp
from archgen.knowledge.claim_periods import claim_periods
from archgen.review.engine import Found, Problem, Subject, rule
from archgen.review.rules.holds import enforced_claims, index_at


@rule("DAT100", "error", "data", "A claim checked on dates nobody has bound")
def unbound_claim(subject: Subject) -> Found:
    """A claim of a resource is checked on dates the workflow marks as a proposal (the days a requester asks
    for, which the approver decides): the store then approves a second claim for dates the first one really
    holds. Check the claim on the dates the deciding step binds."""
    for claim, index in enforced_claims(subject):
        entity = claim.entity
        step = cp.deciding_step(entity, subject.req)
        asked = [f.name for f in cp.proposals(entity) if f.name in index.fields]
        if asked and step is not None:
            yield Problem(
                element=f"{entity.name}.{index.name}",
                at=index_at(subject, entity.name, index),
                message=f"{index.name} checks {entity.name} on {', '.join(asked)}, which are proposals: the "
                f"{step.name} step decides the dates that bind, and the constraint never sees them",
                fix=f"let the {step.name} step set the first and last day that bind, and build the range from "
                "those fields",
            )


@rule("DAT101", "error", "data", "A unit claimed before any step assigns it")
def unassigned_unit(subject: Subject) -> Found:
    """A record's claim is an exclusion on a unit (a room) that stays empty until a later step assigns it (rooms
    sold by type and assigned at check-in), yet the claim covers the states before that step or requires the
    unit from the start: every sale must invent a unit, or the constraint proves nothing while the count of the
    type is what guards the sale. Claim the unit only in the states from the assigning step on, and leave the
    sale to the count per type and night."""
    for claim, index in enforced_claims(subject):
        entity = claim.entity
        move = cp.assigned_by(entity, claim.resource, subject.req)
        if move is None:
            continue
        after = cp.from_step(entity, move)
        before = [s for s in claim.states if s not in after and f"'{s}'" in index.serves]
        required = any(f.name == claim.resource and f.required for f in entity.fields)
        if not before and not required:
            continue
        said = f"covers {', '.join(before)}" if before else f"requires {claim.resource} when the record is made"
        yield Problem(
            element=f"{entity.name}.{index.name}",
            at=index_at(subject, entity.name, index),
            message=f"{index.name} claims {entity.name}'s {claim.resource}, which the {move.name} step assigns, "
            f"and {said}: before that step there is no {claim.resource} to claim",
            fix=f"make {claim.resource} optional until {move.name}, limit the constraint to the states from "
            f"{move.name} on ({', '.join(after)}), and guard the sale by the count per type and night",
        )


@rule("API181", "error", "api", "A value promised for each result that the answer has no field for")
def promised_value(subject: Subject) -> Found:
    """An operation's input or its use case promises that each result carries a derived value (whether an item
    is free for the dates asked about), and the answer's schema has no field for it: the record's own fields
    allow no extra properties, so the promise can only be kept in prose. State the computed field in the answer,
    with how it is derived."""
    marks = claim_periods().promise_marks
    cases = {u.name: u.description or "" for u in subject.req.use_cases}
    for i, service in enumerate(subject.design.services):
        for j, endpoint in enumerate(service.endpoints):
            if endpoint.action not in ("list", "search", "get", "nearby"):
                continue
            said = [d.description for d in endpoint.inputs] + [cases.get(u, "") for u in endpoint.use_cases]
            promise = next((s for s in said if any(m in s.lower() for m in marks)), None)
            body = endpoint.response
            if promise is None or (body is not None and any(f.read_only and not f.field for f in body.fields)):
                continue
            yield Problem(
                element=f"{endpoint.method} {endpoint.path}",
                at=("services", i, "endpoints", j),
                message=f'{endpoint.operation_id} promises "{promise.strip()}", and its answer has no field that '
                "carries that value",
                fix="state the answer field by field: the record, and the computed value beside it with how it is "
                "derived",
            )
