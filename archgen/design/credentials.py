"""What a signed-in person's request carries to the API, read from one place in the design: the platform's sign-in
when every person's method says it stands in front of the application, the application's session cookie when it
renders every client's pages itself, a bearer access token otherwise. The architect words the clients and the API
conventions from it, the OpenAPI documents pick their scheme from it, and the review checks pages against it."""

from __future__ import annotations

from collections.abc import Sequence

from archgen.design.model import CallerAuth, ClientApp
from archgen.knowledge.credentials import Carrier, CarrierSpec, credentials
from archgen.knowledge.sign_in import EdgeSignIn, sign_in_knowledge


def edge_of(callers: Sequence[CallerAuth]) -> EdgeSignIn | None:
    """The platform's sign-in every person passes before the application, if the callers name one."""
    people = [c.method for c in callers if c.kind == "person"]
    known = sign_in_knowledge()
    if not people or not all(known.says_edge(m) for m in people):
        return None
    said = people[0].lower()
    return next((e for e in known.edge if e.short.lower() in said or e.header.lower() in said), None)


def carrier(callers: Sequence[CallerAuth], clients: Sequence[ClientApp]) -> Carrier:
    """How people's requests are authenticated: at the platform's edge, by the application's cookie, or by token."""
    if edge_of(callers) is not None:
        return "edge"
    if clients and all(c.delivery == "server-rendered" for c in clients):
        return "cookie"
    return "bearer"


def spec(callers: Sequence[CallerAuth], clients: Sequence[ClientApp]) -> CarrierSpec:
    return credentials().carriers[carrier(callers, clients)]


def says(callers: Sequence[CallerAuth], clients: Sequence[ClientApp]) -> str:
    """What people's requests carry, in the API conventions' words."""
    edge = edge_of(callers)
    text = spec(callers, clients).says
    return text.format(edge=edge.name, header=edge.header) if edge is not None else text
