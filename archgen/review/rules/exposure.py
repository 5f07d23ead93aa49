"""What one person may see of another: no one pages through the people they are one of, and no special category of
a person's data reaches the others of their kind."""

from __future__ import annotations

from archgen.common.english import join
from archgen.design.embeds import keepers, others_state, own_only, participants, subject_roles
from archgen.knowledge import compliance
from archgen.requirements import personal
from archgen.requirements.fieldtypes import FieldType
from archgen.requirements.intent import peers
from archgen.review.engine import Found, Problem, Subject, rule

COLLECTIONS = ("list", "search", "nearby", "aggregate")


def _peer_roles(subject: Subject, entity: str) -> set[str]:
    """The outside person roles a record is about that do not keep it: the people of the same kind as the one it is
    about (consumers of a Consumer record)."""
    roles = {r.name: r for r in subject.req.users.roles}
    selves = subject_roles(subject.req, subject.personal, entity) - keepers(subject.req, subject.personal, entity)
    return {r for r in selves if r in roles and not roles[r].internal}


@rule("SEC045", "error", "security", "People page through everyone of their kind")
def peers_enumerate(subject: Subject) -> Found:
    """People the questionnaire relates to each other (a transfer's sender and recipient, a follow) may list, page
    or export everyone of their kind: any member walks the whole directory of names. They find one another by what
    they already know of the person (an exact email, phone or handle, one record back) or through a record they
    share (a channel's members); members of one organisation (a tenant) see their colleagues."""
    tenancy = subject.req.system.tenancy
    if tenancy is not None and tenancy.model == "multi":
        return
    for path, service, endpoint in subject.endpoints():
        entity = endpoint.entity or ""
        found = subject.personal.get(entity)
        if found is None or not found.person or not personal.is_natural_person(found.entity):
            continue
        if not peers(subject.req, entity) or endpoint.path.startswith("/v1/me/") or "{" in endpoint.path:
            continue  # without a relation SEC012 judges it; a path under a shared record is narrowed by it
        if endpoint.action not in COLLECTIONS and endpoint.link != "export":
            continue
        asked = {u.actor for u in subject.req.use_cases if u.name in endpoint.use_cases}
        callers = sorted(
            r
            for r in set(endpoint.roles) & _peer_roles(subject, entity)
            if not (endpoint.action == "search" and r in asked)  # the people search their own use case asks for
        )
        if callers:
            yield Problem(
                element=f"{service.name}: {endpoint.method} {endpoint.path}",
                at=(*path, "roles"),
                message=f"lets {join(callers)} page through every {entity} record, the people of their own kind, "
                "with no filter that needs them to know the person",
                fix="leave the collection to the roles that keep the records; let people look one person up by an "
                "exact email, phone or handle (GET …/lookup, one record in the view for others, rate-limited), or "
                "list the people a record they share relates them to",
            )


def special(field: str, type_: str) -> bool:
    """Whether a field holds a special category of personal data by its name (a diagnosis) or its values (a leave
    of kind sick)."""
    words = compliance.catalog().subjects["special"]
    if personal.says(personal.name_words(field), words):
        return True
    if not type_.startswith("enum["):
        return False
    return bool(personal.special_values(FieldType("enum", values=tuple(v.strip() for v in type_[5:-1].split(",")))))


@rule("SEC046", "error", "security", "Special category of data in the view for others")
def special_for_others(subject: Subject) -> Found:
    """A field that tells a special category of a person (health, beliefs, sex life: GDPR Art. 9), by its name or by
    the values it takes (a leave of kind sick), reaches other people of the same kind (an employee reading the team
    calendar learns that a colleague is off sick). It belongs to the person, those who keep the record and staff;
    the others see that the person is away, not why."""
    for i, entity in enumerate(subject.design.entities):
        if entity.name not in subject.personal:
            continue
        peer_roles = _peer_roles(subject, entity.name) - own_only(subject.req, subject.personal, entity.name)
        reading = {
            r for _, _, e in subject.endpoints() if e.entity == entity.name and e.method == "GET" for r in e.roles
        }
        for j, field in enumerate(entity.fields):
            if not special(field.name, field.type):
                continue
            exposed = sorted(r for r in peer_roles & reading if not field.readers or r in field.readers)
            if exposed:
                yield Problem(
                    element=f"{entity.name}.{field.name}",
                    at=("entities", i, "fields", j, "readers"),
                    message=f"tells a special category of the person it is about, yet {join(exposed)} reading "
                    "other people's records get it",
                    fix="mark it personal and sensitive and give it readers (self, the roles that keep the record "
                    "and staff), so the others get the view for others without it",
                )


@rule("SEC047", "error", "security", "A party to a shared record shown nothing of the other it needs")
def party_sees_nothing(subject: Subject) -> Found:
    """A person reads, beside a record they share with another (a rider's trip with its driver), a record about
    that other person (the driver's positions), yet all of it that locates the person is kept from them: the rider
    tracks a trip with no car on the map. The party sees what the shared record needs of the other, only of the
    record they share and while it lasts; what reaches or identifies the other beyond that (a phone) stays theirs."""
    for i, entity in enumerate(subject.design.entities):
        sharing = participants(subject.req, subject.personal, entity.name)
        found = subject.personal.get(entity.name)
        if not sharing or found is None:
            continue
        # what locates the person (where the driver is) is what the other party of the shared record comes for
        held = [f for f in entity.fields if found.fields.get(f.name) == "contact"]
        if not held:
            continue
        for role, shared in sorted(sharing.items()):
            if any(not f.readers or role in f.readers for f in held):
                continue
            cases = [u.name for u in subject.req.use_cases if u.actor == role and {entity.name, shared} <= set(u.reads)]
            yield Problem(
                element=f"{entity.name} for {role}",
                at=("entities", i, "fields"),
                message=f"{role} reads it in {join(cases)} beside the {shared} they share with the person it is "
                f"about, yet gets none of {join(f.name for f in held)}",
                fix=f"add {role} to the readers of what the {shared} needs of it (a position, a name), and say that "
                f"they read it only of a {shared} they share, while it lasts",
            )


@rule("SEC048", "error", "security", "A party to a shared record pages through everyone's")
def party_pages_through_everyone(subject: Subject) -> Found:
    """The other party of a record they share is let read what it needs of the person (the rider, the driver's
    positions), but through a collection of everyone's records that nothing narrows to their common one: a rider
    follows every driver on the road. The party reads those records only under the shared record, which the
    server checks they are a party to (GET /v1/trips/{id}/driver-locations), or one by id."""
    for path, service, endpoint in subject.endpoints():
        entity = subject.entities.get(endpoint.entity or "")
        sharing = participants(subject.req, subject.personal, endpoint.entity or "")
        if entity is None or not sharing or "{" in endpoint.path or endpoint.path.startswith("/v1/me/"):
            continue
        if endpoint.action not in COLLECTIONS and endpoint.link != "export":
            continue
        found = subject.personal[entity.name]
        held = [f for f in entity.fields if found.fields.get(f.name) not in (None, "link") and f.readers]
        parties = sorted(r for r in endpoint.roles if r in sharing and any(r in f.readers for f in held))
        if parties:
            shared = join(sorted({sharing[r] for r in parties}))
            yield Problem(
                element=f"{service.name}: {endpoint.method} {endpoint.path}",
                at=(*path, "roles"),
                message=f"lets {join(parties)} read {join(f.name for f in held if set(parties) & set(f.readers))} "
                f"of every {entity.name} record, though they may read them only of a {shared} they share",
                fix=f"take them off the collection and list the records under the {shared} they are a party to "
                f"(…/{{id}}/…, the party checked by the server), or read one by id",
            )


@rule("SEC056", "error", "security", "The organisation's own assessment returned to whom it assesses")
def assessment_for_outsiders(subject: Subject) -> Found:
    """A field holding what the organisation concluded about a record for its own use (a fraud score, the reserve
    set aside for a claim, an assessor's notes) reaches the person the record is about or an outside party (a
    customer, a partner) through a read they make: it tips off fraud and hands over a negotiating position. Only the
    staff and systems that assess the record read it."""
    roles = {r.name: r for r in subject.req.users.roles}
    for i, entity in enumerate(subject.design.entities):
        reading = {
            r for _, _, e in subject.endpoints() if e.entity == entity.name and e.method == "GET" for r in e.roles
        }
        outside = {r for r in reading if r in roles and roles[r].kind == "person" and not roles[r].internal}
        if not outside:
            continue
        selves = subject_roles(subject.req, subject.personal, entity.name)
        for j, field in enumerate(entity.fields):
            if not personal.internal_assessment(field.name):
                continue
            readers = set(field.readers) | (selves if "self" in field.readers else set())
            exposed = sorted(r for r in outside if not field.readers or r in readers)
            if exposed:
                yield Problem(
                    element=f"{entity.name}.{field.name}",
                    at=("entities", i, "fields", j, "readers"),
                    message=f"is the organisation's own assessment, yet {join(exposed)} reading the record get it",
                    fix="give it readers: the staff and systems that assess the record, so the person it is about and "
                    "outside parties get the record without it",
                )


@rule("SEC057", "error", "security", "Others' reading state in a page of shared records")
def others_reading_state(subject: Subject) -> Found:
    """A collection answer (a search, a list) embeds under each shared record the records holding every person's
    own state in it (a member's last_read_at in a channel, when they were last seen): any caller learns when each
    colleague read what. A person's state reaches them alone, through their own reads."""
    entities = {e.name: e for e in subject.design.entities}
    for path, service, endpoint in subject.endpoints():
        found = others_state(entities, endpoint)
        if found:
            held = [f.name for n in found for f in entities[n].fields if personal.reading_state(f.name)]
            yield Problem(
                element=f"{service.name}: {endpoint.method} {endpoint.path}",
                at=(*path, "includes"),
                message=f"embeds {join(found)} under each record, handing every caller others' {join(held)}",
                fix="leave them out of the answer; give the caller their own state alone (their unread count, where "
                "they read up to) through a read of their own",
            )
