"""Sign-in rules: the sign-in a design describes fits who signs in. Only a system with tenants has a provider to
discover per tenant; what a company's directory owns about a person is not theirs to edit here; and sign-in happens
in one place, at the edge or in the application, not both."""

from __future__ import annotations

from collections.abc import Iterator

from archgen.design import lifecycle_needs as needs
from archgen.design.sign_in import provider_owns, situation
from archgen.knowledge.protocols import protocols
from archgen.knowledge.sign_in import sign_in_knowledge
from archgen.review.engine import Found, Problem, Subject, rule

UPDATES = ("update", "replace")


def landings(subject: Subject) -> list[str]:
    """The design's own operations a sign-in lands on (an OpenID Connect callback, a SAML assertion consumer)."""
    known = protocols().protocols
    paths = {p for name in ("oidc", "oidc_provider", "saml") for p in known[name].callback_paths}
    return sorted({f"{e.method} {e.path}" for _, _, e in subject.endpoints() if e.path in paths})


def edge_statements(subject: Subject) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Where the design says people are signed in before the application sees a request."""
    words = sign_in_knowledge()
    gateway = subject.design.gateway
    for i, duty in enumerate(gateway.responsibilities):
        if words.says_edge(duty):
            yield ("gateway", "responsibilities", i), duty
    if words.says_edge(gateway.technology):
        yield ("gateway", "technology"), gateway.technology
    for i, caller in enumerate(subject.design.security.callers):
        if caller.kind == "person" and words.says_edge(caller.method):
            yield ("security", "callers", i, "method"), caller.method


def signed_in_at_edge(subject: Subject) -> bool:
    """Whether the design says the platform signs every person in before the application sees a request."""
    people = [c for c in subject.design.security.callers if c.kind == "person"]
    return bool(people) and all(sign_in_knowledge().says_edge(c.method) for c in people)


@rule("SEC065", "error", "security", "Identity provider discovered per tenant in a system without tenants")
def tenant_discovery(subject: Subject) -> Found:
    """The design finds each tenant's identity provider (home-realm discovery from the e-mail domain, a provider per
    tenant) although the questionnaire has no tenants: machinery for customers who bring their own directory, built
    and run for nobody. Sign in with the one provider the people have: the company's directory, or the consumer
    identity service chosen."""
    if situation(subject.req) in ("tenants", "none"):
        return
    words = sign_in_knowledge()
    known = protocols()
    for at, service, endpoint in subject.endpoints():
        protocol = known.of_path(endpoint.path)
        standard = protocol.operation(endpoint.method, endpoint.path) if protocol is not None else None
        said = " ".join(
            [endpoint.summary, standard.detail if standard else "", protocol.standard if standard and protocol else ""]
        )
        if words.says_tenant(said):
            yield Problem(
                element=f"{service.name}: {endpoint.method} {endpoint.path}",
                at=at,
                message="finds a tenant's identity provider, but the questionnaire has no tenants",
                fix="sign in with the one identity provider the people have (a start that redirects to it, a "
                "callback, sign-out), or let the platform's own sign-in stand in front of the application",
            )
            return


@rule("SEC066", "error", "security", "A person edits what their identity provider owns")
def provider_owned_edits(subject: Subject) -> Found:
    """People sign in with their company's directory, yet they may change a field of their own record that the
    directory owns (their e-mail, name, department, directory id or roles): the copy drifts from the directory, and
    whatever reads it (a reminder's recipient, a role check) trusts what the person typed. Take these from the
    token's claims at each sign-in and keep them out of the person's own changes."""
    people = needs.person_entities(subject.req)
    for i, entity in enumerate(subject.design.entities):
        roles = set(people.get(entity.name, []))
        if not roles:
            continue
        edits = [
            e
            for _, _, e in subject.endpoints()
            if e.entity == entity.name and e.action in UPDATES and e.auth == "user" and roles & set(e.roles)
        ]
        for j, field in enumerate(entity.fields):
            if field.set_by != "client" or not provider_owns(subject.req, entity.name, field.name):
                continue
            if "self" in field.writers or (not field.writers and edits):
                yield Problem(
                    element=f"{entity.name}.{field.name}",
                    at=("entities", i, "fields", j),
                    message=f"the company's directory owns {field.name}, but the person may change it",
                    fix="set it from the identity provider's claim at each sign-in (set_by: server) and leave it "
                    "out of every edit the person makes",
                )


@rule("SEC067", "error", "security", "Sign-in said to happen at the edge and in the application")
def one_place_to_sign_in(subject: Subject) -> Found:
    """One part of the design says people are signed in before any request reaches the application (the platform's
    own sign-in, a proxy in front), while the application also serves its own sign-in callback and sessions. Only
    one of them can hold the session and check MFA. Keep the platform's sign-in and drop the endpoints, or keep the
    endpoints and say the edge only passes requests on."""
    served = landings(subject)
    if not served:
        return
    for at, said in edge_statements(subject):
        yield Problem(
            element=".".join(str(a) for a in at[:2]),
            at=at,
            message=f"says sign-in happens before the application ({said[:80]}), yet the application serves "
            f"its own sign-in ({', '.join(served)})",
            fix="name one place that signs people in: the platform's sign-in with no endpoints of the "
            "application's own, or the application's endpoints with the edge passing requests on",
        )
        return
