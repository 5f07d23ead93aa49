"""Standard-protocol rules: a design that names a standard (SCIM 2.0, single sign-on, FHIR, a provider's webhooks,
webhook subscriptions) serves it as the standard defines it, so the other side's real clients can work with it."""

from __future__ import annotations

from archgen.architects.rules.protocols import fhir_said
from archgen.design import lifecycle_needs as needs
from archgen.design.connections import HELD_OPEN
from archgen.knowledge.protocols import protocols
from archgen.render.openapi.projections import withheld
from archgen.review.engine import Found, Problem, Subject, rule
from archgen.review.rules.sign_in import signed_in_at_edge


def _served(subject: Subject) -> set[tuple[str, str]]:
    return {(e.method, e.path) for _, _, e in subject.endpoints()}


@rule("API080", "error", "api", "SCIM served without the operations identity providers call")
def scim_operations(subject: Subject) -> Found:
    """A design serves SCIM 2.0 paths but not every operation Entra ID and Okta need (PATCH by PatchOp, the
    filtered list): provisioning and deactivation fail at the identity provider."""
    scim = protocols().protocols["scim"]
    found = [(at, e) for at, _, e in subject.endpoints() if scim.owns(e.path)]
    if not found:
        return
    served = _served(subject)
    missing = [f"{o.method} {o.path}" for o in scim.operations if o.required and (o.method, o.path) not in served]
    if missing:
        yield Problem(
            element=found[0][1].path,
            at=found[0][0],
            message=f"serves SCIM 2.0 but not {', '.join(missing)}, which identity providers call",
            fix="serve the SCIM Users resource whole: POST, GET with filter and startIndex/count, GET/PATCH "
            "(PatchOp)/DELETE by id, with the SCIM schemas and no If-Match required",
        )


@rule("API081", "error", "api", "Single sign-on with no sign-in callback")
def sign_in_callback(subject: Subject) -> Found:
    """People sign in through their organisation's identity provider, but no operation receives the provider's
    answer (an OIDC callback or a SAML assertion consumer) and issues a session: nobody can sign in."""
    if not needs.single_sign_on(subject.req) or not subject.design.services or signed_in_at_edge(subject):
        return  # (the platform's own sign-in in front of the application receives the answer)
    oidc = protocols().protocols["oidc"]
    paths = {p for _, p in _served(subject)}
    if not paths & set(oidc.callback_paths):
        yield Problem(
            element=subject.design.services[0].name,
            at=("services", 0),
            message="people sign in through their organisation's identity provider, but no operation receives "
            "its answer and issues a session",
            fix="serve the OpenID Connect code flow with PKCE: a start that redirects to the tenant's provider, a "
            "callback that checks state, nonce and the ID token and issues a session, and a refresh",
        )


@rule("API082", "error", "api", "FHIR asked for and no FHIR API")
def fhir_api(subject: Subject) -> Found:
    """The questionnaire asks for access through FHIR (patient access under the Cures Act), but no operation
    lies under the FHIR R4 base path: the apps that speak FHIR cannot read anything."""
    said = fhir_said(subject.req)
    fhir = protocols().protocols["fhir"]
    if said and not any(fhir.owns(e.path) for _, _, e in subject.endpoints()):
        yield Problem(
            element=said[0].name,
            at=("flows",),
            message="asks for access through the FHIR API, but no operation serves FHIR resources",
            fix=f"serve {fhir.standard} under {fhir.prefix}: metadata, and read and search by patient of each "
            "resource the use case reads",
        )


@rule("API083", "error", "api", "Webhook subscription readable with its secret")
def subscription_secret(subject: Subject) -> Found:
    """A record where a tenant's endpoint receives events holds its signing secret, and callers set it or read it
    back: the secret must be made by the server, kept encrypted, shown once and never returned."""
    words = protocols().webhooks.secret_words
    for name, _ in needs.subscriptions(subject.req):
        entity = subject.entities.get(name)
        if entity is None:
            continue
        index = subject.design.entities.index(entity)
        for stored in entity.fields:
            if any(w in stored.name.lower() for w in words) and not withheld(stored):
                yield Problem(
                    element=f"{name}.{stored.name}",
                    at=("entities", index),
                    message="the subscription's signing secret is set by the caller or read back with the record",
                    fix="generate the secret on the server, show it once in the create (or rotate) answer, keep it "
                    "encrypted and leave it out of every read",
                )


@rule("API084", "error", "api", "Webhooks to another system pushed over a live connection")
def webhook_channel(subject: Subject) -> Found:
    """Events pushed to another organisation's system are carried by a WebSocket or SSE channel: a server
    receives webhooks by HTTPS POST, delivered by a worker with signatures and retries, not a held connection."""
    systems = {r.name for r in subject.req.users.roles if r.kind != "person"} | {
        i.name for i in subject.req.integrations
    }
    for i, channel in enumerate(subject.design.realtime):
        if channel.protocol not in HELD_OPEN:
            continue
        for use_case in subject.req.use_cases:
            if use_case.interaction == "push" and use_case.actor in systems and use_case.name in channel.use_cases:
                yield Problem(
                    element=use_case.name,
                    at=("realtime", i),
                    message=f"pushes events to the system {use_case.actor} over {channel.protocol}",
                    fix="deliver by a worker over HTTPS POST to the subscription's URL, signed "
                    f"({protocols().webhooks.standard}) and {protocols().webhooks.retries}",
                )


@rule("API085", "error", "api", "Provider webhook described with another provider's events")
def provider_events(subject: Subject) -> Found:
    """An operation receiving one provider's webhooks names another provider's event or signature header: the
    handler is built for messages that never arrive."""
    known = protocols()
    for at, _, endpoint in subject.endpoints():
        if endpoint.action != "webhook":
            continue
        callers = [i for i in subject.req.integrations if i.name in endpoint.roles]
        own = next((known.provider(f"{i.name} {i.kind or ''}") for i in callers), None)
        if not callers:
            continue
        said = " ".join(
            [endpoint.summary] + [u.description or "" for u in subject.req.use_cases if u.name in endpoint.use_cases]
        )
        for other in known.providers:
            if own is not None and other.name == own.name:
                continue
            named = [x for x in (other.signature_header, *other.events) if ("." in x or "-" in x) and x in said]
            if named:
                yield Problem(
                    element=endpoint.path,
                    at=at,
                    message=f"receives {callers[0].name}'s webhooks but names {other.name}'s {named[0]}",
                    fix=f"describe {callers[0].name}'s own events and signature"
                    + (f" ({own.signature_header}; {', '.join(own.events[:3])})" if own else ""),
                )


@rule("SEC054", "error", "security", "A sign-in protocol the questionnaire names has no endpoints")
def named_sign_in_protocols(subject: Subject) -> Found:
    """The questionnaire names a sign-in protocol (SAML, OpenID Connect) but the design serves none of the
    endpoints it needs (SAML's assertion consumer by HTTP-POST and its SP metadata; an OIDC callback): the
    organisations that use it cannot sign in."""
    if not subject.design.services:
        return
    said = needs.said_of(subject.req)
    served = _served(subject)
    paths = {p for _, p in served}
    for name in ("saml", "oidc"):
        protocol = protocols().protocols[name]
        if not protocol.says(said):
            continue
        if name == "oidc":
            if not protocol.says(said, ["oidc", "openid connect", "openid"]):
                continue  # sign-on in general is API081's
            landed = paths & set(protocol.callback_paths) or signed_in_at_edge(subject)
            missing = [] if landed else ["a sign-in callback"]
        else:
            missing = [
                f"{o.method} {o.path}" for o in protocol.operations if o.required and (o.method, o.path) not in served
            ]
        if missing:
            yield Problem(
                element=subject.design.services[0].name,
                at=("services", 0),
                message=f"the questionnaire names {name.upper()} sign-in, but the design serves no "
                f"{', '.join(missing)}",
                fix=f"serve what {protocol.standard} needs: " + "; ".join(o.summary for o in protocol.operations),
            )


@rule("SEC055", "error", "security", "Two components each said to authenticate people")
def one_authenticator(subject: Subject) -> Found:
    """The design serves its own sign-in endpoint (an OIDC callback, a SAML assertion consumer) that issues
    sessions, while its security section says every person signs in through another component: nobody can say
    which one authenticates users, where MFA, sessions and revocation live."""
    known = protocols().protocols
    landing = {p for name in ("oidc", "saml") for p in known[name].callback_paths}
    landings = sorted({p for _, p in _served(subject) if p in landing})
    security = subject.design.security
    people = [c for c in security.callers if c.kind == "person"] if security is not None else []
    if not landings or not people:
        return
    if not any(p in c.method for c in people for p in landings):
        yield Problem(
            element="security",
            at=("security", "callers"),
            message=f"serves its own sign-in ({', '.join(landings)}) that issues sessions, while every person is "
            f"said to sign in another way ({people[0].method[:80]})",
            fix="name one component that authenticates each kind of person: the sign-in endpoints (and what is "
            "left to the identity provider), or the identity provider alone without endpoints of the design's own",
        )
