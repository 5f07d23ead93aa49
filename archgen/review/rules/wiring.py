"""Wiring rules: a worker kept away from the data stores reads and writes none of them, a scheduler that is an
application of its own is a deployable of the design, and a request accepted for later is served and carried out
(archgen/knowledge/wiring.yaml)."""

from __future__ import annotations

import re

from archgen.common.english import join
from archgen.design.model import Endpoint
from archgen.knowledge.isolation import isolation
from archgen.knowledge.scheduling import says, scheduling
from archgen.knowledge.wiring import wiring
from archgen.review.engine import Found, Problem, Subject, rule


def _named(name: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) is not None


@rule("TOP029", "error", "topology", "An isolated worker that reads or writes a store it has no route to")
def isolated_worker_wired_to_stores(subject: Subject) -> Found:
    """The security page keeps a worker away from the data stores (no route to them, no credentials), yet it hosts a
    service that keeps records in one of them, or takes its work from a job table inside one. As drawn it cannot
    claim a job or save what it made, so either the isolation is dropped while building it or the team invents the
    real wiring unreviewed. Let a component that may write call it (or hand it work over a queue it can reach) and
    store what it answers, and let the worker host nothing that owns records."""
    design = subject.design
    claims = isolation().claims
    mitigations = [t.mitigation for t in design.security.threats if says(t.mitigation, claims)]
    stored = {e for s in design.stores for e in s.entities}
    in_database = [c.name for c in design.channels if says(c.technology, wiring().in_database)]
    for i, deployable in enumerate(design.deployables):
        if deployable.kind != "worker" or not any(_named(deployable.name, m) for m in mitigations):
            continue
        hosted = [s for s in design.services if s.name in deployable.services]
        writes = sorted({e for s in hosted for e in s.entities if e in stored})
        claimed = [
            e.channel for e in design.events if e.channel in in_database and set(e.consumers) & set(deployable.services)
        ]
        if not writes and not claimed:
            continue
        said = f"hosts {join([s.name for s in hosted])}, which keeps {join(writes)}" if writes else ""
        said += ("; " if said else "") + (
            f"takes work from {join(sorted(set(claimed)))} in a database" if claimed else ""
        )
        yield Problem(
            element=deployable.name,
            at=("deployables", i, "services"),
            message=f"is said to have no route to the data stores, yet {said}",
            fix="let the service that keeps the record call it (or queue work where it can reach it) and store what "
            "it answers; host no record-keeping service in it",
        )


@rule("RUN040", "error", "use cases", "A scheduler that is an application of its own, missing from the deployables")
def scheduler_not_deployed(subject: Subject) -> Found:
    """The jobs are started by a scheduler that lives in a separate application (an Azure Functions timer trigger
    sits in a Function App with its own package, identity and storage account), yet the deployment lists no such
    deployable. Nobody knows whether it ships the code twice, how it reaches the database, or what it costs. List it
    as a deployable (the same artefact, its identity and its cost), or pick the scheduler the platform itself
    provides, which starts the existing image."""
    design = subject.design
    if not design.jobs or any(d.kind == "job" for d in design.deployables):
        return
    text = " ".join(f"{j.schedule}. {j.description}" for j in design.jobs)
    for scheduler in scheduling().schedulers:
        if scheduler.name in wiring().apart and says(text, (scheduler.name.lower(), *scheduler.words)):
            yield Problem(
                element=scheduler.name,
                at=("deployables",),
                message=f"{scheduler.name} start {len(design.jobs)} jobs, yet no deployable of the design is the "
                "application they live in",
                fix="add it to the deployables (built from the same code, with its own identity and cost), or "
                "choose a scheduler that starts the existing image",
            )
            return


def _follows(subject: Subject, endpoint: Endpoint) -> bool:
    """Whether a GET serves where an accepted request's Location points: the request by its id, or the record the
    work makes or changes."""
    gets = [e for _, _, e in subject.endpoints() if e.method == "GET"]
    if any(g.path.startswith(f"{endpoint.path}/{{") for g in gets):
        return True
    if endpoint.action not in ("command", "ingest"):  # a record accepted or moved: its Location is the record
        return any(g.entity == endpoint.entity and g.action == "get" for g in gets)
    parent, segment = endpoint.path.rsplit("/", 1)
    if not segment.endswith("s") and any(g.path == parent for g in gets):
        return True  # a verb on a record (close it): the record shows how far the work got
    # a command that makes other records (a transcode): a GET of those, not of the record it is asked on
    return any(
        g.entity == endpoint.entity and g.action == "get" and not endpoint.path.startswith(f"{g.path}/") for g in gets
    )


def _processed(subject: Subject, endpoint: Endpoint) -> bool:
    """Whether a flow of its use cases or a job of the design carries the accepted work out."""
    design = subject.design
    if set(endpoint.use_cases) & {f.use_case for f in design.flows}:
        return True
    asked = [w.rstrip("s") for w in re.findall(r"[a-z]+", endpoint.path.rsplit("/", 1)[-1].lower())]
    return any(all(w in f"{j.name} {j.description}".lower() for w in asked) for j in design.jobs if asked)


@rule("API195", "error", "apis", "A request accepted for later that nothing serves or carries out")
def accepted_unfollowed(subject: Subject) -> Found:
    """An operation answers 202 Accepted with a Location, yet no GET of the design serves that Location, or no flow
    or job ever carries the request out: the client is told to follow something that does not exist, and the work
    (an erasure, an export, an import) waits for ever. Give the request a GET by its id that answers its status
    through a stated lifecycle, and a flow or job that moves it to done or refused."""
    for at, _, endpoint in subject.endpoints():
        if endpoint.method != "POST" or not (endpoint.async_ or endpoint.status == 202) or endpoint.link == "export":
            continue
        if endpoint.action == "webhook" or endpoint.entity is None:
            continue  # a provider's call is acknowledged, not followed; a request about no record has nothing to follow
        served, processed = _follows(subject, endpoint), _processed(subject, endpoint)
        if served and processed:
            continue
        missing = join(
            [w for w, ok in (("no GET serves its Location", served), ("nothing carries it out", processed)) if not ok]
        )
        yield Problem(
            element=f"POST {endpoint.path}",
            at=at,
            message=f"answers 202 with a Location, yet {missing}",
            fix="serve the request by its id with its status (received, in progress, done or refused) and carry it "
            "out in a flow or job that moves it through them",
        )
