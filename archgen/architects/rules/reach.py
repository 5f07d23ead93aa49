"""Every use case's actor can carry it out through operations open to their role: a use case carried only by
operations closed to its actor moves to the read of the same records that is open to them, and a record a use case
names is readable by the role that names it."""

from __future__ import annotations

from archgen.architects.rules.domains import plural
from archgen.architects.rules.draft import Draft
from archgen.capacity.load import actor_kind
from archgen.common.naming import identifier, slug, words_of
from archgen.design import model as m
from archgen.design.reach import member_field, member_made, memberships, opens_to, parents, picked, reads_it
from archgen.design.read_models import composes
from archgen.knowledge.operations import operation_words
from archgen.requirements.intent import is_role_record

COLLECTIONS = ("list", "search", "nearby", "aggregate")


def plan_reach(draft: Draft) -> None:
    """Open each person's use case to its actor, and the records it names to the role naming them; what a person
    belongs to is read through their own memberships, and what members make between themselves they may create."""
    _own_memberships(draft)
    _member_made(draft)
    roles = {r.name: r for r in draft.req.users.roles}
    endpoints = [e for s in draft.services for e in s.endpoints]
    for use_case in draft.req.use_cases:
        role = use_case.actor
        if use_case.interaction != "request" or not role or actor_kind(draft.req, use_case) != "person":
            continue
        carried = [e for e in endpoints if use_case.name in e.use_cases]
        if carried and not any(opens_to(e, role) for e in carried):
            _carry_for(draft, carried, use_case.name, role)
        for entity in picked(draft.req, use_case):
            if any(reads_it(e, entity) and opens_to(e, role) for e in endpoints):
                continue
            # staff find the record in the collection; anyone else reads the one they were given by id
            reads = [e for e in endpoints if e.method == "GET" and e.entity == entity and e.link is None]
            shared = [e for e in reads if e.path.startswith("/v1/") and not e.path.startswith("/v1/me")]
            by_id = [e for e in shared if e.action == "get" and e.path.count("{") == 1 and e.path.endswith("/{id}")]
            found = [e for e in shared if "{" not in e.path and e.action in ("list", "search")]
            for endpoint in by_id[:1] + (found if roles[role].internal else []):
                endpoint.roles.append(role)


def _carry_for(draft: Draft, carried: list[m.Endpoint], use_case: str, role: str) -> None:
    """Move the use case to a read of the same records open to the role (a person's own, then one by id), with
    what it reads beside them; with none, the role may call the operation that carries it."""
    endpoints = [e for s in draft.services for e in s.endpoints]
    entities = {e.entity for e in carried if e.method == "GET"}
    open_reads = [
        e for e in endpoints if e.method == "GET" and e.entity in entities and e.link is None and role in e.roles
    ]
    chosen = sorted(open_reads, key=lambda e: (not e.path.startswith("/v1/me"), not e.path.endswith("/{id}")))
    if chosen:
        for endpoint in carried:
            if endpoint.method == "GET" and endpoint.entity == chosen[0].entity:
                endpoint.use_cases.remove(use_case)
        chosen[0].use_cases.append(use_case)
        designed = {e.name: e for e in draft.entities}
        wanted = composes(designed, chosen[0], draft.req.use_cases)
        chosen[0].includes += [n for n in wanted if n not in chosen[0].includes]
        return
    for endpoint in carried:
        endpoint.roles.append(role)


def _own_memberships(draft: Draft) -> None:
    """A use case reading what its actor belongs to (their channels) is carried by a list of the actor's own
    memberships under /v1/me, each with what it belongs to, never by a list of every container of the tenant; the
    actor reads one container by id, which checks they belong to it."""
    entities = {e.name: e for e in draft.entities}
    for use_case in draft.req.use_cases:
        role = use_case.actor or ""
        for membership, container in memberships(draft.req, use_case):
            wrong = {container, *parents(draft.req, container)}
            carriers = [
                e
                for s in draft.services
                for e in s.endpoints
                if use_case.name in e.use_cases and e.action in COLLECTIONS and e.entity in wrong
            ]
            found = next(
                (
                    (s, e)
                    for s in draft.services
                    for e in s.endpoints
                    if e.entity == membership and e.action == "list" and e.path.startswith("/v1/") and "{" not in e.path
                ),
                None,
            )
            if not carriers or found is None or found[1].path.startswith("/v1/me"):
                continue
            service, listed = found
            mine = listed.model_copy(deep=True)
            mine.path = listed.path.replace("/v1/", "/v1/me/", 1)
            mine.operation_id = identifier(use_case.name)
            noun, held = plural(words_of(membership)), words_of(container)
            mine.summary = (
                f"List the signed-in {role}'s own {noun}, each with its {held} (who they are comes from the token)"
            )
            mine.roles, mine.use_cases = [role], [use_case.name]
            mine.filters = [f for f in mine.filters if f.field != member_field(draft.req, membership, role)]
            mine.includes = [container]
            if any(e.path == mine.path for e in service.endpoints):
                continue
            service.endpoints.insert(service.endpoints.index(listed) + 1, mine)
            for carrier in carriers:
                carrier.use_cases.remove(use_case.name)
                if not carrier.use_cases:  # planned for this use case alone: nothing else needs it
                    for other in draft.services:
                        other.endpoints = [e for e in other.endpoints if e is not carrier]
                    continue
                carrier.includes = [
                    n for n in carrier.includes if n in composes(entities, carrier, draft.req.use_cases)
                ]
                if carrier.summary == use_case.name:
                    carrier.summary = f"List {plural(words_of(carrier.entity or ''))}"
            _open_by_id(draft, container, role)


def _open_by_id(draft: Draft, entity: str, role: str) -> None:
    for endpoint in (e for s in draft.services for e in s.endpoints):
        by_id = endpoint.method == "GET" and endpoint.path == f"/v1/{slug(plural(entity), 'items')}/{{id}}"
        if endpoint.entity == entity and by_id and endpoint.roles and role not in endpoint.roles:
            endpoint.roles.append(role)


def _member_made(draft: Draft) -> None:
    """A container whose kinds members make between themselves (a direct message) is created by the roles whose
    records join it, beside whoever created it before."""
    names = operation_words().memberships.names
    for entity in draft.req.data.entities:
        if not member_made(draft.req, entity.name):
            continue
        joiners = [
            role.name
            for other in draft.req.data.entities
            if set(words_of(other.name).split()) & names and entity.name in parents(draft.req, other.name)
            for role in draft.req.users.roles
            if any(is_role_record(role.name, t) for t in parents(draft.req, other.name))
        ]
        for endpoint in (e for s in draft.services for e in s.endpoints):
            if endpoint.entity != entity.name or endpoint.action != "create":
                continue
            before = ", ".join(endpoint.roles)
            endpoint.roles += [r for r in dict.fromkeys(joiners) if r not in endpoint.roles]
            endpoint.summary = endpoint.summary.replace(f"({before})", f"({', '.join(endpoint.roles)})")
        for role in dict.fromkeys(joiners):
            _open_by_id(draft, entity.name, role)
