"""Client application rules: people who use the system reach it through a client the design names, hosts and
prices, and the session that sign-in hands each client is the one the API accepts, defended against forged calls."""

from __future__ import annotations

import re

from archgen.common.english import join
from archgen.design.model import Design
from archgen.knowledge.protocols import protocols
from archgen.review.engine import Found, Problem, Subject, rule

FORGERY = re.compile(r"csrf|xsrf|samesite|forger", re.IGNORECASE)
COOKIE = re.compile(r"\bcookies?\b", re.IGNORECASE)
BEARER = re.compile(r"\bbearer\b", re.IGNORECASE)


@rule("SVC016", "error", "services", "People use the system through no client application")
def no_front_end(subject: Subject) -> Found:
    """Some roles are people who sign in and use the system, yet the design names no application they use: no web
    pages, web app or mobile app, so nobody has planned where it is served from, what it costs or how it holds the
    sign-in. Add a client for those roles with its hosting, cost and session."""
    design = subject.design
    served = {role for client in design.clients for role in client.roles}
    missing = [r.name for r in subject.req.users.roles if r.kind == "person" and r.name not in served]
    if not missing:
        return
    yield Problem(
        element=missing[0],
        at=("clients",),
        message=f"{join(missing)} {'are people' if len(missing) > 1 else 'is a role of people'} using the system, "
        "but no client application serves "
        + ("them" if len(missing) > 1 else "it")
        + ": nothing says what they open, where it is served from or what it costs",
        fix="add a client for them under clients: pages the application renders (a small internal tool), a web app "
        "served from a CDN, or mobile apps, each with its hosting, session and CSRF stance",
    )


@rule("SVC017", "error", "cost", "A client application with no hosting or cost")
def unhosted_client(subject: Subject) -> Found:
    """A client application the design names is served from nowhere, or is hosted apart from the application (a
    web app on a CDN, mobile apps in the app stores) with no cost line paying for it; pages the application
    renders must name the deployable that renders them. Say where it is served from and price it."""
    design = subject.design
    paid = {line.component for line in design.cost.lines}
    deployables = [d.name for d in design.deployables]
    for i, client in enumerate(design.clients):
        if not client.hosting.strip():
            yield Problem(
                element=client.name,
                at=("clients", i, "hosting"),
                message="says nowhere where it is served from",
                fix="name its hosting: the deployable that renders it, a bucket behind a CDN, or the app stores",
            )
        elif client.delivery == "server-rendered":
            if not any(name in client.hosting for name in deployables):
                yield Problem(
                    element=client.name,
                    at=("clients", i, "hosting"),
                    message=f"is rendered by the application, but its hosting ({client.hosting}) names none of the "
                    "design's deployables",
                    fix="name the web deployable that renders the pages, whose instances pay for them",
                )
        elif client.name not in paid:
            yield Problem(
                element=client.name,
                at=("clients", i),
                message=f"is hosted apart from the application ({client.hosting}), but no cost line pays for it",
                fix="add its hosting to the cost (CDN egress for a web app's visits, the app stores' accounts for "
                "mobile apps) with the client as the line's component",
            )


@rule("SEC064", "error", "security", "Sign-in hands out a session the API does not take")
def mismatched_session(subject: Subject) -> Found:
    """Sign-in issues a session cookie while the API says it takes bearer tokens only, so the browser holds what the
    API refuses (or the API quietly takes cookies nobody defends); or a cookie session is described with no stance
    on cross-site request forgery. Say how each client's credential reaches the API (a backend-for-frontend that
    swaps the cookie for the token), and give every cookie session CSRF tokens or a SameSite rule."""
    design = subject.design
    accepted = design.api.authentication
    issued = _cookie_issued(design)
    if issued and BEARER.search(accepted) and not COOKIE.search(accepted):
        yield Problem(
            element=issued[0],
            at=issued[1],
            message="sign-in issues a session cookie, but the API takes bearer tokens only: the browser would hold "
            "a credential the API refuses",
            fix="say in api.authentication how the cookie becomes the token (a backend-for-frontend at the gateway), "
            "or issue the token to a client that sends it as a bearer header",
        )
    stated = " ".join([accepted, design.security.authentication, *(c.csrf for c in design.clients)])
    for i, client in enumerate(design.clients):
        if client.session == "cookie" and not FORGERY.search(client.csrf):
            yield Problem(
                element=client.name,
                at=("clients", i, "csrf"),
                message="holds its sign-in in a cookie the browser sends by itself, and says nothing about forged "
                "cross-site requests",
                fix="give it CSRF tokens on unsafe requests (or a custom header only its origin can set) and a "
                "SameSite cookie",
            )
    if not design.clients and (issued or COOKIE.search(accepted)) and not FORGERY.search(stated):
        yield Problem(
            element=issued[0] if issued else "api",
            at=issued[1] if issued else ("api", "authentication"),
            message="people's sessions ride on a cookie, and the design takes no stance on cross-site request forgery",
            fix="require a CSRF token (or a header only the app's origin can set) on unsafe requests and mark the "
            "cookie SameSite",
        )


def _cookie_issued(design: Design) -> tuple[str, tuple[str | int, ...]] | None:
    """The first place where sign-in hands the browser a session cookie: a sign-in operation whose protocol says
    so, or the security design's own words."""
    issuing = {
        (op.method, op.path)
        for protocol in protocols().protocols.values()
        for op in protocol.operations
        if COOKIE.search(op.detail)
    }
    for s_index, service in enumerate(design.services):
        for e_index, endpoint in enumerate(service.endpoints):
            if (endpoint.method, endpoint.path) in issuing:
                return f"{endpoint.method} {endpoint.path}", ("services", s_index, "endpoints", e_index)
    for i, caller in enumerate(design.security.callers):
        if caller.kind == "person" and COOKIE.search(caller.method):
            return caller.caller, ("security", "callers", i)
    return None
