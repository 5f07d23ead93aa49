"""Who may set a person's identifying facts and who may take guarded decisions (archgen/knowledge/identity.yaml):
identity set by the role that registers people, decision inputs that carry their author, no self-assignment."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Author(_Frozen):
    """The field that keeps who wrote a record a guarded decision relies on."""

    field: str
    type: str
    source: str
    description: str


class IdentityProvider(_Frozen):
    """How an organisation's identity provider reaches a system: sign-in and SCIM, never webhooks."""

    words: tuple[str, ...]
    protocol: str
    handling: str
    not_offered: tuple[str, ...]
    source: str


class Identity(_Frozen):
    """identity.yaml."""

    identity_fields: tuple[str, ...]
    name_fields: tuple[str, ...]
    identity_says: str
    author: Author
    author_guard: str
    four_eyes: tuple[str, ...]
    assignment: tuple[str, ...]
    assignment_source: str
    verdict_exits: tuple[str, ...]
    identity_provider: IdentityProvider


@functools.cache
def identity_knowledge() -> Identity:
    """The shipped identity knowledge."""
    return shipped("identity.yaml", Identity)
