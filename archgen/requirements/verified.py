"""The record a verification step proves, added where the questionnaire needs one and keeps none: a field set by
such a step (a payout account, an identifier) is usable only once its holder has registered the value and a
provider or staff has verified it (archgen/knowledge/verification.yaml)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from archgen.common import english
from archgen.knowledge.money import money_words, name_words
from archgen.knowledge.provenance import provenance
from archgen.knowledge.verification import Kind, verification
from archgen.requirements.model import Entity, Requirements, UseCase

if TYPE_CHECKING:
    from archgen.requirements.resolve import Assumption


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def _people(req: Requirements) -> dict[str, str]:
    """Person roles by name, mapped to the entity that records their members ('' when none does)."""
    from archgen.requirements.intent import is_role_record

    names = [e.name for e in req.data.entities]
    return {
        r.name: next((n for n in names if is_role_record(r.name, n)), "") for r in req.users.roles if r.kind == "person"
    }


def holders(req: Requirements, kind: str) -> list[str]:
    """The entities whose members' values of `kind` need a verification step: those keeping such a field that
    people write or sign up as, and (for accounts) the records of the people who send money out to a bank."""
    people = _people(req)
    known = provenance()
    out: list[str] = []
    for entity in req.data.entities:
        if not any(known.authority(f) == kind for f in entity.fields):
            continue
        if entity.name not in people.values():
            continue  # (a payout record carries its destination; it holds none)
        # an identifier binds the person only when they make the record themselves, signing up (no use case
        # writes it): one that staff or the system keep is their word, not the person's
        if kind == "account" or not any(entity.name in u.writes for u in req.use_cases):
            out.append(entity.name)
    if kind == "account":
        outflow = set(money_words().outflow)
        for u in req.use_cases:
            if u.actor in people and people[u.actor] and name_words(u.name) & outflow and u.writes:
                out.append(people[u.actor])
    return list(dict.fromkeys(out))


def _has_record(req: Requirements, kind: str) -> bool:
    """Whether the questionnaire already keeps a record of this kind with a verified state."""
    verified = verification().verified
    return any(
        any(provenance().authority(f) == kind for f in e.fields)
        and any(verified in t.values for t in e.fields.values() if t.values)
        for e in req.data.entities
    )


def with_verified_records(req: Requirements, assumptions: list[Assumption]) -> Requirements:
    """The questionnaire with, for each kind of verified value it needs and keeps no record of, that record, the
    use case by which its holders register one and the step that verifies it."""
    known = verification()
    entities, use_cases = list(req.data.entities), list(req.use_cases)
    domains = list(req.data.domains)
    for name, kind in known.kinds.items():
        if name not in known.added:
            continue
        held = holders(req, name)
        if not held or kind.record in {e.name for e in entities} or _has_record(req, name):
            continue
        record, cases = _record(req, kind, held, assumptions)
        entities.append(record)
        use_cases += cases
        # (the questionnaire's own grouping keeps the record with its first holder)
        at = next((i for i, d in enumerate(domains) if held[0] in d.entities), None)
        if at is not None:
            domains[at] = domains[at].model_copy(update={"entities": [*domains[at].entities, kind.record]})
    if len(entities) == len(req.data.entities):
        return req
    data = req.data.model_copy(update={"entities": entities, "domains": domains})
    return req.model_copy(update={"data": data, "use_cases": use_cases})


def _record(
    req: Requirements, kind: Kind, held: list[str], assumptions: list[Assumption]
) -> tuple[Entity, list[UseCase]]:
    from archgen.requirements.resolve import Assumption

    known = verification()
    by_name = {e.name: e for e in req.data.entities}
    people = _people(req)
    refs = {_snake(h): f"ref[{h}]" for h in held}
    fields = {"id": "uuid", **refs, **kind.known, kind.candidate.name: kind.candidate.type}
    fields |= {"status": f"enum[{', '.join(known.states)}]", "verified_at": "timestamp", "created_at": "timestamp"}
    change = known.changes_per_holder_per_year
    per_day = {h: by_name[h].growth_per_day + by_name[h].records * change / 365 for h in held}
    retention = [by_name[h].retention_days for h in held]
    registering = {r: h for r, h in people.items() if h in held}
    phrase = english.join(sorted(english.plural(r) for r in registering) or ["their holders"])
    entity = Entity.model_validate(
        {
            "name": kind.record,
            "description": kind.description.format(holders=phrase),
            "fields": fields,
            "records": sum(by_name[h].records for h in held),
            "growth_per_day": round(sum(per_day.values())),
            "access": ["by_id", *(f"by_{r}" for r in refs), "by_status"],
            "pii": True,
            "retention_days": None if None in retention else max(r for r in retention if r is not None),
        }
    )
    assumptions.append(
        Assumption(
            key=f"data.entities[{kind.record}]",
            value=f"{entity.records:,} records, {entity.growth_per_day:,} a day",
            reason=f"added because {english.join(held)} keep a value a verification step proves; planning "
            f"assumption: one {kind.noun} for each {english.join(held)} record, registered when it is made and "
            f"changed by {change:.0%} of them a year",
        )
    )
    integrations = [(i.name, i.kind) for i in req.integrations]
    provider = known.provider(kind, integrations)
    roles = {r.name: r for r in req.users.roles}
    cases: list[UseCase] = []
    how = kind.provider_how.format(provider=provider) if provider else kind.staff_how
    takes = kind.provider_takes if provider else kind.staff_takes
    outcome = (
        f"Verified by {how} ({takes}); it moves to {known.verified}, or to {known.states[2]} when "
        f"{english.join(list(kind.fails), 'or')}."
    )
    for role, holder in sorted(registering.items()):
        label = known.register_by_role if len(registering) > 1 else known.register_case
        case_name = label.format(noun=kind.noun, role=role)
        active = roles[role].active_per_day or req.users.daily_active
        frequency = per_day[holder] / max(active, 1)
        cases.append(
            UseCase(
                name=case_name,
                actor=role,
                description=f"The {role} proposes the {kind.noun} ({english.join(list(kind.known))} and "
                f"{kind.candidate.name}); it is kept {known.states[0]} and used by nothing until the check passes.",
                writes=[kind.record],
                calls=[provider] if provider else [],
                frequency_per_user_per_day=frequency,
                async_=True,
            )
        )
        assumptions.append(
            Assumption(
                key=f"use_cases[{case_name}].frequency_per_user_per_day",
                value=f"{frequency:.3g}",
                reason=f"planning assumption: each new {holder} registers one ({by_name[holder].growth_per_day:,} "
                f"a day) and {change:.0%} of the {by_name[holder].records:,} existing change theirs a year, over "
                f"{active:,} active {english.plural(role)}",
            )
        )
    if provider:
        cases.append(
            UseCase(
                name=known.result_case.format(noun=kind.noun),
                actor=provider,
                interaction="webhook",
                description=outcome,
                reads=[kind.record],
                writes=[kind.record],
                frequency_per_user_per_day=sum(per_day.values()),
            )
        )
        assumptions.append(
            Assumption(
                key=f"use_cases[{cases[-1].name}].frequency_per_user_per_day",
                value=f"{sum(per_day.values()):,.0f}",
                reason=f"one result from {provider} for each {kind.noun} registered, calls a day in total",
            )
        )
    else:
        staff = _staff(req, held, set(registering))
        if staff:
            total = sum(per_day.values())
            active = roles[staff].active_per_day or req.users.daily_active
            cases.append(
                UseCase(
                    name=known.review_case.format(noun=kind.noun),
                    actor=staff,
                    description=outcome,
                    reads=[kind.record],
                    writes=[kind.record],
                    frequency_per_user_per_day=total / max(active, 1),
                )
            )
    return entity, cases


def _staff(req: Requirements, held: list[str], registering: set[str]) -> str | None:
    """Who reviews a registered value when no provider can: a person role that keeps the holders' records for
    them (an HR administrator), else the first staff role."""
    people = _people(req)
    for u in req.use_cases:
        if u.actor in people and u.actor not in registering and set(u.writes) & set(held):
            return u.actor
    return next((r.name for r in req.users.roles if r.kind == "person" and r.internal), None)
