"""The client applications people reach the system with: pages the application renders, a web app on a CDN or
mobile apps, chosen from who the people are and what the questionnaire says they use, and the API's sign-in
convention made to match how each client holds its credentials."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.architects.rules.edge import where_held
from archgen.capacity.load import role_slugs
from archgen.capacity.measure import IDENTITY_DEPLOYABLE
from archgen.common.english import count, join
from archgen.design.credentials import carrier, edge_of
from archgen.design.credentials import says as people_send
from archgen.design.model import ClientApp
from archgen.knowledge.clients import DeliveryId, clients, says
from archgen.knowledge.credentials import credentials
from archgen.knowledge.wiring import wiring
from archgen.requirements.model import Role

PEOPLE_CLAUSE = "Signed-in people:"


def plan_clients(draft: Draft) -> None:
    """One client per audience (staff, the public) and delivery, and an API sign-in convention that fits them."""
    people = [r for r in draft.req.users.roles if r.kind == "person"]
    if not people:
        return
    mobile_fact = _mobile_fact(draft)
    web_fact = _web_fact(draft)
    for (audience, delivery), roles in chosen_clients(draft).items():
        draft.clients.append(_client(draft, audience, delivery, roles, mobile_fact, web_fact))
    _settle_api_sign_in(draft)
    _form_fields(draft)


def _form_fields(draft: Draft) -> None:
    """Rendered pages post forms, which send no headers: the idempotency key and the version travel as hidden fields
    the application reads as those headers, said where the API's conventions name them."""
    if draft.api is None or not any(c.delivery == "server-rendered" for c in draft.clients):
        return
    said = wiring().form_fields
    draft.api.idempotency = f"{draft.api.idempotency.rstrip('.')}; {said['idempotency']}"
    draft.api.concurrency = f"{draft.api.concurrency.rstrip('.')}; {said['concurrency']}"


def chosen_clients(draft: Draft) -> dict[tuple[str, DeliveryId], list[Role]]:
    """The roles of people each (audience, delivery) client carries: a phone app where the questionnaire says people
    use one, a browser where it says so or nothing says phone."""
    people = [r for r in draft.req.users.roles if r.kind == "person"]
    mobile_fact = _mobile_fact(draft)
    web_fact = _web_fact(draft)
    web: DeliveryId = "server-rendered" if draft.tiny else "web"
    chosen: dict[tuple[str, DeliveryId], list[Role]] = {}
    for role in people:
        audience = "staff" if role.internal else "public"
        phone = says(role.description or "", clients().mobile_words) or (mobile_fact and not role.internal)
        browser = not phone or bool(web_fact) or says(role.description or "", clients().web_words)
        if phone:
            chosen.setdefault((audience, "mobile"), []).append(role)
        if browser:
            chosen.setdefault((audience, web), []).append(role)
    return chosen


def people_clients(draft: Draft) -> str:
    """How the API style decision names the clients people use: staff browsers, web clients, mobile apps or both."""
    chosen = chosen_clients(draft)
    if chosen and all(audience == "staff" for audience, _ in chosen):
        return "staff browsers"
    kinds = {delivery for _, delivery in chosen}
    phone, browser = "mobile" in kinds, bool(kinds - {"mobile"})
    return join((["web"] if browser else []) + (["mobile"] if phone else [])) + " clients" if kinds else ""


def _client(
    draft: Draft, audience: str, delivery: DeliveryId, roles: list[Role], mobile_fact: str, web_fact: str
) -> ClientApp:
    spec = clients().deliveries[delivery]
    names = [r.name.replace("_", " ") for r in roles]
    if audience == "public":
        audience = names[0] if len(names) == 1 else "customer"
    app = _web_deployable(draft)
    edge = edge_of(draft.security.callers) if draft.security is not None else None
    return ClientApp(
        name=spec.name.format(audience=audience),
        delivery=delivery,
        roles=[r.name for r in roles],
        hosting=spec.hosted(draft.req.constraints.cloud, app),
        session=spec.session,
        # the platform's sign-in holds the session in front of the application: the client says what the API says
        credentials=credentials().carriers["edge"].says.format(edge=edge.name, header=edge.header)
        if edge is not None
        else spec.credentials.format(
            app=app,
            bff=bff_place(draft),
            kept="" if where_held(draft, "session") == "at the gateway" else " in a server-side session table",
        ),
        csrf=spec.csrf,
        protections=spec.protections,
        rationale=_rationale(draft, delivery, roles, mobile_fact, web_fact),
    )


def _rationale(draft: Draft, delivery: DeliveryId, roles: list[Role], mobile_fact: str, web_fact: str) -> str:
    """The questionnaire facts that chose the delivery, named."""
    names = [r.name.replace("_", " ") for r in roles]
    who = f"the {join(names)} role{'s' if len(names) > 1 else ''} work{'' if len(names) > 1 else 's'}"
    if delivery == "mobile":
        own = next((r for r in roles if says(r.description or "", clients().mobile_words)), None)
        fact = f"users.roles[{own.name}].description" if own else mobile_fact
        pushes = any(says(i.kind, clients().push_kinds) for i in draft.req.integrations)
        return f"{who} on phones ({fact}): native apps sign in once" + (" and receive pushes" if pushes else "")
    if delivery == "server-rendered":
        daily = sum(draft.figure(f"roles.{slug}.active", 0.0) for slug in _role_slugs(draft, roles))
        engineers = draft.req.constraints.team.engineers
        return (
            f"{who} in a browser, and a system used by {count(daily, 'member')} a day and run by "
            f"{count(engineers, 'engineer', words=True)} needs no second application to build, host and ship: the "
            "application renders its own pages"
        )
    fact = f" ({web_fact})" if web_fact else ""
    return f"{who} in a browser{fact}: a web app served from a CDN, apart from the API"


def _role_slugs(draft: Draft, roles: list[Role]) -> list[str]:
    slugs = role_slugs(draft.req)
    return [slugs[r.name] for r in roles]


def _mobile_fact(draft: Draft) -> str:
    """The questionnaire key that says people use a phone app, or '' when none does."""
    req = draft.req
    words = clients().mobile_words
    if says(req.system.summary, words):
        return "system.summary"
    for use_case in req.use_cases:
        if says(use_case.description or "", words):
            return f"use_cases[{use_case.name}].description"
    for integration in req.integrations:
        if says(integration.kind, clients().push_kinds):
            return f"integrations[{integration.name}].kind"
    return ""


def _web_fact(draft: Draft) -> str:
    """The questionnaire key that says people use a browser beside any app, or '' when none does."""
    req = draft.req
    if says(req.system.summary, clients().web_words):
        return "system.summary"
    return next(
        (f"use_cases[{u.name}].description" for u in req.use_cases if says(u.description or "", clients().web_words)),
        "",
    )


def bff_place(draft: Draft) -> str:
    """Where a web app's backend-for-frontend runs: a route at the gateway when the edge keeps sessions, else a
    module of the web deployable holding the tokens in a server-side session (a load balancer keeps none)."""
    if where_held(draft, "session") == "at the gateway":
        return "route at the gateway"
    return f"module in {_web_deployable(draft)}"


def _web_deployable(draft: Draft) -> str:
    """The web deployable that answers people's calls (and renders pages when the application does)."""
    web = [d for d in draft.deployables if d.kind == "web" and d.name != IDENTITY_DEPLOYABLE and d.services]
    return web[0].name if web else "the application"


def _settle_api_sign_in(draft: Draft) -> None:
    """The API's sign-in convention for people, said as each client sends its credentials."""
    assert draft.api is not None

    def named(delivery: str) -> list[str]:
        return [f"the {c.name}" for c in draft.clients if c.delivery == delivery]

    paths = []
    callers = draft.security.callers if draft.security is not None else []
    if edge_of(callers) is not None:
        paths.append(people_send(callers, draft.clients))
    elif rendered := named("server-rendered"):
        paths.append(
            f"{join(rendered)} carry the application's session cookie (secure, HttpOnly, SameSite=Lax), and every "
            "unsafe request also a CSRF token bound to that session"
        )
    if web := named("web"):
        paths.append(
            f"{join(web)} hold{'s' if len(web) == 1 else ''} no token: the backend-for-frontend {bff_place(draft)} "
            "adds it from the HttpOnly session cookie and refuses an unsafe call without the X-CSRF-Token header"
        )
    if mobile := named("mobile"):
        paths.append(f"{join(mobile)} send{'s' if len(mobile) == 1 else ''} the token itself")
    bearer = carrier(callers, draft.clients) == "bearer"
    said = (
        "OAuth 2.0 / OpenID Connect bearer tokens (JWT, 15-minute lifetime); " + "; ".join(paths)
        if bearer
        else "; ".join(paths)
    )
    parts = draft.api.authentication.split("; ")
    parts = [f"{PEOPLE_CLAUSE} {said}" if p.startswith(PEOPLE_CLAUSE) else p for p in parts]
    # the conventions name only the kinds of caller this design has (no device certificates without devices)
    kinds = {c.kind for c in callers}
    held = {"devices:": "device" in kinds, "services:": "service" in kinds, "webhooks:": "integration" in kinds}
    parts = [p for p in parts if held.get(p.split(" ", 1)[0], True)]
    draft.api = draft.api.model_copy(update={"authentication": "; ".join(parts)})
