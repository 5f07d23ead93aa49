"""Endpoints from access patterns and use cases, and the conventions every API follows."""

from __future__ import annotations

from archgen.architects.rules.domains import plural
from archgen.architects.rules.draft import Draft, option
from archgen.design.model import ApiConventions, Endpoint, Filter, HttpMethod
from archgen.naming import identifier, pascal, slug
from archgen.requirements.model import Entity, UseCase

UPDATE_VERBS = (
    "update",
    "edit",
    "change",
    "ship",
    "approve",
    "reject",
    "cancel",
    "close",
    "assign",
    "complete",
    "confirm",
    "archive",
    "rename",
    "move",
    "mark",
    "resolve",
    "review",
)
DELETE_VERBS = ("delete", "remove", "erase", "purge")
REPLACE_VERBS = ("replace", "overwrite", "upsert")
ANONYMOUS_ROLES = ("anonymous", "guest", "visitor", "public")


def plan_endpoints(draft: Draft) -> None:
    """Give every service the endpoints its entities' access patterns and its use cases need."""
    for service in draft.services:
        endpoints: list[Endpoint] = []
        for name in service.entities:
            endpoints += entity_endpoints(draft, draft.req.entity(name))
        service.endpoints = _dedupe(endpoints)
    _decide_api_style(draft)


def collection(entity: Entity) -> str:
    """The collection path of an entity, e.g. /v1/orders."""
    return f"/v1/{slug(plural(entity.name), 'items')}"


def entity_endpoints(draft: Draft, entity: Entity) -> list[Endpoint]:
    """Read endpoints from the access patterns, write endpoints from the use cases that write the entity."""
    req = draft.req
    base = collection(entity)
    noun, nouns = pascal(entity.name), pascal(plural(entity.name))
    readers = [u for u in req.use_cases if entity.name in u.reads]
    writers = [u for u in req.use_cases if entity.name in u.writes]
    public = bool(readers) and all(u.actor in ANONYMOUS_ROLES for u in readers) and not entity.pii
    reader_names = [u.name for u in readers]
    out: list[Endpoint] = []

    def add(method: HttpMethod, path: str, op: str, summary: str, action: str, **extra: object) -> None:
        out.append(
            Endpoint(
                method=method,
                path=path,
                operation_id=identifier(op),
                summary=summary,
                action=action,
                entity=entity.name,
                **extra,
            )
        )

    filters = [
        Filter(name=a[3:], field=a[3:], kind="eq") for a in entity.access if a.startswith("by_") and a != "by_id"
    ] + [Filter(name=a[6:], field=a[6:], kind="range") for a in entity.access if a.startswith("range_")]
    if "by_id" in entity.access or writers:
        add(
            "GET",
            f"{base}/{{id}}",
            f"get {noun}",
            f"Get one {entity.name} by id",
            "get",
            public=public,
            use_cases=reader_names,
        )
    if filters or "recent" in entity.access:
        add(
            "GET",
            base,
            f"list {nouns}",
            f"List {plural(entity.name)}"
            + (" newest first" if "recent" in entity.access else "")
            + (f", filtered by {', '.join(f.name for f in filters)}" if filters else ""),
            "list",
            filters=filters,
            paginated=True,
            sort=_recency_field(entity) if "recent" in entity.access else None,
            public=public,
            use_cases=reader_names,
        )
    if "search" in entity.access:
        add(
            "GET",
            f"{base}/search",
            f"search {nouns}",
            f"Full-text search over {plural(entity.name)}",
            "search",
            paginated=True,
            public=public,
            use_cases=[u.name for u in readers if "search" in u.name.lower()] or reader_names,
        )
    if "aggregate" in entity.access:
        add(
            "GET",
            f"{base}/stats",
            f"{noun} stats",
            f"Counts and totals of {plural(entity.name)}",
            "aggregate",
            filters=filters,
            use_cases=reader_names,
        )
    if "geo" in entity.access:
        add(
            "GET",
            f"{base}/nearby",
            f"nearby {nouns}",
            f"{plural(entity.name)} near a point",
            "nearby",
            paginated=True,
            public=public,
            use_cases=reader_names,
        )
    for use_case in writers:
        out.append(_write_endpoint(entity, use_case, base, noun))
    if not out:
        add("GET", f"{base}/{{id}}", f"get {noun}", f"Get one {entity.name} by id", "get")
    if entity.pii and any(r.lower() in ("gdpr", "ccpa") for r in req.compliance.regimes):
        add(
            "DELETE",
            f"{base}/{{id}}",
            f"erase {noun}",
            f"Erase a {entity.name}'s personal data (right to erasure)",
            "delete",
            use_cases=[],
        )
    return out


def _write_endpoint(entity: Entity, use_case: UseCase, base: str, noun: str) -> Endpoint:
    verb = use_case.name.split()[0].lower() if use_case.name.split() else ""
    common = {"entity": entity.name, "use_cases": [use_case.name], "async_": use_case.async_}
    mutable = entity.mutability == "mutable"
    on_record: tuple[HttpMethod, str] | None = None  # (method, action) of a write to one existing record
    if verb in DELETE_VERBS:
        on_record = ("DELETE", "delete")
    elif mutable and verb in REPLACE_VERBS:
        on_record = ("PUT", "replace")
    elif mutable and (verb in UPDATE_VERBS or entity.name in use_case.reads):
        on_record = ("PATCH", "update")
    if on_record is not None:
        method, action = on_record
        return Endpoint(
            method=method,
            path=f"{base}/{{id}}",
            operation_id=identifier(f"{action} {noun}"),
            summary=use_case.name,
            action=action,
            **common,
        )
    return Endpoint(
        method="POST",
        path=base,
        operation_id=identifier(f"create {noun}"),
        summary=use_case.name,
        action="create",
        idempotency_key=True,
        **common,
    )


def _recency_field(entity: Entity) -> str | None:
    """The timestamp that orders an entity newest first: created_at when it has one, else its first timestamp."""
    times = [name for name, kind in entity.fields.items() if kind.kind in ("timestamp", "date")]
    return "created_at" if "created_at" in times else next(iter(times), None)


def _dedupe(endpoints: list[Endpoint]) -> list[Endpoint]:
    """Merge endpoints with the same method and path, keeping every use case they serve."""
    merged: dict[tuple[str, str], Endpoint] = {}
    for endpoint in endpoints:
        key = (endpoint.method, endpoint.path)
        if key in merged:
            first = merged[key]
            first.use_cases += [u for u in endpoint.use_cases if u not in first.use_cases]
            first.async_ = first.async_ or endpoint.async_
            if first.summary != endpoint.summary and endpoint.action in ("create", "update", "delete"):
                first.summary = f"{first.summary}; {endpoint.summary}"
        else:
            merged[key] = endpoint.model_copy(deep=True)
    return list(merged.values())


def _decide_api_style(draft: Draft) -> None:
    req = draft.req
    internal_only = all(r.internal for r in req.users.roles) or req.users.daily_active < 1_000
    decision_id = draft.decide(
        "API style and conventions",
        "How clients and services talk to the system: "
        f"{len(req.users.roles)} role(s), {len(req.integrations)} integration(s), "
        f"p99 target {req.quality.latency_p99_ms} ms.",
        [
            option(
                "REST over HTTPS with OpenAPI 3.1",
                "Resource-oriented JSON APIs described by OpenAPI documents.",
                [
                    "every client, proxy and tool understands it",
                    "HTTP caching, status codes and idempotency built in",
                    "contracts are checked in CI and generate clients",
                ],
                ["chatty for deeply nested reads", "versioning needs discipline"],
            ),
            option(
                "GraphQL",
                "One endpoint where clients ask for exactly the fields they need.",
                ["flexible reads for varied front ends"],
                ["caching and rate limiting by query cost are harder", "N+1 queries on the server side"],
            ),
            option(
                "gRPC",
                "Binary RPC with Protocol Buffers.",
                ["efficient service-to-service calls", "strict contracts"],
                ["browsers need a proxy", "less readable in review and debugging"],
            ),
        ],
        "REST over HTTPS with OpenAPI 3.1",
        "The clients are web and mobile apps and partners; REST with OpenAPI is the most interoperable, cacheable "
        "and reviewable choice" + (", and simplest for an internal tool" if internal_only else "") + ".",
        [
            "every service publishes an OpenAPI 3.1 document, checked by a linter in CI",
            "paths are versioned (/v1); breaking changes get a new version and a deprecation window",
            "list endpoints are cursor-paginated; errors are RFC 9457 problem+json",
        ],
        ["users.roles", "integrations", "quality.latency_p99_ms"],
    )
    draft.api = ApiConventions(
        style="REST over HTTPS, JSON bodies, described by OpenAPI 3.1 (decided in " + decision_id + ")",
        versioning="Major version in the path (/v1); additive changes only within a version; "
        "a deprecated version is served for at least six months with a Sunset header",
        pagination="Cursor-based: `limit` (1-100, default 20) and an opaque `cursor`; responses carry `next_cursor`",
        errors="RFC 9457 problem+json with a stable `type` URI, `title`, `status`, `detail` and a `trace_id`",
        authentication="OAuth 2.0 / OpenID Connect bearer tokens (JWT, 15-minute lifetime) for users; "
        "workload identity or mTLS between services",
        rate_limits="Token bucket per client at the gateway; 429 with Retry-After and RateLimit headers",
        idempotency="Unsafe POSTs accept an Idempotency-Key header; the server stores the first response "
        "for 24 hours and replays it for retries",
        concurrency="Responses carry an ETag; PUT, PATCH and DELETE require If-Match, answer 412 on a stale version "
        "and 428 when it is missing",
    )
