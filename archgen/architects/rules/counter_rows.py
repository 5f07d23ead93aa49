"""Counters a job rolls up (a video's views every few minutes) live in a narrow row of their own beside the record,
so each run bumps numbers there instead of rewriting the wide record, every copy kept of it and its change events."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.common.naming import slug
from archgen.design.counters import rolled_counters
from archgen.design.model import Index


def plan_counter_rows(draft: Draft) -> None:
    """Give each entity whose counters a job rolls up a narrow counter table keyed by the record, and say on each
    counter field which run sets it there."""
    for entity in draft.entities:
        fields: dict[str, list[str]] = {}
        for use_case in draft.req.use_cases:
            for counter in rolled_counters(entity.name, use_case, draft.entities):
                fields.setdefault(counter.field, []).append(use_case.name)
        if not fields:
            continue
        table = f"{slug(entity.name, 'entity')}_counters"
        for stored in entity.fields:
            if stored.name in fields:
                runs = " and ".join(f"'{n}'" for n in dict.fromkeys(fields[stored.name]))
                stored.source = f"{runs}, in the narrow {table} row"
        if any(i.name == table for i in entity.indexes):
            continue
        jobs = " and ".join(f"'{n}'" for n in dict.fromkeys(n for names in fields.values() for n in names))
        entity.indexes.append(
            Index(
                name=table,
                fields=["id", *fields],
                kind="table",
                serves=f"the counters {jobs} adds to, in a row of their own keyed by the record: a run upserts "
                f"these narrow rows only, so the wide record, the copies kept of it and its change events are "
                "untouched and no consumer keeps the counts",
            )
        )
