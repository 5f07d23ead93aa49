"""The answers of views (archgen/design/views.py): a series of time buckets, a dashboard's measures against a
target or another period, ranked rows, and what is free for a window, each typed from the entity it is over."""

from __future__ import annotations

from typing import Any

from archgen.common.naming import words_of
from archgen.design.aggregates import measurable
from archgen.design.model import EntityDesign, StoredField
from archgen.design.read_models import is_bookkeeping
from archgen.design.views import View
from archgen.knowledge.operations import operation_words
from archgen.knowledge.views import view_words
from archgen.render.openapi.schemas import DECIMAL_PATTERN, EXAMPLE_DAY, EXAMPLE_TIME, MAX_STRING, SINGLE_LINE

Json = dict[str, Any]
MAX_POINTS = 10_000  # a year of hours (8,760) in one answer
MAX_GROUPS = 1_000
MAX_RANKED = 100


def measures(entity: EntityDesign) -> list[str]:
    """What a view over a record can add up: the number of records, then its numeric facts (not ids, positions
    nor the columns of its key: a revision or a shard counts nothing, archgen/design/aggregates.py)."""
    return ["count", *(f.name for f in entity.fields if measurable(entity, f))]


def series_schema(entity: EntityDesign, view: View) -> Json:
    """A chart: the period and resolution asked, the function and measure used, and one value per bucket (with
    what it is compared with, when asked)."""
    point: Json = {
        "start": {
            "type": "string",
            "format": "date-time",
            "maxLength": 32,
            "description": "When the bucket starts.",
            "examples": [EXAMPLE_TIME],
        },
        "value": _decimal(f"The bucket's value: the function over the {words_of(entity.name)} records in it."),
    }
    if view.comparisons:
        point["comparison"] = _decimal("The same bucket's value for what `compare_to` names.", nullable=True)
    props: Json = {
        **_period(),
        "resolution": _enum(list(view.resolutions), "The width of each bucket."),
        "function": _enum(view_words().functions, "How each bucket's value is computed."),
        "measure": _enum(measures(entity), "What is added up: the number of records, or one of their numeric fields."),
        "points": {
            "type": "array",
            "description": "One point per bucket of the period, oldest first (a bucket without records is zero).",
            "items": _object(point, "One bucket of the series."),
            "maxItems": MAX_POINTS,
        },
    }
    if view.comparisons:
        props["compare_to"] = _enum(list(view.comparisons), "What the points are compared with.", nullable=True)
    return _object(props, f"{view.case.name}: a series of {words_of(entity.name)} figures over the period.")


def dashboard_schema(entity: EntityDesign, view: View, dimensions: list[str]) -> Json:
    """A dashboard or comparison: each measure over the period with its target and comparison, per group of the
    dimensions asked, and ranked rows when the use case asks for top and bottom ones."""
    names = measures(entity)
    measure = _object(
        {
            "name": _enum(names, "The measure."),
            "value": _decimal("Its value over the period."),
            "comparison": _decimal("Its value for what `compare_to` names (null when not asked).", nullable=True),
            "change_pct": {
                "type": ["number", "null"],
                "format": "double",
                "description": "The change from the comparison, in per cent (null when not asked or zero).",
                "minimum": -1e9,
                "maximum": 1e9,
            },
        },
        "One measure, set against what `compare_to` names.",
    )
    listed = {"type": "array", "items": measure, "maxItems": len(names), "description": "The measures."}
    props: Json = {**_period(), "measures": listed}
    if view.comparisons:
        props["compare_to"] = _enum(list(view.comparisons), "What the measures are set against.", nullable=True)
    if dimensions:
        group = _object({"key": _key(dimensions), "measures": listed}, "One group and its measures.")
        props["groups"] = {
            "type": "array",
            "description": "The measures per group of the `group_by` dimensions (empty unless asked).",
            "items": group,
            "maxItems": MAX_GROUPS,
        }
    if view.ranked:
        props["top"] = _ranked(dimensions, "The highest groups by the first measure, best first.")
        props["bottom"] = _ranked(dimensions, "The lowest groups by the first measure, worst first.")
    return _object(props, f"{view.case.name}: the {words_of(entity.name)} measures over the period.")


def ranking_schema(entity: EntityDesign, view: View, dimensions: list[str]) -> Json:
    """Ranked rows: each group with its rank and value, best first."""
    return _object(
        {**_period(), "rows": _ranked(dimensions, "The groups ranked by the measure, best first.")},
        f"{view.case.name}: {words_of(entity.name)} groups ranked over the period.",
    )


def availability_fields(kept: list[tuple[EntityDesign, StoredField]]) -> Json:
    """What an availability answer adds to each record: how many are free for the whole window (never the counters
    it is worked out from) and, when a price is kept, the lowest price for the window."""
    out: Json = {
        "available": {
            "type": "integer",
            "format": "int32",
            "minimum": 0,
            "maximum": 2**31 - 1,
            "description": "How many are free on every day of the window asked (capacity less what is sold and held).",
            "examples": [3],
        }
    }
    if kept:
        out["price"] = _decimal("The lowest price for the whole window asked, in the record's currency.")
    return out


def priced(entities: list[EntityDesign]) -> list[tuple[EntityDesign, StoredField]]:
    """The money fields of the records an availability answer carries, the ones a price is read from."""
    money = operation_words().fields.money
    return [
        (e, f)
        for e in entities
        for f in e.fields
        if f.type == "decimal" and set(f.name.split("_")) & money and not is_bookkeeping(f)
    ]


def _period() -> Json:
    day = {"type": "string", "format": "date", "maxLength": 10, "examples": [EXAMPLE_DAY]}
    return {
        "from": day | {"description": "The first day of the period."},
        "to": day | {"description": "The day after the period (exclusive)."},
    }


def _ranked(dimensions: list[str], description: str) -> Json:
    row = _object(
        {
            "rank": {"type": "integer", "format": "int32", "minimum": 1, "maximum": MAX_RANKED, "examples": [1]},
            "key": _key(dimensions),
            "value": _decimal("The value it is ranked by."),
        },
        "One ranked group.",
    )
    return {"type": "array", "description": description, "items": row, "maxItems": MAX_RANKED}


def _key(dimensions: list[str]) -> Json:
    return {
        "type": "object",
        "description": "The group's value of each dimension, written as a string.",
        "maxProperties": max(1, len(dimensions)),
        "additionalProperties": {"type": ["string", "null"], "maxLength": MAX_STRING, "pattern": SINGLE_LINE},
        "examples": [{dimensions[0]: "example"} if dimensions else {}],
    }


def _decimal(description: str, nullable: bool = False) -> Json:
    return {
        "type": ["string", "null"] if nullable else "string",
        "description": description,
        "pattern": DECIMAL_PATTERN,
        "maxLength": 24,
        "examples": ["1280.5"],
    }


def _enum(values: list[str], description: str, nullable: bool = False) -> Json:
    schema: Json = {"type": "string", "enum": values, "description": description, "examples": values[:1]}
    if nullable:
        schema = {"type": ["string", "null"], "enum": [*values, None], "description": description}
    return schema


def _object(properties: Json, description: str) -> Json:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": [p for p, s in properties.items() if "null" not in str(s.get("type", ""))],
        "additionalProperties": False,
    }
