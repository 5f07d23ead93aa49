"""The records of a design that grant access to records a party does not own: a relation with a period (a care
team, an assignment, an access grant), or a reference on the record to the person handling it."""

from __future__ import annotations

from archgen.design.model import EntityDesign
from archgen.knowledge.access import access_knowledge
from archgen.knowledge.access_scopes import access_scopes
from archgen.requirements.model import Requirements
from archgen.requirements.personal import name_words
from archgen.requirements.relations import grants


def granting_relation(entities: list[EntityDesign]) -> EntityDesign | None:
    """The design's relation that grants access for a period, if it keeps one (a unit's membership is not one: it
    holds staff to their unit, and grants nothing inside it)."""
    return next(
        (e for e in entities if grants(e.name, [f.name for f in e.fields]) and membership_unit(e) is None), None
    )


def membership_unit(entity: EntityDesign) -> str | None:
    """The unit a membership record holds staff to (HotelMembership: Hotel), when the record is one: named for a
    membership, with a reference to the unit and a period."""
    suffix = access_scopes().membership.suffix
    if not entity.name.endswith(suffix) or not grants(entity.name, [f.name for f in entity.fields]):
        return None
    unit = entity.name.removesuffix(suffix)
    return unit if any(f.type == f"ref[{unit}]" for f in entity.fields) else None


def memberships(entities: list[EntityDesign]) -> dict[str, EntityDesign]:
    """The memberships a design keeps, by the roles they hold to a unit (read from the member_role values)."""
    out: dict[str, EntityDesign] = {}
    for entity in entities:
        if membership_unit(entity) is None:
            continue
        for f in entity.fields:
            if f.type.startswith("enum[") and "role" in f.name:
                out |= {v.strip(): entity for v in f.type[5:-1].split(",")}
    return out


def membership_sentence(entity: EntityDesign) -> str:
    """What the security page says of a membership: the unit it holds a staff member's lists and reads to."""
    known = access_knowledge()
    unit = membership_unit(entity) or ""
    names = [f.name for f in entity.fields]
    start = next(n for n in names if n in known.period.starts)
    end = next(n for n in names if n in known.period.ends)
    lower = " ".join(name_words(unit))
    return access_scopes().membership.filter.format(unit_lower=lower, entity=entity.name, start=start, end=end)


def assigned_by_reference(entity: EntityDesign) -> str | None:
    """The reference on a record that names who handles it (Claim.assigned_adjuster): the case they are assigned."""
    words = access_knowledge().handled_by
    return next(
        (f.name for f in entity.fields if f.type.startswith("ref[") and any(w in f.name.lower() for w in words)), None
    )


def scope_sentence(entities: list[EntityDesign], entity: EntityDesign) -> str:
    """What the security page says of the relation a staff member's reading runs on ('' when the design has none)."""
    relation = granting_relation(entities)
    handled = assigned_by_reference(entity)
    if relation is None and handled:
        return f": {entity.name}.{handled} names who answers for it"
    if relation is None:
        return ""
    known = access_knowledge()
    names = [f.name for f in relation.fields]
    start = next(n for n in names if n in known.period.starts)
    end = next(n for n in names if n in known.period.ends)
    says = known.relation.filter.format(entity=relation.name, start=start, end=end)
    return f": a live {relation.name} names the record, or the person whose record it is, and {says}"


def binding_keys(req: Requirements, entity: str, fields: list[str]) -> list[str]:
    """The fields of a person's record that carry a number another system issued, when that record exists before
    its person signs up (more records than accounts, or looked up by that number): the sign-up binds to it."""
    known = access_knowledge().binding
    found = next((e for e in req.data.entities if e.name == entity), None)
    keys = [f for f in fields if f in known.keys]
    if found is None or not keys:
        return []
    registered = req.users.registered
    first = (registered is not None and found.records > registered) or any(f"by_{k}" in found.access for k in keys)
    return keys if first else []


def system_of_record(req: Requirements) -> str:
    """The system that holds the records people bind their accounts to: an integration whose kind says so."""
    known = access_knowledge().binding
    return next(
        (i.name for i in req.integrations if any(w in i.kind.lower() for w in known.systems)), known.fallback_system
    )


def visible_entities(entities: list[EntityDesign]) -> set[str]:
    """The records whose visibility an owner chooses (private, unlisted) or staff take away (blocked)."""
    known = access_knowledge().media
    out = set()
    for entity in entities:
        values = {v.strip() for f in entity.fields if f.type.startswith("enum[") for v in f.type[5:-1].split(",")}
        if values & set(known.visibility):
            out.add(entity.name)
    return out


def media_keys(entity: EntityDesign, visible: set[str]) -> list[str]:
    """The fields locating a private-capable record's files in storage or under the CDN (its own, or those of a
    record derived from it: a video's renditions)."""
    refs = {f.type[4:-1] for f in entity.fields if f.type.startswith("ref[")}
    if entity.name not in visible and not refs & visible:
        return []
    return [f.name for f in entity.fields if f.name in access_knowledge().media.keys]


def taken_down(entities: list[EntityDesign]) -> list[str]:
    """The private-capable records that staff or their owner can take down (blocked, removed, deleted)."""
    known = access_knowledge().media
    visible = visible_entities(entities)
    out = []
    for entity in (e for e in entities if e.name in visible):
        values = {v.strip() for f in entity.fields if f.type.startswith("enum[") for v in f.type[5:-1].split(",")}
        if values & set(known.takedown):
            out.append(entity.name)
    return out
