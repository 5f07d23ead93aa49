"""Risks, open questions and traceability: what could go wrong, what is unclear, and what answers what."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.architects.rules.reliability import primary_area
from archgen.architects.rules.stores import looks_personal
from archgen.requirements.model import KNOWN_REGIMES

CROSS_REGION_RTT_MS = 150  # a round trip between continents; a p99 target below it cannot include one
SMALL_TEAM_FOR_HIGH_SLO = 5  # fewer engineers cannot staff a 24/7 on-call rotation for 99.95 % or more


def plan_governance(draft: Draft) -> None:
    """Record risks and open questions, trace constraints, and turn unanswered requirements into questions."""
    _risks(draft)
    _questions(draft)
    _trace_constraints(draft)
    _unanswered(draft)


def _risks(draft: Draft) -> None:
    req = draft.req
    q = req.quality
    engineers = req.constraints.team.engineers
    if q.availability >= 99.95 and engineers < SMALL_TEAM_FOR_HIGH_SLO:
        draft.risk(
            "On-call load too high for the team",
            f"{q.availability:g} % needs a 24/7 on-call rotation; {engineers} engineer(s) cannot staff one "
            "sustainably.",
            "high",
            "high",
            "agree a lower SLO for off-hours, or buy managed services and a support contract; review at launch",
            "engineering manager",
        )
    for store in draft.stores:
        years = draft.ledger.values.get(f"db.{store.name}.primary_years")
        relational = store.kind == "relational" and "hash-partitioned" not in store.partitioning
        if relational and years is not None and years < 3:
            draft.risk(
                f"{store.name} outgrows one primary",
                f"At the stated growth its writes reach one primary's limit in about {years:.1f} years.",
                "medium",
                "high",
                "keep every query on its partition key from day one so sharding is a migration, not a rewrite",
                "tech lead",
            )
    if req.load.growth_per_year >= 1:
        draft.risk(
            "Growth outpaces the plan",
            f"Traffic is expected to grow {req.load.growth_per_year:.0%} a year; the 3-year figures are "
            f"{(1 + req.load.growth_per_year) ** 3:,.1f}× today's.",
            "medium",
            "medium",
            "re-run the capacity model every quarter with measured traffic; load-test at 2× the 1-year peak",
            "tech lead",
        )
    if req.load.pattern == "spiky":
        draft.risk(
            "Autoscaling lags behind spikes",
            f"Spiky traffic ({req.load.peak_factor:g}× the average) can arrive faster than new instances start.",
            "medium",
            "medium",
            "keep warm headroom (minimum instances sized for half the peak), queue what can wait, shed load early",
            "tech lead",
        )
    for integration in req.integrations:
        critical = [u.name for u in req.use_cases if integration.name in u.calls and not u.async_]
        if critical:
            draft.risk(
                f"{integration.name} outage stops {', '.join(critical)}",
                f"{', '.join(critical)} call {integration.name} synchronously.",
                "medium",
                "high" if "pay" in integration.kind.lower() else "medium",
                "timeouts, circuit breaker, a clear user message, and queued retries where the flow allows it",
                "product owner",
            )
    cost = draft.ledger.values.get("cost.total.month", 0.0)
    budget = req.constraints.budget_usd_per_month
    if budget is not None and cost > budget:
        draft.risk(
            "Cost above budget",
            f"The estimate after 1 year is ${cost:,.0f}/month against a budget of ${budget:,.0f}/month.",
            "high",
            "medium",
            "review the largest cost lines (see the cost page); reserved capacity typically saves 30-40 %",
            "engineering manager",
        )
    if draft.architecture and draft.architecture.style in ("microservices", "event-driven") and engineers < 10:
        draft.risk(
            "Distributed-system overhead for a small team",
            f"{len(draft.deployables)} deployables for {engineers} engineers.",
            "medium",
            "medium",
            "shared platform templates (pipelines, observability) and a paved road for new services",
            "tech lead",
        )
    draft.risk(
        "Capacity figures rest on planning constants",
        "Per-instance throughput, cache hit ratio and response sizes are rules of thumb until measured.",
        "medium",
        "medium",
        "load-test the main use cases before launch and replace the constants with measurements",
        "tech lead",
    )


def _questions(draft: Draft) -> None:
    req = draft.req
    q = req.quality
    engineers = req.constraints.team.engineers
    if q.availability >= 99.99 and engineers <= 2:
        draft.ask(
            f"Is {q.availability:g} % realistic with {engineers} engineer(s)?",
            "Four nines allow 4 minutes of downtime a month; that needs automated failover across regions and "
            "a staffed on-call rotation.",
            "quality.availability",
        )
    area = primary_area(draft)
    far = [r for r in req.users.regions if r.lower() not in (area.lower(), "global")]
    tight = [u for u in req.use_cases if (u.latency_p99_ms or q.latency_p99_ms) < CROSS_REGION_RTT_MS]
    if far and (tight or q.latency_p99_ms < CROSS_REGION_RTT_MS):
        names = ", ".join(u.name for u in tight) or "every API call"
        draft.ask(
            f"Can users in {', '.join(far)} meet the latency target when data lives in {area}?",
            f"A round trip between continents takes about {CROSS_REGION_RTT_MS} ms, more than the p99 target of "
            f"{names}. Options: relax the target for those users, cache reads at the edge, or add a read region.",
            "quality.latency_p99_ms",
        )
    residency = [r.lower() for r in req.compliance.data_residency]
    if residency and any(r.lower() not in residency and r.lower() != "global" for r in req.users.regions):
        draft.ask(
            "How is personal data of users outside the residency regions handled?",
            f"Users are in {', '.join(req.users.regions)} but personal data must stay in "
            f"{', '.join(req.compliance.data_residency)}: confirm that serving them from there is acceptable.",
            "compliance.data_residency",
        )
    for regime in req.compliance.regimes:
        if regime.lower() not in KNOWN_REGIMES:
            draft.ask(
                f"Which controls does '{regime}' require?",
                "archgen does not know this regime; its controls are not mapped in this design.",
                "compliance.regimes",
            )
    budget = req.constraints.budget_usd_per_month
    cost = draft.ledger.values.get("cost.total.month", 0.0)
    if budget is not None and cost > budget:
        draft.ask(
            f"Can the budget grow from ${budget:,.0f} to about ${cost:,.0f} a month, or which quality target may give?",
            "The design that meets the stated targets costs more than the budget.",
            "constraints.budget_usd_per_month",
        )
    for entity in req.data.entities:
        personal = [f for f in entity.fields if looks_personal(entity, f)]
        if personal and not entity.pii:
            draft.ask(
                f"Does {entity.name} hold personal data?",
                f"Its fields {', '.join(personal)} look personal, but pii is false.",
                f"data.entities[{entity.name}].pii",
            )
        if entity.pii and entity.retention_days is None and req.compliance.regimes:
            draft.ask(
                f"How long must {entity.name} records be kept?",
                "It holds personal data with no retention period; regulators expect one.",
                f"data.entities[{entity.name}].retention_days",
            )
        if entity.records == 0 and entity.growth_per_day == 0:
            draft.ask(
                f"How many {entity.name} records are expected?",
                "No volume is given, so its storage is sized at zero.",
                f"data.entities[{entity.name}].records",
            )
    if not req.use_cases:
        draft.ask(
            "What are the key use cases?",
            "Without use cases the endpoints come only from access patterns, and there are no flows to review.",
            "use_cases",
        )


def _trace_constraints(draft: Draft) -> None:
    req = draft.req
    cost_decisions: list[str] = []
    if req.constraints.budget_usd_per_month is not None:
        draft.trace(
            "constraints.budget_usd_per_month",
            f"stay within ${req.constraints.budget_usd_per_month:,.0f} a month",
            ["cost estimate"],
            cost_decisions,
        )
    texts = _technology_texts(draft)
    for tech in req.constraints.must_use:
        used = [name for name, text in texts if tech.lower() in text.lower()]
        draft.trace(f"constraints.must_use[{tech}]", f"use {tech}", used, [])
    for tech in req.constraints.avoid:
        clean = not any(tech.lower() in text.lower() for _, text in texts)
        draft.trace(
            f"constraints.avoid[{tech}]", f"avoid {tech}", ["nothing in the design uses it"] if clean else [], []
        )
    runtimes = sorted({d.runtime for d in draft.deployables})
    for language in req.constraints.languages:
        used = [d.name for d in draft.deployables if language.lower() in d.runtime.lower()]
        if not used:
            used = [f"front-end clients and tooling (services use {', '.join(runtimes)})"]
        draft.trace(f"constraints.languages[{language}]", f"use {language}", used, [])
    draft.trace(
        "users.daily_active",
        f"serve {req.users.daily_active:,} daily active users",
        [d.name for d in draft.deployables],
        [draft.architecture.decision if draft.architecture else ""],
    )


def _technology_texts(draft: Draft) -> list[tuple[str, str]]:
    out = [(s.name, s.technology) for s in draft.stores]
    out += [(c.name, c.technology) for c in draft.caches]
    out += [(c.name, c.technology) for c in draft.channels]
    out += [(d.name, d.runtime) for d in draft.deployables]
    if draft.deployment:
        out.append(("platform", draft.deployment.platform))
    if draft.gateway:
        out.append(("gateway", draft.gateway.technology))
    return out


def _unanswered(draft: Draft) -> None:
    for trace in draft.traces:
        if not trace.elements:
            draft.ask(
                f"How should the design answer '{trace.statement}'?",
                f"Nothing in the design answers {trace.requirement} yet.",
                trace.requirement,
            )
