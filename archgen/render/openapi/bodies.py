"""JSON Schemas of the request and response bodies an operation states field by field (format 5)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from archgen.design.bodies import nested
from archgen.design.model import Body, BodyField, StoredField
from archgen.render.openapi.schemas import MAX_JSON_PROPERTIES, MAX_LIST, field_schema

Json = dict[str, Any]
Record = Callable[[str], Json | None]  # the schema of an entity's record nested in a body, None when no such entity


def body_schema(owner: str, body: Body, description: str, record: Record, request: bool) -> Json:
    """The schema of a stated body: its fields typed as the design's, the server's left out of a request and
    read-only in an answer, nested objects inline and nested records as the caller may read them."""
    return _object(owner, body.fields, body.description or description, body, record, request)


def parameter_schema(owner: str, field: BodyField) -> Json:
    """The schema of a stated query field (a GET's or DELETE's request)."""
    schema = field_schema(owner, _stored(field))
    schema.pop("description", None)  # the parameter says it
    return schema


def _object(owner: str, fields: list[BodyField], description: str, body: Body, record: Record, request: bool) -> Json:
    chosen = [f for f in fields if not (request and f.read_only)]
    schema: Json = {
        "type": "object",
        "description": description,
        "properties": {f.name: _field(owner, f, body, record, request) for f in chosen},
        "additionalProperties": False,
    }
    required = [f.name for f in chosen if f.required]
    if required:
        schema["required"] = required
    return schema


def _field(owner: str, field: BodyField, body: Body, record: Record, request: bool) -> Json:
    found = nested(field.type)
    if found is None:
        return field_schema(owner, _stored(field))
    name, many = found
    inner = next((o for o in body.objects if o.name == name), None)
    if inner is not None:
        what = inner.description or (f"One {name}." if many else field.description or f"The {name}.")
        schema = _object(owner, inner.fields, what, body, record, request)
    else:
        schema = record(name) or {"type": "object", "maxProperties": MAX_JSON_PROPERTIES}
    if many:
        schema = {"type": "array", "items": schema, "maxItems": MAX_LIST}
        if field.required:
            schema["minItems"] = 1
    if field.description and (many or "$ref" not in schema):
        schema = {"description": field.description, **schema}
    if field.read_only and not request:
        schema["readOnly"] = True
    return schema


def _stored(field: BodyField) -> StoredField:
    return StoredField(
        name=field.name,
        type=field.type,
        required=field.required,
        set_by="server" if field.read_only else "client",
        description=field.description,
    )
