"""The operations an entity's lifecycle needs beside those its use cases name, read from the data model and the
roles: what people make can be made and found, a draft can be edited, a membership joined and left, a tombstone
set, an assigned record reassigned, and the people the system keeps read their own record and are provisioned the
way the questionnaire says they sign in. The architect plans these; the review checks any design has them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from archgen.capacity.load import actor_kind
from archgen.design.model import StateMachine
from archgen.knowledge.compliance import record_kinds
from archgen.knowledge.lifecycles import lifecycle_knowledge
from archgen.knowledge.operations import operation_words
from archgen.requirements.intent import is_role_record, status_field, verbs, words, write_kind
from archgen.requirements.model import Entity, Requirements, UseCase


def _requests_by_people(req: Requirements) -> list[UseCase]:
    return [u for u in req.use_cases if u.interaction == "request" and actor_kind(req, u) == "person"]


def _entity(req: Requirements, name: str) -> Entity | None:
    return next((e for e in req.data.entities if e.name == name), None)


def person_entities(req: Requirements) -> dict[str, list[str]]:
    """Entity → the person roles (who sign in) whose members it records (member → Member)."""
    out: dict[str, list[str]] = {}
    for role in req.users.roles:
        if role.kind != "person":
            continue
        entity = next((e.name for e in req.data.entities if is_role_record(role.name, e.name)), None)
        if entity is not None:
            out.setdefault(entity, []).append(role.name)
    return out


def makers(req: Requirements, entity: Entity) -> list[str]:
    """The roles whose people make records of an entity that grows: their requests lead with it (it is what they
    write first), and nothing else makes them. An audit trail or ledger (append-only) written beside other work,
    and a person's own record they only edit, come from elsewhere."""
    if entity.growth_per_day <= 0 or entity.mutability == "append_only" or membership_of(req, entity):
        return []
    requests = _requests_by_people(req)
    roles = sorted({u.actor for u in requests if u.actor and u.writes[:1] == [entity.name]})
    # records something else makes (a job, a push, a provider, another request beside its own) are not theirs
    if any(
        entity.name in u.writes[1:] or (entity.name in u.writes[:1] and u not in requests and creates(u, entity))
        for u in req.use_cases
    ):
        return []
    own = set(person_entities(req).get(entity.name, []))
    return [] if set(roles) <= own else roles


def creates(use_case: UseCase, entity: Entity) -> bool:
    """Whether a use case adds records of an entity."""
    return write_kind(use_case, entity).kind == "create"


def managing(req: Requirements, entity: Entity) -> list[UseCase]:
    """The use cases that manage the entity's records (Manage equipment: made and kept up to date as a whole), so
    they are edited as well as made; none for a record kept as written (append-only, an audit trail)."""
    if entity.mutability == "append_only" or "audit" in record_kinds(entity.name, list(entity.fields)):
        return []
    manage = verbs().manage
    return [u for u in req.use_cases if entity.name in u.writes and words(u.name)[:1] and words(u.name)[0] in manage]


def draft_states(machine: StateMachine | None) -> list[str]:
    """The states in which a record is still being written: it starts in one (a draft) and people move it on."""
    if machine is None:
        return []
    drafts = operation_words().states.drafts
    return [s for s in machine.states if s in drafts and any(s in t.source for t in machine.transitions)]


@dataclass(frozen=True)
class Membership:
    """A record that puts a person in a group: who (the person's reference) and where (the group's)."""

    person: str
    group: str


def membership_of(req: Requirements, entity: Entity) -> Membership | None:
    """Whether an entity puts a person the system keeps in another record (a member in a channel): it references
    one person entity and a record that is not one, holds only the member's own state beside its references, has no
    lifecycle of its own and is kept (not an append-only trail)."""
    if entity.mutability == "append_only" or status_field(entity) is not None or entity.growth_per_day <= 0:
        return None
    kinds = lifecycle_knowledge().membership.state_kinds
    refs = {n: k.target for n, k in entity.fields.items() if k.kind == "ref" and k.target}
    if any(k.kind not in kinds and n not in refs for n, k in entity.fields.items()):
        return None
    people = person_entities(req)
    persons = [n for n, t in refs.items() if t in people]
    group = next((n for n, t in refs.items() if t not in people and t != entity.name), None)
    if len(persons) != 1 or group is None:
        return None  # two people: a record of who did what to whom
    person = persons[0]
    return Membership(person=person, group=refs[group] or "")


def tombstone(entity: Entity) -> str | None:
    """The field that marks a record deleted but kept, if it has one (a deletable record)."""
    if entity.mutability == "append_only":
        return None
    marks = operation_words().fields.tombstones
    return next((n for n in entity.fields if n.lower() in marks), None)


def reassignable(req: Requirements, entity: Entity) -> str | None:
    """The reference naming the person a record is assigned to (its assignee, its handler), when people move the
    record to someone else by editing it."""
    if entity.mutability == "append_only":
        return None
    words = lifecycle_knowledge().assignment.fields
    people = person_entities(req)
    from archgen.requirements.personal import is_person

    for name, kind in entity.fields.items():
        person = kind.kind == "ref" and (kind.target in people or is_person(kind.target))
        if person and set(name.lower().split("_")) & words:
            return name
    return None


def _said(req: Requirements) -> str:
    """What the questionnaire says of who signs in and how: its summary, roles and integrations."""
    parts = [req.system.summary or ""]
    parts += [f"{r.name} {r.description or ''}" for r in req.users.roles]
    parts += [f"{i.name} {i.kind or ''}" for i in req.integrations]
    return " ".join(parts).lower()


def said_of(req: Requirements) -> str:
    """What the questionnaire says of sign-in: its summary, roles, integrations and use cases (which protocols)."""
    return " ".join([_said(req), *(f"{u.name} {u.description or ''}" for u in req.use_cases)]).lower()


def _says(text: str, phrases: frozenset[str]) -> bool:
    return any(re.search(rf"(?<![a-z]){re.escape(p)}(?![a-z])", text) for p in phrases)


def scim_users(req: Requirements) -> str | None:
    """The entity a tenant's identity provider provisions by SCIM 2.0, where the questionnaire says so: the one a
    SCIM client's use case writes first, else the record of the first person role."""
    identity = lifecycle_knowledge().identity
    if not _says(_said(req), identity.scim):
        return None
    for use_case in req.use_cases:
        role = next((r for r in req.users.roles if r.name == use_case.actor), None)
        # the provider is another system: a person who configures SCIM does not provision through it
        said = f"{role.description or ''} {use_case.name}".lower() if role is not None and role.kind != "person" else ""
        if use_case.writes and _says(said, identity.scim):
            return use_case.writes[0]
    return next(iter(person_entities(req)), None)


def single_sign_on(req: Requirements) -> bool:
    """Whether people sign in through an organisation's identity provider."""
    return _says(_said(req), lifecycle_knowledge().identity.sso)


def subscriptions(req: Requirements) -> list[tuple[str, list[str]]]:
    """Records that say where the system pushes events to another organisation's system (a webhook subscription),
    with the person roles who keep them: what a push to a service reads and nothing writes. The keepers are the
    roles whose description says they keep integrations, else the people who write the tenant's own record."""
    out: list[tuple[str, list[str]]] = []
    written = {n for u in req.use_cases for n in u.writes}
    words = lifecycle_knowledge().integrations.webhooks
    keepers = [
        r.name
        for r in req.users.roles
        if r.kind == "person" and not r.internal and _says((r.description or "").lower(), words)
    ]
    for use_case in req.use_cases:
        if use_case.interaction != "push" or actor_kind(req, use_case) not in ("service", "integration"):
            continue
        for name in use_case.reads:
            entity = _entity(req, name)
            if entity is None or name in written or any(name == n for n, _ in out):
                continue
            if keepers:
                out.append((name, keepers))
    return out


def deletable_by_maker(req: Requirements, entity: Entity) -> bool:
    """Whether people who make an entity's records may delete them outright: it has no lifecycle to end a record
    by (no status), no tombstone to keep it by, no other record points at it (it would dangle), it is kept for no
    retention period and holds no personal data (erasure has its own path), and it is no quote the server prices
    and expires, nor an audit trail or ledger."""
    pointed_at = any(k.references == entity.name for e in req.data.entities for k in e.fields.values())
    quotes = operation_words().fields.quotes
    return (
        bool(makers(req, entity))
        and status_field(entity) is None
        and tombstone(entity) is None
        and not pointed_at
        and not entity.retention_days
        and not entity.pii
        and not {w.lower() for w in re.findall(r"[A-Z]?[a-z0-9]+", entity.name)} & quotes
    )


def stated_limits(use_case: UseCase) -> tuple[bool, bool]:
    """Whether a use case says its decision is bounded by the decider's authority limit, and whether it says the
    decider is never who did an earlier step (four eyes): both are conditions of the move it carries."""
    guards = lifecycle_knowledge().guards
    said = " " + " ".join(re.findall(r"[a-z0-9-]+", f"{use_case.name} {use_case.description or ''}".lower())) + " "
    return (
        any(f" {w} " in said for w in guards.authority),
        any(f" {w} " in said for w in guards.separation),
    )
