"""The relation that grants access, proposed where the questionnaire needs one and keeps none: staff (and outside
parties) who read records about people they do not own read them only through a grant that names the record and
the period it lasts (archgen/knowledge/access.yaml)."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from archgen.common import english
from archgen.knowledge.access import access_knowledge
from archgen.knowledge.access_scopes import access_scopes
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


def oversees(role: Role) -> bool:
    """Whether a staff role's job is oversight of the whole population (audit, compliance, finance over payments):
    it reads everything read-only, logged, and never through a per-record grant."""
    said = _words(role.description)
    return role.internal and any(f" {w} " in said for w in access_scopes().oversight)


def unit_of(req: Requirements, role: Role) -> str | None:
    """The organisational unit a staff role works inside (the hotel of its reception staff), when its description
    names one the data model keeps as a record; a role not marked internal is staff of a unit its description says
    it works ("Runs one store")."""
    said = _words(role.description)
    names = {e.name.lower(): e.name for e in req.data.entities}
    named = _named_unit(said, names)
    if not role.internal:
        return named if any(f" {w} " in said for w in access_scopes().unit_staff) else None
    if named is not None or oversees(role):
        return named
    # else the unit the records of its work are kept in (the clinic of each appointment it books)
    worked = {n for u in req.use_cases if u.actor == role.name for n in [*u.reads, *u.writes]}
    refers = {f.target for n in worked if n in names.values() for f in req.entity(n).fields.values() if f.target}
    return next((names[w] for w in access_scopes().units if w in names and names[w] in refers), None)


def _named_unit(said: str, names: dict[str, str]) -> str | None:
    """The unit a description names, one or several of them ("runs one store", "oversees about 20 stores")."""
    return next(
        (
            names[w]
            for w in access_scopes().units
            if w in names and (f" {w} " in said or f" {english.plural(w)} " in said)
        ),
        None,
    )


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
    people = (r for r in req.users.roles if r.kind == "person" and (r.internal or external(r)))
    for role in (r for r in people if not oversees(r) and unit_of(req, r) is None):
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


def with_memberships(req: Requirements, assumptions: list[Assumption]) -> Requirements:
    """The questionnaire with a membership (staff member, unit, period) for each unit its staff work inside, so
    every list and read of those roles is held to their unit before anything else."""
    from archgen.requirements.resolve import Assumption

    known = access_scopes().membership
    units: dict[str, list[str]] = {}
    for role in req.users.roles:
        if role.kind == "person" and (unit := unit_of(req, role)) is not None:
            units.setdefault(unit, []).append(role.name)
    names = {e.name for e in req.data.entities}
    entities, cases, domains = list(req.data.entities), list(req.use_cases), list(req.data.domains)
    for unit, roles in units.items():
        name = f"{unit}{known.suffix}"
        if name in names:
            continue
        lower = " ".join(personal.name_words(unit))
        members = sum(r.active_per_day or 1 for r in req.users.roles if r.name in roles)
        records = max(1, math.ceil(members * known.per_member))
        fields = {
            "id": "uuid",
            "member": "uuid",
            "member_role": f"enum[{', '.join(sorted(roles))}]",
            "_".join(personal.name_words(unit)): f"ref[{unit}]",
            "valid_from": "timestamp",
            "valid_until": "timestamp",
            "created_at": "timestamp",
        }
        entities.append(
            Entity.model_validate(
                {
                    "name": name,
                    "description": known.description.format(unit=unit, unit_lower=lower),
                    "fields": fields,
                    "records": records,
                    "growth_per_day": max(1, records // 365),
                    "record_bytes": known.record_bytes,
                    "access": ["by_id", "by_member"],
                }
            )
        )
        keeper = _keeper(req, set(roles), outside=False)
        said = known.use_case_says if keeper else f"{known.use_case_says}. {known.synced_says}"
        runs = known.synced_runs_per_day
        cases.append(
            UseCase(
                name=(known.use_case if keeper else known.synced_use_case).format(unit_lower=lower),
                actor=keeper.name if keeper else None,
                description=said.format(unit_lower=lower),
                writes=[name],
                frequency_per_user_per_day=records / 365 / max(1, keeper.active_per_day or 1) if keeper else runs,
                **({} if keeper else {"interaction": "scheduled", "batch_size": max(1, math.ceil(records / 365))}),
            )
        )
        at = next((i for i, d in enumerate(domains) if unit in d.entities), None)
        if at is not None:
            domains[at] = domains[at].model_copy(update={"entities": [*domains[at].entities, name]})
        assumptions.append(
            Assumption(
                key=f"data.entities[{name}]",
                value=f"proposed: {records:,} memberships",
                reason=f"{english.join(sorted(roles))} work inside a {lower}; every list and read of theirs is held "
                f"to the {lower} they belong to, so a membership with its period is kept",
            )
        )
    if len(entities) == len(req.data.entities):
        return req
    data = req.data.model_copy(update={"entities": entities, "domains": domains})
    return req.model_copy(update={"data": data, "use_cases": cases})


def _keeper(req: Requirements, named: set[str], kind: str = "staff", outside: bool = True) -> Role | None:
    """The role that issues grants (or memberships) naming `named`: never one of those roles, nor one that
    oversees (reviews the access log). A staff role whose description carries an approver word, in the order of
    those words; else (`outside`) a customer organisation's own administrator. None: the system derives them."""
    scopes = access_scopes()
    people = [r for r in req.users.roles if r.kind == "person" and r.name not in named and not oversees(r)]
    for words, pool in (
        (scopes.approvers[kind], [r for r in people if r.internal]),
        (scopes.customer_admins if outside else (), [r for r in people if not r.internal]),
    ):
        for word in words:
            found = next((r for r in pool if f" {word} " in _words(r.description)), None)
            if found is not None:
                return found
    return None


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
    keeper = _keeper(req, set(parties), kinds[0])
    if keeper is not None and not keeper.internal and kinds == ["staff"]:
        # our staff reach a customer organisation's records on what its own administrator approves
        bases = list(access_scopes().support_bases)
    fields = {
        "id": "uuid",
        "grantee": "uuid",
        "grantee_role": f"enum[{', '.join(sorted(parties))}]",
        "basis": f"enum[{', '.join(bases)}]",
        "object_type": f"enum[{', '.join(kept)}]",
        "object_id": "uuid",
        "valid_from": "timestamp",
        "valid_until": "timestamp",
        "status": f"enum[{', '.join(access_scopes().revoked.status)}]",
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
    scopes = access_scopes()
    frequency = per_day / max(1, (roles[keeper.name].active_per_day or 1) if keeper else 1)
    issued = (
        scopes.approved_says.format(
            approver=keeper.name, grantee=english.join(sorted(parties), "or"), days=scopes.max_days
        )
        if keeper
        else scopes.derived_says
    )
    runs = scopes.derived_runs_per_day
    case = UseCase(
        name=known.use_case,
        actor=keeper.name if keeper else None,
        description=f"{known.use_case_says}. {issued}",
        reads=[] if keeper else kept,
        writes=[known.entity],
        frequency_per_user_per_day=frequency if keeper else runs,
        **({} if keeper else {"interaction": "scheduled", "batch_size": max(1, math.ceil(per_day / runs))}),
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
