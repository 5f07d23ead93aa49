"""Housekeeping runs: a job that rewrites records people made (a nightly accrual over every employee) changes no
business fact anyone outside is told of, so its rows reach only the copies kept of them, never a push or webhook."""

from __future__ import annotations

from archgen.requirements.intent import creates, write_kind
from archgen.requirements.model import Requirements, UseCase


def housekeeping(req: Requirements, use_case: UseCase, entity: str) -> bool:
    """Whether a use case is a job that updates records of an entity people's own use cases create: neither a new
    record nor a move of its lifecycle, so nothing a person or an outside system would be told of."""
    if use_case.interaction != "scheduled" or entity not in use_case.writes:
        return False
    found = next((e for e in req.data.entities if e.name == entity), None)
    if found is None or write_kind(use_case, found).kind != "update":
        return False
    return any(u.interaction != "scheduled" for u in creates(req, found))
