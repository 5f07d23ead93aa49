"""Rules about text whose subject is absent: an alert, threat, control or failure mode that speaks of something the
design does not have (a replica, an audit log, an inbound integration, people logging in), and rows copied for
every component alike. Facts decide: the rule looks at the design's elements, then at the line that names them."""

from __future__ import annotations

from collections import Counter

from archgen.knowledge import compliance
from archgen.knowledge.catalog import Catalog, Technology
from archgen.review.engine import Found, Problem, Subject, rule


def _has_replicas(subject: Subject) -> bool:
    design = subject.design
    standby = design.topology is not None and any(r.role == "standby" for r in design.topology.regions)
    return any(s.read_replicas for s in design.stores) or (standby and design.reliability.topology != "backup-restore")


@rule("GATE001", "error", "subjects", "Replication alert without a replica")
def replica_alert(subject: Subject) -> Found:
    """An alert watches replication lag, and no store has a read replica or a replicated standby."""
    if _has_replicas(subject):
        return
    for i, alert in enumerate(subject.design.observability.alerts):
        if "replica" in (alert.name + alert.condition).lower() or "replication" in alert.name.lower():
            yield Problem(
                element=alert.name,
                at=("observability", "alerts", i),
                message="watches replication lag, but nothing in the design is replicated to a replica",
                fix="remove the alert, or add the replica it watches",
            )


@rule("GATE002", "error", "subjects", "Reliance on an audit log that is not kept")
def audit_reliance(subject: Subject) -> Found:
    """A threat's mitigation or a control relies on an audit log the design does not keep."""
    if subject.design.security.audit.strip():
        return
    for i, threat in enumerate(subject.design.security.threats):
        said = threat.mitigation.lower()
        if "audit log" in said and "no audit log" not in said:
            yield Problem(
                element=threat.target,
                at=("security", "threats", i, "mitigation"),
                message="relies on an audit log, which the design does not keep",
                fix="rely on what the design does keep (structured logs), or design the audit log",
            )
    for i, control in enumerate(subject.design.security.controls):
        if "audit log" in control.elements:
            yield Problem(
                element=f"{control.regime}: {control.requirement}",
                at=("security", "controls", i, "elements"),
                message="is implemented by an audit log the design does not describe",
                fix="describe the audit log in security.audit, or name the element that implements the control",
            )


@rule("GATE003", "error", "subjects", "Callback threat for a system that never calls in")
def callback_threat(subject: Subject) -> Found:
    """A threat of forged callbacks or webhooks names an integration that only receives calls."""
    outbound = {i.name for i in subject.req.integrations if i.direction == "outbound"}
    for i, threat in enumerate(subject.design.security.threats):
        text = (threat.target + " " + threat.threat).lower()
        if "callback" in text or "webhook" in text:
            named = [name for name in outbound if name.lower() in text]
            if named:
                yield Problem(
                    element=threat.target,
                    at=("security", "threats", i),
                    message=f"is about callbacks from {', '.join(named)}, which never call the system",
                    fix="remove it: an outbound-only integration sends no callbacks",
                )


@rule("GATE004", "error", "subjects", "Load balancer in front of a queue worker")
def balancer_for_workers(subject: Subject) -> Found:
    """A failure mode of a queue worker says the load balancer routes around it; nothing routes requests to it."""
    workers = {d.name for d in subject.design.deployables if d.kind in ("worker", "job")}
    for i, mode in enumerate(subject.design.reliability.failure_modes):
        if mode.component in workers and "load balancer" in mode.mitigation.lower():
            yield Problem(
                element=mode.component,
                at=("reliability", "failure_modes", i, "mitigation"),
                message="a worker takes messages from a queue, so no load balancer routes around it",
                fix="say what happens to its messages: redelivery to another worker, dead letters",
            )


@rule("GATE005", "error", "subjects", "Erasure promised for records under legal retention")
def erasure_under_retention(subject: Subject) -> Found:
    """Personal data a named regime makes the system keep (health records under HIPAA, financial records under SOX,
    audit logs under PCI DSS) is promised erasure on request; it can only be restricted and pseudonymised until its
    retention ends."""
    regimes = [r.lower() for r in subject.req.compliance.regimes]
    for i, handling in enumerate(subject.design.security.pii):
        entity = subject.entities.get(handling.entity)
        held = compliance.hold(regimes, handling.entity, [f.name for f in entity.fields] if entity else [])
        if held is None:
            continue
        for control in handling.controls:
            if "erased on request" in control.lower() or "erase on request" in control.lower():
                yield Problem(
                    element=handling.entity,
                    at=("security", "pii", i, "controls"),
                    message=f"promises erasure on request, but {held[0]} keeps these records ({held[1].basis})",
                    fix="restrict processing and pseudonymise on request; delete when the legal retention ends",
                )
                break


@rule("GATE006", "error", "subjects", "People's credentials for devices or systems")
def device_credentials(subject: Subject) -> Found:
    """A device or another system is said to sign in with MFA, sessions or refresh tokens, which only people have."""
    for i, caller in enumerate(subject.design.security.callers):
        if caller.kind in ("device", "service", "integration"):
            text = caller.method.lower()
            said = [w for w in ("mfa", "refresh token", "password", "session") if w in text and f"no {w}" not in text]
            if said and "no passwords" not in text:
                yield Problem(
                    element=caller.caller,
                    at=("security", "callers", i, "method"),
                    message=f"a {caller.kind} is given {', '.join(said)}",
                    fix="give it its own credential: a per-device certificate, client credentials or a signature",
                )


@rule("GATE007", "warning", "subjects", "The same failure mode for every component")
def copied_failure_modes(subject: Subject) -> Found:
    """Failure-mode rows repeat word for word across components of different kinds: they were not thought through."""
    modes = subject.design.reliability.failure_modes
    seen = Counter((m.failure, m.detection, m.mitigation) for m in modes)
    for i, mode in enumerate(modes):
        key = (mode.failure, mode.detection, mode.mitigation)
        kinds = {m.kind for m in modes if (m.failure, m.detection, m.mitigation) == key}
        if seen[key] > 2 and len(kinds) > 1:
            yield Problem(
                element=mode.component,
                at=("reliability", "failure_modes", i),
                message=f"has the same failure, detection and mitigation as {seen[key] - 1} other components of "
                "other kinds",
                fix="write what fails, how it is noticed and what users see for this kind of component",
            )


@rule("GATE008", "error", "subjects", "Alert on something the design lacks")
def alert_subjects(subject: Subject) -> Found:
    """An alert watches queues, caches or live connections the design does not have."""
    design = subject.design
    have = {
        "queue": bool(design.channels),
        "dead letter": bool(design.channels),
        "consumer lag": bool(design.channels),
        "cache": any(c.placement == "distributed" for c in design.caches),
        "open connections": bool(design.realtime),
    }
    for i, alert in enumerate(design.observability.alerts):
        text = (alert.name + " " + alert.condition).lower()
        for word, present in have.items():
            if word in text and not present:
                yield Problem(
                    element=alert.name,
                    at=("observability", "alerts", i),
                    message=f"watches a {word} the design does not have",
                    fix="remove the alert, or add what it watches",
                )
                break


def _edge_technology(catalog: Catalog, technology: str) -> Technology | None:
    """The catalogue's gateway the design's edge is (the longest name it starts with), or None for one it lacks."""
    named = [t for t in catalog.options("gateway") if technology.startswith(t.name)]
    return max(named, key=lambda t: len(t.name)) if named else None


@rule("GATE010", "error", "subjects", "A gateway given a duty its technology cannot do")
def gateway_duties(subject: Subject) -> Found:
    """The gateway's responsibilities give it a duty (per-caller rate limits, schema validation, token checks) its
    technology cannot do, a plain load balancer keeping no per-caller counters and reading no body against a
    schema, and name nothing else that does it: the duty is promised and done by nobody."""
    gateway = subject.design.gateway
    if gateway is None:
        return
    catalog = Catalog(subject.design.deployment.cloud, [], [])
    tech = _edge_technology(catalog, gateway.technology)
    if tech is None or tech.does is None:
        return
    for i, duty in enumerate(gateway.responsibilities):
        said = duty.lower()
        for key, known in catalog.edge_duties().items():
            if key in tech.does or not any(w in said for w in known.words):
                continue
            if any(h in said for h in known.holders):
                continue
            able = [t.name for t in catalog.options("gateway") if t.does and key in t.does]
            yield Problem(
                element=tech.name,
                at=("gateway", "responsibilities", i),
                message=f"is said to do {known.words[0]}, which {tech.name} cannot, and nothing else is named to do it",
                fix="say what does it and price it: the application's middleware, or a gateway that can ("
                + (", ".join(able) or "an API gateway")
                + ")",
            )


EDGE_PLACES = ("at the edge", "at the gateway")
PAGES_OF_DUTIES = {
    "schema": (("security", "input_validation"),),
    "caller_rate_limit": (("security", "rate_limiting"), ("api", "rate_limits")),
}


@rule("GATE012", "error", "subjects", "Pages that place a duty at an edge that cannot do it")
def duties_placed_at_an_unable_edge(subject: Subject) -> Found:
    """The security page or the API conventions say requests are validated against their schemas, or limited per
    caller, at the edge, while the edge is a plain load balancer or the platform's built-in endpoint, which does
    neither: readers believe in a control nobody builds. Say it is done in the application's middleware, or choose
    an edge that does it."""
    design = subject.design
    gateway = design.gateway
    if gateway is None:
        return
    catalog = Catalog(design.deployment.cloud, [], [])
    tech = _edge_technology(catalog, gateway.technology)
    if tech is not None and tech.does is None:
        return
    does = tech.does if tech is not None else ()
    edge = tech.name if tech is not None else gateway.technology
    for key, places in PAGES_OF_DUTIES.items():
        if key in (does or ()):
            continue
        for section, name in places:
            part = getattr(design, section, None)
            said = str(getattr(part, name, "") or "").lower()
            if any(p in said for p in EDGE_PLACES):
                yield Problem(
                    element=f"{section}.{name}",
                    at=(section, name),
                    message=f"places {catalog.edge_duties()[key].words[0]} at the edge, which {edge} cannot do",
                    fix="say the application's middleware does it, or choose an edge that can",
                )


@rule("GATE013", "error", "subjects", "A backend-for-frontend at an edge that keeps no sessions")
def session_at_an_unable_edge(subject: Subject) -> Found:
    """A web client's sign-in is said to run in a backend-for-frontend at the gateway, which runs the code flow,
    keeps the tokens and swaps the session cookie for a bearer token on every call, while the edge is a load
    balancer or an API gateway that keeps no sessions. Nobody builds the component the browser's security rests
    on. Put the backend-for-frontend in the web deployable with a server-side session, or choose an edge that
    keeps sessions."""
    design = subject.design
    if design.gateway is None:
        return
    catalog = Catalog(design.deployment.cloud, [], [])
    tech = _edge_technology(catalog, design.gateway.technology)
    if tech is not None and (tech.does is None or "session" in tech.does):
        return
    edge = tech.name if tech is not None else design.gateway.technology
    texts: list[tuple[tuple[str | int, ...], str, str]] = [
        (("api", "authentication"), "api", design.api.authentication)
    ]
    texts += [(("clients", i, "credentials"), c.name, c.credentials) for i, c in enumerate(design.clients)]
    for at, element, text in texts:
        said = text.lower()
        if "backend-for-frontend" in said and any(p in said for p in (*EDGE_PLACES, "the gateway's")):
            yield Problem(
                element=element,
                at=at,
                message=f"runs the backend-for-frontend at the gateway, which {edge} cannot: it keeps no sessions",
                fix="put the backend-for-frontend in the web deployable, with the tokens in a server-side session, "
                "or choose an edge that keeps sessions",
            )


@rule("GATE011", "error", "subjects", "A directory on every request with nothing behind it")
def undesigned_directory(subject: Subject) -> Found:
    """The topology routes every sign-in or request through a global directory (or a cell router), and the design
    names no technology that keeps it, no failure mode for it, or no cost line: a component every user depends on
    is a sentence."""
    topology = subject.design.topology
    if topology is None or "directory" not in topology.summary.lower():
        return
    catalog = Catalog(subject.design.deployment.cloud, [], [])
    summary = topology.summary.lower()
    named = any(
        t.name.lower() in summary for role in catalog.knowledge.technologies.roles for t in catalog.options(role)
    )
    missing = [
        what
        for what, present in (
            ("a technology", named),
            (
                "a failure mode",
                any("directory" in m.component.lower() for m in subject.design.reliability.failure_modes),
            ),
            ("a cost line", any("directory" in (x.item + x.component).lower() for x in subject.design.cost.lines)),
        )
        if not present
    ]
    if missing:
        yield Problem(
            element="global directory",
            at=("topology", "summary"),
            message=f"every request is routed through a global directory, which has no {', '.join(missing)}",
            fix="name what keeps it (a table replicated to every region), how it fails and what users see, and price "
            "its reads and replicas",
        )
