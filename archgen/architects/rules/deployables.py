"""Deployable units and the runtime they use: from the style, the language and framework chosen for the team, and
what each service does (answering requests, holding connections, consuming events, running jobs)."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.architects.rules.runtimes import choose
from archgen.architects.rules.style import explain_splits
from archgen.capacity.constants import constant
from archgen.common.english import join
from archgen.common.naming import slug
from archgen.design.fetches import fetching
from archgen.design.model import Deployable, Scaling
from archgen.knowledge.isolation import isolation
from archgen.knowledge.runtimes import runtimes


def plan_deployables(draft: Draft) -> None:
    """Package services into deployables: request handling, connection holding, event consuming and jobs apart."""
    assert draft.architecture is not None
    system = slug(draft.req.system.name, "system")
    choice = choose(draft)
    lang = runtimes().label(choice.language, choice.framework)
    consumers = [s.name for s in draft.services if s.consumes or any(j.service == s.name for j in draft.jobs)]
    realtime = [s for s in draft.services if s.kind == "realtime"]
    ingest = [s for s in draft.services if s.kind == "ingest"]
    apis = [s for s in draft.services if s.kind not in ("realtime", "ingest")]

    def unit(name: str, kind: str, services: list[str], metric: str) -> Deployable:
        deployable = Deployable(
            name=name,
            kind=kind,
            runtime=lang,
            services=services,
            scaling=Scaling(min_instances=1, max_instances=1, metric=metric),
        )
        draft.deployables.append(deployable)
        return deployable

    core = [s for s in apis if s.name in draft.core]
    if core:
        app = unit(f"{system}-app", "web", [s.name for s in core], "CPU at 60 % and p99 latency")
        for service in core:
            service.deployable = app.name
        # under a modest load the web instances claim jobs between requests; a worker pays off above it
        busy = draft.figure("traffic.peak_rps.y3") >= constant("in_process_jobs_rps").value
        if consumers and busy and not draft.tiny:
            workers = [s.name for s in core if s.name in consumers]
            if workers:
                unit(f"{system}-worker", "worker", workers, "queue depth and the age of the oldest message")
    for service in apis:
        if service.name in draft.core:
            continue
        if not service.endpoints and service.name in consumers:  # it only consumes events and runs jobs
            lag = "consumer lag and the age of the oldest message"
            worker = unit(f"{service.slug}-worker", "worker", [service.name], lag)
            service.deployable = worker.name
            continue
        api = unit(f"{service.slug}-api", "web", [service.name], "CPU at 60 % and p99 latency")
        service.deployable = api.name
        if service.name in consumers:
            unit(f"{service.slug}-worker", "worker", [service.name], "consumer lag and the age of the oldest message")
    for service in realtime:
        gateway = unit(f"{service.slug}-gateway", "realtime", [service.name], "open connections per instance")
        service.deployable = gateway.name
        if service.name in consumers and not draft.small:
            unit(f"{service.slug}-fanout", "worker", [service.name], "consumer lag of the change events it pushes")
    for service in ingest:
        edge = unit(f"{service.slug}-edge", "web", [service.name], "messages per second and CPU at 60 %")
        service.deployable = edge.name
    owners = {e: s.name for s in draft.services for e in s.entities}
    keeping = list(dict.fromkeys(owners[h] for _, h in fetching(draft.req) if h in owners))
    if keeping:  # what an outsider points at is fetched and parsed apart from every store and every user's request
        # it hosts no service: the services keeping the record call it and write what it returns, since it has no
        # route to their stores (nor to a job table in them)
        fetcher = unit(f"{system}-{isolation().suffix}", "worker", [], isolation().metric)
    explain_splits(draft)
    if keeping:
        use_cases = [u.name for u, _ in fetching(draft.req)]
        hosts = join(list(dict.fromkeys(d.name for d in draft.deployables if set(d.services) & set(keeping))))
        said = isolation().why.format(fetcher=fetcher.name, use_cases=join(use_cases), hosts=hosts)
        draft.architecture.rationale.append(said)
