"""What a read may embed under each of its records: who a record about people is for (the person it is about, the
roles that keep it for others) and which embedded lists would hand callers other people's records. The architect
leaves those out, the review engine finds them in any design."""

from __future__ import annotations

import re

from archgen.design.model import Design, Endpoint, EntityDesign
from archgen.design.read_models import children, read_only_cases
from archgen.knowledge.views import view_words
from archgen.requirements.intent import is_role_record, peers
from archgen.requirements.model import Requirements, UseCase
from archgen.requirements.personal import Personal, is_natural_person, name_words, reading_state

# the answers that carry many records of their own, each with what it embeds
COLLECTIONS = ("list", "search", "nearby", "aggregate")


def design_personal(design: Design) -> dict[str, Personal]:
    """The entities a design's data model shows to hold personal data, read as the rules architect reads them:
    people, records about them and what they write or upload (an entity marked pii belongs to a person)."""
    from archgen.requirements.fieldtypes import FieldType, parse_field_type
    from archgen.requirements.personal import find

    def kind(type_: str) -> FieldType:
        try:
            return parse_field_type(type_)
        except ValueError:
            return FieldType("string")

    entities = {e.name: {f.name: kind(f.type) for f in e.fields} for e in design.entities}
    return find(entities, frozenset(e.name for e in design.entities if e.pii))


def own_only(req: Requirements, personal: dict[str, Personal], entity: str) -> set[str]:
    """The person roles that read an entity's records only as the person each is about (a patient their own
    chart, a guest their own booking): no relation in the data hands them other people's, so a read by id answers
    them for their own record and 403 for anyone else's, never a projection of another's."""
    if peers(req, entity):
        return set()
    # a use case that reads the others of a group (the team calendar) reads colleagues' records, through the view for
    # others: whoever does it is not confined to their own
    others = view_words().others
    grouped = {u.actor for u in req.use_cases if entity in u.reads and set(name_words(u.name)) & others}
    return subject_roles(req, personal, entity) - keepers(req, personal, entity) - grouped


def participants(req: Requirements, personal: dict[str, Personal], entity: str) -> dict[str, str]:
    """The outside person roles that take part, with the people a record is about, in a record they share (the
    rider of a driver's Trip), each with that shared record: a use case of theirs reads this record beside the
    shared one, and a participant sees what of it the shared record needs (where their driver is), only of the
    record they share and while it lasts."""
    found = personal.get(entity)
    if found is None or found.person:
        return {}
    about = set(found.subjects)
    roles = {r.name: r for r in req.users.roles}
    selves = subject_roles(req, personal, entity)
    entities = {e.name: e for e in req.data.entities}
    out: dict[str, str] = {}
    for use_case in req.use_cases:
        actor = use_case.actor or ""
        role = roles.get(actor)
        if role is None or role.kind != "person" or role.internal or actor in selves or entity not in use_case.reads:
            continue
        for name in use_case.reads:
            shared = entities.get(name)
            if shared is None or name == entity:
                continue
            targets = {k.target for k in shared.fields.values() if k.kind == "ref"}
            if targets & about and any(is_role_record(actor, t) for t in targets - about):
                out.setdefault(actor, name)
    return out


def subject_roles(req: Requirements, personal: dict[str, Personal], entity: str) -> set[str]:
    """The person roles a record is about (Employee: employee): they reach its private fields only as `self`."""
    found = personal.get(entity)
    words = {w for name in (found.subjects if found else ()) for w in name_words(name)}
    return {r.name for r in req.users.roles if r.kind == "person" and set(name_words(r.name)) & words}


def keepers(req: Requirements, personal: dict[str, Personal], entity: str) -> set[str]:
    """The roles that keep an entity's records for others: they write them and are not the person, or they are
    staff who write other records about the same people (a physician writing a patient's encounters)."""
    roles = {r.name: r for r in req.users.roles}
    found = personal.get(entity)
    about = set(found.subjects) if found else set()
    related = {n for n, f in personal.items() if n != entity and about & set(f.subjects)}
    writers = {u.actor for u in req.use_cases if entity in u.writes and u.actor in roles}
    staff = {r for r, role in roles.items() if role.internal}
    carers = {u.actor for u in req.use_cases if set(u.writes) & related and u.actor in staff}
    return {r for r in (writers | carers) - subject_roles(req, personal, entity) if roles[r].kind == "person"}


def own_path(path: str) -> bool:
    """Whether an operation's path is under the caller's own (/v1/me/…), not one that merely starts alike
    (/v1/messages)."""
    return path == "/v1/me" or path.startswith("/v1/me/")


def others_embedded(
    req: Requirements, personal: dict[str, Personal], entities: dict[str, EntityDesign], endpoint: Endpoint
) -> dict[str, list[str]]:
    """The records about people a collection answer embeds under each of its own, each with the callers who read
    them only as the person they are about: a page of many records then hands each caller everyone else's. Records
    people make for each other to see (a reaction in a channel they share) are left alone; records others keep
    about a person (a review, a loan approved, a sick day) or ones about people the data relates to nobody are not."""
    if endpoint.method != "GET" or endpoint.action not in COLLECTIONS or endpoint.path.startswith("/v1/me"):
        return {}
    roles = {r.name: r for r in req.users.roles}
    hub = personal.get(endpoint.entity or "")
    # a list of records that name their people (a rider's trips) holds the caller's own, and so do their children
    mine = set(hub.subjects) if hub is not None and not hub.person and hub.of("link") else set()
    out: dict[str, list[str]] = {}
    for name in children(entities, endpoint.entity or "", endpoint.includes):
        found = personal.get(name)
        if found is None or not found.of("link") or set(found.subjects) <= mine:
            continue  # a record that names nobody itself belongs to the record it hangs from
        kept = keepers(req, personal, name)
        if not kept and all(peers(req, s) for s in found.subjects):
            continue
        selves = subject_roles(req, personal, name)
        only = [r for r in endpoint.roles if r in roles and roles[r].kind == "person" and r in selves - kept]
        if endpoint.auth == "public":
            only = only or ["anyone"]
        if only:
            out[name] = only
    return out


def others_state(entities: dict[str, EntityDesign], endpoint: Endpoint) -> list[str]:
    """The records a collection answer embeds that hold each person's own state in what they share (a member's
    last_read_at in a channel): under a page of shared records, everyone's reading habits reach every caller."""
    if endpoint.method != "GET" or endpoint.action not in COLLECTIONS or own_path(endpoint.path):
        return []
    out = []
    for name in endpoint.includes:
        entity = entities.get(name)
        if entity is None or name == endpoint.entity:
            continue
        people = [f for f in entity.fields if f.type.startswith("ref[") and is_natural_person(f.type[4:-1])]
        if people and any(reading_state(f.name) for f in entity.fields):
            out.append(name)
    return out


def own_reads(req: Requirements, personal: dict[str, Personal], endpoint: Endpoint) -> list[UseCase]:
    """The use cases a list carries that ask for the caller's own records (View my loans, by a staff member the
    loans are about), when the list is not scoped to the caller under /v1/me: it pages through everyone's."""
    if endpoint.method != "GET" or endpoint.action not in COLLECTIONS or endpoint.path.startswith("/v1/me"):
        return []
    own = view_words().own
    selves = subject_roles(req, personal, endpoint.entity or "")
    return [
        u
        for u in read_only_cases(endpoint, req.use_cases)
        if u.actor in selves and set(re.findall(r"[a-z]+", u.name.lower())) & own
    ]


def picks_out_person(found: Personal | None, entity: EntityDesign, field: str, callers: list[str]) -> bool:
    """Whether cutting a report's totals by a field picks out one person's records (a loyalty id, the rider of a
    trip): not a person record's link to another (an employee's manager groups a team), nor the callers' own
    record (a driver's earnings over their own trips)."""
    stored = next((f for f in entity.fields if f.name == field), None)
    if stored is None or not stored.pii:
        return False
    if found is not None and found.fields.get(field) == "link":
        target = stored.type[4:-1] if stored.type.startswith("ref[") else ""
        if found.person or (callers and all(is_role_record(r, target) for r in callers)):
            return False
    return True
