"""The operations of the standard protocols the questionnaire calls for, as the standards define them: SCIM 2.0 for
a tenant's identity provider, the OpenID Connect sign-in (start, callback, session refresh) where people sign in
through their organisation's provider, and a FHIR R4 read API where the questionnaire names FHIR or patient access.
Paths, parameters and bodies come from archgen/knowledge/protocols.yaml; the renderer gives them the protocol's
conventions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from archgen.architects.rules.sign_in import edge_sign_in
from archgen.common.naming import identifier, pascal, words_of
from archgen.design import lifecycle_needs as needs
from archgen.design import model as m
from archgen.design.sign_in import situation
from archgen.knowledge.lifecycles import lifecycle_knowledge
from archgen.knowledge.protocols import Operation, Protocol, protocols
from archgen.requirements.model import Requirements, UseCase

if TYPE_CHECKING:
    from archgen.architects.rules.operations import _Planner


def signs_in(req: Requirements, use_case: UseCase) -> bool:
    """Whether the use case is a person's sign-in through their organisation's identity provider: the OpenID
    Connect operations carry it, not a read of the records it names."""
    oidc = protocols().protocols["oidc"]
    text = f"{use_case.name} {use_case.description or ''}"
    return (
        use_case.interaction == "request"
        and not use_case.writes
        and needs.single_sign_on(req)
        and oidc.says(text, oidc.sign_in)
    )


def provisions(req: Requirements, use_case: UseCase) -> bool:
    """Whether the use case is an identity provider's SCIM provisioning: SCIM's own operations carry it."""
    scim = protocols().protocols["scim"]
    role = next((r for r in req.users.roles if r.name == use_case.actor), None)
    return (
        role is not None
        and role.kind != "person"
        and bool(use_case.writes)
        and needs.scim_users(req) in use_case.writes
        and scim.says(f"{role.name} {role.description or ''} {use_case.name}")
    )


def fhir_said(req: Requirements) -> list[UseCase]:
    """The use cases whose words call for the FHIR API (patient access, FHIR by name), when the questionnaire's
    people read through it."""
    fhir = protocols().protocols["fhir"]
    return [
        u
        for u in req.use_cases
        if u.interaction == "request" and u.reads and fhir.says(f"{u.name} {u.description or ''}")
    ]


def fhir_resource(name: str) -> str | None:
    """The FHIR resource an entity stands for, by the words of its name."""
    fhir = protocols().protocols["fhir"]
    text = words_of(name)
    return next((r for r, words in fhir.resources.items() if fhir.says(text, words)), None)


class _Protocols:
    def __init__(self, planner: _Planner) -> None:
        self.planner = planner
        self.req = planner.req
        self.known = protocols().protocols

    def _endpoint(self, op: Operation, service: str, **given: object) -> m.Endpoint:
        fields: dict[str, object] = {
            "method": op.method,
            "path": op.path,
            "operation_id": identifier(op.path.replace("{", " ").replace("}", " ") + " " + op.method.lower()),
            "summary": op.summary,
            "action": op.action,
            "status": op.status if op.status in (200, 201, 202, 204) else None,
            "use_cases": [],
        }
        fields.update(given)
        return self.planner.add(service, m.Endpoint.model_validate(fields))

    def scim(self, use_case: UseCase | None = None) -> None:
        """A tenant's identity provider provisions people by SCIM 2.0's own Users resource: create, filter, read,
        replace, PatchOp (how Entra ID and Okta update and deactivate) and delete, with its bearer token."""
        name = needs.scim_users(self.req)
        if name is None or name not in self.planner.entities:
            return
        words = lifecycle_knowledge().identity.scim
        clients = [
            r.name
            for r in self.req.users.roles
            if r.kind != "person" and any(w in f"{r.name} {r.description or ''}".lower() for w in words)
        ]
        noun = words_of(name)
        for op in self.known["scim"].operations:
            self._endpoint(
                op,
                self.planner.owner(name),
                operation_id=identifier(f"scim {op.action} {pascal(name)}"),
                summary=op.summary.format(noun=noun),
                entity=name,
                auth="service",
                roles=clients,
                use_cases=[use_case.name] if use_case is not None and op.action == "create" else [],
            )

    def sign_in(self, use_case: UseCase | None) -> None:
        """The OpenID Connect authorization code flow with PKCE, sized to who signs in: against each tenant's
        provider where tenants bring their own (start by home-realm discovery, callback, refresh, sign-out), else
        against the one provider the system trusts with the framework's session (start, callback, sign-out). Where
        the platform signs people in before the application (a tiny team's staff tool), the design serves none. A
        sign-in use case is carried by the callback."""
        if not needs.single_sign_on(self.req) or edge_sign_in(self.planner.draft) is not None:
            return
        people = needs.person_entities(self.req)
        home = needs.scim_users(self.req) or next(iter(people), None)
        if home is None or home not in self.planner.entities:
            return
        tenants = situation(self.req) == "tenants"
        oidc = self.known["oidc" if tenants else "oidc_provider"]
        roles = sorted({r for rs in people.values() for r in rs})
        for op in oidc.operations:
            callback = op.path in oidc.callback_paths
            self._endpoint(
                op,
                self.planner.owner(home),
                auth="public" if op.action == "get" else "user",
                roles=[] if op.action == "get" else roles,
                use_cases=[use_case.name] if callback and use_case is not None else [],
            )
        saml = self.known["saml"]
        if not saml.says(needs.said_of(self.req)):
            return
        for op in saml.operations:
            # the identity provider's browser POSTs the assertion: no token exists before it, its signature proves it
            self._endpoint(
                op,
                self.planner.owner(home),
                auth="public",
                roles=[],
                use_cases=[use_case.name] if op.path in saml.callback_paths and use_case is not None else [],
            )

    def fhir(self) -> None:
        """A FHIR R4 read API (US Core) over the records the FHIR use cases read: the capability statement, and
        read and search by patient of each resource an entity stands for, for the people those use cases serve."""
        said = fhir_said(self.req)
        if not said:
            return
        fhir: Protocol = self.known["fhir"]
        roles = sorted({u.actor for u in said if u.actor})
        served = {n: fhir_resource(n) for u in said for n in u.reads if n in self.planner.entities}
        resources = {n: r for n, r in served.items() if r is not None}
        if not resources:
            return
        first = next(iter(resources))
        meta, search, read = fhir.operations
        self._endpoint(meta, self.planner.owner(first), operation_id="fhirCapabilities", auth="user", roles=roles)
        for name, resource in resources.items():
            owner = self.planner.owner(name)
            for op, verb in ((search, "search"), (read, "read")):
                self._endpoint(
                    op,
                    owner,
                    path=op.path.replace("{resource}", resource),
                    operation_id=identifier(f"fhir {verb} {resource}"),
                    summary=op.summary.replace("{resource}", resource) + f" ({words_of(name)} records)",
                    entity=name,
                    auth="user",
                    roles=roles,
                )


def serve_protocols(planner: _Planner) -> None:
    """Add the standard protocols' operations the questionnaire calls for."""
    served = _Protocols(planner)
    served.scim()
    served.sign_in(None)
    served.fhir()


def provision(planner: _Planner, use_case: UseCase) -> None:
    """Carry an identity provider's provisioning through SCIM's own operations."""
    _Protocols(planner).scim(use_case)


def sign_in(planner: _Planner, use_case: UseCase | None) -> None:
    """Carry a sign-in through the OpenID Connect operations (once, whichever sign-in use case comes first)."""
    _Protocols(planner).sign_in(use_case)
