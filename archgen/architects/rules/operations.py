"""The gateway, integrations, observability and deployment: how the system is reached, seen and shipped."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft, option
from archgen.design.model import Alert, Deployment, Environment, ExternalSystem, Gateway, Observability
from archgen.naming import slug


def plan_edge(draft: Draft) -> None:
    """The gateway every caller reaches, and how each integration is called and protected."""
    draft.gateway = Gateway(
        technology=draft.catalog["gateway"],
        responsibilities=[
            "TLS termination and HSTS",
            "JWT validation against the identity provider's keys",
            "rate limiting and load shedding",
            "request size limits and schema validation of public endpoints",
            "routing by path to services, with request ids and trace context",
        ],
    )
    for integration in draft.req.integrations:
        users = [s.name for s in draft.services if integration.name in s.integrations]
        draft.integrations.append(
            ExternalSystem(
                name=integration.name,
                kind=integration.kind,
                direction=integration.direction,
                used_by=users,
                protocol="HTTPS (REST); signed webhooks inbound"
                if integration.direction != "outbound"
                else "HTTPS (REST)",
                failure_handling="timeout, circuit breaker and retries with backoff for idempotent calls; "
                "idempotency keys on every mutating call; inbound webhooks verified and queued",
            )
        )


def plan_observability(draft: Draft) -> None:
    """Logs, metrics, traces, SLIs, dashboards and burn-rate alerts."""
    req = draft.req
    stack = draft.catalog["observability"]
    q = req.quality
    decision_id = draft.decide(
        "Observability stack",
        f"The team must see the {q.availability:g} % SLO and the p99 targets, and trace requests across "
        f"{len(draft.deployables)} deployable(s).",
        [
            option(
                stack,
                "OpenTelemetry instrumentation exported to the platform's managed backends.",
                ["vendor-neutral instrumentation", "managed storage and alerting"],
                ["per-GB ingestion costs", "query languages differ between backends"],
            ),
            option(
                "Self-hosted Prometheus, Grafana, Loki and Tempo",
                "Open-source backends the team runs itself.",
                ["no per-GB fees", "full control of retention"],
                ["another system to run and scale", "on-call for the monitoring itself"],
            ),
        ],
        stack,
        "OpenTelemetry keeps the instrumentation portable; the managed backends spare a small team from running "
        "its own monitoring.",
        [
            "every service emits traces, RED metrics and structured logs with the trace id",
            "SLO burn-rate alerts page on-call; everything else opens a ticket",
        ],
        ["quality.availability", "quality.latency_p99_ms"],
    )
    alerts = [
        Alert(
            name="Fast SLO burn",
            condition="error budget burning 14.4× faster than allowed over 1 h and 5 min",
            severity="page",
        ),
        Alert(
            name="Slow SLO burn",
            condition="error budget burning 6× faster than allowed over 6 h and 30 min",
            severity="page",
        ),
        Alert(name="Latency", condition=f"p99 above {q.latency_p99_ms} ms for 10 minutes", severity="page"),
        Alert(
            name="Database saturation",
            condition="CPU above 80 % or connections above 80 % for 15 minutes",
            severity="ticket",
        ),
        Alert(
            name="Replication lag",
            condition=f"replica lag above {max(q.rpo_minutes / 2, 0.5):g} minutes",
            severity="page",
        ),
    ]
    if draft.channels:
        alerts.append(Alert(name="Queue backlog", condition="oldest message older than 5 minutes", severity="page"))
        alerts.append(Alert(name="Dead letters", condition="any message in the dead-letter queue", severity="ticket"))
    if any(c.placement == "distributed" for c in draft.caches):
        alerts.append(Alert(name="Cache hit ratio", condition="below 60 % for 30 minutes", severity="ticket"))
    draft.observability = Observability(
        stack=stack,
        logs="structured JSON, one line per request and per job, with trace id and user id (never personal "
        "data or secrets); kept 30 days hot, 1 year archived",
        metrics="RED (rate, errors, duration) per endpoint and consumer; USE (utilisation, saturation, errors) "
        "per database, cache and queue; business counters per use case",
        traces="OpenTelemetry with W3C trace context through the gateway, services, queues and databases; "
        "10 % head sampling plus every error and slow request",
        dashboards=[
            "SLO overview: availability and p99 against targets, error budget left",
            *(f"{s.name}: requests, errors, latency per endpoint" for s in draft.services),
            "data stores: connections, CPU, replication lag, storage growth",
        ]
        + (["queues: depth, age of oldest message, dead letters"] if draft.channels else []),
        slis=[
            "availability: share of requests not answered with 5xx (measured at the gateway)",
            *(f"{u.name}: share of requests under {u.latency_p99_ms or q.latency_p99_ms} ms" for u in req.use_cases),
        ],
        alerts=alerts,
    )
    draft.trace(
        "quality.latency_p99_ms (measured)",
        "latency targets are measured and alerted",
        ["observability"],
        [decision_id],
    )


def plan_deployment(draft: Draft) -> None:
    """The platform, environments, rollout strategy and CI/CD pipeline."""
    req = draft.req
    cat = draft.catalog
    skills = " ".join(req.constraints.team.skills).lower()
    kubernetes = (
        "kubernetes" in skills or "k8s" in skills or len(draft.deployables) > 6 or req.constraints.cloud == "on-prem"
    )
    platform = cat["kubernetes"] if kubernetes else cat["containers"]
    canary = req.quality.availability >= 99.95
    decision_id = draft.decide(
        "Compute platform and delivery",
        f"{len(draft.deployables)} deployable(s) on {req.constraints.cloud}; team skills: "
        f"{', '.join(req.constraints.team.skills) or 'not stated'}.",
        [
            option(
                cat["kubernetes"],
                "Managed Kubernetes.",
                ["portable, rich ecosystem (autoscaling, mesh, operators)", "one platform for many services"],
                ["a platform to learn and upgrade", "more moving parts for a small system"],
            ),
            option(
                cat["containers"],
                "A managed container service without cluster management.",
                ["nothing to patch or upgrade", "autoscaling per service out of the box"],
                ["less control over networking and scheduling", "provider-specific configuration"],
            ),
        ],
        platform,
        "The team already runs Kubernetes, or the number of deployables justifies one platform."
        if kubernetes
        else "A managed container service gives autoscaling and zero-downtime deploys without running a cluster.",
        [
            f"infrastructure is code ({cat['iac']}); no manual changes in production",
            "canary releases with automatic rollback on SLO burn" if canary else "rolling deploys with health checks",
        ],
        ["constraints.cloud", "constraints.team"],
    )
    environments = [
        Environment(name="development", purpose="each engineer's local stack (containers) with seeded data"),
        Environment(name="staging", purpose="production-like; every merge deploys here and runs smoke tests"),
        Environment(name="production", purpose="real users; deploys after staging passes"),
    ]
    if req.constraints.team.engineers >= 10:
        environments.insert(1, Environment(name="preview", purpose="a short-lived copy per pull request"))
    regions = draft.reliability.regions if draft.reliability else []
    draft.deployment = Deployment(
        cloud=req.constraints.cloud,
        platform=platform,
        regions=regions,
        environments=environments,
        strategy="canary: 5 % of traffic for 10 minutes, then 50 %, then all, with automatic rollback"
        if canary
        else "rolling update with readiness checks; instant rollback to the previous image",
        ci_cd=[
            "lint, type checks and unit tests on every pull request",
            "contract tests of each service against its OpenAPI document",
            "build one container image per deployable; generate an SBOM and scan it",
            "database migrations (expand/contract) run before the new version takes traffic",
            "deploy to staging, run smoke and end-to-end tests",
            "promote the same image to production " + ("as a canary" if canary else "with a rolling update"),
        ],
        infrastructure_as_code=f"{cat['iac']}, one module per environment; state locked and versioned",
    )
    draft.trace("constraints.cloud", f"run on {req.constraints.cloud}", [platform], [decision_id])
    draft.trace(
        "constraints.team",
        f"fit a team of {req.constraints.team.engineers}",
        [d.name for d in draft.deployables],
        [draft.architecture.decision if draft.architecture else "", decision_id],
    )


def service_anchor(name: str) -> str:
    """The page slug of a service."""
    return slug(name, "service")
