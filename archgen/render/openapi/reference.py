"""A readable reference of one OpenAPI document: the rows the API page shows, so it reads offline and in print."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from archgen.common.english import count, singular
from archgen.render.openapi.schemas import CURSOR_PATTERN, DECIMAL_PATTERN, MULTI_LINE, SINGLE_LINE

Json = dict[str, Any]
METHODS = ("get", "put", "post", "patch", "delete")
# Headers every response carries; the conventions page explains them once instead of every table.
COMMON_HEADERS = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Access-Control-Allow-Origin")
PATTERN_WORDS = {
    SINGLE_LINE: "one line, no control characters",
    MULTI_LINE: "no control characters",
    DECIMAL_PATTERN: "a decimal number written as a string",
    CURSOR_PATTERN: "URL-safe characters",
}


@dataclass(frozen=True)
class Row:
    """One parameter, header or schema property."""

    name: str
    type: str
    required: bool
    constraints: str
    description: str
    where: str = ""


@dataclass(frozen=True)
class Response:
    """One possible answer of an operation."""

    status: str
    description: str
    body: str
    headers: list[str]


@dataclass(frozen=True)
class Operation:
    """One operation as the reference shows it."""

    method: str
    path: str
    operation_id: str
    summary: str
    description: str
    security: list[str]
    parameters: list[Row]
    body: str
    body_media: str
    responses: list[Response]
    errors: list[str]


@dataclass(frozen=True)
class Schema:
    """One named schema and its properties."""

    name: str
    description: str
    rows: list[Row]
    notes: list[str] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)  # the schemas a union stands for


@dataclass(frozen=True)
class Server:
    """One server of the document."""

    url: str
    description: str
    internal: bool


@dataclass(frozen=True)
class Reference:
    """Everything the API page of one service shows."""

    title: str
    version: str
    servers: list[Server]
    security: list[tuple[str, str, str]]
    groups: dict[str, list[Operation]]
    schemas: list[Schema]


def reference(doc: Json) -> Reference:
    """The reference of a document: operations grouped by tag, then the schemas they use."""
    components = doc.get("components", {})
    groups: dict[str, list[Operation]] = {tag["name"]: [] for tag in doc.get("tags", [])}
    for path, item in doc["paths"].items():
        shared = [_resolve(doc, p) for p in item.get("parameters", [])]
        for method in METHODS:
            if method in item:
                op = _operation(doc, path, method, item[method], shared)
                groups.setdefault(item[method]["tags"][0], []).append(op)
    schemes = components.get("securitySchemes", {})
    return Reference(
        title=doc["info"]["title"],
        version=doc["info"]["version"],
        servers=[Server(s["url"], s.get("description", ""), bool(s.get("x-internal"))) for s in doc["servers"]],
        security=[(name, _scheme_kind(s), s.get("description", "")) for name, s in schemes.items()],
        groups={tag: ops for tag, ops in groups.items() if ops},
        schemas=[_schema(name, s) for name, s in components.get("schemas", {}).items()],
    )


def _operation(doc: Json, path: str, method: str, op: Json, shared: list[Json]) -> Operation:
    params = shared + [_resolve(doc, p) for p in op.get("parameters", [])]
    security: list[Json] = op.get("security", doc.get("security")) or []
    body, media = "", ""
    if "requestBody" in op:
        media, content = next(iter(op["requestBody"]["content"].items()))
        body = type_name(content["schema"])
    responses, errors = [], []
    for status, ref in op["responses"].items():
        if status >= "400":  # problem responses are alike; the conventions page explains each status
            errors.append(status)
            continue
        response = _resolve(doc, ref)
        content = response.get("content", {})
        response_body = "; ".join(type_name(c["schema"]) for c in content.values())
        headers = [h for h in response.get("headers", {}) if h not in COMMON_HEADERS]
        responses.append(Response(status, response["description"], response_body, headers))
    return Operation(
        method=method.upper(),
        path=path,
        operation_id=op["operationId"],
        summary=op.get("summary", ""),
        description=op.get("description", ""),
        security=[" + ".join(r) if r else "anonymous" for r in security],
        parameters=[
            Row(
                p["name"],
                type_name(p["schema"]),
                p.get("required", False),
                constraints(p["schema"]),
                p.get("description", ""),
                p["in"],
            )
            for p in params
        ],
        body=body,
        body_media=media,
        responses=responses,
        errors=errors,
    )


def _schema(name: str, schema: Json) -> Schema:
    required = set(schema.get("required", []))
    rows = [
        Row(prop, type_name(s), prop in required, constraints(s), s.get("description", ""))
        for prop, s in schema.get("properties", {}).items()
    ]
    notes = []
    variants = [type_name(s) for s in _variants(schema)]
    if schema.get("additionalProperties") is False:
        notes.append("no other properties allowed")
    if schema.get("minProperties"):
        notes.append("not empty")
    return Schema(name, schema.get("description", ""), rows, notes, variants)


def _variants(schema: Json) -> list[Json]:
    """The schemas a union (anyOf or oneOf) stands for."""
    found: list[Json] = schema.get("anyOf") or schema.get("oneOf") or []
    return found


def type_name(schema: Json) -> str:
    """A short type: `string (uuid)`, `array of Claim`, `integer (int32)`, or a schema's name."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in schema or "oneOf" in schema:
        return " or ".join(type_name(s) for s in _variants(schema))
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = " or ".join(kind)
    if kind == "array":
        return f"array of {type_name(schema.get('items', {}))}"
    if "enum" in schema:
        return "enum"
    return f"{kind} ({schema['format']})" if "format" in schema else str(kind)


def constraints(schema: Json) -> str:
    """The limits of a schema in words: length, range, items, pattern, allowed values, default."""
    parts = []
    if "enum" in schema:
        parts.append("one of " + ", ".join("null" if v is None else str(v) for v in schema["enum"]))
    if "minLength" in schema or "maxLength" in schema:
        parts.append(_span(schema.get("minLength"), schema.get("maxLength"), "characters"))
    if "minimum" in schema or "maximum" in schema:
        parts.append(_span(schema.get("minimum"), schema.get("maximum"), ""))
    if "maxItems" in schema:
        parts.append(f"at most {count(schema['maxItems'], 'item')}")
    if "maxProperties" in schema:
        parts.append(f"at most {count(schema['maxProperties'], 'property')}")
    if "pattern" in schema:
        parts.append(PATTERN_WORDS.get(schema["pattern"], f"pattern {schema['pattern']}"))
    if "default" in schema:
        parts.append(f"default {schema['default']}")
    if schema.get("readOnly"):
        parts.append("read-only")
    return "; ".join(parts)


def _span(low: Any, high: Any, unit: str) -> str:
    """A limit in words: "at most 255 characters", "at least 1 character", "1 to 255 characters"."""
    if low is None:
        return f"at most {count(high, singular(unit))}" if unit else f"at most {high:,}"
    if high is None:
        return f"at least {count(low, singular(unit))}" if unit else f"at least {low:,}"
    return f"{low:,} to {high:,}" + (f" {unit}" if unit else "")


def _scheme_kind(scheme: Json) -> str:
    if scheme["type"] == "http":
        return f"HTTP {scheme['scheme']}" + (f" ({scheme['bearerFormat']})" if "bearerFormat" in scheme else "")
    if scheme["type"] == "apiKey":  # a header or cookie named for what carries it
        return f"{scheme['in']} {scheme['name']}"
    names = {"mutualTLS": "mutual TLS", "oauth2": "OAuth 2.0", "openIdConnect": "OpenID Connect"}
    return names.get(str(scheme["type"]), str(scheme["type"]))


def _resolve(doc: Json, node: Json) -> Json:
    while "$ref" in node:
        section, name = str(node["$ref"]).removeprefix("#/components/").split("/")
        node = doc["components"][section][name]
    return node
