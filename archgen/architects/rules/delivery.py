"""The platform, environments, rollout strategy and pipeline, in proportion to the team and the system."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft, option
from archgen.design.connections import held_open
from archgen.design.model import Deployment, Environment, Option


def plan_deployment(draft: Draft) -> None:
    """The platform, environments, rollout strategy and CI/CD pipeline."""
    req = draft.req
    cat = draft.catalog
    skills = " ".join(req.constraints.team.skills).lower()
    knows_kubernetes = "kubernetes" in skills or "k8s" in skills
    many = len(draft.deployables) > 6
    if draft.tiny:
        platform = cat["paas"]
        cause = (
            f"one deployable and {req.constraints.team.engineers} engineer"
            f"{'s' if req.constraints.team.engineers != 1 else ''}: a platform that runs one container with TLS, "
            "logs and scaling built in leaves nothing to operate"
        )
    elif knows_kubernetes or many or req.constraints.cloud == "on-prem":
        platform = cat["kubernetes"]
        cause = (
            "the team already runs Kubernetes"
            if knows_kubernetes
            else f"{len(draft.deployables)} deployables share one platform"
            if many
            else "an on-premises cluster is the platform the company runs"
        )
    else:
        platform = cat["containers"]
        cause = "a managed container service gives autoscaling and zero-downtime deploys without running a cluster"
    canary = req.quality.availability >= 99.95 and not draft.tiny
    decision_id = draft.decide(
        title="Compute platform and delivery",
        context=f"{len(draft.deployables)} deployable{'s' if len(draft.deployables) != 1 else ''} on "
        f"{req.constraints.cloud}; team skills: {', '.join(req.constraints.team.skills) or 'not stated'}.",
        options=_platform_options(draft),
        decision=platform,
        rationale=f"Chosen because {cause}.",
        consequences=[
            f"infrastructure is code ({cat['iac']}); no manual changes in production",
            "canary releases with automatic rollback on SLO burn" if canary else "rolling deploys with health checks",
        ],
        drivers=["constraints.cloud", "constraints.team"],
    )
    environments = [
        Environment(name="development", purpose="each engineer's local stack (containers) with seeded data"),
        Environment(name="staging", purpose="production-like; every merge deploys here and runs smoke tests"),
        Environment(name="production", purpose="real users; deploys after staging passes"),
    ]
    if draft.tiny:
        environments = [
            Environment(name="development", purpose="the engineer's machine with a local database"),
            Environment(name="production", purpose="the live tool; each merge deploys after the tests pass"),
        ]
    elif req.constraints.team.engineers >= 10:
        environments.insert(1, Environment(name="preview", purpose="a short-lived copy per pull request"))
    regions = [r.name for r in draft.topology.regions] if draft.topology else []
    steps = [
        "lint, type checks and unit tests on every pull request",
        *(
            []
            if draft.tiny
            else [
                "contract tests of the API against its OpenAPI documents; an architecture test keeps modules out of "
                "each other's internals and schemas"
            ]
            if draft.small
            else ["contract tests of each service against its OpenAPI document"]
        ),
        "build one container image per deployable; generate an SBOM and scan it",
        "database migrations (expand/contract) run before the new version takes traffic",
        *([] if draft.tiny else ["deploy to staging, run smoke and end-to-end tests"]),
        "promote the same image to production " + ("as a canary" if canary else "with a rolling update"),
    ]
    if held_open(draft.realtime) and not draft.tiny:
        steps.append("load-test the realtime gateways at the 1-year peak of connections before each major release")
    draft.deployment = Deployment(
        cloud=req.constraints.cloud,
        platform=platform,
        regions=regions,
        environments=environments,
        strategy="canary: 5 % of traffic for 10 minutes, then 50 %, then all, with automatic rollback"
        if canary
        else "rolling update with readiness checks; instant rollback to the previous image",
        ci_cd=steps,
        infrastructure_as_code=f"{cat['iac']}, one module per environment; state locked and versioned",
    )
    draft.trace(
        requirement="constraints.cloud",
        statement=f"run on {req.constraints.cloud}",
        elements=[platform],
        decisions=[decision_id],
    )
    draft.trace(
        requirement="constraints.team",
        statement=f"fit a team of {req.constraints.team.engineers}",
        elements=[d.name for d in draft.deployables],
        decisions=[d for d in (draft.architecture.decision if draft.architecture else "", decision_id) if d],
    )


def _platform_options(draft: Draft) -> list[Option]:
    """The compute platforms weighed, one per distinct technology of the cloud."""
    cat = draft.catalog
    candidates = [
        option(
            cat["paas"],
            "A platform-as-a-service running one container.",
            ["nothing to patch, TLS and logs built in", "cheapest at low load"],
            ["limited control of networking and background work"],
        ),
        option(
            cat["containers"],
            "A managed container service without cluster management.",
            ["autoscaling per deployable out of the box", "nothing to upgrade"],
            ["less control over networking and scheduling"],
        ),
        option(
            cat["kubernetes"],
            "Managed Kubernetes.",
            ["one platform for many deployables", "rich ecosystem (autoscaling, operators)"],
            ["a platform to learn and upgrade", "more moving parts for a small system"],
        ),
        option(
            "virtual machines",
            "Deployables on virtual machines with systemd units.",
            ["full control"],
            ["patching, scaling and deploys by hand"],
        ),
    ]
    out: list[Option] = []
    for candidate in candidates:
        if not any(o.name == candidate.name for o in out):
            out.append(candidate)
    return out
