"""The architecture style, weighed against team size, the number of domains and the load."""

from __future__ import annotations

import math

from archgen.architects.rules.draft import Draft, option
from archgen.design.model import Architecture, Style
from archgen.formatting import number

TEAM_SIZE = 7  # engineers one team can hold: a service boundary pays off once there are two teams or more
INGEST_WRITE_RPS = 1_000  # sustained writes after 3 years above which a log-based pipeline earns its keep


def plan_style(draft: Draft) -> None:
    """Choose monolith, modular monolith, microservices or event-driven, and record why."""
    req = draft.req
    engineers = req.constraints.team.engineers
    teams = math.ceil(engineers / TEAM_SIZE)
    domains = len(draft.domains)
    peak_y3 = draft.figure("traffic.peak_rps.y3")
    writes_y3 = draft.figure("traffic.peak_write_rps.y3")
    streaming = [e.name for e in req.data.entities if e.mutability == "append_only" and e.growth_per_day >= 1_000_000]
    ingest_heavy = bool(streaming) and (teams >= 2 or writes_y3 >= INGEST_WRITE_RPS)
    async_share = sum(u.async_ for u in req.use_cases) / len(req.use_cases) if req.use_cases else 0.0

    style: Style
    if domains == 1 and not ingest_heavy:
        style = "monolith"
    elif ingest_heavy or (async_share >= 0.5 and teams >= 2):
        style = "event-driven"
    elif teams >= 2 and domains >= 3:
        # load alone never splits a system: stateless instances of one deployable scale out just as well;
        # independent teams working on independent domains do
        style = "microservices"
    else:
        style = "modular-monolith"

    facts = [
        f"{engineers} engineers ≈ {teams} team(s) of up to {TEAM_SIZE}",
        f"{domains} domain(s): {', '.join(draft.domains)}",
        f"peak {number(peak_y3)} req/s and {number(writes_y3)} writes/s after 3 years",
    ]
    if streaming:
        facts.append(f"append-only inflow of a million rows a day or more: {', '.join(streaming)}")
    if req.use_cases:
        facts.append(f"{async_share:.0%} of the use cases are asynchronous")
    options = [
        option(
            "monolith",
            "One deployable, one codebase, no internal module boundaries enforced.",
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
            [
                "teams ship and scale their services independently",
                "a failure stays inside one service",
            ],
            [
                "network calls, partial failure and eventual consistency everywhere",
                "a platform (CI/CD per service, tracing, service mesh) to build and run",
            ],
        ),
        option(
            "event-driven",
            "Services that communicate mostly through a durable log of events.",
            [
                "absorbs write bursts: producers never wait for slow consumers",
                "new consumers (analytics, search, audit) attach without touching producers",
            ],
            [
                "eventual consistency and replay semantics to reason about",
                "needs schema governance for events and idempotent consumers",
            ],
        ),
    ]
    rationale = {
        "monolith": "There is one domain, so module boundaries would have nothing to separate.",
        "modular-monolith": (
            f"{teams} team(s) and {domains} domains do not justify the operational cost of distributed services; "
            "modules keep the boundaries so that a domain can be extracted when a team or the load demands it."
        ),
        "microservices": (
            f"{teams} teams working on {domains} domains would block each other in one deployable; separate "
            "services let each team ship, scale and fail independently."
        ),
        "event-driven": (
            "Most work is ingesting or reacting to events; a durable log decouples the write path from processing "
            "and lets consumers catch up after bursts."
        ),
    }[style]
    consequences = {
        "monolith": ["one deployable and one database", "revisit the style when a second domain appears"],
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
        "Architecture style",
        "How the system is split into deployable units. " + "; ".join(facts) + ".",
        options,
        style,
        rationale,
        consequences,
        ["constraints.team.engineers", "data.domains", "load", "use_cases"],
    )
    names = {
        "monolith": "a monolith",
        "modular-monolith": "a modular monolith",
        "microservices": "microservices",
        "event-driven": "event-driven services",
    }
    draft.architecture = Architecture(
        style=style,
        summary=(
            f"{req.system.name} is built as {names[style]} with {domains} domain(s) "
            f"({', '.join(draft.domains)}), sized for a peak of {number(draft.figure('traffic.peak_rps.now'))} req/s "
            f"today and {number(peak_y3)} req/s in three years."
        ),
        rationale=[rationale, *facts],
        decision=decision_id,
    )
