"""API rules: authentication, bounded lists, idempotent payments and every use case reachable."""

from __future__ import annotations

import re

from archgen.review.engine import Found, Subject, rule

VERSIONED = re.compile(r"^/v\d+(/|$)")
LISTS = ("list", "search", "nearby")  # actions that return rows; an aggregate returns a bounded summary


def _label(service: str, method: str, path: str) -> str:
    return f"{service}: {method} {path}"


@rule("API001", "error", "api", "Public endpoint that changes data")
def public_write(subject: Subject) -> Found:
    """An endpoint anyone may call without authentication creates, changes or deletes data."""
    for path, service, endpoint in subject.endpoints():
        if endpoint.auth == "public" and endpoint.method != "GET":
            yield (
                _label(service.name, endpoint.method, endpoint.path),
                (*path, "auth"),
                "changes data without authentication",
                "require a caller (auth: user); accept anonymous input only through a rate-limited form",
            )


@rule("API002", "error", "api", "Public endpoint exposing personal data")
def public_pii(subject: Subject) -> Found:
    """An endpoint without authentication returns an entity that holds personal data."""
    for path, service, endpoint in subject.endpoints():
        entity = subject.entities.get(endpoint.entity or "")
        if endpoint.auth == "public" and entity is not None and entity.pii:
            yield (
                _label(service.name, endpoint.method, endpoint.path),
                (*path, "auth"),
                f"returns {entity.name}, which holds personal data, without authentication",
                "require a caller (auth: user), or return a public projection without personal fields",
            )


@rule("API003", "warning", "api", "Unbounded list")
def unbounded_list(subject: Subject) -> Found:
    """A list, search or nearby endpoint is not paginated: one call can return every row."""
    for path, service, endpoint in subject.endpoints():
        if endpoint.action in LISTS and not endpoint.paginated:
            yield (
                _label(service.name, endpoint.method, endpoint.path),
                (*path, "paginated"),
                "returns a list without pagination; it grows with the data",
                "paginate it (paginated: true) with a bounded limit and a cursor",
            )


def _payment_use_cases(subject: Subject) -> set[str]:
    """Use cases that call a payments integration."""
    payments = {i.name for i in subject.req.integrations if "pay" in i.kind.lower()}
    return {u.name for u in subject.req.use_cases if payments & set(u.calls)}


@rule("API004", "error", "api", "Payment without idempotency")
def payment_idempotency(subject: Subject) -> Found:
    """A POST that takes a payment accepts no idempotency key: a retried request charges twice."""
    paying = _payment_use_cases(subject)
    for path, service, endpoint in subject.endpoints():
        if endpoint.method == "POST" and paying & set(endpoint.use_cases) and not endpoint.idempotency_key:
            yield (
                _label(service.name, endpoint.method, endpoint.path),
                (*path, "idempotency_key"),
                f"serves {', '.join(sorted(paying & set(endpoint.use_cases)))}, which takes a payment, "
                "but accepts no Idempotency-Key: a retry charges twice",
                "accept an Idempotency-Key header (idempotency_key: true) and pass it on to the payment provider",
            )


@rule("API005", "warning", "api", "Create without idempotency")
def create_idempotency(subject: Subject) -> Found:
    """A POST that creates something accepts no idempotency key: a retried request creates a duplicate."""
    paying = _payment_use_cases(subject)
    for path, service, endpoint in subject.endpoints():
        payment = paying & set(endpoint.use_cases)
        if endpoint.method == "POST" and endpoint.action == "create" and not endpoint.idempotency_key and not payment:
            yield (
                _label(service.name, endpoint.method, endpoint.path),
                (*path, "idempotency_key"),
                "a retried request creates a duplicate",
                "accept an Idempotency-Key header (idempotency_key: true)",
            )


@rule("API006", "warning", "api", "Unversioned path")
def versioned_path(subject: Subject) -> Found:
    """An endpoint's path does not start with a major version such as /v1."""
    for path, service, endpoint in subject.endpoints():
        if not VERSIONED.match(endpoint.path):
            yield (
                _label(service.name, endpoint.method, endpoint.path),
                (*path, "path"),
                "has no version in its path; a breaking change cannot be introduced beside it",
                "prefix the path with its major version, e.g. /v1",
            )


@rule("API007", "warning", "api", "Use case without an endpoint")
def use_case_endpoint(subject: Subject) -> Found:
    """A use case of the questionnaire is served by no endpoint: clients have no way to run it."""
    served = {u for _, _, endpoint in subject.endpoints() for u in endpoint.use_cases}
    for use_case in subject.req.use_cases:
        if use_case.name not in served:
            yield (
                use_case.name,
                ("services",),
                "no endpoint serves this use case",
                "add the endpoint that starts it and list the use case in its use_cases",
            )


@rule("API008", "warning", "api", "Asynchronous use case answered synchronously")
def async_use_case(subject: Subject) -> Found:
    """A use case the questionnaire marks asynchronous writes through endpoints that all answer synchronously."""
    for use_case in subject.req.use_cases:
        if not use_case.async_ or not use_case.writes:
            continue
        writers = [
            (path, e)
            for path, _, e in subject.endpoints()
            if use_case.name in e.use_cases and e.method not in ("GET", "DELETE")
        ]
        if writers and not any(e.async_ for _, e in writers):
            yield (
                use_case.name,
                (*writers[0][0], "async"),
                "is asynchronous in the questionnaire, but every endpoint that runs it waits for completion",
                "accept the request (202) and finish the work from a queue (async: true)",
            )
