"""Risks, open questions and traceability: what could go wrong, what is unclear, and what answers what."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.architects.rules.lifecycle_questions import ask_about_lifecycles
from archgen.capacity.constants import SECONDS_PER_DAY, constant
from archgen.capacity.load import inbound_daily, on_clock, people_daily, stated_daily, use_case_keys
from archgen.capacity.restate import cost_drivers as drivers_of
from archgen.common import english
from archgen.common.formatting import number, usd
from archgen.design import creation
from archgen.design.makers import natural_maker
from archgen.design.model import Endpoint
from archgen.design.sourcing import brought_in
from archgen.knowledge.questions import questions_for
from archgen.requirements.model import KNOWN_REGIMES

UNNAMED_SHARE = 0.25  # use cases naming less than this share of the stated load leave most of it unexplained


def plan_governance(draft: Draft) -> None:
    """Record risks and open questions, trace constraints, and turn unanswered requirements into questions."""
    ask_about_lifecycles(draft)
    _risks(draft)
    _questions(draft)
    _trace_constraints(draft)
    _unanswered(draft)


def cost_drivers(draft: Draft, top: int = 3) -> list[tuple[str, float]]:
    """The components that cost most a month, largest first."""
    assert draft.cost is not None
    return drivers_of(draft.cost, top)


def _risks(draft: Draft) -> None:
    req = draft.req
    q = req.quality
    engineers = req.constraints.team.engineers
    if q.availability >= 99.95 and engineers < constant("small_team_for_high_slo").value:
        draft.risk(
            title="On-call load too high for the team",
            description=f"{q.availability:g} % needs a 24/7 on-call rotation; {engineers} engineer"
            f"{'s' if engineers != 1 else ''} cannot staff one sustainably.",
            likelihood="high",
            impact="high",
            mitigation="agree a lower SLO for off-hours, or buy managed services and a support contract",
            owner="engineering manager",
        )
    for store in draft.stores:
        years = draft.ledger.values.get(f"db.{store.name}.primary_years")
        if store.kind == "relational" and store.shards == 1 and years is not None and years < 3:
            draft.risk(
                title=f"{store.name} outgrows one primary",
                description=f"At the stated growth its writes reach one primary's limit in about {years:.1f} years.",
                likelihood="medium",
                impact="high",
                mitigation="keep every query on its partition key from day one so sharding is a migration, not a "
                "rewrite; measure write volume monthly",
                owner="tech lead",
            )
    if req.load.growth_per_year >= 1:
        draft.risk(
            title="Growth outpaces the plan",
            description=f"Traffic is expected to grow {req.load.growth_per_year:.0%} a year; the 3-year figures are "
            f"{(1 + req.load.growth_per_year) ** 3:,.1f}× today's.",
            likelihood="medium",
            impact="medium",
            mitigation="re-run the capacity model every quarter with measured traffic; load-test at 2× the 1-year peak",
            owner="tech lead",
        )
    if req.load.pattern == "spiky":
        draft.risk(
            title="Autoscaling lags behind spikes",
            description=f"Spiky traffic ({req.load.peak_factor:g}× the average) can arrive faster than new instances "
            "start.",
            likelihood="medium",
            impact="medium",
            mitigation="keep warm headroom, queue what can wait, shed load early",
            owner="tech lead",
        )
    for integration in req.integrations:
        critical = [
            u.name for u in req.use_cases if integration.name in u.calls and not u.async_ and u.interaction == "request"
        ]
        if critical:
            money = any(w in integration.kind.lower() for w in ("pay", "card", "bank"))
            draft.risk(
                title=f"{integration.name} outage stops {', '.join(critical[:3])}",
                description=f"{english.join(critical)} call{'s' if len(critical) == 1 else ''} {integration.name} "
                "while the caller waits.",
                likelihood="medium",
                impact="high" if money else "medium",
                mitigation="timeouts, a circuit breaker, a clear message to the caller"
                + (
                    ", and queued retries where the flow allows it" if draft.channels else ", and a retry by the caller"
                ),
                owner="product owner",
            )
    budget = req.constraints.budget_usd_per_month
    cost = draft.cost.total_usd_per_month if draft.cost else 0.0
    if budget and cost > budget:
        ratio = cost / budget
        drivers = ", ".join(f"{name} {usd(value)}" for name, value in cost_drivers(draft))
        draft.risk(
            title="Cost above budget",
            description=f"The estimate after 1 year is {usd(cost)} a month, {ratio:.1f}× the budget of "
            f"{usd(budget)}; the largest drivers are {drivers}.",
            likelihood="high",
            impact="high" if ratio >= constant("budget_overrun_error").value else "medium",
            mitigation="agree the budget or the targets that drive the largest lines before building (see the cost "
            "page and the open question)",
            owner="engineering manager",
        )
    if draft.architecture and draft.architecture.style in ("microservices", "event-driven") and engineers < 10:
        draft.risk(
            title="Distributed-system overhead for a small team",
            description=f"{len(draft.deployables)} deployables for {engineers} engineers.",
            likelihood="medium",
            impact="medium",
            mitigation="shared platform templates (pipelines, observability) and a paved road for new services",
            owner="tech lead",
        )
    draft.risk(
        title="Capacity figures rest on planning constants",
        description="Per-instance throughput, cache hit ratio and payload sizes are rules of thumb until measured.",
        likelihood="medium",
        impact="medium",
        mitigation="load-test the main use cases before launch and replace the constants with measurements",
        owner="tech lead",
    )


def _questions(draft: Draft) -> None:
    req = draft.req
    q = req.quality
    engineers = req.constraints.team.engineers
    stated, people = stated_daily(req), people_daily(req)
    if people > stated * 1.1:
        draft.ask(
            question=f"Do people make {number(people / SECONDS_PER_DAY)} calls a second on average, as the use cases "
            f"add up to, or {number(stated / SECONDS_PER_DAY)}, as load.requests_per_user_per_day says?",
            context=f"The use cases of people add up to {number(people)} calls a day; "
            f"{req.users.daily_active:,} daily users × {req.load.requests_per_user_per_day:g} requests gives "
            f"{number(stated)}. The design is sized for the larger.",
            raised_by="load.requests_per_user_per_day",
        )
    elif (named := inbound_daily(req)) and named < stated * UNNAMED_SHARE:
        draft.ask(
            question=f"Which calls make up the {number((stated - named) / SECONDS_PER_DAY)} a second on average that "
            "no use case names?",
            context=f"{req.users.daily_active:,} daily users × {req.load.requests_per_user_per_day:g} requests gives "
            f"{number(stated)} calls a day; the use cases add up to {number(named)}, so most of the load "
            "is sized for calls no operation carries. List them as use cases, or lower "
            "load.requests_per_user_per_day to their total.",
            raised_by="load.requests_per_user_per_day",
        )
    _clock_bursts(draft)
    assumed = {a.key for a in draft.assumptions}
    given = [
        r
        for r in req.users.roles
        if r.kind == "person" and r.active_per_day and f"users.roles[{r.name}].active_per_day" not in assumed
    ]
    members = sum(r.active_per_day or 0 for r in given)
    if given and members > req.users.daily_active * 1.05:
        draft.ask(
            question=f"Are {members:,} people active a day (the roles' active_per_day added up) or "
            f"{req.users.daily_active:,} (users.daily_active)?",
            context="A person may hold several roles, but the sum is larger than the users; the per-role figures "
            "drive the load.",
            raised_by="users.roles",
        )
    if q.availability >= 99.99 and engineers <= 2:
        draft.ask(
            question=f"Is {q.availability:g} % realistic with {engineers} engineer{'s' if engineers != 1 else ''}?",
            context="Four nines allow 4 minutes of downtime a month; that needs automated failover across regions and "
            "a staffed on-call rotation.",
            raised_by="quality.availability",
        )
    mapped = {c.regime for c in draft.security.controls} if draft.security else set()  # patterns map some
    for regime in req.compliance.regimes:
        if regime.lower() not in KNOWN_REGIMES:
            draft.ask(
                question=f"Which controls does '{regime}' require of this system?",
                context="The regime is not in archgen's catalog of controls, so no control of it is mapped here; "
                "name its obligations so they can be traced to the design."
                if regime.lower() not in mapped
                else "Only the controls of the workload patterns that apply are mapped here (see the security page); "
                "name the regime's other obligations so they can be traced to the design.",
                raised_by="compliance.regimes",
            )
    budget = req.constraints.budget_usd_per_month
    cost = draft.cost.total_usd_per_month if draft.cost else 0.0
    if budget and cost > budget:
        drivers = "; ".join(f"{name} {usd(value)} a month" for name, value in cost_drivers(draft))
        draft.ask(
            question=f"Can the budget grow from {usd(budget)} to about {usd(cost)} a month, or which target may give?",
            context=f"The design that meets the stated targets costs more than the budget; the largest drivers are "
            f"{drivers}.",
            raised_by="constraints.budget_usd_per_month",
        )
    unkept = [e.name for e in req.data.entities if (e.pii or e.name in draft.personal) and e.retention_days is None]
    if unkept and req.compliance.regimes:
        draft.ask(
            question=f"How long must {english.join(unkept)} records be kept, and under which law?",
            context=f"{'They hold' if len(unkept) > 1 else 'It holds'} personal data with no retention period; "
            "regulators expect one, and erasure requests depend on it.",
            raised_by=f"data.entities[{unkept[0]}].retention_days",
        )
    endpoints = [e for s in draft.services for e in s.endpoints]
    for entity in req.data.entities:
        writes = [u for u in req.use_cases if entity.name in u.writes]
        if entity.records == 0 and entity.growth_per_day == 0 and not writes:
            draft.ask(
                question=f"How many {entity.name} records are expected, and which use case creates them?",
                context="No volume and no use case that writes it are given, so its storage is sized at zero.",
                raised_by=f"data.entities[{entity.name}].records",
            )
        elif _unmade_but_relied_on(draft, entity.name, endpoints):
            draft.ask(
                question=f"Which use case creates {entity.name} records?",
                context="Other records refer to them, and no use case, job or import of the questionnaire makes one.",
                raised_by=f"data.entities[{entity.name}]",
            )
    _assumed(draft)


def _unmade_but_relied_on(draft: Draft, name: str, endpoints: list[Endpoint]) -> bool:
    """Whether other records refer to an entity that nothing of the design makes and no role is named its maker."""
    if any(q.raised_by.startswith(f"data.entities[{name}]") for q in draft.questions):
        return False  # already asked who keeps them
    entity = next((e for e in draft.entities if e.name == name), None)
    if entity is None or not creation.unmade(draft.req, entity, endpoints):
        return False
    if brought_in(draft.jobs, draft.entities, draft.req.use_cases, name) or natural_maker(draft.req, name):
        return False
    return any(f.type == f"ref[{name}]" for e in draft.entities if e.name != name for f in e.fields)


def _assumed(draft: Draft) -> None:
    """Assumptions that shape the design too much to leave unconfirmed become open questions."""
    for asked in questions_for(draft.assumptions):
        draft.ask(question=asked.question, context=asked.context, raised_by=asked.assumption.key)


def _trace_constraints(draft: Draft) -> None:
    req = draft.req
    if req.constraints.budget_usd_per_month is not None:
        draft.trace(
            requirement="constraints.budget_usd_per_month",
            statement=f"stay within {usd(req.constraints.budget_usd_per_month)} a month",
            elements=["cost estimate"],
            decisions=[],
        )
    texts = _technology_texts(draft)
    for tech in req.constraints.must_use:
        used = [name for name, text in texts if tech.lower() in text.lower()]
        draft.trace(requirement=f"constraints.must_use[{tech}]", statement=f"use {tech}", elements=used, decisions=[])
    for tech in req.constraints.avoid:
        clean = not any(tech.lower() in text.lower() for _, text in texts)
        draft.trace(
            requirement=f"constraints.avoid[{tech}]",
            statement=f"avoid {tech}",
            elements=["nothing in the design uses it"] if clean else [],
            decisions=[],
        )
    runtimes = sorted({d.runtime for d in draft.deployables})
    for language in req.constraints.languages:
        used = [d.name for d in draft.deployables if language.lower() in d.runtime.lower()]
        if not used:
            used = [f"front-end clients and tooling (services use {', '.join(runtimes)})"]
        draft.trace(
            requirement=f"constraints.languages[{language}]", statement=f"use {language}", elements=used, decisions=[]
        )
    draft.trace(
        requirement="users.daily_active",
        statement=f"serve {req.users.daily_active:,} daily active users",
        elements=[d.name for d in draft.deployables],
        decisions=[draft.architecture.decision] if draft.architecture and draft.architecture.decision else [],
    )


def _technology_texts(draft: Draft) -> list[tuple[str, str]]:
    out = [(s.name, s.technology) for s in draft.stores]
    out += [(c.name, c.technology) for c in draft.caches]
    out += [(c.name, c.technology) for c in draft.channels]
    out += [(c.name, c.technology) for c in draft.realtime]
    out += [(d.name, d.runtime) for d in draft.deployables]
    if draft.deployment:
        out.append(("platform", draft.deployment.platform))
    if draft.gateway:
        out.append(("gateway", draft.gateway.technology))
    if draft.observability:
        out.append(("observability", draft.observability.stack))
    return out


def _unanswered(draft: Draft) -> None:
    for trace in draft.traces:
        if not trace.elements:
            draft.ask(
                question=f"How should the design answer '{trace.statement}'?",
                context=f"Nothing in the design answers {trace.requirement} yet.",
                raised_by=trace.requirement,
            )


BURST_ASK = 1.5  # a burst this far above the peak the design is sized for changes the ingest edge: ask


def _clock_bursts(draft: Draft) -> None:
    """Devices that report at clock times may all land in the minute after each tick; ask whether they spread
    their reports when that burst is well above the peak the design is sized for."""
    keys = use_case_keys(draft.req)
    for use_case in draft.req.use_cases:
        key = keys[use_case.name]
        burst, peak = draft.figure(f"{key}.burst_rps.now", 0.0), draft.figure(f"{key}.peak_rps.now", 0.0)
        if on_clock(draft.req, use_case) and peak and burst > peak * BURST_ASK:
            draft.ask(
                question=f"Do the devices of {use_case.name} spread their reports over the interval, and how wide "
                "is the spread?",
                context=f"Its description ties the reports to clock times. The design is sized for a peak of "
                f"{number(peak)} calls/s (the questionnaire's peak factor); if every device reported within a "
                f"minute of the tick it would be {number(burst)} calls/s, {burst / peak:.1f}× more, which the ingest "
                "edge must take or a queue in front of it absorb.",
                raised_by=f"use_cases[{use_case.name}]",
            )
