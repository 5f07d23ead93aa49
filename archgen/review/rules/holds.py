"""Records that hold one another: a step that moves two linked records is one command, a record another's step took
is let go when that record ends, a date a job reads is set before the job can reach the record, and a resource one
record claims at a time is claimed in the store."""

from __future__ import annotations

from archgen.design import holds
from archgen.design.model import Index
from archgen.design.views import has_period
from archgen.knowledge.catalog import Catalog
from archgen.knowledge.holds import ways
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


def enforced_claims(subject: Subject) -> list[tuple[holds.Claim, Index]]:
    """The exclusive claims the design enforces, each with its index."""
    out = []
    for claim in holds.claims(subject.design.entities, holds.said_of(subject.req)):
        index = holds.enforcing(claim)
        if index is not None:
            out.append((claim, index))
    return out


def index_at(subject: Subject, entity: str, index: Index) -> tuple[str | int, ...]:
    i = next(k for k, e in enumerate(subject.design.entities) if e.name == entity)
    return ("entities", i, "indexes", subject.design.entities[i].indexes.index(index))


@rule("DAT093", "error", "data", "A claim for a period made exclusive by state alone")
def state_only_claim(subject: Subject) -> Found:
    """A record holds a resource for a period (a loan from one date to another, a booking for its nights), and
    the store keeps it exclusive by state alone: one live record per resource. A request approved for next week
    then blocks anyone from taking the item today, and an item out now cannot be booked for later. Make it
    exclusive by overlapping period among the live states: an exclusion constraint where the engine has one,
    else a claim row per day under a unique key."""
    for claim, index in enforced_claims(subject):
        if claim.period is None or holds.covers(claim, index):
            continue
        name = claim.entity.name
        start, end = claim.period
        yield Problem(
            element=f"{name}.{index.name}",
            at=index_at(subject, name, index),
            message=f"{index.name} lets one live {name} hold a {claim.resource} whatever its {start} to {end}: "
            "claims for periods that do not overlap refuse each other",
            fix=f"enforce it on ({claim.resource}, {start}..{end}) among the live states: an exclusion constraint "
            f"(EXCLUDE USING gist) where the engine has one, else one claim row per ({claim.resource}, day)",
        )


@rule("DAT094", "error", "data", "An exclusion constraint on an engine that has none")
def exclusion_engine(subject: Subject) -> Found:
    """An entity's index is an exclusion constraint (no two live rows hold one resource for overlapping periods),
    and its store's engine cannot build one: the promise is kept by nothing. Use the engine's own way: a claim row
    per unit of time under a unique key, or a conditional write serialised on the resource."""
    catalog = Catalog(subject.design.deployment.cloud, [], [])
    for i, entity in enumerate(subject.design.entities):
        store = subject.stores.get(entity.store)
        tech = catalog.technology(store.technology) if store is not None else None
        if tech is None or tech.engine is None or ways(tech.engine).exclusion:
            continue
        for j, index in enumerate(entity.indexes):
            if index.kind != "exclusion":
                continue
            yield Problem(
                element=f"{entity.name}.{index.name}",
                at=("entities", i, "indexes", j, "kind"),
                message=f"{index.name} is an exclusion constraint on {entity.store}, whose engine ({tech.engine}) "
                "has no exclusion constraints",
                fix="keep one claim row per (resource, day) under a unique key written with the record, or a "
                "conditional write serialised on the resource; or keep these records on an engine that has them",
            )


@rule("API173", "error", "api", "A resource claimed for periods found without the period")
def browse_without_period(subject: Subject) -> Found:
    """People browse or search a resource that records claim for periods (items lent for some dates), and the
    operation takes no period: its answer can only show the resource's own state, which says nothing of the
    claims ahead, so a free-looking item is booked for tomorrow. Take the period asked about as inputs and answer
    whether each resource is free for it, read from the claims that overlap it."""
    for claim, index in enforced_claims(subject):
        if claim.period is None:
            continue
        resource = holds.resource_of(claim, subject.design.entities)
        for endpoint in holds.browsing(claim, subject.design.services, subject.req):
            if has_period(endpoint, resource):
                continue
            i, service = next((i, s) for i, s in enumerate(subject.design.services) if endpoint in s.endpoints)
            yield Problem(
                element=f"{endpoint.method} {endpoint.path}",
                at=("services", i, "endpoints", service.endpoints.index(endpoint)),
                message=f"{', '.join(endpoint.use_cases)} lists {claim.resource}s that {claim.entity.name} records "
                f"claim for periods ({index.name}), and takes no period to answer whether each is free",
                fix="take the first and last day asked about as inputs, and answer from the live claims that "
                "overlap them",
            )


@rule("FLOW107", "error", "flows", "A timer that releases a claim runs on nothing")
def release_unrun(subject: Subject) -> Found:
    """A record's claim on a resource ends by a timer (an approved loan nobody collects lapses), and no job or
    delayed message of the design runs that move: the claim holds its resource for ever. Give the timer a job
    that moves the lapsed records, or a message delivered at the deadline."""
    design = subject.design
    for claim, _ in enforced_claims(subject):
        for move in holds.release_timers(claim):
            if holds.carried(claim.entity, move, design.jobs, design.events, subject.req):
                continue
            name = claim.entity.name
            yield Problem(
                element=f"{name}.{move.name}",
                at=_at(subject, name),
                message=f"{move.name} moves {name} from {', '.join(move.source)} to {move.target} by a timer and "
                f"releases its {claim.resource}, and no job or delayed message runs it",
                fix=f"add a job that moves each {name} past its deadline through {move.name}, or a message "
                "delivered at the deadline that does",
            )
