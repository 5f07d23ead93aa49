"""The category a use case works from is a filter of the lists its people read (estimated reads by quality)."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.design import model as m
from archgen.design.queues import worked_values


def plan_worked_filters(draft: Draft) -> None:
    """Give each list of a record a use case works from by a value (estimated) a filter on that value's field,
    and let the use case's people read it."""
    for use_case in draft.req.use_cases:
        for entity, field, _ in worked_values(draft.req, use_case):
            lists = [
                e for s in draft.services for e in s.endpoints if e.entity == entity and e.action in ("list", "search")
            ]
            for endpoint in lists[:1]:
                if not any(f.field == field for f in endpoint.filters):
                    endpoint.filters.append(m.Filter(name=field, field=field, kind="eq"))
                if use_case.actor and use_case.actor not in endpoint.roles:
                    endpoint.roles.append(use_case.actor)
