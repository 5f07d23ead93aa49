"""Roles the data says report or file a record (an incident reported by a rider or a driver, a case whose
source is a viewer's report): each of them can create one, which starts at the first state of its lifecycle.
The rules architect grants the create by it and the review engine checks it."""

from __future__ import annotations

from archgen.knowledge.system_records import system_records
from archgen.requirements.model import Requirements


def _named(value: str, roles: list[str]) -> list[str]:
    """The roles a value of a filer field names (viewer_report names the viewer; agent names support_agent)."""
    parts = value.lower().split("_")
    return [r for r in roles if r.lower() in (value.lower(), *parts) or r.lower().split("_")[-1] == value.lower()]


def reporters(req: Requirements, entity: str) -> list[str]:
    """The people roles that file records of `entity`: named by a use case whose verb reports or files it, or by
    the values of a field that says who filed it, on a record its description or that field calls reported."""
    words = set(system_records().report_words)
    roles = [r.name for r in req.users.roles if not r.internal] + [r.name for r in req.users.roles if r.internal]
    found: list[str] = []
    for use_case in req.use_cases:
        said = set(use_case.name.lower().split()[:1]) & words
        if said and use_case.writes[:1] == [entity] and use_case.interaction == "request" and use_case.actor:
            found.append(use_case.actor)
    source = next((e for e in req.data.entities if e.name == entity), None)
    # a filed record is worked on (a case, an incident): a reading whose source is a patient is data, not a filing
    if source is None or "status" not in source.fields:
        return list(dict.fromkeys(found))
    described = set((source.description or "").lower().replace(",", " ").split()) & words
    for name, kind in source.fields.items():
        if name not in system_records().filer_fields or kind.kind != "enum":
            continue
        for value in kind.values:
            reported = described or set(value.lower().split("_")) & words
            if reported:
                found += _named(value, roles)
    return list(dict.fromkeys(found))
