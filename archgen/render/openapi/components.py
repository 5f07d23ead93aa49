"""The shared parts of a document: parameters, headers, problem responses and schemas, each added on first use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from archgen.render.openapi.schemas import CURSOR_PATTERN, MAX_PAGE, SINGLE_LINE

Json = dict[str, Any]

SECTIONS = ("securitySchemes", "parameters", "headers", "responses", "schemas")
ENTITY_TAG = r'^"[!#-~]{1,126}"$'  # a strong entity-tag (RFC 9110); If-Match compares strongly
EXAMPLE_TAG = '"3f2a9c1e"'
EXAMPLE_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"


def _int(description: str, maximum: int, example: int) -> Json:
    return {
        "description": description,
        "schema": {"type": "integer", "format": "int32", "minimum": 0, "maximum": maximum, "examples": [example]},
    }


HEADERS: dict[str, Json] = {
    "RateLimit-Limit": _int("Requests the client may make in the current window.", 1_000_000, 600),
    "RateLimit-Remaining": _int("Requests left in the current window.", 1_000_000, 599),
    "RateLimit-Reset": _int("Seconds until the window resets.", 86_400, 42),
    "Retry-After": _int("Seconds to wait before retrying.", 86_400, 30),
    "Access-Control-Allow-Origin": {
        "description": "The web origin allowed to read the response (CORS); the gateway sends it to the system's own "
        "web front end only.",
        "schema": {"type": "string", "format": "uri", "maxLength": 2048, "examples": ["https://app.example.com"]},
    },
    "ETag": {
        "description": "The version of the resource; send it back as If-Match to change it.",
        "schema": {"type": "string", "maxLength": 128, "pattern": ENTITY_TAG, "examples": [EXAMPLE_TAG]},
    },
    "Location": {
        "description": "The URL of the created or accepted resource.",
        "schema": {"type": "string", "format": "uri-reference", "maxLength": 2048},
    },
    "WWW-Authenticate": {
        "description": "The authentication scheme and why the credentials were refused (RFC 6750).",
        "schema": {
            "type": "string",
            "maxLength": 1024,
            "pattern": SINGLE_LINE,
            "examples": ['Bearer error="invalid_token", error_description="The access token expired"'],
        },
    },
}

PARAMETERS: dict[str, Json] = {
    "Id": {
        "name": "id",
        "in": "path",
        "required": True,
        "description": "The id of the record.",
        "schema": {"type": "string", "format": "uuid", "maxLength": 36},
    },
    "Limit": {
        "name": "limit",
        "in": "query",
        "required": False,
        "description": f"Items per page, 1 to {MAX_PAGE}.",
        "schema": {"type": "integer", "format": "int32", "minimum": 1, "maximum": MAX_PAGE, "default": 20},
    },
    "Cursor": {
        "name": "cursor",
        "in": "query",
        "required": False,
        "description": "The `next_cursor` of the previous page; omit it for the first page.",
        "schema": {"type": "string", "maxLength": 512, "pattern": CURSOR_PATTERN},
    },
    "IdempotencyKey": {
        "name": "Idempotency-Key",
        "in": "header",
        "required": True,
        "description": "A unique key per logical request, e.g. a UUID. A retry with the same key gets the first "
        "response again instead of repeating the change; the key is kept as long as the API conventions say "
        "(at least 24 hours, longer where clients resend older records).",
        "schema": {"type": "string", "minLength": 8, "maxLength": 128, "pattern": r"^[A-Za-z0-9._:-]+$"},
    },
    "IfMatch": {
        "name": "If-Match",
        "in": "header",
        "required": True,
        "description": "The ETag of the version being changed; a stale one gets 412, a missing one 428.",
        "schema": {"type": "string", "maxLength": 128, "pattern": ENTITY_TAG},
    },
}


@dataclass(frozen=True)
class ProblemKind:
    """One error response: its component name, when it happens, and the problem type's slug and title."""

    name: str
    description: str
    slug: str
    title: str
    extra_headers: tuple[str, ...] = ()


PROBLEMS: dict[str, ProblemKind] = {
    "400": ProblemKind(
        "BadRequest",
        "The request is malformed: a parameter or the body does not match the schema.",
        "bad-request",
        "Bad Request",
    ),
    "401": ProblemKind(
        "Unauthorized",
        "The credentials are missing, expired or invalid.",
        "unauthorized",
        "Unauthorized",
        ("WWW-Authenticate",),
    ),
    "403": ProblemKind(
        "Forbidden",
        "The caller is authenticated but may not do this to this record.",
        "forbidden",
        "Forbidden",
    ),
    "404": ProblemKind(
        "NotFound", "No record has this id, or the caller may not know it exists.", "not-found", "Not Found"
    ),
    "409": ProblemKind(
        "Conflict",
        "The request conflicts with the current state, or a request with its Idempotency-Key is still being processed.",
        "conflict",
        "Conflict",
    ),
    "412": ProblemKind(
        "PreconditionFailed",
        "The If-Match ETag is stale: the record changed since it was read. Read it again and retry.",
        "precondition-failed",
        "Precondition Failed",
    ),
    "413": ProblemKind(
        "ContentTooLarge",
        "The batch has more records or bytes than one call takes; split it.",
        "content-too-large",
        "Content Too Large",
    ),
    "422": ProblemKind(
        "UnprocessableContent",
        "The body is well-formed but breaks a rule (`errors` says which fields), or its Idempotency-Key came with "
        "another body.",
        "unprocessable-content",
        "Unprocessable Content",
    ),
    "428": ProblemKind(
        "PreconditionRequired",
        "If-Match is missing: send the ETag of the version being changed.",
        "precondition-required",
        "Precondition Required",
    ),
    "429": ProblemKind(
        "TooManyRequests",
        "The client sent too many requests; wait for Retry-After seconds.",
        "too-many-requests",
        "Too Many Requests",
        ("Retry-After",),
    ),
    "500": ProblemKind(
        "InternalError",
        "The server failed unexpectedly; the trace_id helps support find out why.",
        "internal-error",
        "Internal Server Error",
    ),
}


def problem_schema() -> Json:
    """An RFC 9457 problem detail, with the trace id and the field errors this design's APIs add."""
    text = {"type": "string", "pattern": SINGLE_LINE}
    return {
        "type": "object",
        "description": "An RFC 9457 problem detail (application/problem+json).",
        "properties": {
            "type": {"type": "string", "format": "uri", "maxLength": 2048, "description": "What kind of problem."},
            "title": {**text, "maxLength": 200, "description": "A short summary of the kind of problem."},
            "status": {"type": "integer", "format": "int32", "minimum": 100, "maximum": 599},
            "detail": {**text, "maxLength": 2000, "description": "What went wrong with this request."},
            "instance": {"type": "string", "format": "uri-reference", "maxLength": 2048},
            "trace_id": {
                "type": "string",
                "pattern": "^[0-9a-f]{32}$",
                "maxLength": 32,
                "description": "The W3C trace id of the request, for support.",
            },
            "errors": {
                "type": "array",
                "maxItems": 100,
                "description": "The fields that broke a rule (422 only).",
                "items": {
                    "type": "object",
                    "properties": {
                        "pointer": {"type": "string", "format": "json-pointer", "maxLength": 512},
                        "detail": {**text, "maxLength": 500},
                    },
                    "required": ["pointer", "detail"],
                    "additionalProperties": False,
                },
            },
        },
        "required": ["type", "title", "status"],
        "additionalProperties": False,
    }


class Components:
    """The components of one document. Each is added when first referenced, so none goes unused."""

    def __init__(self, problem_types: str) -> None:
        self.sections: dict[str, Json] = {name: {} for name in SECTIONS}
        self.problem_types = problem_types

    def _ref(self, section: str, name: str, build: Callable[[], Json]) -> Json:
        if name not in self.sections[section]:
            self.sections[section][name] = build()
        return {"$ref": f"#/components/{section}/{name}"}

    def parameter(self, name: str) -> Json:
        """A reference to a shared parameter."""
        return self._ref("parameters", name, lambda: PARAMETERS[name])

    def header(self, name: str) -> Json:
        """A reference to a shared header."""
        return self._ref("headers", name, lambda: HEADERS[name])

    def schema(self, name: str, build: Callable[[], Json]) -> Json:
        """A reference to a named schema, built on first use."""
        return self._ref("schemas", name, build)

    def security_scheme(self, name: str, scheme: Json) -> None:
        """Declare a security scheme."""
        self.sections["securitySchemes"][name] = scheme

    def headers(self, *extra: str) -> Json:
        """The headers every response carries (rate limits and CORS), plus `extra` ones."""
        names = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Access-Control-Allow-Origin", *extra)
        return {name: self.header(name) for name in names}

    def problem(self, status: str) -> Json:
        """A reference to the problem+json response for an error status."""
        kind = PROBLEMS[status]
        return self._ref("responses", kind.name, lambda: self._problem_response(status, kind))

    def _problem_response(self, status: str, kind: ProblemKind) -> Json:
        example: Json = {
            "type": f"{self.problem_types}/{kind.slug}",
            "title": kind.title,
            "status": int(status),
            "detail": kind.description,
            "trace_id": EXAMPLE_TRACE,
        }
        if status == "422":
            example["errors"] = [{"pointer": "/name", "detail": "must not be empty"}]
        return {
            "description": kind.description,
            "headers": self.headers(*kind.extra_headers),
            "content": {
                "application/problem+json": {
                    "schema": self.schema("Problem", problem_schema),
                    "example": example,
                }
            },
        }

    def prune(self, paths: Json) -> None:
        """Drop the components nothing in `paths` reaches any more (those of an answer an operation replaced by the
        one it states)."""
        reached: set[str] = set()
        pending: list[Any] = [paths]
        while pending:
            node = pending.pop()
            if isinstance(node, dict):
                ref = node.get("$ref")
                if isinstance(ref, str) and ref.startswith("#/components/") and ref not in reached:
                    reached.add(ref)
                    section, name = ref.removeprefix("#/components/").split("/", 1)
                    pending.append(self.sections.get(section, {}).get(name))
                pending.extend(node.values())
            elif isinstance(node, list):
                pending.extend(node)
        for section in SECTIONS:
            if section != "securitySchemes":
                kept = self.sections[section]
                self.sections[section] = {n: v for n, v in kept.items() if f"#/components/{section}/{n}" in reached}

    def as_dict(self) -> Json:
        """The non-empty sections, each sorted by name so a reader can find things."""
        return {section: dict(sorted(items.items())) for section, items in self.sections.items() if items}
