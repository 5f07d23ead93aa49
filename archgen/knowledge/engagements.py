"""Outside parties engaged on a case and waits on someone outside the team (archgen/knowledge/engagements.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Engagement(_Frozen):
    """The operation staff use to engage an outside party on a case, and the grant it writes."""

    use_case: str
    says: str
    firm_field: str
    firm_says: str
    per_case_role_per_day: float


class GrantBody(_Frozen):
    """The request fields a grant operation carries."""

    grantee: tuple[str, ...]
    expiry: tuple[str, ...]


class Waits(_Frozen):
    """Steps that wait on someone outside the team, and the state that stops the clock while they do."""

    asks: tuple[str, ...]
    clocks: tuple[str, ...]
    state: str
    waiting: tuple[str, ...]
    paused_field: str
    resume: str
    asked_says: str
    message_says: str
    reply_by_says: str
    resume_guard: str
    paused_says: str
    says: str


class Engagements(_Frozen):
    """engagements.yaml."""

    engagement: Engagement
    grant_body: GrantBody
    waits: Waits


@functools.cache
def engagements() -> Engagements:
    """The shipped engagement knowledge."""
    return shipped("engagements.yaml", Engagements)
