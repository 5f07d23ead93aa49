"""Authentication, authorisation, encryption, secrets, PII handling, compliance controls and a STRIDE table."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft, option
from archgen.design.model import Control, PiiHandling, Security, Threat

# Controls per regime: (requirement, measure, element roles). Roles are resolved to design element names.
CONTROLS: dict[str, list[tuple[str, str, list[str]]]] = {
    "gdpr": [
        (
            "Art. 5, 25: data minimisation and privacy by design",
            "personal fields are classified in the data model; only they are encrypted, masked in logs and exported",
            ["pii_stores"],
        ),
        (
            "Art. 17: right to erasure",
            "an erase endpoint deletes or anonymises a person's rows and crypto-shreds "
            "their field keys; backups age out within their retention",
            ["pii_services", "kms"],
        ),
        ("Art. 30: records of processing", "the data page of this design is the processing inventory", ["pii_stores"]),
        (
            "Art. 32: security of processing",
            "TLS everywhere, encryption at rest with managed keys, least privilege",
            ["gateway", "kms", "all_stores"],
        ),
        (
            "Art. 33: breach notification within 72 hours",
            "security alerts page on-call; an incident runbook includes the notification steps",
            ["observability"],
        ),
        (
            "Chapter V: transfers and residency",
            "personal data stays in the residency regions; no replication outside them",
            ["regions"],
        ),
    ],
    "ccpa": [
        ("Right to know and to delete", "export and erase endpoints for a consumer's data", ["pii_services"]),
        (
            "Opt-out of sale or sharing",
            "a consent flag checked before any data leaves to third parties",
            ["integrations"],
        ),
        (
            "Reasonable security",
            "encryption in transit and at rest, access control, audit log",
            ["gateway", "kms", "audit"],
        ),
    ],
    "hipaa": [
        (
            "164.312(a): access control",
            "unique user ids, role-based access, automatic session timeout",
            ["identity", "gateway"],
        ),
        (
            "164.312(b): audit controls",
            "every read and write of PHI is written to the append-only audit log",
            ["audit"],
        ),
        (
            "164.312(c): integrity",
            "checksums on stored records, write access only through the owning service",
            ["all_stores"],
        ),
        ("164.312(e): transmission security", "TLS 1.2+ on every hop, mTLS between services", ["gateway"]),
        (
            "164.308(b): business associate agreements",
            "a BAA with the cloud provider and every integration that touches PHI",
            ["integrations"],
        ),
    ],
    "pci-dss": [
        (
            "Req. 3: protect stored account data",
            "card data is never stored or processed: the payment "
            "provider's hosted fields and tokens keep us in SAQ A scope",
            ["payments"],
        ),
        ("Req. 4: strong cryptography in transit", "TLS 1.2+ only, HSTS", ["gateway"]),
        (
            "Req. 6: secure development",
            "dependency and container scanning, code review, OWASP ASVS checks in CI",
            ["ci"],
        ),
        ("Req. 8: identify and authenticate", "MFA for staff and for administrative access", ["identity"]),
        (
            "Req. 10: log and monitor",
            "audit log of administrative actions; logs kept one year",
            ["audit", "observability"],
        ),
        ("Req. 11: test security regularly", "quarterly vulnerability scans and a yearly penetration test", ["ci"]),
    ],
    "soc2": [
        (
            "CC6: logical access",
            "SSO with MFA for staff, least-privilege roles, quarterly access reviews",
            ["identity"],
        ),
        ("CC7: system operations", "monitoring, alerting and an incident process with post-mortems", ["observability"]),
        ("CC8: change management", "every change through pull requests, CI checks and an auditable pipeline", ["ci"]),
        ("A1: availability", "SLOs, backups and restore drills as designed on the reliability page", ["all_stores"]),
    ],
    "sox": [
        ("Segregation of duties", "no one deploys their own change to production without review", ["ci"]),
        (
            "Change control over financial data",
            "schema and data changes go through reviewed migrations",
            ["all_stores", "ci"],
        ),
        ("Audit trail", "append-only audit log of changes to financial records, retained seven years", ["audit"]),
    ],
    "iso27001": [
        ("A.5.15 / A.8.2: access control", "role-based access, privileged access reviewed quarterly", ["identity"]),
        ("A.8.24: use of cryptography", "managed keys with rotation; TLS everywhere", ["kms", "gateway"]),
        (
            "A.8.15 / A.8.16: logging and monitoring",
            "central logs, security alerts, retention policy",
            ["observability"],
        ),
        (
            "A.5.30: ICT readiness for business continuity",
            "backups, restore drills and the DR topology",
            ["all_stores", "regions"],
        ),
        (
            "A.5.19: supplier relationships",
            "each integration has an owner, a contract and an exit plan",
            ["integrations"],
        ),
    ],
}


def plan_security(draft: Draft) -> None:
    """Decide authentication and authorisation, and map PII, regimes and threats to design elements."""
    req = draft.req
    cat = draft.catalog
    internal = [r.name for r in req.users.roles if r.internal]
    external = [r.name for r in req.users.roles if not r.internal]
    regimes = [r.lower() for r in req.compliance.regimes]
    audit = req.compliance.audit_log or bool({"hipaa", "sox", "pci-dss", "soc2"} & set(regimes))
    services_distributed = len(draft.deployables) > 2 or any(d.kind == "web" for d in draft.deployables[1:])
    decision_id = draft.decide(
        "Authentication and authorisation",
        f"Roles: {', '.join(r.name for r in req.users.roles)}"
        + (f" (staff-only: {', '.join(internal)})" if internal else "")
        + f". Compliance: {', '.join(req.compliance.regimes) or 'none'}.",
        [
            option(
                f"OpenID Connect with {cat['identity']}",
                "A managed identity provider issues short-lived JWT access tokens; the gateway validates them; "
                "services check roles and ownership.",
                [
                    "no passwords stored by us",
                    "MFA, SSO and account recovery come built in",
                    "standard tokens that every language can verify",
                ],
                ["a dependency on the provider's availability", "token revocation is by short lifetime"],
            ),
            option(
                "Sessions managed by the application",
                "Server-side sessions with our own password store.",
                ["full control", "instant revocation"],
                ["we store and protect password hashes", "MFA and SSO are ours to build"],
            ),
        ],
        f"OpenID Connect with {cat['identity']}",
        "Delegating identity to a standard provider removes the riskiest code (passwords, MFA, recovery) and "
        "gives staff SSO.",
        [
            "access tokens live 15 minutes; refresh tokens rotate on use",
            "authorisation is role-based from token claims plus ownership checks on every record (no IDOR)",
            "staff roles need MFA" + (f" ({', '.join(internal)})" if internal else ""),
        ],
        ["users.roles", "compliance.regimes"],
    )
    pii = [
        PiiHandling(
            entity=e.name,
            fields=[f.name for f in e.fields if f.pii],
            controls=[
                "encrypted at rest with managed keys",
                *(
                    ["field-level encryption of the personal fields with a per-tenant data key (crypto-shredding)"]
                    if regimes
                    else []
                ),
                "masked in logs and traces",
                f"retention: {e.retention_days} days, then deleted"
                if e.retention_days
                else "kept while the account exists; erased on request",
                "exported and erased through the owning service's API",
            ],
        )
        for e in draft.entities
        if e.pii
    ]
    draft.security = Security(
        authentication=f"OpenID Connect via {cat['identity']}; JWT bearer tokens validated at the gateway "
        f"(decided in {decision_id})",
        authorization="role-based access from token claims"
        + (f" ({', '.join(external)} for users, {', '.join(internal)} for staff)" if internal else "")
        + ", with ownership checks on every record; deny by default",
        service_to_service="mTLS with workload identities through a service mesh"
        if services_distributed
        else "in-process calls; workers and the database authenticate with workload identity (no static passwords)",
        transport="TLS 1.3 (1.2 minimum) on every hop; HSTS on public endpoints",
        at_rest=f"every store encrypted with keys in {cat['kms']}; keys rotated yearly",
        secrets=f"{cat['secrets']}; injected at runtime, rotated every 90 days, never in code, images or logs",
        input_validation="requests validated against the OpenAPI schemas at the edge (types, lengths, enums); "
        "parameterised queries only; output encoding in every client",
        rate_limiting="token bucket per user and per IP at the gateway, with tighter limits on authentication "
        "and write endpoints",
        audit="append-only audit log of who changed what and when, kept in its own table with restricted access"
        if audit
        else "",
        pii=pii,
        controls=_controls(draft, regimes),
        threats=_threats(draft),
    )
    elements = ["gateway", cat["identity"]]
    draft.trace("users.roles", "every role can do exactly what it needs", elements, [decision_id])
    for regime in req.compliance.regimes:
        controls = [c for c in draft.security.controls if c.regime == regime.lower()]
        draft.trace(
            f"compliance.regimes[{regime}]",
            f"comply with {regime}",
            sorted({e for c in controls for e in c.elements}),
            [decision_id] if controls else [],
        )
    if req.compliance.audit_log:
        draft.trace("compliance.audit_log", "keep an audit log", ["audit log"], [decision_id])


def _controls(draft: Draft, regimes: list[str]) -> list[Control]:
    cat = draft.catalog
    pii_stores = sorted({e.store for e in draft.entities if e.pii}) or [s.name for s in draft.stores[:1]]
    pii_services = sorted({e.owner for e in draft.entities if e.pii}) or [draft.services[0].name]
    payments = [i.name for i in draft.req.integrations if "pay" in i.kind.lower() or "pay" in i.name.lower()]
    roles = {
        "pii_stores": pii_stores,
        "pii_services": pii_services,
        "all_stores": [s.name for s in draft.stores],
        "gateway": ["gateway"],
        "kms": [cat["kms"]],
        "identity": [cat["identity"]],
        "observability": [cat["observability"].split(",")[0]],
        "audit": ["audit log"],
        "ci": ["CI/CD pipeline"],
        "regions": draft.reliability.regions if draft.reliability else [],
        "integrations": [i.name for i in draft.req.integrations] or ["no integrations"],
        "payments": payments or ["no card data is handled"],
    }
    out = []
    for regime in regimes:
        for requirement, measure, element_roles in CONTROLS.get(regime, []):
            elements = [name for role in element_roles for name in roles[role]]
            out.append(Control(regime=regime, requirement=requirement, measure=measure, elements=elements))
    return out


def _threats(draft: Draft) -> list[Threat]:
    """A STRIDE pass over the main flows (the five most frequent use cases)."""
    req = draft.req
    flows = sorted(req.use_cases, key=lambda u: -u.frequency_per_user_per_day)[:5]
    out: list[Threat] = []
    for use_case in flows:
        target = use_case.name
        out.append(
            Threat(
                target=target,
                category="Spoofing",
                threat="a stolen or forged token calls the API",
                mitigation="short-lived signed JWTs validated at the gateway; refresh-token rotation",
            )
        )
        if use_case.writes:
            out.append(
                Threat(
                    target=target,
                    category="Tampering",
                    threat=f"a crafted request changes {', '.join(use_case.writes)} it should not",
                    mitigation="schema validation, ownership checks, If-Match on updates",
                )
            )
            out.append(
                Threat(
                    target=target,
                    category="Repudiation",
                    threat="a user denies having made the change",
                    mitigation="audit log with user id, time and request id",
                )
            )
        if use_case.reads:
            pii = [n for n in use_case.reads if req.entity(n).pii]
            out.append(
                Threat(
                    target=target,
                    category="Information disclosure",
                    threat="another user's records are read by guessing ids (IDOR)"
                    + (f"; exposes personal data in {', '.join(pii)}" if pii else ""),
                    mitigation="ownership checks on every record; random UUIDs; PII masked in logs",
                )
            )
        out.append(
            Threat(
                target=target,
                category="Denial of service",
                threat=f"floods of '{use_case.name}' requests exhaust capacity",
                mitigation="rate limits per user and IP, autoscaling, load shedding",
            )
        )
        for name in use_case.calls:
            out.append(
                Threat(
                    target=target,
                    category="Tampering",
                    threat=f"forged callbacks claiming to come from {name}",
                    mitigation="verify webhook signatures and replay windows; idempotent handling",
                )
            )
    internal = [r.name for r in req.users.roles if r.internal]
    if internal:
        out.append(
            Threat(
                target="staff endpoints",
                category="Elevation of privilege",
                threat="a customer token reaches staff-only operations",
                mitigation=f"roles checked on every staff operation ({', '.join(internal)}); staff MFA",
            )
        )
    return out
