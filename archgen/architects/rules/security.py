"""Who may call what and how they prove it, encryption, secrets, personal data, compliance controls per regime
and a threat model — each line written only when what it speaks of exists in the design."""

from __future__ import annotations

from archgen.architects.rules import privacy
from archgen.architects.rules.audit import AuditWords, audit_needed, audit_words
from archgen.architects.rules.draft import Draft, option
from archgen.architects.rules.edge import where_held
from archgen.architects.rules.patterns import text
from archgen.architects.rules.providers import arbitrary_sender, contract_of
from archgen.architects.rules.sign_in import edge_sign_in
from archgen.capacity.constants import DAU_PER_MAU, constant
from archgen.capacity.measure import IDENTITY_DEPLOYABLE
from archgen.common import english
from archgen.common.formatting import count as counted
from archgen.design.accountability import decisions, person_roles
from archgen.design.connections import held_open
from archgen.design.fetches import fetch_threats, fetching
from archgen.design.identity import identity_provider
from archgen.design.model import CallerAuth, Deployable, Scaling, Security, TenancyDesign, Threat
from archgen.design.paying import payment_providers
from archgen.design.relations import granting_relation
from archgen.design.sign_in import situation
from archgen.knowledge.access import access_knowledge
from archgen.knowledge.encryption import managed_keys_reason
from archgen.knowledge.isolation import isolation
from archgen.knowledge.operations import operation_words
from archgen.knowledge.protocols import protocols
from archgen.knowledge.sign_in import sign_in_knowledge
from archgen.knowledge.tenancy import tenant_walls
from archgen.requirements.model import Requirements
from archgen.requirements.relations import grantees, periods_of


def plan_security(draft: Draft) -> None:
    """Authentication per kind of caller, authorisation, encryption, personal data, controls and threats."""
    req = draft.req
    cat = draft.catalog
    people = [r for r in req.users.roles if r.kind == "person"]
    internal = [r.name for r in people if r.internal]
    external = [r.name for r in people if not r.internal]
    devices = [r.name for r in req.users.roles if r.kind == "device"]
    services = [r.name for r in req.users.roles if r.kind == "service"]
    # an identity provider calls in only through the sign-in endpoints and SCIM, which people's and SCIM's own
    # authentication cover: it posts no webhooks to sign
    inbound = [i.name for i in req.integrations if i.direction != "outbound" and not identity_provider(i.kind, i.name)]
    workforce_only = bool(people) and not external
    identity = cat["workforce-identity"] if workforce_only else cat["identity"]
    in_house = not workforce_only and bool(people) and _in_house_identity(draft)
    if in_house:
        managed, identity = identity, cat["identity-in-house"]
        draft.deployables.append(
            Deployable(
                name=IDENTITY_DEPLOYABLE,
                kind="web",
                runtime=identity,
                services=[],
                scaling=Scaling(min_instances=2, max_instances=2, metric="CPU at 60 %"),
            )
        )
    callers: list[CallerAuth] = []
    decision_id = ""
    if people:
        decision_id = _decide_identity(draft, identity, workforce_only, internal, managed if in_house else "")
        landings = sign_in_landings(draft)
        edge = edge_sign_in(draft) if workforce_only else None
        for role in people:
            method = (
                f"single sign-on through {identity}; the platform validates the session on every request"
                if workforce_only
                else f"{_oidc_through(identity)} (authorisation code with PKCE); 15-minute access tokens, "
                "refresh tokens rotated on use" + ("; MFA required" if role.internal else "; MFA offered")
            )
            if edge is not None:
                # the platform runs the handshake in front of the one application: nothing of ours signs anyone in
                method = (
                    f"single sign-on with {identity} through {edge.name}, which signs people in before any "
                    f"request reaches the application ({edge.offers}); the directory keeps the accounts, MFA and "
                    "leavers, and the application serves no sign-in endpoints and issues no tokens"
                )
            elif landings and workforce_only:
                # the company's directory is the provider; the system's own endpoint receives its answer
                method = (
                    f"single sign-on with {identity}, received only at this system's sign-in endpoints "
                    f"({', '.join(landings)}), which verify the ID token and issue the session; {identity} keeps "
                    "the accounts, MFA and leavers, and nothing else signs people in"
                )
            elif landings and not role.internal and situation(req) != "tenants":
                # one consumer identity service: the framework keeps the session once it has answered
                method = (
                    f"sign-in with {identity} (OpenID Connect, authorisation code with PKCE), received only at this "
                    f"system's sign-in endpoints ({', '.join(landings)}), which verify the ID token and keep "
                    f"{sign_in_knowledge().framework_session}; {identity} keeps the accounts, passwords and MFA"
                )
            elif landings and not role.internal:
                # the system's own sign-in endpoints are where a tenant's people are authenticated: say so, and
                # what is left to the identity provider, so one component is named for each person
                method = (
                    f"single sign-on with their organisation's identity provider, received only at this system's "
                    f"sign-in endpoints ({', '.join(landings)}), which verify the assertion or ID token and issue "
                    f"the session (15-minute access tokens, refresh tokens rotated on use); {identity} keeps the "
                    "accounts of organisations with no identity provider connected, and nothing else signs people in"
                )
            callers.append(CallerAuth(caller=role.name, kind="person", method=method))
    for name in devices:
        callers.append(
            CallerAuth(
                caller=name,
                kind="device",
                method="a per-device X.509 certificate issued at "
                "provisioning (mutual TLS); a lost device's certificate is revoked; devices have no "
                "passwords, sessions or MFA",
            )
        )
    for name in services:
        callers.append(
            CallerAuth(
                caller=name,
                kind="service",
                method="OAuth 2.0 client credentials per calling "
                "system (short-lived tokens with scopes), or mutual TLS; credentials rotated every "
                "90 days",
            )
        )
    for name in inbound:
        callers.append(CallerAuth(caller=name, kind="integration", method=_sender_proof(draft, name)))
    tenancy = _tenancy(draft)
    distributed = len([d for d in draft.deployables if d.kind != "job"]) > 1
    audit = audit_words(draft) if audit_needed(draft) else None
    draft.security = Security(
        authentication="; ".join(f"{c.caller}: {c.method}" for c in callers) or "no callers authenticate",
        authorization=_authorization(draft, internal, external, tenancy),
        service_to_service="workload identity with mutual TLS between deployables; each accepts only the callers "
        "its API lists"
        if distributed
        else "in-process calls; the application reaches its database and secrets "
        "with the platform's workload identity (no static passwords)",
        transport="TLS 1.3 (1.2 minimum) on every hop; HSTS on public hosts",
        at_rest=_at_rest(draft, cat["kms"]),
        secrets=f"{cat['secrets']}; injected at runtime, rotated every 90 days, never in code, images or logs",
        input_validation=f"requests validated against the OpenAPI schemas {where_held(draft, 'schema')} (types, "
        "lengths, enums, read-only fields rejected); parameterised queries only; output encoded by every client",
        rate_limiting=f"token bucket per caller {where_held(draft, 'caller_rate_limit')}, with tighter limits on "
        "sign-in and write operations"
        if not draft.tiny
        else "the platform's request limits; sign-in is rate-limited by the identity provider",
        audit=audit.description if audit else "",
        callers=callers,
        pii=privacy.pii_handling(draft),
        controls=privacy.controls(draft),
        threats=_threats(draft, callers, audit),
    )
    draft.tenancy = tenancy
    for found in draft.patterns:
        for spec in (s for s in found.pattern.contributes.security if found.allows(s)):
            current = getattr(draft.security, spec.part)
            addition = " ".join(text(draft, found, spec.text).split())
            setattr(draft.security, spec.part, f"{current}; {addition}" if current else addition)
            draft.credit(found.pattern.id, f"security ({spec.part.replace('_', ' ')})")
    if decision_id:
        draft.trace(
            requirement="users.roles",
            statement="every role can do exactly what it needs",
            elements=["gateway", identity],
            decisions=[decision_id],
        )
    for regime in req.compliance.regimes:
        controls = [c for c in draft.security.controls if c.regime == regime.lower()]
        draft.trace(
            requirement=f"compliance.regimes[{regime}]",
            statement=f"comply with {regime}",
            elements=sorted({e for c in controls for e in c.elements}),
            decisions=[decision_id] if controls and decision_id else [],
        )
    if req.compliance.audit_log:
        draft.trace(
            requirement="compliance.audit_log",
            statement="keep an audit log",
            elements=["audit log"],
            decisions=[decision_id] if decision_id else [],
        )


IN_HOUSE_MAU = constant("identity_in_house_mau")
TENANT_KEY = "tenant_id"  # where no record names its tenant by a column of its own


def _tenant_key(draft: Draft) -> str:
    """The column the records name their tenant by (`tenant`, `workspace`): the one their indexes lead with."""
    from collections import Counter

    from archgen.architects.rules.stores import entity_tenant_column

    columns = Counter(c for e in draft.req.data.entities if (c := entity_tenant_column(draft, e)))
    return columns.most_common(1)[0][0] if columns else TENANT_KEY


def _oidc_through(identity: str) -> str:
    """'OpenID Connect through X', without naming the protocol twice when X's name already says it."""
    return f"OpenID Connect through {identity.replace(' (OpenID Connect)', '')}"


def signing_in_a_month(req: Requirements) -> float:
    """People who sign in during a month after a year, as the cost model counts them."""
    daily, registered = req.users.daily_active, req.users.registered
    mau = min(daily / DAU_PER_MAU.value, registered) if registered else daily / DAU_PER_MAU.value
    return mau * (1 + req.load.growth_per_year)


def _in_house_identity(draft: Draft) -> bool:
    """Whether so many people sign in that running the identity server ourselves costs less than a provider
    priced per monthly user (and the cloud's catalog has one to run)."""
    return bool(draft.catalog.options("identity-in-house")) and signing_in_a_month(draft.req) > IN_HOUSE_MAU.value


def _decide_identity(draft: Draft, identity: str, workforce_only: bool, internal: list[str], managed: str = "") -> str:
    cat = draft.catalog
    if managed:
        people = signing_in_a_month(draft.req)
        options = [
            option(
                identity,
                "An OpenID Connect server the team runs on its own instances, with its accounts database.",
                [
                    f"a fixed cost: a few instances and a database, however many of the {counted(people)} people "
                    "sign in",
                    "standard tokens every language verifies; MFA, social sign-in and recovery built in",
                ],
                ["the team patches, scales and pages for it", "an outage stops every sign-in"],
            ),
            option(
                managed,
                "A managed identity provider issues short-lived tokens; the edge validates them.",
                ["nothing to run", "MFA, social and enterprise sign-in and recovery built in"],
                [f"priced per monthly active user: {counted(people)} people a month after a year"],
            ),
        ]
        rationale = (
            f"{counted(people)} people sign in a month after a year, above the "
            f"{counted(IN_HOUSE_MAU.value)} where a provider's per-user price exceeds running {identity}; "
            "passwords, MFA and recovery still come from a maintained server, not our own code."
        )
    elif workforce_only:
        options = [
            option(
                identity,
                "Staff sign in with the company's existing single sign-on; the platform checks it.",
                ["no accounts or passwords to build or keep", "leavers lose access when IT disables them"],
                ["access depends on the company directory being up"],
            ),
            option(
                "Accounts managed by the application",
                "Our own user table with passwords.",
                ["no dependency on the directory"],
                ["passwords, MFA and offboarding are ours to build"],
            ),
        ]
        rationale = (
            "Every user is staff of one company that already has single sign-on: using it removes accounts, "
            "passwords and offboarding from the system entirely."
        )
        edge = edge_sign_in(draft)
        if edge is not None:
            team = draft.req.constraints.team.engineers
            rationale += (
                f" {edge.name} runs the sign-in in front of the application, so a team of "
                f"{english.count(team, 'engineer', words=True)} builds no sign-in endpoints, token "
                f"service or refresh-token handling; roles come from the directory's app roles in the claims."
            )
    else:
        options = [
            option(
                identity,
                "A managed identity provider issues short-lived tokens; the edge validates them.",
                [
                    "no passwords stored by us",
                    "MFA, social and enterprise sign-in and recovery built in",
                    "standard tokens every language verifies",
                ],
                ["a dependency on the provider's availability", "revocation is by short token lifetime"],
            ),
            option(
                "Sessions managed by the application",
                "Server-side sessions with our own password store.",
                ["full control", "instant revocation"],
                ["we store and protect password hashes", "MFA and SSO are ours to build"],
            ),
        ]
        rationale = (
            "Delegating sign-in to a standard provider removes the riskiest code (passwords, MFA, recovery)"
            + (" and gives staff the company's SSO" if internal else "")
            + "."
        )
    return (
        draft.decide(
            title="Authentication and authorisation",
            context=_who_signs_in(draft, internal)
            + f". Compliance: {', '.join(draft.req.compliance.regimes) or 'none'}.",
            options=options,
            decision=identity,
            rationale=rationale,
            consequences=[
                "roles come from the token's claims; every operation lists the roles allowed and checks ownership "
                "of the record (no IDOR)",
                *(["staff roles require MFA"] if internal and not workforce_only else []),
                *(
                    [f"other callers use their own credentials: {', '.join(k for k in ('devices', 'services') if k)}"]
                    if any(r.kind != "person" for r in draft.req.users.roles)
                    else []
                ),
            ],
            drivers=["users.roles", "compliance.regimes"],
        )
        if cat
        else ""
    )


def _authorization(draft: Draft, internal: list[str], external: list[str], tenancy: TenancyDesign | None) -> str:
    parts = [
        "deny by default; each operation lists the roles that may call it and checks that the caller may act "
        "on the record (ownership or relationship)"
    ]
    if internal and external:
        parts.append(f"staff roles ({', '.join(internal)}) are separate from {', '.join(external)} and need MFA")
    if tenancy is not None:
        parts.append(f"every query is held to the caller's tenant ({tenancy.enforcement})")
    parts += held_scopes(draft)
    relation = granting_relation(draft.entities)
    outside = sorted(r for r, kind in grantees(draft.req).items() if kind == "external")
    if relation is not None and outside:
        parts.append(access_knowledge().relation.external_scope.format(roles=", ".join(outside), entity=relation.name))
    return "; ".join(parts)


def held_scopes(draft: Draft) -> list[str]:
    """What each holder of a place or an asset reads: only the period they held it."""
    from archgen.requirements.intent import is_role_record

    people = {r.name: r for r in draft.req.users.roles if r.kind == "person"}
    out = []
    for entity in draft.entities:
        names = {f.name for f in entity.fields}
        for field in (f for f in entity.fields if f.type.startswith("ref[")):
            start, end = periods_of(field.name)
            target = field.type[4:-1]
            role = next((r for r in people if is_role_record(r, target)), None)
            if role and start in names and end in names:
                out.append(access_knowledge().period.scope.format(role=role, entity=entity.name, ref=field.name))
    return out


def _tenancy(draft: Draft) -> TenancyDesign | None:
    tenancy = draft.req.system.tenancy
    if tenancy is None or tenancy.model != "multi":
        return None
    regimes = {r.lower() for r in draft.req.compliance.regimes}
    tenants = tenancy.tenants or 0
    if tenancy.isolation != "any":
        isolation = tenancy.isolation
        cause = f"system.tenancy.isolation asks for {isolation}"
    elif {"hipaa", "pci-dss"} & regimes and tenants <= 100:
        isolation = "database-per-tenant"
        strict = english.join(sorted(regimes & {"hipaa", "pci-dss"}))
        cause = f"{tenants} tenants under {strict}: a database each is affordable and the strongest wall"
    else:
        isolation = "shared-schema"
        cause = (
            f"{tenants:,} tenants: one schema with the tenant on every row and in every query scales to them all and "
            "keeps one migration path"
        )
    key = _tenant_key(draft)
    enforcement = _enforcement(draft, isolation, key)
    decision_id = draft.decide(
        title="Tenant isolation",
        context=f"{tenants:,} tenant organisations at launch"
        + (f", growing {tenancy.growth_per_year:.0%} a year" if tenancy.growth_per_year else "")
        + (f"; regimes: {', '.join(sorted(regimes))}" if regimes else "")
        + ".",
        options=[
            option(
                "shared-schema",
                "One schema; every row carries tenant_id and every query is held to the caller's tenant.",
                ["one migration for all tenants", "cheapest per tenant", "scales to many small tenants"],
                [
                    "a missing policy leaks across tenants: policies are tested in CI",
                    "noisy neighbours share the database",
                ],
            ),
            option(
                "schema-per-tenant",
                "A schema per tenant in shared databases.",
                ["per-tenant backup and restore are simpler"],
                ["migrations run once per tenant", "thousands of schemas strain the catalog"],
            ),
            option(
                "database-per-tenant",
                "A database per tenant.",
                ["the strongest isolation; per-tenant keys and residency"],
                ["cost and operations grow with every tenant", "cross-tenant reporting is hard"],
            ),
        ],
        decision=isolation,
        rationale=f"Chosen because {cause}.",
        consequences=[
            "the tenant comes from the token's tenant claim, never from a path or query parameter",
            "per-tenant rate limits and quotas at the edge keep a noisy tenant from starving the others",
            "an automated test per table proves a query without the tenant returns nothing",
        ],
        drivers=["system.tenancy", "compliance.regimes"],
    )
    return TenancyDesign(
        isolation=isolation,
        tenant_key=key,
        enforcement=enforcement,
        tenant_from="the tenant claim of the caller's token, set by the identity provider at sign-in",
        noisy_neighbours="per-tenant rate limits and concurrency quotas at the edge and in the workers; the largest "
        "tenants can be moved to a dedicated database without a code change",
        decision=decision_id,
    )


def _enforcement(draft: Draft, isolation: str, key: str) -> str:
    """How every store that keeps tenants' data holds each query to one tenant: the isolation's wall around the
    relational system of record, and each other kind of store's own (none of them has row-level security)."""
    walls = tenant_walls()
    grouped: dict[str, list[str]] = {}  # each wall, with the stores it holds
    for store in (s for s in draft.stores if s.entities or s.files):
        if store.kind == "relational":
            engine = draft.catalog.engine(store.technology)
            policed = isolation != "shared-schema" or engine.row_security
            wall = walls.isolation[isolation] if policed else walls.unpoliced.replace("{engine}", engine.name)
        elif store.kind in walls.shared:
            wall = walls.shared[store.kind]
        else:
            continue
        grouped.setdefault(wall.format(key=key), []).append(store.name)
    if len(grouped) <= 1:
        return next(iter(grouped), walls.isolation[isolation].format(key=key))
    return "; ".join(f"in {english.join(names)}, {wall}" for wall, names in grouped.items())


def _accountable(draft: Draft, audit: AuditWords | None) -> str:
    """Where who did what is kept: each decision on its record, for as long as the record; every change in the
    audit log, or else only the request logs."""
    people = person_roles(draft.req)
    # the fields, not the records: a sentence naming records in several stores would claim one transaction over them
    kept = list(dict.fromkeys(d.by for e in draft.entities for d in decisions(e, people)))
    said = (
        f"each decision a person makes is kept on its record as who and when, set from the token and the server "
        f"clock ({english.join(kept[:4])}{' and others' if len(kept) > 4 else ''}), for as long as the record"
        if kept
        else ""
    )
    rest = (
        f"{audit.log} records who changed what and when, written {audit.written}"
        if audit
        else "structured logs keep the caller, the record and the request id of "
        f"{'other changes' if said else 'every change'} for 30 days"
    )
    return f"{said}; {rest}" if said else rest


def _threats(draft: Draft, callers: list[CallerAuth], audit: AuditWords | None) -> list[Threat]:
    """STRIDE over the design's entry points and data: one row per threat that its subject makes real."""
    out: list[Threat] = []
    kinds = {c.kind for c in callers}
    pii = [e.name for e in draft.entities if e.pii]
    if "person" in kinds:
        out.append(
            Threat(
                target="sign-in and tokens",
                category="Spoofing",
                threat="stolen credentials or a stolen token are used to act as a person",
                mitigation="the identity provider's MFA and breached-password checks; "
                + (
                    "sessions kept in secure, HttpOnly cookies that end at sign-out, with no tokens of our own to steal"
                    if _framework_sessions(draft)
                    else "15-minute access tokens bound to the client; refresh-token rotation with reuse detection"
                ),
            )
        )
    if "device" in kinds:
        out.append(
            Threat(
                target="device connections",
                category="Spoofing",
                threat="a cloned or stolen device publishes readings as another device",
                mitigation="per-device certificates in secure storage; topic policies limit a device to its "
                "own id; certificates of lost devices are revoked; implausible readings are flagged",
            )
        )
    if "integration" in kinds:
        names = ", ".join(c.caller for c in callers if c.kind == "integration")
        paid = bool(set(payment_providers(draft.req)) & {c.caller for c in callers})
        out.append(
            Threat(
                target=f"webhooks from {names}",
                category="Spoofing",
                threat="forged or replayed callbacks change " + ("payment or record state" if paid else "records"),
                mitigation="signature verified over the raw body with the sender's secret and a timestamp "
                "window; event ids de-duplicated"
                + ("; state confirmed against the sender's API before money moves" if paid else ""),
            )
        )
    events = [
        f"{e.method} {e.path}" for s in draft.services for e in s.endpoints if e.method != "GET" and e.auth == "public"
    ]
    if events:
        token = operation_words().reads.event_token
        out.append(
            Threat(
                target=f"events recorded without an account ({', '.join(events[:3])})",
                category="Spoofing",
                threat="anyone forges or replays billable or counted events against any record (click fraud, "
                "inflated views)",
                mitigation=f"each event carries the signed, expiring {token} issued with the page it came from; the "
                "server derives the record, the people and the time from it and drops a value seen before; rate "
                "limits per IP and per value at the edge; bot traffic filtered before it is billed or counted",
            )
        )
    writes = [e for s in draft.services for e in s.endpoints if e.method != "GET" and e.auth in ("user", "public")]
    if writes:
        out.append(
            Threat(
                target="write operations",
                category="Tampering",
                threat="a client sets fields the server owns (status, amounts, owner) or edits another person's record",
                mitigation="input schemas exclude server-owned fields; status changes only "
                "through transitions; ownership checked on every record; If-Match on updates",
            )
        )
    out.append(
        Threat(
            target="changes to records",
            category="Repudiation",
            threat="someone denies having made a change or a decision",
            mitigation=_accountable(draft, audit),
        )
    )
    if pii:
        out.append(
            Threat(
                target=", ".join(pii[:4]),
                category="Information disclosure",
                threat="personal data is read by someone without a need (guessing ids, broad list queries, logs)",
                mitigation="ownership and relationship checks on every read; list operations "
                "filtered to what the caller may see; personal fields masked in logs; random UUIDs",
            )
        )
    if not draft.tiny:
        out.append(
            Threat(
                target="public entry points",
                category="Denial of service",
                threat="floods of requests or connections exhaust capacity",
                mitigation="rate limits per caller and per IP at the edge, connection limits per client on "
                "the realtime gateway, autoscaling and load shedding"
                if held_open(draft.realtime)
                else "rate limits per caller and per IP at the edge, autoscaling and load shedding",
            )
        )
    internal = [r.name for r in draft.req.users.roles if r.internal]
    external = [r.name for r in draft.req.users.roles if not r.internal and r.kind == "person"]
    if internal and external:
        out.append(
            Threat(
                target="staff operations",
                category="Elevation of privilege",
                threat=f"{english.a(external[0])} token reaches staff-only operations",
                mitigation=f"roles checked on every staff operation ({', '.join(internal)}); staff MFA",
            )
        )
    if draft.tenancy is not None or (draft.req.system.tenancy and draft.req.system.tenancy.model == "multi"):
        out.append(
            Threat(
                target="tenant data",
                category="Information disclosure",
                threat="a query or cache key without the tenant returns another tenant's data",
                mitigation="the tenant from the token in every query, key and search filter, each store by its own "
                "wall (row-level security where the engine has it); a CI test per table",
            )
        )
    suffix = f"-{isolation().suffix}"
    fetcher = next((d for d in draft.deployables if d.name.endswith(suffix)), None)
    if fetcher is not None:  # the isolation is a deployable of the design: the control names it
        owners = {e: s.name for s in draft.services for e in s.entities}
        keeping = list(dict.fromkeys(owners[h] for _, h in fetching(draft.req) if h in owners))
        mitigation = isolation().mitigation.format(fetcher=fetcher.name, service=english.join(keeping))
        out += [t.model_copy(update={"mitigation": mitigation}) for t in fetch_threats(draft.req)]
    else:
        out += fetch_threats(draft.req)
    for found in draft.patterns:
        for spec in (t for t in found.pattern.contributes.threats if found.allows(t)):
            out.append(
                Threat(
                    target=text(draft, found, spec.target),
                    category=spec.category,
                    threat=text(draft, found, spec.threat),
                    mitigation=text(draft, found, spec.mitigation),
                )
            )
            draft.credit(found.pattern.id, f"threat to {text(draft, found, spec.target)}")
    return out


def _who_signs_in(draft: Draft, internal: list[str]) -> str:
    """'People who sign in: customer and merchant, and staff: admin' (or 'all of them staff')."""
    people = [r.name for r in draft.req.users.roles if r.kind == "person"]
    outside = [p for p in people if p not in internal]
    if not internal:
        return f"People who sign in: {english.join(people)}"
    if not outside:
        return f"People who sign in: {english.join(people)}, all of them staff"
    return f"People who sign in: {english.join(outside)}, and staff: {english.join(internal)}"


def _sender_proof(draft: Draft, name: str) -> str:
    """How a system that calls in proves itself and what makes its events unique: its contract's, where known."""
    if arbitrary_sender(draft.req, name):
        return (
            "the secret token of its own per-record webhook URL (made, rotated and revoked by an operation; stored "
            "hashed and compared in constant time); any app may post, so there is no sender's event id to "
            "de-duplicate on and no sender's API to reconcile against"
        )
    contract = contract_of(draft.req, name)
    if contract is not None and contract.notification is not None:
        n = contract.notification
        batch = "; each item of a batch checked and handled on its own" if n.batched else ""
        return f"{n.signature}, checked before anything else{batch}; events de-duplicated on {n.dedupe}"
    return (
        "the sender's HMAC signature over the raw body, checked with its secret and a 5-minute replay window before "
        "anything else; events de-duplicated on the sender's event id"
    )


def _framework_sessions(draft: Draft) -> bool:
    """Whether the people who sign in keep a session of the platform's or the web framework's, not tokens the
    design refreshes: the platform signs them in, or they land on the one provider's callback."""
    if edge_sign_in(draft) is not None:
        return True
    own = {f"{e.method} {e.path}" for s in draft.services for e in s.endpoints}
    return any(f"GET {p}" in own for p in protocols().protocols["oidc_provider"].callback_paths)


def sign_in_landings(draft: Draft) -> list[str]:
    """The design's own endpoints a single sign-on lands on (an OIDC callback, a SAML assertion consumer)."""
    known = protocols().protocols
    landing = {p for name in ("oidc", "oidc_provider", "saml") for p in known[name].callback_paths}
    return sorted(f"{e.method} {e.path}" for s in draft.services for e in s.endpoints if e.path in landing)


def _at_rest(draft: Draft, kms: str) -> str:
    """Keys the organisation manages in the key service where a regime or the questionnaire asks for them (with the
    reason); otherwise the platform's keys, which meet "encryption at rest" with no key policy to run."""
    reason = managed_keys_reason(draft.req)
    tenants = privacy.tenant_keys(draft)
    people = privacy.person_key_fields(draft)
    own = []  # the design's own data keys, one story with the data page and the decisions
    if tenants:
        own.append(
            f"each tenant's files and most sensitive fields are encrypted with the tenant's own data key, kept in "
            f"{kms} (envelope encryption); destroying it once the tenant's data is deleted makes what remains in "
            "backups unreadable"
        )
    if people:
        under = ", each wrapped by the tenant's data key" if tenants else f", kept in {kms}"
        own.append(
            f"{english.join(people)} {'are' if len(people) > 1 else 'is'} encrypted with a key per person{under}; "
            "an erasure destroys the person's key (crypto-shredding)"
        )
    if reason:
        base = f"every store encrypted with customer-managed keys in {kms}, rotated yearly: {reason}"
    elif own:
        base = "every store encrypted with the platform's managed keys, which the platform rotates"
    else:
        return (
            "every store encrypted with the platform's managed keys, which the platform rotates: no regime or stated "
            "need asks the team to hold keys of its own"
        )
    return "; ".join([base, *own])
