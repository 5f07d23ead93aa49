"""A request for work done later (an import, a processing run): the client makes a record with only what it knows,
and a worker moves it on and writes what it produced onto it. Read from the questionnaire's use cases; the rules
architect sets the worker's fields by it and the review engine checks the client can follow the request."""

from __future__ import annotations

from archgen.requirements.intent import is_role_record
from archgen.requirements.model import Requirements, UseCase


def requested(req: Requirements, use_case: UseCase) -> str | None:
    """The record a use case makes as a request for later work, or None: an asynchronous request that makes a new
    record first and others after, reading none of them before (it does not act on records that exist), where
    the first record is nobody's own record (signing up is no request for work)."""
    if not (use_case.async_ and use_case.interaction == "request" and len(use_case.writes) > 1):
        return None
    first = use_case.writes[0]
    if set(use_case.reads) & set(use_case.writes):
        return None
    if any(is_role_record(r.name, first) for r in req.users.roles):
        return None
    return first


def requests_of(req: Requirements, entity: str) -> list[UseCase]:
    """The use cases that make `entity` as a request for later work."""
    return [u for u in req.use_cases if requested(req, u) == entity]
