"""What a use case's actor needs to reach: the records it reads for them or picks to write about, and the
operations open to their role."""

from __future__ import annotations

from archgen.design.model import Endpoint
from archgen.requirements.intent import acted_writes
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
