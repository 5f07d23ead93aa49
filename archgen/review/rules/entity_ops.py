"""Entity-lifecycle rules: every entity a person manages can be made, found, edited while it may be, joined and
left, deleted where that is allowed (never an audit trail or ledger), reassigned, and the people the system keeps
read their own record and are provisioned the way they sign in, though no use case names these operations."""

from __future__ import annotations

from archgen.design import lifecycle_needs as needs
from archgen.design.model import Endpoint
from archgen.review.engine import Found, KeyPath, Problem, Subject, rule

MAKERS = ("create", "ingest", "webhook", "command")
EDITS = ("update", "replace")


def _ops(subject: Subject, entity: str) -> list[Endpoint]:
    return [e for _, _, e in subject.endpoints() if e.entity == entity]


def _at(subject: Subject, entity: str) -> KeyPath:
    index = next((i for i, e in enumerate(subject.design.entities) if e.name == entity), None)
    return ("entities", index) if index is not None else ("entities",)


def _creates(ops: list[Endpoint]) -> bool:
    return any(e.action in MAKERS and e.method in ("POST", "PUT") for e in ops)


@rule("API050", "error", "api", "Entity people make has no create")
def no_create(subject: Subject) -> Found:
    """People's requests lead with an entity that grows, and no operation makes its records: what they make can
    never exist."""
    for entity in subject.req.data.entities:
        roles = needs.makers(subject.req, entity)
        if roles and not _creates(_ops(subject, entity.name)):
            yield Problem(
                element=entity.name,
                at=_at(subject, entity.name),
                message=f"{', '.join(roles)} make {entity.name} records, but no operation creates one",
                fix="add POST on its collection for those roles (201 with Location, Idempotency-Key), with no "
                "server-owned field in its body",
            )


@rule("API051", "error", "api", "Entity people make cannot be listed")
def no_list(subject: Subject) -> Found:
    """People make records of an entity and no operation lists them: they cannot find what they made."""
    for entity in subject.req.data.entities:
        roles = needs.makers(subject.req, entity)
        if roles and not any(e.action in ("list", "search") for e in _ops(subject, entity.name)):
            yield Problem(
                element=entity.name,
                at=_at(subject, entity.name),
                message=f"{', '.join(roles)} make {entity.name} records, but no operation lists them",
                fix="add GET on its collection, paginated and scoped to what the caller may see",
            )


@rule("API052", "error", "api", "Draft that cannot be edited")
def draft_not_editable(subject: Subject) -> Found:
    """An entity's lifecycle has a draft state people move it out of (sign, submit) and no operation edits it:
    the record is signed or submitted as it was first made."""
    for i, entity in enumerate(subject.design.entities):
        states = needs.draft_states(entity.state_machine)
        if states and not any(e.action in EDITS for e in _ops(subject, entity.name)):
            yield Problem(
                element=entity.name,
                at=("entities", i, "state_machine"),
                message=f"starts as {' or '.join(states)} and moves on from there, but no operation edits it",
                fix=f"add PATCH on the record, allowed while it is {' or '.join(states)} (409 after)",
            )


@rule("API053", "error", "api", "Membership that cannot be joined or left")
def membership_ops(subject: Subject) -> Found:
    """A record that puts a person in a group (a member in a channel) has no create or no delete: nobody can join
    or add someone, or leave or be removed."""
    for entity in subject.req.data.entities:
        found = needs.membership_of(subject.req, entity)
        if found is None:
            continue
        ops = _ops(subject, entity.name)
        missing = [
            what for what, ok in (("join", _creates(ops)), ("leave", any(e.method == "DELETE" for e in ops))) if not ok
        ]
        if missing:
            yield Problem(
                element=entity.name,
                at=_at(subject, entity.name),
                message=f"puts a {found.person} in a {found.group}, but no operation lets one {' or '.join(missing)}",
                fix="add POST on its collection (join, or add a member) and DELETE on the record (leave, or remove), "
                "for the member and the group's administrators",
            )


@rule("API054", "warning", "api", "Tombstone that nothing sets")
def tombstone_unset(subject: Subject) -> Found:
    """A record carries a deleted (or archived) mark and no operation deletes it: the mark is never set."""
    for entity in subject.req.data.entities:
        field = needs.tombstone(entity)
        if field and not any(e.method == "DELETE" for e in _ops(subject, entity.name)):
            yield Problem(
                element=entity.name,
                at=_at(subject, entity.name),
                message=f"keeps `{field}` for deleted records, but no operation deletes one",
                fix="add DELETE on the record (it sets the mark and hides the record) for its author and "
                "administrators",
            )


@rule("API055", "error", "api", "Audit trail or ledger that can be deleted")
def append_only_deleted(subject: Subject) -> Found:
    """An operation deletes records of an append-only entity (an audit trail, a ledger): history that must not
    change can be removed through the API."""
    append_only = {e.name for e in subject.req.data.entities if e.mutability == "append_only"}
    for path, service, endpoint in subject.endpoints():
        if endpoint.method == "DELETE" and endpoint.entity in append_only:
            yield Problem(
                element=f"{service.name}: {endpoint.method} {endpoint.path}",
                at=path,
                message=f"deletes {endpoint.entity} records, which are append-only",
                fix="remove it: correct by appending (a reversing entry), and expire by retention, not by a call",
            )


@rule("API056", "warning", "api", "Assigned record that cannot be reassigned")
def not_reassignable(subject: Subject) -> Found:
    """A record names the person it is assigned to and no operation changes anything on it but its status: work
    stays with whoever first got it."""
    for entity in subject.req.data.entities:
        field = needs.reassignable(subject.req, entity)
        if field and not any(e.action in EDITS for e in _ops(subject, entity.name)):
            yield Problem(
                element=entity.name,
                at=_at(subject, entity.name),
                message=f"is assigned by `{field}`, but no operation reassigns it",
                fix=f"add PATCH on the record (or POST …/{{id}}/reassign) that changes `{field}`, for the staff who "
                "assign work, audited",
            )


@rule("API057", "warning", "api", "People cannot read their own record")
def no_me(subject: Subject) -> Found:
    """A kind of person who signs in has a record of their own and no `/me` operation returns it: every client
    must first find the caller's id."""
    from archgen.requirements.intent import anonymous_role

    for name, roles in needs.person_entities(subject.req).items():
        if all(anonymous_role(subject.req, r) for r in roles):
            continue
        if not any(
            e.method == "GET" and e.path.startswith("/v1/me") and e.entity == name for _, _, e in subject.endpoints()
        ):
            yield Problem(
                element=name,
                at=_at(subject, name),
                message=f"{', '.join(roles)} sign in and have a {name} record, but no GET /v1/me returns it",
                fix="add GET and PATCH /v1/me for the signed-in person's own record (the id comes from the token)",
            )


@rule("API058", "error", "api", "People the identity provider brings are never provisioned")
def not_provisioned(subject: Subject) -> Found:
    """The questionnaire says tenants provision people by SCIM 2.0 and nothing creates and deprovisions their
    records; or people sign in through an organisation's identity provider and nothing makes their record (no
    create, no just-in-time provisioning on first sign-in)."""
    scim = needs.scim_users(subject.req)
    if scim is not None:
        ops = _ops(subject, scim)
        if not (_creates(ops) and any(e.method == "DELETE" for e in ops)):
            yield Problem(
                element=scim,
                at=_at(subject, scim),
                message=f"tenants provision people by SCIM, but no operation creates and deprovisions {scim} records",
                fix="serve SCIM 2.0 /scim/v2/Users (POST, GET with filter, GET/PUT/PATCH/DELETE by id) behind the "
                "tenant's bearer token; deprovisioning revokes sessions",
            )
    if not needs.single_sign_on(subject.req):
        return
    for name in needs.person_entities(subject.req):
        if name != scim and not _creates(_ops(subject, name)):
            yield Problem(
                element=name,
                at=_at(subject, name),
                message=f"people sign in through their organisation's identity provider, but nothing makes {name} "
                "records",
                fix="provision the record on first sign-in from the token's claims (PUT /v1/me, keyed on the "
                "provider's subject id) or by the provider's SCIM",
            )


@rule("API059", "warning", "api", "Tenants cannot manage where their events go")
def subscriptions_unmanaged(subject: Subject) -> Found:
    """The system pushes events to tenants' systems by records that say where, and no operation lets the tenant
    create, list or delete them."""
    for name, roles in needs.subscriptions(subject.req):
        ops = _ops(subject, name)
        missing = [
            what
            for what, ok in (
                ("create", _creates(ops)),
                ("list", any(e.action in ("list", "search") for e in ops)),
                ("delete", any(e.method == "DELETE" for e in ops)),
            )
            if not ok
        ]
        if missing:
            yield Problem(
                element=name,
                at=_at(subject, name),
                message=f"says where tenants' systems receive events, but {', '.join(roles)} cannot "
                f"{' or '.join(missing)} one",
                fix="add POST, GET, PATCH and DELETE on the collection for the tenant's administrators",
            )
