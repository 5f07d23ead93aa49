"""Logs, metrics, traces, SLIs and alerts, in proportion to the system: every alert watches something the design
has (a replica, a queue, live connections, devices), and a small system uses the platform's own."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft, option
from archgen.architects.rules.patterns import text
from archgen.capacity import constants as c
from archgen.capacity.availability_budget import ANSWERED, dominant_use_case
from archgen.common.english import count
from archgen.common.formatting import number
from archgen.design.connections import held_open
from archgen.design.model import Alert, Observability
from archgen.requirements.model import Requirements


def plan_observability(draft: Draft) -> None:
    """Logs, metrics, traces, SLIs, dashboards and burn-rate alerts."""
    req = draft.req
    q = req.quality
    tiny = draft.tiny
    stack = draft.catalog["platform-logs"] if tiny else draft.catalog["observability"]
    self_hosted = "Self-hosted Prometheus, Grafana, Loki and Tempo"
    options = [
        option(
            stack,
            "The platform's managed logs, metrics and traces, fed by OpenTelemetry instrumentation.",
            ["nothing to run", "vendor-neutral instrumentation"],
            ["per-GB ingestion costs"],
        ),
        option(
            self_hosted,
            "Open-source backends the team runs itself.",
            ["no per-GB fees", "full control of retention"],
            ["another system to run and scale", "on-call for the monitoring itself"],
        ),
    ]
    if req.constraints.cloud == "on-prem":
        stack = draft.catalog["observability"]
        options[0] = option(
            stack, "Open-source backends on the company's cluster.", ["no per-GB fees"], ["the team runs it"]
        )
    streamed = draft.figure("traffic.stream_messages.y3", 0.0)
    cause = (
        f"the peak is {number(draft.figure('traffic.peak_rps.y3'))} req/s after 3 years and the team has "
        f"{count(req.constraints.team.engineers, 'engineer')}: the platform's own logs and metrics are enough and "
        "cost nothing to run"
        if tiny
        else f"the team needs the {q.availability:g} % SLO, the p99 targets and traces across "
        f"{count(len(draft.deployables), 'deployable')} without running its own monitoring"
    )
    decision_id = draft.decide(
        title="Observability stack",
        context=f"What the team must see: the {q.availability:g} % SLO, the p99 targets"
        + (f", {streamed:,.0f} stream messages a second" if streamed else "")
        + ".",
        options=options,
        decision=stack,
        rationale=f"Chosen because {cause}.",
        consequences=[
            "every deployable emits RED metrics and structured logs with the trace id"
            + ("" if tiny else "; traces follow requests through queues"),
            "SLO burn-rate alerts page on-call; everything else opens a ticket"
            if not tiny
            else "an uptime probe and an error-rate alert e-mail the engineer",
        ],
        drivers=["quality.availability", "quality.latency_p99_ms"],
    )
    alerts = _alerts(draft)
    draft.observability = Observability(
        stack=stack,
        logs="structured JSON, one line per request and per job, with the trace id and the caller's id (never personal "
        "data or secrets)"
        + (
            f"; stream messages are logged one in {1 / c.LOG_SAMPLE_STREAM.value:,.0f} plus every error"
            if streamed
            else ""
        )
        + "; kept 30 days hot"
        + ("" if tiny else ", 1 year archived"),
        metrics="RED (rate, errors, duration) per operation"
        + (
            ""
            if tiny
            else " and consumer; USE (utilisation, "
            "saturation, errors) per database, cache and queue; business counters per use case"
        ),
        traces="the platform's request traces"
        if tiny
        else "OpenTelemetry with W3C trace context through the edge, "
        f"services, queues and databases; {c.TRACE_SAMPLE.value:.0%} of requests kept, plus every error and slow "
        "request (tail sampling in the collector)",
        dashboards=_dashboards(draft),
        slis=_slis(draft),
        alerts=alerts,
    )
    draft.trace(
        requirement="quality.latency_p99_ms (measured)",
        statement="latency targets are measured and alerted",
        elements=["observability"],
        decisions=[decision_id],
    )


def _alerts(draft: Draft) -> list[Alert]:
    q = draft.req.quality
    if draft.tiny:
        alerts = [
            Alert(name="Down", condition="the uptime probe fails twice in a row", severity="page"),
            Alert(name="Errors", condition="more than 5 % of requests fail over 15 minutes", severity="ticket"),
        ]
    else:
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
        ]
    databases = [s for s in draft.stores if s.kind in ("relational", "document", "time-series")]
    if databases:
        alerts.append(
            Alert(
                name="Database saturation", condition="CPU or connections above 80 % for 15 minutes", severity="ticket"
            )
        )
    standby = draft.topology is not None and any(r.role == "standby" for r in draft.topology.regions)
    replicas = any(s.read_replicas for s in draft.stores)
    if replicas or (standby and draft.reliability and draft.reliability.topology != "backup-restore"):
        alerts.append(
            Alert(
                name="Replication lag",
                condition=f"replica lag above {max(q.rpo_minutes / 2, 0.5):g} minutes",
                severity="page",
            )
        )
    if draft.channels:
        alerts.append(
            Alert(name="Consumer lag", condition="oldest unprocessed message older than 5 minutes", severity="page")
        )
        alerts.append(Alert(name="Dead letters", condition="any message in a dead-letter queue", severity="ticket"))
    if any(cache.placement == "distributed" for cache in draft.caches):
        alerts.append(Alert(name="Cache hit ratio", condition="below 60 % for 30 minutes", severity="ticket"))
    if held_open(draft.realtime):
        alerts.append(
            Alert(name="Connection drop", condition="open connections fall 20 % within 5 minutes", severity="page")
        )
    if any(ch.protocol == "mqtt" for ch in draft.realtime):
        alerts.append(
            Alert(
                name="Silent devices",
                condition="devices reporting fall 10 % below the same hour last week",
                severity="page",
            )
        )
    if draft.jobs:
        alerts.append(
            Alert(
                name="Missed job",
                condition="a scheduled job has not reported success by its deadline",
                severity="page" if not draft.tiny else "ticket",
            )
        )
    for integration in draft.req.integrations:
        if integration.direction != "outbound":
            alerts.append(
                Alert(
                    name=f"{integration.name} webhooks",
                    condition=f"signature failures above 1 % or no "
                    f"{integration.name} event for an hour in business hours",
                    severity="ticket",
                )
            )
    for found in draft.patterns:
        for spec in (a for a in found.pattern.contributes.alerts if found.allows(a)):
            draft.credit(found.pattern.id, f"alert {text(draft, found, spec.name)}")
            alerts = [a for a in alerts if a.name != text(draft, found, spec.name)]  # it replaces a generic one
            alerts.append(
                Alert(
                    name=text(draft, found, spec.name),
                    condition=text(draft, found, spec.condition),
                    severity=spec.severity,
                )
            )
    return alerts


def _dashboards(draft: Draft) -> list[str]:
    if draft.tiny:
        return ["the platform's request, error and latency charts"]
    out = ["SLO overview: availability and p99 against targets, error budget left"]
    out += [f"{s.name}: requests, errors, latency per operation" for s in draft.services if s.endpoints]
    out.append(
        "data stores: connections, CPU, storage growth"
        + (", replication lag" if any(s.read_replicas for s in draft.stores) else "")
    )
    if draft.channels:
        out.append("messaging: publish rate, consumer lag, dead letters per topic")
    if held_open(draft.realtime):
        out.append("live connections: open connections, messages per second, reconnects")
    return out


def _availability_slis(req: Requirements) -> list[str]:
    """One availability SLI over every request, or one per journey when one use case carries most of the calls: its
    volume would otherwise hide an outage of every other use case."""
    dominant = dominant_use_case(req)
    if dominant is None:
        return ["availability: share of requests not answered with 5xx, measured at the edge"]
    top, share = dominant
    out = [
        f"availability of {top.name}: share of its calls not answered with 5xx, measured at the edge; counted apart, "
        f"as it carries {share:.0%} of the calls and would hide an outage of the rest"
    ]
    journeys: dict[str, list[str]] = {}
    for use_case in (u for u in req.use_cases if u.interaction in ANSWERED and u is not top):
        journeys.setdefault((use_case.actor or "system").replace("_", " "), []).append(use_case.name)
    for actor, names in journeys.items():
        out.append(
            f"availability of {actor} use cases ({', '.join(names)}): share of their calls not answered with 5xx, "
            "held to the SLO on their own"
        )
    return out


def _slis(draft: Draft) -> list[str]:
    req = draft.req
    q = req.quality
    out = _availability_slis(req)
    for use_case in req.use_cases:
        if use_case.interaction == "request":
            out.append(f"{use_case.name}: share of calls under {use_case.latency_p99_ms or q.latency_p99_ms} ms")
        elif use_case.interaction == "push":
            out.append(f"{use_case.name}: time from the change to the client receiving it (p99)")
        elif use_case.interaction in ("stream", "batch"):
            out.append(f"{use_case.name}: time from a record arriving to it being queryable (p99)")
        elif use_case.interaction == "scheduled":
            out.append(f"{use_case.name}: share of runs finished by their deadline")
        elif use_case.interaction == "webhook":
            out.append(f"{use_case.name}: share of events processed within a minute of arrival")
    for found in draft.patterns:
        slis = [text(draft, found, s) for s in found.lines(found.pattern.contributes.slis)]
        if slis:
            draft.credit(found.pattern.id, "SLIs")
        out += slis
    return out
