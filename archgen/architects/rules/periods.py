"""Claims for a period (a loan for some dates, a booking for its nights): the period is a required part of the
record, the resource is found free or taken for a period asked about, taking it out of service waits for its
claims, and the timer that lets an untaken claim go has a job that runs it (the words: archgen/knowledge/holds.yaml)."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.architects.rules.jobs import schedule
from archgen.common import english
from archgen.design import holds
from archgen.design import model as m
from archgen.design.views import has_period
from archgen.knowledge.holds import hold_words


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
        _browse(draft, claim)


def _guard_service(draft: Draft, claim: holds.Claim, index: m.Index) -> None:
    words = hold_words().periods
    said = words.service_guard.format(entity=claim.entity.name, states=", ".join(claim.states), index=index.name)
    for move in holds.out_of_service(claim, draft.entities):
        if said not in move.guard:
            move.guard = "; ".join(g for g in (move.guard, said) if g)


def _browse(draft: Draft, claim: holds.Claim) -> None:
    words = hold_words().periods
    resource = holds.resource_of(claim, draft.entities)
    name = resource.name if resource is not None else claim.resource
    for endpoint in holds.browsing(claim, draft.services, draft.req):
        if has_period(endpoint, resource):
            continue
        endpoint.inputs += [
            m.QueryInput(name=n, type="date", description=d.format(resource=name))  # browsing without dates stays open
            for n, d in zip(words.inputs, words.input_says, strict=True)
        ]


def _release(draft: Draft, claim: holds.Claim) -> None:
    """A timer that ends an untaken claim is run by a job, unless a job or a delayed message already carries it."""
    words = hold_words().periods
    entity = claim.entity
    for move in holds.release_timers(claim):
        if holds.carried(entity, move, draft.jobs, draft.events, draft.req):
            continue
        unit = next((u for u in words.release_runs_per_day if u in move.guard.lower()), "")
        every = schedule(words.release_runs_per_day.get(unit, 24))
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
