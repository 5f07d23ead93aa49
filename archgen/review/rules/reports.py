"""Report and anonymous-list rules: a report totals only by dimensions (a choice, a store, a day), never by an
amount or the record's own identity, and an anonymous list narrows only within what everyone may see
(archgen/design/aggregates.py, archgen/design/public_filters.py)."""

from __future__ import annotations

from archgen.design.public_filters import hidden
from archgen.review.engine import Found, Problem, Subject, rule


@rule("API179", "error", "api", "Report grouped by an amount or by the record itself")
def groups_by_amount(subject: Subject) -> Found:
    """A report operation takes an equality filter, which it also offers as a group to total by, on the record's
    own id or on a continuous number (a total amount, a latitude). Every group then holds one record or one odd
    value, so the answer is the raw data again and the store scans billions of groups. Total by choices,
    references to small records (a store, a product) and times by bucket, and take amounts as ranges."""
    for path, service, endpoint in subject.endpoints():
        entity = subject.entities.get(endpoint.entity or "")
        if endpoint.action != "aggregate" or entity is None:
            continue
        kinds = {f.name: f.type for f in entity.fields}
        for i, f in enumerate(endpoint.filters):
            if f.kind == "eq" and (f.field == "id" or kinds.get(f.field) in ("decimal", "int")):
                what = "its own id" if f.field == "id" else f"the number {f.field}"
                yield Problem(
                    element=f"{service.name}: {endpoint.method} {endpoint.path}",
                    at=(*path, "filters", i),
                    message=f"totals {entity.name} records by {what}, so each group is one record or one value",
                    fix="drop the filter or take the number as a range; group by choices, small referenced "
                    "records and times",
                )


@rule("API180", "error", "api", "Anonymous list filtered by hidden states or by a person")
def anonymous_hidden_filters(subject: Subject) -> Found:
    """An operation anyone may call without signing in filters by a lifecycle or moderation state (removed,
    rejected, held for review) or by the person its records link to (a comment's author). The first lets anyone
    ask for what moderation took down; the second hands out one person's history. Answer only the published
    state to anonymous callers and leave person filters to signed-in operations that check who asks."""
    for path, service, endpoint in subject.endpoints():
        entity = subject.entities.get(endpoint.entity or "")
        if entity is None:
            continue
        for f in hidden(endpoint, entity, subject.entities):
            yield Problem(
                element=f"{service.name}: {endpoint.method} {endpoint.path}",
                at=(*path, "filters", endpoint.filters.index(f)),
                message=f"takes the filter {f.name} without a caller, which reaches {entity.name} records "
                "others may not see or one person's records",
                fix=f"drop {f.name} from the anonymous operation; answer only published records there",
            )
