"""What a report over records may add up and total by: its measures are additive facts (an amount, a quantity, a
duration) and levels to average (a price, a rating), never positions or identifiers; its groups are choices,
references to records of which there are few (a store, a product) and times by bucket, never a continuous amount or
the record's own identity (archgen/knowledge/aggregates.yaml). The architect plans by it, the renderer shapes
`group_by` and the totals by it, the review checks any design against it."""

from __future__ import annotations

from collections.abc import Mapping

from archgen.design.model import Endpoint, EntityDesign, StoredField
from archgen.knowledge.aggregates import aggregate_words
from archgen.requirements.model import Requirements

TIMES = ("date", "timestamp")


def _parts(name: str) -> set[str]:
    return set(name.lower().split("_"))


def measurable(entity: EntityDesign, field: StoredField) -> bool:
    """Whether a field is a number a report may compute over: numeric, not a key column, an identifier or a
    position (a pickup latitude adds up to nothing)."""
    if field.type not in ("decimal", "int") or field.name in entity.primary_key or field.name.endswith("_id"):
        return False
    return not _parts(field.name) & set(aggregate_words().not_measures)


def additive(entity: EntityDesign, field: StoredField) -> bool:
    """Whether a field's sum over a group means something (an amount, a quantity): measurable and not a level."""
    return measurable(entity, field) and not _parts(field.name) & set(aggregate_words().levels)


def dimension_sizes(req: Requirements) -> dict[str, int]:
    """How many records each entity holds after a year (from its records and growth a day)."""
    return {e.name: (e.records or 0) + (e.growth_per_day or 0) * 365 for e in req.data.entities}


def groupable(entity: EntityDesign, path: str, sizes: Mapping[str, int]) -> bool:
    """Whether a report may total by a field: a choice, a time (by bucket) or a reference to an entity small
    enough to be a dimension; never the record's own id, a continuous amount or a reference to a large record."""
    if "." in path:
        return True  # a field of a related record copied in (a product's category): a dimension's attribute
    field = next((f for f in entity.fields if f.name == path), None)
    if field is None or path == "id" or (entity.primary_key == [path] and not field.type.startswith("ref[")):
        return False  # the record's own identity: a group of one each is the raw data again
    kind = field.type.split("[")[0]
    if kind in ("enum", "bool", *TIMES):
        return True
    if kind == "ref":
        size = sizes.get(field.type[4:-1])
        return size is not None and size <= aggregate_words().max_dimension_records
    return kind == "string" and not field.pii and bool(_parts(field.name) & set(aggregate_words().dimensions))


def groups(endpoint: Endpoint, entity: EntityDesign, sizes: Mapping[str, int]) -> list[str]:
    """What an aggregate operation offers to total by: its equality filters that are dimensions, then the times it
    filters by (grouped by the `bucket`)."""
    times = {f.name for f in entity.fields if f.type in TIMES}
    eq = [f for f in endpoint.filters if f.kind == "eq" and groupable(entity, f.field, sizes)]
    ranged = [f for f in endpoint.filters if f.kind == "range" and f.field in times]
    return list(dict.fromkeys(f.name for f in [*eq, *ranged]))


def dimensions(endpoint: Endpoint, entity: EntityDesign, sizes: Mapping[str, int]) -> list[str]:
    """The groups of an aggregate operation that are not times: what a dashboard's rows are keyed by."""
    eq = {f.name for f in endpoint.filters if f.kind == "eq"}
    return [g for g in groups(endpoint, entity, sizes) if g in eq]
