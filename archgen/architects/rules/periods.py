"""Claims for a period (a loan for some dates, a booking for its nights): the period is a required part of the
record, the resource is found free or taken for a period asked about, taking it out of service waits for its
claims, and the timer that lets an untaken claim go has a job that runs it (the words: archgen/knowledge/holds.yaml)."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.architects.rules.jobs import schedule
from archgen.common import english
from archgen.common.naming import slug
from archgen.design import holds
from archgen.design import model as m
from archgen.design.steps import SYSTEM
from archgen.design.views import has_period
from archgen.knowledge.claim_periods import claim_periods
from archgen.knowledge.holds import hold_words
from archgen.knowledge.operations import operation_words


def plan_periods(draft: Draft) -> None:
    """Settle what each claim for a period asks of the rest of the design; claims by state only ask for none."""
    for claim in holds.claims(draft.entities, holds.said_of(draft.req)):
        index = holds.enforcing(claim)
        if index is None:
            continue
        _guard_service(draft, claim, index)
        _release(draft, claim)
        if claim.period is None:
            continue
        for field in claim.entity.fields:
            if field.name in claim.period:
                field.required = True  # a row with no period could not be checked against the others
        _browse(draft, claim, index)


def _guard_service(draft: Draft, claim: holds.Claim, index: m.Index) -> None:
    """Taking a resource out of service waits for its claims, and whoever takes it out may cancel those claims:
    otherwise a retirement waits on a borrower who is gone."""
    words = hold_words().periods
    said = words.service_guard.format(entity=claim.entity.name, states=", ".join(claim.states), index=index.name)
    keepers: list[str] = []
    for move in holds.out_of_service(claim, draft.entities):
        if said not in move.guard:
            move.guard = "; ".join(g for g in (move.guard, said) if g)
        keepers += [r for r in move.roles if r != SYSTEM and r not in keepers]
    _cancel_claims(draft, claim, keepers)


def _cancel_claims(draft: Draft, claim: holds.Claim, roles: list[str]) -> None:
    """Give the roles that take a resource out of service the people's cancel of its live claims, and its
    operation."""
    machine = claim.entity.state_machine
    if machine is None or not roles:
        return
    cancel = operation_words().states.cancel
    moves = [
        t
        for t in machine.transitions
        if SYSTEM not in t.roles and t.target.lower() in cancel and set(t.source) & set(claim.states)
    ]
    for move in moves[:1]:  # the claim's own cancel, the one its holder uses
        move.roles += [r for r in roles if r not in move.roles]
        for endpoint in (e for s in draft.services for e in s.endpoints if e.entity == claim.entity.name):
            if endpoint.path.endswith(f"/{{id}}/{move.name}"):
                endpoint.roles += [r for r in roles if r not in endpoint.roles]


def _browse(draft: Draft, claim: holds.Claim, index: m.Index) -> None:
    words = hold_words().periods
    said = claim_periods().availability
    resource = holds.resource_of(claim, draft.entities)
    name = resource.name if resource is not None else claim.resource
    first, last = words.inputs
    for endpoint in holds.browsing(claim, draft.services, draft.req):
        if not has_period(endpoint, resource):
            says = [said.input_says.format(resource=name, last=last), words.input_says[1]]
            endpoint.inputs += [
                m.QueryInput(name=n, type="date", description=d)  # browsing without dates stays open
                for n, d in zip(words.inputs, says, strict=True)
            ]
        if endpoint.response is None and resource is not None:
            # what is free is computed from the claims: the answer states it beside each record
            states = ", ".join(claim.states)
            endpoint.response = m.Body(
                description=english.format_with_articles(said.body_says, resource=name),
                fields=[
                    m.BodyField(
                        name=slug(name).replace("-", "_"),
                        type=f"object[{name}]",
                        required=True,
                        read_only=True,
                        description=said.record_says.format(resource=name),
                    ),
                    m.BodyField(
                        name=said.field,
                        type="bool",
                        read_only=True,
                        description=said.says.format(
                            entity=claim.entity.name, states=states, first=first, last=last, index=index.name
                        ),
                    ),
                ],
            )


def _release(draft: Draft, claim: holds.Claim) -> None:
    """A timer that ends an untaken claim is run by a job, unless a job or a delayed message already carries it."""
    words = hold_words().periods
    entity = claim.entity
    for move in holds.release_timers(claim):
        if holds.carried(entity, move, draft.jobs, draft.events, draft.req):
            continue
        unit = next((u for u in words.release_runs_per_day if u in move.guard.lower()), "")
        every = schedule(max(words.release_runs_per_day.get(unit, 24), _sweeps(draft, move.guard)))
        why = move.guard.split(":", 1)[-1].split(";")[0].strip()
        draft.jobs.append(
            m.Job(
                name=words.release_job.format(entities=english.plural(entity.name)),
                schedule=every,
                service=entity.owner,
                description=words.release_says.format(
                    every=every.split("(", 1)[-1].rstrip(")").capitalize(),
                    entity=entity.name,
                    source=" or ".join(s for s in move.source if s in claim.states),
                    why=why,
                    target=move.target,
                    move=move.name,
                    resource=claim.resource,
                ),
            )
        )


def _sweeps(draft: Draft, guard: str) -> float:
    """Runs a day of the sweep the questionnaire states for the record whose deadline a timer keeps (a Booking's
    timer at its Hold's expiry runs as often as Expire holds): the one timer of a reservation is kept as closely
    on every record that carries it; 0 when no such sweep is stated."""
    named = [e.name for e in draft.req.data.entities if f"{e.name}'s " in guard]
    return max(
        (
            u.frequency_per_user_per_day
            for u in draft.req.use_cases
            if u.interaction == "scheduled" and set(named) & set(u.writes)
        ),
        default=0.0,
    )
