"""One OpenAPI 3.1 document per service, built as data from the Design (never templated)."""

from __future__ import annotations

from typing import Any

from archgen.design.model import Design, Endpoint, EntityDesign, Service, StoredField
from archgen.naming import pascal
from archgen.requirements.fieldtypes import FieldType, parse_field_type

MAX_PAGE = 100
MAX_STRING = 255
MAX_TEXT = 10_000
MAX_LIST = 100
DECIMAL_PATTERN = r"^-?\d{1,15}(\.\d{1,6})?$"
READ_ONLY = ("id", "created_at", "updated_at")

Json = dict[str, Any]


def openapi_documents(design: Design) -> dict[str, Json]:
    """The OpenAPI document of every service, keyed by the service's slug."""
    return {service.slug: document(design, service) for service in design.services}


def document(design: Design, service: Service) -> Json:
    """The OpenAPI 3.1 document of one service."""
    entities = [design.entity(e) for e in dict.fromkeys(ep.entity for ep in service.endpoints if ep.entity)]
    paths: Json = {}
    for endpoint in service.endpoints:
        paths.setdefault(endpoint.path, {})[endpoint.method.lower()] = operation(design, service, endpoint)
    for path, item in paths.items():
        if "{id}" in path:
            item["parameters"] = [{"$ref": "#/components/parameters/Id"}]
    schemas: Json = {}
    for entity in entities:
        schemas.update(entity_schemas(entity))
    schemas["Problem"] = PROBLEM
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{service.name} API",
            "version": "1.0.0",
            "description": f"{service.responsibility}\n\nPart of {design.system.name}. Conventions: "
            f"{design.api.pagination}. {design.api.errors}.",
            "contact": {"name": f"{service.name} team", "email": "api@example.com"},
            "license": {"name": "Proprietary", "identifier": "LicenseRef-Proprietary"},
        },
        "servers": [
            {"url": f"https://api.{design.system.slug}.example.com", "description": "production"},
            {"url": f"https://api.staging.{design.system.slug}.example.com", "description": "staging"},
        ],
        "tags": [{"name": service.name, "description": service.responsibility}],
        "security": [{"bearerAuth": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "JWT",
                    "description": design.security.authentication,
                },
            },
            "parameters": PARAMETERS,
            "headers": HEADERS,
            "responses": RESPONSES,
            "schemas": schemas,
        },
    }


def operation(design: Design, service: Service, endpoint: Endpoint) -> Json:
    """One operation with its parameters, body, responses and security."""
    entity = design.entity(endpoint.entity) if endpoint.entity else None
    name = pascal(entity.name) if entity else "Item"
    op: Json = {
        "operationId": endpoint.operation_id,
        "summary": endpoint.summary[:120],
        "description": endpoint.summary + (f" Serves: {', '.join(endpoint.use_cases)}." if endpoint.use_cases else ""),
        "tags": [service.name],
    }
    params: list[Json] = []
    responses: Json = {}
    if endpoint.public:
        op["security"] = []
    if endpoint.action in ("list", "search"):
        if endpoint.action == "search":
            params.append(_query("q", "Search terms.", {"type": "string", "minLength": 1, "maxLength": 200}, True))
        for f in endpoint.filters:
            schema = field_schema(_field(entity, f.field)) if entity else {"type": "string", "maxLength": MAX_STRING}
            if f.kind == "eq":
                params.append(_query(f.name, f"Only items whose {f.field} equals this value.", schema))
            else:
                params.append(_query(f"{f.name}_from", f"Only items with {f.field} at or after this.", schema))
                params.append(_query(f"{f.name}_to", f"Only items with {f.field} before this.", schema))
        params += [{"$ref": "#/components/parameters/Limit"}, {"$ref": "#/components/parameters/Cursor"}]
        responses["200"] = _json("A page of results.", {"$ref": f"#/components/schemas/{name}Page"})
    elif endpoint.action == "get":
        responses["200"] = _json(f"The {name}.", {"$ref": f"#/components/schemas/{name}"}, etag=True)
        responses["404"] = {"$ref": "#/components/responses/NotFound"}
    elif endpoint.action == "create":
        params.append({"$ref": "#/components/parameters/IdempotencyKey"})
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}Create"}}},
        }
        if endpoint.async_:
            responses["202"] = _json("Accepted for processing.", {"$ref": f"#/components/schemas/{name}"})
        else:
            responses["201"] = _json(f"The created {name}.", {"$ref": f"#/components/schemas/{name}"}, etag=True)
        responses["409"] = {"$ref": "#/components/responses/Conflict"}
        responses["422"] = {"$ref": "#/components/responses/UnprocessableEntity"}
    elif endpoint.action in ("update", "replace"):
        params.append({"$ref": "#/components/parameters/IfMatch"})
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}Patch"}}},
        }
        responses["202" if endpoint.async_ else "200"] = _json(
            f"The updated {name}.", {"$ref": f"#/components/schemas/{name}"}, etag=True
        )
        responses["404"] = {"$ref": "#/components/responses/NotFound"}
        responses["409"] = {"$ref": "#/components/responses/Conflict"}
        responses["412"] = {"$ref": "#/components/responses/PreconditionFailed"}
        responses["422"] = {"$ref": "#/components/responses/UnprocessableEntity"}
    elif endpoint.action == "delete":
        params.append({"$ref": "#/components/parameters/IfMatch"})
        responses["204"] = {"description": "Deleted.", "headers": _rate_headers()}
        responses["404"] = {"$ref": "#/components/responses/NotFound"}
        responses["412"] = {"$ref": "#/components/responses/PreconditionFailed"}
    responses["400"] = {"$ref": "#/components/responses/BadRequest"}
    if not endpoint.public:
        responses["401"] = {"$ref": "#/components/responses/Unauthorized"}
        responses["403"] = {"$ref": "#/components/responses/Forbidden"}
    responses["429"] = {"$ref": "#/components/responses/TooManyRequests"}
    responses["500"] = {"$ref": "#/components/responses/InternalError"}
    if params:
        op["parameters"] = params
    op["responses"] = dict(sorted(responses.items()))
    return op


def _field(entity: EntityDesign, name: str) -> StoredField:
    return next(f for f in entity.fields if f.name == name)


def _query(name: str, description: str, schema: Json, required: bool = False) -> Json:
    return {"name": name, "in": "query", "required": required, "description": description, "schema": schema}


def _json(description: str, schema: Json, etag: bool = False) -> Json:
    headers = _rate_headers()
    if etag:
        headers["ETag"] = {"$ref": "#/components/headers/ETag"}
    return {"description": description, "headers": headers, "content": {"application/json": {"schema": schema}}}


def _rate_headers() -> Json:
    return {
        "RateLimit-Limit": {"$ref": "#/components/headers/RateLimit-Limit"},
        "RateLimit-Remaining": {"$ref": "#/components/headers/RateLimit-Remaining"},
        "RateLimit-Reset": {"$ref": "#/components/headers/RateLimit-Reset"},
    }


def field_schema(field: StoredField) -> Json:
    """The JSON Schema of one stored field, bounded in every dimension."""
    try:
        kind = parse_field_type(field.type)
    except ValueError:
        return {"type": "string", "maxLength": MAX_STRING, "description": f"{field.type} value"}
    return _type_schema(kind)


def _type_schema(kind: FieldType) -> Json:
    if kind.item is not None:
        return {"type": "array", "items": _type_schema(kind.item), "maxItems": MAX_LIST}
    schemas: dict[str, Json] = {
        "uuid": {"type": "string", "format": "uuid", "maxLength": 36},
        "string": {"type": "string", "maxLength": MAX_STRING},
        "text": {"type": "string", "maxLength": MAX_TEXT},
        "int": {"type": "integer", "format": "int64", "minimum": -(2**53) + 1, "maximum": 2**53 - 1},
        "decimal": {"type": "string", "pattern": DECIMAL_PATTERN, "maxLength": 24, "examples": ["19.99"]},
        "bool": {"type": "boolean"},
        "date": {"type": "string", "format": "date", "maxLength": 10},
        "timestamp": {"type": "string", "format": "date-time", "maxLength": 35},
        "json": {"type": "object", "maxProperties": 100},
        "enum": {"type": "string", "enum": list(kind.values)},
        "ref": {"type": "string", "format": "uuid", "maxLength": 36, "description": f"Id of a {kind.target}."},
    }
    return schemas[kind.kind]


def entity_schemas(entity: EntityDesign) -> Json:
    """Read, create, patch and page schemas of an entity."""
    name = pascal(entity.name)
    props = {f.name: field_schema(f) for f in entity.fields}
    writable = {k: v for k, v in props.items() if k not in READ_ONLY and k not in entity.primary_key}
    required = [f.name for f in entity.fields if f.required]
    create_required = [f for f in required if f in writable]
    read: Json = {
        "type": "object",
        "description": entity.description or f"A {entity.name}.",
        "properties": props,
        "required": required,
        "additionalProperties": False,
    }
    create: Json = {"type": "object", "properties": writable, "additionalProperties": False}
    if create_required:
        create["required"] = create_required
    patch: Json = {"type": "object", "properties": writable, "additionalProperties": False, "minProperties": 1}
    page: Json = {
        "type": "object",
        "properties": {
            "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{name}"}, "maxItems": MAX_PAGE},
            "next_cursor": {"type": ["string", "null"], "maxLength": 512, "description": "Absent on the last page."},
        },
        "required": ["items"],
        "additionalProperties": False,
    }
    return {name: read, f"{name}Create": create, f"{name}Patch": patch, f"{name}Page": page}


PROBLEM: Json = {
    "type": "object",
    "description": "An RFC 9457 problem detail.",
    "properties": {
        "type": {"type": "string", "format": "uri", "maxLength": 2048},
        "title": {"type": "string", "maxLength": 200},
        "status": {"type": "integer", "minimum": 100, "maximum": 599},
        "detail": {"type": "string", "maxLength": 2000},
        "instance": {"type": "string", "maxLength": 2048},
        "trace_id": {"type": "string", "maxLength": 64},
    },
    "required": ["type", "title", "status"],
    "additionalProperties": False,
}

PARAMETERS: Json = {
    "Id": {
        "name": "id",
        "in": "path",
        "required": True,
        "description": "The resource id.",
        "schema": {"type": "string", "format": "uuid", "maxLength": 36},
    },
    "Limit": {
        "name": "limit",
        "in": "query",
        "required": False,
        "description": "Items per page.",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 20},
    },
    "Cursor": {
        "name": "cursor",
        "in": "query",
        "required": False,
        "description": "The next_cursor of the previous page.",
        "schema": {"type": "string", "maxLength": 512},
    },
    "IdempotencyKey": {
        "name": "Idempotency-Key",
        "in": "header",
        "required": True,
        "description": "A unique key per logical request; retries with the same key replay the first response.",
        "schema": {"type": "string", "minLength": 8, "maxLength": 128},
    },
    "IfMatch": {
        "name": "If-Match",
        "in": "header",
        "required": True,
        "description": "The ETag of the version being changed.",
        "schema": {"type": "string", "maxLength": 128},
    },
}

HEADERS: Json = {
    "ETag": {"description": "Version of the resource.", "schema": {"type": "string", "maxLength": 128}},
    "RateLimit-Limit": {
        "description": "Requests allowed in the window.",
        "schema": {"type": "integer", "minimum": 0, "maximum": 1000000},
    },
    "RateLimit-Remaining": {
        "description": "Requests left in the window.",
        "schema": {"type": "integer", "minimum": 0, "maximum": 1000000},
    },
    "RateLimit-Reset": {
        "description": "Seconds until the window resets.",
        "schema": {"type": "integer", "minimum": 0, "maximum": 86400},
    },
    "Retry-After": {
        "description": "Seconds to wait before retrying.",
        "schema": {"type": "integer", "minimum": 0, "maximum": 86400},
    },
}


def _problem(description: str, retry: bool = False) -> Json:
    response: Json = {
        "description": description,
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    if retry:
        response["headers"] = {"Retry-After": {"$ref": "#/components/headers/Retry-After"}, **_rate_headers()}
    return response


RESPONSES: Json = {
    "BadRequest": _problem("The request is malformed."),
    "Unauthorized": _problem("Missing or invalid credentials."),
    "Forbidden": _problem("The caller may not do this."),
    "NotFound": _problem("No such resource."),
    "Conflict": _problem("The request conflicts with the current state."),
    "PreconditionFailed": _problem("The If-Match version is stale."),
    "UnprocessableEntity": _problem("The request is well-formed but invalid."),
    "TooManyRequests": _problem("Rate limit exceeded.", retry=True),
    "InternalError": _problem("Unexpected server error."),
}
