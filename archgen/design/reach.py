"""What a use case's actor needs to reach: the records it reads for them or picks to write about, and the
operations open to their role."""

from __future__ import annotations

from archgen.common.naming import words_of
from archgen.design.model import Endpoint
from archgen.knowledge.operations import operation_words
from archgen.requirements.intent import acted_writes, is_role_record
from archgen.requirements.model import Requirements, UseCase


def picked(req: Requirements, use_case: UseCase) -> list[str]:
    """What a use case's caller must read themselves: the records it reads that what it writes refers to (the
    patient an appointment is for: the caller finds one to name it)."""
    writes = acted_writes(use_case)
    referred = {
        k.target
        for entity in req.data.entities
        if entity.name in writes
        for k in entity.fields.values()
        if k.kind == "ref" and k.target
    }
    return [r for r in use_case.reads if r in referred and r not in writes]


def opens_to(endpoint: Endpoint, role: str) -> bool:
    """Whether a role may call an operation: it lists the role, or anyone may (public, or no role named)."""
    return role in endpoint.roles or endpoint.auth == "public" or not endpoint.roles


def reads_it(endpoint: Endpoint, entity: str) -> bool:
    return endpoint.method == "GET" and (endpoint.entity == entity or entity in endpoint.includes)


def memberships(req: Requirements, use_case: UseCase) -> list[tuple[str, str]]:
    """(membership, container) pairs a use case reads for its actor: a record it reads, named as a membership, that
    links the actor's own record to another record it reads (the member and the channel): the actor reads their own
    memberships and what they belong to, never every container of the tenant."""
    role = use_case.actor or ""
    names = operation_words().memberships.names
    out: list[tuple[str, str]] = []
    for entity in req.data.entities:
        if entity.name not in use_case.reads or entity.name in use_case.writes:
            continue
        if not set(words_of(entity.name).split()) & names:
            continue
        targets = [k.target for k in entity.fields.values() if k.kind == "ref" and k.target]
        if not any(is_role_record(role, t) for t in targets):
            continue
        # what it belongs to is the first other record it names (the channel, not the last message read)
        belongs = next((t for t in targets if not is_role_record(role, t)), None)
        if belongs in use_case.reads:
            out.append((entity.name, belongs))
    return out


def member_field(req: Requirements, membership: str, role: str) -> str | None:
    """The field of a membership naming the actor's own record (member)."""
    entity = next(e for e in req.data.entities if e.name == membership)
    return next((n for n, k in entity.fields.items() if k.kind == "ref" and is_role_record(role, k.target or "")), None)


def parents(req: Requirements, entity: str) -> set[str]:
    """The records an entity's records belong to (a channel's workspace)."""
    found = next((e for e in req.data.entities if e.name == entity), None)
    return {k.target for k in found.fields.values() if k.kind == "ref" and k.target} if found else set()


def member_made(req: Requirements, container: str) -> list[str]:
    """The kinds of a container its members make between themselves (direct, group_direct), from its enums."""
    words = operation_words().memberships.member_made
    found = next((e for e in req.data.entities if e.name == container), None)
    if found is None:
        return []
    return [v for k in found.fields.values() if k.kind == "enum" for v in k.values if v.lower() in words]
