"""The entry point callers reach and how each integration is called and protected, in proportion to the system:
a tiny internal tool gets the platform's own HTTPS endpoint, a public system a load balancer and a firewall."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.architects.rules.sign_in import edge_sign_in
from archgen.capacity.measure import side_effect
from archgen.design.connections import held_open
from archgen.design.identity import identity_provider
from archgen.design.model import ExternalSystem, Gateway
from archgen.knowledge.catalog import Technology
from archgen.knowledge.identity import identity_knowledge
from archgen.knowledge.payment_channels import by_bank_file, channel_of
from archgen.knowledge.scheduling import accepts_key, scheduling


def plan_edge(draft: Draft) -> None:
    """The gateway every caller reaches, and how each integration is called and protected."""
    req = draft.req
    public = any(r.kind == "person" and not r.internal for r in req.users.roles) or any(
        r.kind in ("device", "service") for r in req.users.roles
    )
    regimes = {r.lower() for r in req.compliance.regimes}
    waf = public and (not draft.tiny) and (req.users.daily_active >= 1_000 or bool(regimes & {"pci-dss", "hipaa"}))
    if draft.tiny:
        # sign-in is said at the edge only where the platform does it; otherwise the application's own does
        edge = edge_sign_in(draft)
        technology = f"the platform's built-in HTTPS endpoint ({draft.catalog['paas']})" + (
            f", with the platform's own sign-in ({edge.short}) in front" if edge is not None else ""
        )
        duties = [
            "TLS termination with a managed certificate",
            *(
                [
                    f"sign-in through the company's single sign-on, by {edge.name}, before any request reaches "
                    "the application"
                ]
                if edge is not None
                else []
            ),
            "request size limits",
        ]
    else:
        gateway = draft.catalog.choose("gateway")
        technology = gateway.name + (f" with {draft.catalog['waf']}" if waf else "")
        duties = [
            "TLS termination and HSTS",
            _placed(draft, gateway, "token validation against the identity provider's keys")
            if any(r.kind == "person" for r in req.users.roles)
            else "client authentication",
            _placed(draft, gateway, "rate limiting per caller") + "; load shedding",
            "request size limits",
            _placed(draft, gateway, "schema validation of public operations"),
            "routing by path to "
            + ("the application" if len([d for d in draft.deployables if d.kind == "web"]) == 1 else "services")
            + ", with request ids and trace context",
        ]
        if waf:
            duties.append("managed firewall rules (OWASP top ten, bots) before anything reaches a service")
        if any(e.auth == "signature" for s in draft.services for e in s.endpoints):
            duties.append(
                "webhook paths bypass user authentication and go straight to their signature-checking handler"
            )
        if held_open(draft.realtime):
            duties.append("WebSocket upgrades routed to the realtime gateway with long idle timeouts")
    draft.gateway = Gateway(technology=technology, responsibilities=duties)
    if draft.api is not None:  # the conventions promise limits where the edge chosen here can keep them
        draft.api.rate_limits = (
            "The platform's request limits; 429 with Retry-After"
            if draft.tiny
            else f"Token bucket per caller {where_held(draft, 'caller_rate_limit')}; 429 with Retry-After and "
            "RateLimit headers"
        )
    for integration in req.integrations:
        users = [s.name for s in draft.services if integration.name in s.integrations]
        inbound = integration.direction != "outbound"
        outbound = integration.direction != "inbound"
        handling = []
        bank = channel_of(integration.kind, integration.name)
        by_file = bank is not None and by_bank_file(integration.kind, integration.name)
        if outbound and by_file and bank is not None:
            handling.append(f"{bank.handling}; credentials live in the secrets store")
        elif outbound:
            keyed = accepts_key(integration.kind, integration.name)
            handling.append(
                "calls have a timeout, a circuit breaker and retries with backoff; "
                + (
                    "every mutating call carries an idempotency key"
                    if keyed
                    else scheduling().unkeyed_dedupe.format(name=integration.name)
                    if side_effect(integration.kind, integration.name)
                    else "only calls safe to repeat are retried"
                )
                + "; credentials live in the secrets store"
            )
        if inbound:
            handling.append(
                "its webhooks are verified by signature, de-duplicated on its event id, acknowledged at "
                "once and processed from the queue; a scheduled reconciliation catches missed events"
            )
        protocol = (bank.protocol if by_file and bank is not None else "HTTPS (REST)") + (
            "; signed webhooks inbound" if inbound else ""
        )
        if identity_provider(integration.kind, integration.name):
            # it signs people in and provisions them over SCIM; it sends no webhooks
            known = identity_knowledge().identity_provider
            protocol, handling = known.protocol, [known.handling]
        draft.integrations.append(
            ExternalSystem(
                name=integration.name,
                kind=integration.kind,
                direction=integration.direction,
                used_by=users,
                protocol=protocol,
                failure_handling="; ".join(handling),
            )
        )


def where_held(draft: Draft, duty: str) -> str:
    """Where an edge duty (a key of edge_duties) is done: at the gateway when it can, else in the application."""
    gateway = None if draft.tiny else draft.catalog.choose("gateway")
    if gateway is not None and (gateway.does is None or duty in gateway.does):
        return "at the gateway"
    return "in the application's middleware"


def _placed(draft: Draft, gateway: Technology, duty: str) -> str:
    """A duty as the gateway's when it can do it, else with who does it instead: a load balancer keeps no
    per-caller counters and reads no body against a schema, so the page must not promise it does."""
    for key, known in draft.catalog.edge_duties().items():
        if any(w in duty for w in known.words) and gateway.does is not None and key not in gateway.does:
            return f"{duty}, {known.holder} ({gateway.name} cannot)"
    return duty
