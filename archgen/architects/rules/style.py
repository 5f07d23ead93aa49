"""The architecture style, weighed against team size, the number of domains, the load and the workload's shape."""

from __future__ import annotations

import math

from archgen.architects.rules.draft import Draft, option
from archgen.capacity.constants import constant
from archgen.common.formatting import number
from archgen.design.model import Architecture, Style


def plan_style(draft: Draft) -> None:
    """Choose monolith, modular monolith, microservices or event-driven, and record the fact that decided it."""
    req = draft.req
    engineers = req.constraints.team.engineers
    team_size = constant("team_size").value
    teams = math.ceil(engineers / team_size)
    domains = len(draft.domains)
    peak_y3 = draft.figure("traffic.peak_rps.y3")
    writes_y3 = draft.figure("traffic.peak_write_rps.y3")
    streamed = draft.figure("traffic.stream_messages.y3", 0.0)
    ingest_rate = constant("ingest_write_rps").value
    ingest_heavy = streamed >= ingest_rate or (writes_y3 >= ingest_rate and teams >= 2)
    small = peak_y3 < constant("small_system_rps").value and engineers <= constant("small_system_engineers").value

    style: Style
    if small or (domains == 1 and not ingest_heavy):
        style = "monolith" if domains == 1 or small else "modular-monolith"
        cause = (
            f"the peak after 3 years is {number(peak_y3)} req/s and the team has {_engineers(engineers)}: one "
            "deployable serves it with room to spare, and a second would double the work of running it"
            if small
            else "there is one domain, so module boundaries would have nothing to separate"
        )
    elif ingest_heavy and teams >= 2:
        style = "event-driven"
        cause = (
            f"{number(max(streamed, writes_y3))} records a second arrive at peak after 3 years "
            f"(more than {number(ingest_rate)}): a durable log lets ingest accept them at once while the services "
            "that keep, aggregate and push them consume at their own pace"
        )
    elif teams >= 2 and domains >= 3:
        style = "microservices"
        cause = (
            f"{engineers} engineers make {teams} teams of up to {int(team_size)}, working on {domains} domains: "
            "separate services let each team ship, scale and fail on its own"
        )
    else:
        style = "modular-monolith"
        cause = (
            f"{_engineers(engineers)} make one team, which would carry the platform cost of distributed services "
            f"without their benefit; {domains} modules keep the boundaries so a domain can be extracted later"
        )
    options = [
        option(
            "monolith",
            "One deployable, one codebase, no module boundaries enforced.",
            ["simplest to build, test, deploy and debug", "one database transaction covers any change"],
            ["boundaries erode as the code grows", "the whole system scales and fails as one unit"],
        ),
        option(
            "modular-monolith",
            "One deployable with one module per domain; modules talk through interfaces and own their tables.",
            [
                "one pipeline and one runtime to operate: fits a single team",
                "domain boundaries are explicit, so a module can be extracted later",
                "in-process calls: no network hops or distributed transactions",
            ],
            ["modules scale together", "boundaries need discipline (architecture tests) to hold"],
        ),
        option(
            "microservices",
            "One deployable and one database per domain, talking over HTTP and events.",
            ["teams ship and scale their services independently", "a failure stays inside one service"],
            [
                "network calls, partial failure and eventual consistency everywhere",
                "a platform (CI/CD per service, tracing, contract tests) to build and run",
            ],
        ),
        option(
            "event-driven",
            "Services that communicate mostly through a durable log of events.",
            [
                "absorbs write bursts: producers never wait for slow consumers",
                "new consumers (analytics, search, audit) attach without touching producers",
            ],
            ["eventual consistency and replay semantics to reason about", "needs schema governance for events"],
        ),
    ]
    consequences = {
        "monolith": ["one deployable and one database", "revisit the style when a second team or domain appears"],
        "modular-monolith": [
            "each domain is a module with its own schema; cross-module reads go through module interfaces",
            "an architecture test in CI forbids imports across module internals",
            "extracting a module into a service is a planned, not an emergency, change",
        ],
        "microservices": [
            "every service has its own pipeline, database and on-call owner",
            "cross-service reads use APIs or replicated read models, never another service's tables",
            "distributed tracing and contract tests are mandatory",
        ],
        "event-driven": [
            "events are versioned contracts with a schema registry",
            "every consumer is idempotent and tolerates replays",
            "queries read from read models that consumers maintain",
        ],
    }[style]
    decision_id = draft.decide(
        title="Architecture style",
        context=f"How the system is split into deployable units: {_engineers(engineers)}, {domains} "
        f"domain{'s' if domains != 1 else ''} ({', '.join(draft.domains)}), a peak of {number(peak_y3)} req/s "
        "after 3 years.",
        options=options,
        decision=style,
        rationale=f"Chosen because {cause}.",
        consequences=consequences,
        drivers=["constraints.team.engineers", "data.domains", "load", "use_cases"],
    )
    names = {
        "monolith": "a monolith",
        "modular-monolith": "a modular monolith",
        "microservices": "microservices",
        "event-driven": "event-driven services",
    }
    extras = [s.name for s in draft.services if s.kind in ("realtime", "ingest")]
    draft.architecture = Architecture(
        style=style,
        summary=f"{req.system.name} is built as {names[style]} with {domains} domain{'s' if domains != 1 else ''} "
        f"({', '.join(draft.domains)})"
        + (f" and separate {' and '.join(extras)} components for its live connections" if extras else "")
        + f", sized for a peak of {number(draft.figure('traffic.peak_rps.now'))} req/s today and "
        f"{number(peak_y3)} req/s in three years.",
        rationale=[f"Chosen because {cause}."],
        decision=decision_id,
    )


def _engineers(n: int) -> str:
    return "one engineer" if n == 1 else f"{n} engineers"
