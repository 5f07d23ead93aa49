"""The relation that grants access, proposed where the questionnaire needs one and keeps none: staff (and outside
parties) who read records about people they do not own read them only through a grant that names the record and
the period it lasts (archgen/knowledge/access.yaml)."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from archgen.common import english
from archgen.knowledge.access import access_knowledge
from archgen.requirements import personal
from archgen.requirements.fieldtypes import parse_field_type
from archgen.requirements.model import Entity, Requirements, Role, UseCase

if TYPE_CHECKING:
    from archgen.requirements.resolve import Assumption


def _words(text: str | None) -> str:
    return " " + " ".join("".join(c if c.isalnum() else " " for c in (text or "").lower()).split()) + " "


def external(role: Role) -> bool:
    """Whether a person role's members work for another organisation (an assessor firm, a contractor)."""
    said = _words(role.description)
    return not role.internal and any(f" {w} " in said for w in access_knowledge().relation.external)


def personal_records(req: Requirements) -> set[str]:
    """The entities holding personal data: marked so, or found so by their fields."""
    found = personal.find(
        {e.name: e.fields for e in req.data.entities}, frozenset(e.name for e in req.data.entities if e.pii)
    )
    return set(found) | {e.name for e in req.data.entities if e.pii}


def grantees(req: Requirements) -> dict[str, str]:
    """The person roles that read records about people they do not own, each with its kind of party (staff or
    external)."""
    from archgen.requirements.intent import is_role_record

    kept = personal_records(req)
    out: dict[str, str] = {}
    for role in (r for r in req.users.roles if r.kind == "person" and (r.internal or external(r))):
        own = {e.name for e in req.data.entities if is_role_record(role.name, e.name)}
        read = {n for u in req.use_cases if u.actor == role.name for n in [*u.reads, *u.writes]}
        if (read - own) & kept:
            out[role.name] = "staff" if role.internal else "external"
    return out


def objects(req: Requirements, parties: dict[str, str]) -> list[str]:
    """The records a grant names: the people the records those roles read are about (a patient, not each of their
    encounters), when they are people who use the system from outside, and each case with a lifecycle an outside
    party works on (the claim it assesses)."""
    from archgen.requirements.intent import is_role_record

    by_name = {e.name: e for e in req.data.entities}
    outsiders = {
        e
        for r in req.users.roles
        if r.kind == "person" and not r.internal
        for e in by_name
        if is_role_record(r.name, e)
    }
    read = {n for u in req.use_cases if u.actor in parties for n in [*u.reads, *u.writes]}
    outside = {n for u in req.use_cases if parties.get(u.actor or "") == "external" for n in [*u.reads, *u.writes]}
    found = personal.find(
        {e.name: e.fields for e in req.data.entities}, frozenset(n for n, e in by_name.items() if e.pii)
    )
    people = {s for n in read if n in found for s in found[n].subjects} & outsiders
    cases = {n for n in outside & set(found) if any(t.values and f == "status" for f, t in by_name[n].fields.items())}
    return sorted(people | cases)


def grants(name: str, fields: list[str]) -> bool:
    """Whether a record says who serves whom and for how long (a care team, an assignment with a period)."""
    known = access_knowledge()
    names = [name.lower(), *fields]
    said = any(w.replace("_", "") in n.replace("_", "").lower() for n in names for w in known.relation_words)
    return said and bool(set(fields) & set(known.period.starts)) and bool(set(fields) & set(known.period.ends))


def has_relation(entities: list[Entity]) -> bool:
    """Whether the data model already keeps a relation that grants access."""
    return any(grants(e.name, list(e.fields)) for e in entities)


def with_access_relation(req: Requirements, assumptions: list[Assumption]) -> Requirements:
    """The questionnaire with the grant record and the use case that keeps it, where roles read records of people
    they do not own and nothing in the data model says whose."""
    known = access_knowledge().relation
    parties = grantees(req)
    names = {e.name for e in req.data.entities}
    if not parties or known.entity in names or has_relation(req.data.entities):
        return req
    kept = objects(req, parties)
    if not kept:
        return req
    entity, case = _record(req, parties, kept, assumptions)
    domains = list(req.data.domains)
    at = next((i for i, d in enumerate(domains) if kept[0] in d.entities), None)
    if at is not None:
        domains[at] = domains[at].model_copy(update={"entities": [*domains[at].entities, known.entity]})
    data = req.data.model_copy(update={"entities": [*req.data.entities, entity], "domains": domains})
    return req.model_copy(update={"data": data, "use_cases": [*req.use_cases, case]})


def _keeper(req: Requirements) -> Role | None:
    """The internal role that keeps who serves whom: the first whose description says it manages or assigns."""
    staff = [r for r in req.users.roles if r.kind == "person" and r.internal]
    words = access_knowledge().relation.keepers
    return next(
        (r for r in staff if any(f" {w} " in _words(r.description) for w in words)), staff[0] if staff else None
    )


def _record(
    req: Requirements, parties: dict[str, str], kept: list[str], assumptions: list[Assumption]
) -> tuple[Entity, UseCase]:
    from archgen.requirements.resolve import Assumption

    known = access_knowledge().relation
    roles = {r.name: r for r in req.users.roles}
    kinds = sorted(set(parties.values()), reverse=True)
    bases = list(dict.fromkeys(b for k in kinds for b in known.bases[k]))
    active = sum(roles[r].active_per_day or 1 for r in parties)
    per_day = max(1, math.ceil(active * known.grants_per_party_per_day))
    fields = {
        "id": "uuid",
        "grantee": "uuid",
        "grantee_role": f"enum[{', '.join(sorted(parties))}]",
        "basis": f"enum[{', '.join(bases)}]",
        "object_type": f"enum[{', '.join(kept)}]",
        "object_id": "uuid",
        "valid_from": "timestamp",
        "valid_until": "timestamp",
        "revoked_at": "timestamp",
        "created_at": "timestamp",
    }
    entity = Entity.model_validate(
        {
            "name": known.entity,
            "description": known.description,
            "fields": fields,
            "records": per_day * 365,
            "growth_per_day": per_day,
            "record_bytes": known.record_bytes,
            "access": ["by_id", "by_grantee", "by_object_id"],
        }
    )
    keeper = _keeper(req)
    frequency = per_day / max(1, (roles[keeper.name].active_per_day or 1) if keeper else 1)
    case = UseCase(
        name=known.use_case,
        actor=keeper.name if keeper else None,
        description=known.use_case_says,
        writes=[known.entity],
        frequency_per_user_per_day=frequency,
    )
    assumptions.append(
        Assumption(
            key=f"data.entities[{known.entity}]",
            value=f"proposed: {per_day:,} grants a day",
            reason=f"{english.join(sorted(parties))} read records of people they do not own "
            f"({english.join(kept)}) and nothing in the data model says whose; planning assumption: "
            f"{known.grants_per_party_per_day:g} grants a day for each active member of those roles",
        )
    )
    return entity, case


def held_over_time(name: str, description: str | None, refs: dict[str, str], people: set[str]) -> list[str]:
    """The references of a place or an asset (a premise, a vehicle) that name the person holding it now: who holds
    it changes (a move, a sale), so the reference needs the period it lasts."""
    known = access_knowledge().held_over_time
    said = _words(" ".join([*re.findall(r"[A-Z]?[a-z0-9]+", name), description or ""]))
    if not any(f" {w} " in said for w in known.things):
        return []
    return [f for f, target in refs.items() if target in people and f.lower() in known.holders]


def periods_of(ref: str) -> tuple[str, str]:
    """The fields that open and close the period a holder's reference lasts."""
    known = access_knowledge().period
    return f"{ref}{known.from_suffix}", f"{ref}{known.until_suffix}"


def with_holding_periods(req: Requirements, assumptions: list[Assumption]) -> Requirements:
    """The questionnaire with a period on each reference that names who holds a place or an asset now."""
    from archgen.requirements.resolve import Assumption

    people = {n for n, p in personal.find({e.name: e.fields for e in req.data.entities}).items() if p.person}
    entities = []
    for entity in req.data.entities:
        refs = {f: t.target for f, t in entity.fields.items() if t.kind == "ref" and t.target}
        added: dict[str, str] = {}
        for ref in held_over_time(entity.name, entity.description, refs, people):
            start, end = periods_of(ref)
            if start not in entity.fields and end not in entity.fields:
                added |= {start: "date", end: "date"}
                assumptions.append(
                    Assumption(
                        key=f"data.entities[{entity.name}].fields.{start}",
                        value=f"{start}, {end}",
                        reason=f"who holds a {entity.name} ({ref}) changes over time; proposed so a holder's reads "
                        "stop at their move-out and the next holder never sees theirs",
                    )
                )
        if added:
            fields = {**entity.fields, **{n: parse_field_type(t) for n, t in added.items()}}
            entity = entity.model_copy(update={"fields": fields})
        entities.append(entity)
    if entities == list(req.data.entities):
        return req
    return req.model_copy(update={"data": req.data.model_copy(update={"entities": entities})})
