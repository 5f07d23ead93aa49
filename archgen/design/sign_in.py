"""Who signs in and with what, read from the questionnaire: one company's staff with its workforce directory,
tenants that bring their own identity provider, or consumers with the identity service chosen. The architect sizes
the sign-in to it; the review engine checks any design against the same reading."""

from __future__ import annotations

from typing import Literal

from archgen.design import lifecycle_needs as needs
from archgen.knowledge.sign_in import sign_in_knowledge
from archgen.requirements.model import Requirements

Situation = Literal["none", "workforce", "tenants", "consumers"]


def situation(req: Requirements) -> Situation:
    """Whose identities sign people in: nobody's (no people), the company's one workforce directory (every person
    is staff and there are no tenants), each tenant's own provider, or the consumer identity service."""
    people = [r for r in req.users.roles if r.kind == "person"]
    if not people:
        return "none"
    tenancy = req.system.tenancy
    if tenancy is not None and tenancy.model == "multi":
        return "tenants"
    return "workforce" if all(r.internal for r in people) else "consumers"


def provider_owns(req: Requirements, entity: str, field: str) -> bool:
    """Whether the company's workforce directory owns a field of a person's own record (their e-mail, name,
    department, directory id or roles): it arrives at sign-in, and the person never edits it here."""
    if situation(req) != "workforce" or entity not in needs.person_entities(req):
        return False
    return sign_in_knowledge().owned(field, directory=True)
