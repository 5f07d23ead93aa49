"""Explicit request and response bodies: what their field types name, and the status an operation answers with."""

from __future__ import annotations

import re
from collections.abc import Iterator

from archgen.design.model import Body, BodyField, Endpoint
from archgen.requirements.fieldtypes import parse_field_type

_NESTED = re.compile(r"^(list\[)?object\[([A-Za-z][A-Za-z0-9_]*)\](?(1)\])$")
READS = ("get", "list", "search", "aggregate", "nearby")
NO_BODY = ("GET", "DELETE")  # methods whose explicit request is their query, not a body


def nested(kind: str) -> tuple[str, bool] | None:
    """The object a body field's type nests (object[Guest] or list[object[Guest]]), and whether it is a list."""
    found = _NESTED.match(kind.replace(" ", ""))
    return (found.group(2), bool(found.group(1))) if found else None


def type_problem(kind: str) -> str:
    """What is wrong with a body field's type, or '' when it is a design field type or a nested object."""
    if nested(kind) is not None:
        return ""
    try:
        parse_field_type(kind)
    except ValueError as exc:
        return str(exc)
    return ""


def fields(body: Body) -> Iterator[tuple[tuple[str | int, ...], BodyField]]:
    """Every field of a body, its nested objects' included, with its key path within the body."""
    for i, field in enumerate(body.fields):
        yield ("fields", i), field
    for i, obj in enumerate(body.objects):
        for j, field in enumerate(obj.fields):
            yield ("objects", i, "fields", j), field


def answers_later(endpoint: Endpoint) -> bool:
    """Whether the operation's usual answer is 202 Accepted: work accepted now and done later. A read answers
    with what it found, and a webhook acknowledges with 200 whatever it does next (senders retry on anything else)."""
    if endpoint.action in (*READS, "webhook"):
        return False
    return endpoint.action == "ingest" or endpoint.async_


def success_status(endpoint: Endpoint) -> int | None:
    """The status the operation answers with when it succeeds, when it is stated or follows from being deferred."""
    if endpoint.status is not None:
        return endpoint.status
    return 202 if answers_later(endpoint) else None
