"""Outside parties engaged on a case and waits on someone outside the team, proposed where the questionnaire needs
them (archgen/knowledge/engagements.yaml): an outside role that works on a case reaches it through an engagement
staff make, and a step that asks someone outside for more stops the case's deadline clock until they answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from archgen.knowledge.access import access_knowledge
from archgen.knowledge.engagements import engagements
from archgen.knowledge.operations import operation_words
from archgen.requirements.fieldtypes import parse_field_type
from archgen.requirements.model import Requirements, Role, UseCase
from archgen.requirements.relations import external, grantees, objects, oversees

if TYPE_CHECKING:
    from archgen.requirements.resolve import Assumption


def _handler(req: Requirements, case: str) -> Role | None:
    """The staff role that works the case most (writes it in the most use cases): it engages outside help."""
    staff = {r.name: r for r in req.users.roles if r.kind == "person" and r.internal and not oversees(r)}
    counts = {n: sum(1 for u in req.use_cases if u.actor == n and case in u.writes) for n in staff}
    best = max(counts, key=lambda n: counts[n], default=None)
    return staff[best] if best is not None and counts[best] else None


def with_engagements(req: Requirements, assumptions: list[Assumption]) -> Requirements:
    """The questionnaire with an operation by which staff engage each outside role on the cases it works, where the
    grant that admits it would otherwise be derived from a record that never names it."""
    from archgen.requirements.resolve import Assumption

    grant = access_knowledge().relation.entity
    known = engagements().engagement
    by_name = {e.name: e for e in req.data.entities}
    issued = [u for u in req.use_cases if grant in u.writes and u.actor is not None]
    if grant not in by_name or issued:
        return req
    parties = grantees(req)
    roles = {r.name: r for r in req.users.roles}
    outside = sorted(n for n, k in parties.items() if k == "external" and external(roles[n]))
    worked = {n for u in req.use_cases if u.actor in outside for n in [*u.reads, *u.writes]}
    cases = [c for c in objects(req, parties) if c in worked]
    if not outside or not cases or (handler := _handler(req, cases[0])) is None:
        return req
    entity = by_name[grant]
    fields = {**entity.fields, known.firm_field: parse_field_type("string")}
    entities = [entity.model_copy(update={"fields": fields}) if e.name == grant else e for e in req.data.entities]
    added = []
    for role in outside:
        words = role.replace("_", " ")
        text = {"role_words": words, "case": cases[0], "entity": grant}
        frequency = (roles[role].active_per_day or 1) / max(1, handler.active_per_day or 1)
        added.append(
            UseCase(
                name=known.use_case.format(**text),
                actor=handler.name,
                description=known.says.format(**text),
                reads=[cases[0]],
                writes=[grant],
                frequency_per_user_per_day=round(max(known.per_case_role_per_day, frequency), 3),
            )
        )
        assumptions.append(
            Assumption(
                key=f"use_cases[{known.use_case.format(**text)}]",
                value=f"proposed: {handler.name} engages the {words} on a {cases[0]}",
                reason=f"{role} works on {cases[0]} records from another organisation and no record names it on "
                "one; the engagement is the grant it reads under",
            )
        )
    data = req.data.model_copy(update={"entities": entities})
    return req.model_copy(update={"data": data, "use_cases": [*req.use_cases, *added]})


def with_waiting_states(req: Requirements, assumptions: list[Assumption]) -> Requirements:
    """The questionnaire with a waiting state (and the clock's pause) on each case a step asks someone outside for
    more while a deadline clock runs on it."""
    from archgen.requirements.resolve import Assumption

    known = engagements().waits
    states = operation_words().states
    ends = {*states.decisions, *states.closing, *states.by_maker}
    asked = {n for u in req.use_cases if any(w in u.name.lower() for w in known.asks) for n in u.writes}
    entities = []
    for entity in req.data.entities:
        status = entity.fields.get("status")
        clock = next((f for f in entity.fields if f in known.clocks), None)
        values = list(status.values or ()) if status is not None and status.kind == "enum" else []
        waits = any(w in v for v in values for w in known.waiting)
        if entity.name not in asked or clock is None or not values or waits:
            entities.append(entity)
            continue
        at = next((i for i, v in enumerate(values) if v in ends), len(values))
        values.insert(at, known.state)
        fields = {
            **entity.fields,
            "status": parse_field_type(f"enum[{', '.join(values)}]"),
            known.paused_field: parse_field_type("timestamp"),
        }
        entities.append(entity.model_copy(update={"fields": fields}))
        assumptions.append(
            Assumption(
                key=f"data.entities[{entity.name}].fields.status",
                value=f"proposed: {known.state}",
                reason=known.says.format(entity=entity.name, state=known.state, clock=clock, paused=known.paused_field),
            )
        )
    if entities == list(req.data.entities):
        return req
    return req.model_copy(update={"data": req.data.model_copy(update={"entities": entities})})
