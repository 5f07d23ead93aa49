"""JSON Schemas of the request and response bodies an operation states field by field (format 5)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from archgen.common.naming import pascal, words_of
from archgen.design.bodies import nested
from archgen.design.model import Body, BodyField, StoredField
from archgen.design.money import never_negative
from archgen.render.openapi.schemas import MAX_JSON_PROPERTIES, MAX_LIST, field_schema

Json = dict[str, Any]
Record = Callable[[str], Json | None]  # the schema of an entity's record nested in a body, None when no such entity
Named = Callable[[str, Callable[[], Json]], Json]  # a reference to a named schema, built on first use


@dataclass(frozen=True)
class Stated:
    """How one stated body is published: whose fields it types, its schema's name, and how it names the schemas
    of its nested objects and records."""

    owner: str
    name: str
    record: Record
    named: Named
    request: bool
    # a body another party sends (a provider's webhook) may carry more than the fields we name
    open: bool = False


def body_schema(stated: Stated, body: Body, description: str) -> Json:
    """The schema of a stated body: its fields typed as the design's, the server's left out of a request and
    read-only in an answer, each nested object a schema of its own (named after the body) and each nested record
    as the caller may read it."""
    return _object(stated, body.fields, body.description or description, body)


def parameter_schema(owner: str, field: BodyField) -> Json:
    """The schema of a stated query field (a GET's or DELETE's request)."""
    schema = field_schema(owner, _stored(owner, field))
    schema.pop("description", None)  # the parameter says it
    return schema


def _object(stated: Stated, fields: list[BodyField], description: str, body: Body) -> Json:
    chosen = [f for f in fields if not (stated.request and f.read_only)]
    schema: Json = {
        "type": "object",
        "description": description,
        "properties": {f.name: _field(stated, f, body) for f in chosen},
        "additionalProperties": stated.open,
    }
    required = [f.name for f in chosen if f.required]
    if required:
        schema["required"] = required
    return schema


def _field(stated: Stated, field: BodyField, body: Body) -> Json:
    found = nested(field.type)
    if found is None:
        return field_schema(stated.owner, _stored(stated.owner, field))
    name, many = found
    inner = next((o for o in body.objects if o.name == name), None)
    if inner is not None:
        what = inner.description or f"{'One' if many else 'The'} {words_of(name)}."
        schema = stated.named(f"{stated.name}{pascal(name)}", lambda: _object(stated, inner.fields, what, body))
    else:
        schema = stated.record(name) or {"type": "object", "maxProperties": MAX_JSON_PROPERTIES}
    if many:
        schema = {"type": "array", "items": schema, "maxItems": MAX_LIST}
        if field.required:
            schema["minItems"] = 1
    if field.description:
        schema = {"description": field.description, **schema}
    if field.read_only and not stated.request:
        schema["readOnly"] = True
    return schema


def _stored(owner: str, field: BodyField) -> StoredField:
    return StoredField(
        name=field.name,
        type=field.type,
        required=field.required,
        # an amount the body states is as unsigned as the record's own (a refund's amount is positive)
        minimum=0 if never_negative(owner, field.name, field.type, [field.name]) else None,
        set_by="server" if field.read_only else "client",
        description=field.description,
    )
