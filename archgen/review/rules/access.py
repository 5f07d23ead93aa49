"""Who may read and change people's records: strangers never page through them, a person never changes what
others decide about them, every change names its callers, and the audit trail is the server's."""

from __future__ import annotations

from archgen.common.english import join
from archgen.design.embeds import others_embedded, own_reads
from archgen.requirements import personal
from archgen.requirements.intent import audit_trail, peers
from archgen.review.engine import Found, Problem, Subject, rule
from archgen.review.rules.api import _keepers, _subject_roles
from archgen.review.rules.security import COLLECTIONS

SELF = "self"


@rule("SEC020", "error", "security", "Person changes what others decide about them")
def self_service_overreach(subject: Subject) -> Found:
    """The input a person sends about their own record carries a field only others or the system decide: the link
    to their account at the identity provider, whether the account is active, a role, a rating, a price. A person
    deactivated by IT reactivates themselves, or binds their record to someone else's identity."""
    for path, service, endpoint in subject.endpoints():
        entity = subject.entities.get(endpoint.entity or "")
        if entity is None or endpoint.method not in ("PATCH", "PUT") or not personal.is_person(entity.name):
            continue
        selves = _subject_roles(subject, entity.name) - _keepers(subject, entity.name)
        if not set(endpoint.roles) & selves and not endpoint.path.startswith("/v1/me"):
            continue
        loose = [
            f.name
            for f in entity.fields
            if f.set_by == "client"
            and (not f.writers or SELF in f.writers or set(f.writers) & selves)
            and (personal.identity_link(f.name) or personal.set_by_others(f.name))
        ]
        if loose:
            yield Problem(
                element=f"{service.name}: {endpoint.method} {endpoint.path}",
                at=(*path, "roles"),
                message=f"lets {join(sorted(set(endpoint.roles) & selves) or ['the person'])} set {join(loose)} on "
                f"their own {entity.name}, which others or the system decide",
                fix="take identity links from the token or the directory (set_by: server), and give the other "
                "fields writers: the roles that keep the record, or the system",
            )


@rule("SEC021", "error", "security", "Change open to every signed-in user")
def change_without_roles(subject: Subject) -> Found:
    """An operation that changes something (an erasure request, a secret rotation) names no role, so any signed-in
    user may call it against any record: a colleague erases a colleague."""
    for path, service, endpoint in subject.endpoints():
        if endpoint.method == "GET" or endpoint.auth != "user" or endpoint.roles:
            continue
        yield Problem(
            element=f"{service.name}: {endpoint.method} {endpoint.path}",
            at=(*path, "roles"),
            message=f"{endpoint.summary or endpoint.operation_id} names no role: any signed-in user may call it",
            fix="name the roles that may ask for it; a person's request about their own record goes under /v1/me",
        )


@rule("SEC022", "error", "security", "Stranger pages through people's records")
def stranger_lists_people(subject: Subject) -> Found:
    """An outside person role (a driver) that is not who the records are about, does not keep them and is not
    related to those people by the data (no follow between them) lists, searches or exports the collection of
    another kind of person (every rider): reading one by id, checked against a relation the data holds (a trip
    they share), is all it needs."""
    roles = {r.name: r for r in subject.req.users.roles}
    for path, service, endpoint in subject.endpoints():
        found = subject.personal.get(endpoint.entity or "")
        entity = endpoint.entity or ""
        if found is None or not personal.is_natural_person(entity) or endpoint.path.startswith("/v1/me/"):
            continue  # a business's own record (a seller's page) is listed like any other
        if peers(subject.req, entity):
            continue
        if endpoint.action not in COLLECTIONS and endpoint.link != "export":
            continue
        inside = _subject_roles(subject, entity) | _keepers(subject, entity)
        strangers = [
            r
            for r in endpoint.roles
            if r in roles and roles[r].kind == "person" and not roles[r].internal and r not in inside
        ]
        if strangers:
            yield Problem(
                element=f"{service.name}: {endpoint.method} {endpoint.path}",
                at=(*path, "roles"),
                message=f"lets {join(strangers)} page through every {entity} record, though no record relates them "
                "to those people",
                fix="drop them from the collection; let them read one record by id, checked against the relation "
                "the data holds (a record naming both), through the view for others",
            )


@rule("SEC023", "error", "security", "Identity link the client sets or everyone reads")
def identity_link_exposed(subject: Subject) -> Found:
    """A person's link to their account at the identity provider (an object id, an external subject) is sent by the
    client, so anyone binds a record to another identity, or is read by every caller of the record, so others
    learn identifiers of an external identity."""
    for i, entity in enumerate(subject.design.entities):
        if not personal.is_person(entity.name):
            continue
        for j, f in enumerate(entity.fields):
            if f.name == "id" or not personal.identity_link(f.name):
                continue
            faults = (["the client sets it"] if f.set_by == "client" else []) + (
                ["every caller reads it"] if not f.readers else []
            )
            if faults:
                yield Problem(
                    element=f"{entity.name}.{f.name}",
                    at=("entities", i, "fields", j),
                    message=f"links a person to their identity provider account, but {join(faults)}",
                    fix="set it on the server from the caller's token or the directory (set_by: server) and give it "
                    "readers: self and the roles that keep the record",
                )


@rule("SEC024", "error", "security", "Audit trail the client writes")
def client_audit(subject: Subject) -> Found:
    """A caller creates or changes an audit record through the API, choosing who did what and when: the trail
    proves nothing. The server writes it from the acting call, in the same transaction as the change."""
    for path, service, endpoint in subject.endpoints():
        if endpoint.method == "GET" or endpoint.auth == "service" or not audit_trail(endpoint.entity or ""):
            continue
        yield Problem(
            element=f"{service.name}: {endpoint.method} {endpoint.path}",
            at=path,
            message=f"lets {join(endpoint.roles) or 'a client'} write {endpoint.entity} records with the fields "
            "they choose",
            fix="drop the operation; write the audit record on the server from the acting call (the token's "
            "caller, the server's clock) with the change it records",
        )


@rule("SEC030", "error", "security", "List embeds other people's records")
def others_records_embedded(subject: Subject) -> Found:
    """A list or search answers each of its records with another kind of record about people (an item with its
    loans and their borrowers, an employee with their reviews and sick days, a video with its subscribers) to
    callers who may read those only about themselves: every colleague's records ride along with each page."""
    for path, service, endpoint in subject.endpoints():
        for name, callers in others_embedded(subject.req, subject.personal, subject.entities, endpoint).items():
            yield Problem(
                element=f"{service.name}: {endpoint.method} {endpoint.path}",
                at=(*path, "includes"),
                message=f"embeds each record's {name} records, about other people, for {join(callers)}, who may "
                f"read {name} only about themselves",
                fix=f"leave {name} out of the list (answer what the screen needs, such as whether it is free), or "
                f"read the caller's own under /v1/me; let the roles that keep {name} read it through their own "
                "operation",
            )


@rule("SEC031", "error", "security", "Read of one's own records answered by everyone's")
def own_read_unscoped(subject: Subject) -> Found:
    """A use case asks for the caller's own records (View my loans) and is carried by a list of everyone's, which
    the client is trusted to filter: the person pages through colleagues' records, and the answer is not theirs."""
    for path, service, endpoint in subject.endpoints():
        cases = own_reads(subject.req, subject.personal, endpoint)
        if cases:
            yield Problem(
                element=f"{service.name}: {endpoint.method} {endpoint.path}",
                at=(*path, "use_cases"),
                message=f"carries {join(u.name for u in cases)}, which asks for the caller's own "
                f"{endpoint.entity} records, with a list of everyone's",
                fix="give it a list under /v1/me that the token scopes to the caller, with what it reads of theirs",
            )
