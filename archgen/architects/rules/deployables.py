"""Deployable units and the runtime they use, from the style and the team's languages."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.capacity.sizing import size_deployables, size_services
from archgen.design.model import Deployable, Scaling
from archgen.naming import slug

FRAMEWORKS = {
    "python": "Python (FastAPI)",
    "typescript": "TypeScript (Node.js, Fastify)",
    "javascript": "TypeScript (Node.js, Fastify)",
    "java": "Java (Spring Boot)",
    "kotlin": "Kotlin (Spring Boot)",
    "go": "Go (net/http, chi)",
    "golang": "Go (net/http, chi)",
    "c#": "C# (ASP.NET Core)",
    "csharp": "C# (ASP.NET Core)",
    ".net": "C# (ASP.NET Core)",
    "ruby": "Ruby (Rails)",
    "php": "PHP (Laravel)",
    "rust": "Rust (axum)",
    "elixir": "Elixir (Phoenix)",
    "scala": "Scala (http4s)",
}


def runtime(draft: Draft) -> str:
    """The language and framework: the first the team asked for that archgen knows, else the team's skills."""
    req = draft.req
    for language in [*req.constraints.languages, *req.constraints.team.skills]:
        if language.lower() in FRAMEWORKS:
            return FRAMEWORKS[language.lower()]
    return FRAMEWORKS["typescript"] if not req.constraints.languages else req.constraints.languages[0]


IN_PROCESS_JOBS_RPS = 50  # below this peak (after 3 years) background jobs run inside the web deployable


def plan_deployables(draft: Draft) -> None:
    """Package services into deployables, then size them from their share of the traffic."""
    assert draft.architecture is not None
    style = draft.architecture.style
    system = slug(draft.req.system.name, "system")
    lang = runtime(draft)
    consumers = {s.name for s in draft.services if s.consumes}

    def unit(name: str, kind: str, services: list[str]) -> Deployable:
        return Deployable(
            name=name,
            kind=kind,
            runtime=lang,
            services=services,
            scaling=Scaling(min_instances=1, max_instances=1, metric="CPU at 60 % and p99 latency"),
        )

    if style in ("monolith", "modular-monolith"):
        draft.deployables.append(unit(f"{system}-app", "web", [s.name for s in draft.services]))
        for service in draft.services:
            service.deployable = f"{system}-app"
        tiny = draft.figure("traffic.peak_rps.y3") < IN_PROCESS_JOBS_RPS
        if consumers and not tiny:
            worker = unit(f"{system}-worker", "worker", sorted(consumers, key=[s.name for s in draft.services].index))
            worker.scaling.metric = "queue depth and the age of the oldest message"
            draft.deployables.append(worker)
    else:
        for service in draft.services:
            draft.deployables.append(unit(f"{service.slug}-api", "web", [service.name]))
            service.deployable = f"{service.slug}-api"
            if service.name in consumers:
                worker = unit(f"{service.slug}-worker", "worker", [service.name])
                worker.scaling.metric = "consumer lag and the age of the oldest message"
                draft.deployables.append(worker)
    size_services(draft.req, draft.ledger, draft.services)
    size_deployables(draft.req, draft.ledger, draft.deployables, draft.services)
