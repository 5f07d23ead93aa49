"""Security and compliance rules: regimes answered by controls, erasure, residency, audit and threats."""

from __future__ import annotations

import re

from archgen.common.english import join
from archgen.knowledge.operations import operation_words
from archgen.requirements import personal
from archgen.requirements.intent import anonymous_role, is_role_record, peers
from archgen.requirements.model import KNOWN_REGIMES
from archgen.review.engine import Found, Problem, Subject, rule
from archgen.review.rules.data import ERASURE_REGIMES

STRICT_REGIMES = ("hipaa", "pci-dss")  # regimes that require every store encrypted, not only personal data


def _regimes(subject: Subject) -> list[str]:
    return [r.lower() for r in subject.req.compliance.regimes]


@rule("SEC001", "error", "security", "Compliance regime without controls")
def regime_controls(subject: Subject) -> Found:
    """A compliance regime of the questionnaire has no control in the design that answers it."""
    mapped = {c.regime.lower() for c in subject.design.security.controls}
    for regime in _regimes(subject):
        if regime in KNOWN_REGIMES and regime not in mapped:
            yield Problem(
                element=regime,
                at=("security", "controls"),
                message="no control in the design answers this regime",
                fix="map each of its requirements to a measure and the design elements that implement it",
            )


@rule("SEC002", "error", "security", "Personal data without a way to erase it")
def erasure(subject: Subject) -> Found:
    """Under a regime that gives a right to erasure (GDPR, CCPA, LGPD, COPPA), an entity with personal data has no
    endpoint that erases a person's records."""
    if not set(_regimes(subject)) & set(ERASURE_REGIMES):
        return
    for i, entity in enumerate(subject.design.entities):
        if entity.pii and not subject.erasable(entity.name):
            yield Problem(
                element=entity.name,
                at=("entities", i),
                message="holds personal data, but nothing erases it when a person asks (right to erasure)",
                fix="add an erase (DELETE) endpoint to its owning service, or for append-only records a POST "
                "…/erasure-requests that erases or anonymises them asynchronously; crypto-shred its backups' keys",
            )


@rule("SEC009", "error", "security", "Erasure that forgets a copy")
def erasure_copies(subject: Subject) -> Found:
    """Under a right to erasure, a person's records are erased, but the way it is done does not name every copy that
    keeps them: the search index that indexes them, the files they name, or the backups of their store."""
    if not set(_regimes(subject)) & set(ERASURE_REGIMES):
        return
    design = subject.design
    entities = {e.name: e for e in design.entities}
    backups = {b.store for b in (design.reliability.backups if design.reliability else []) if b.retention != "n/a"}
    buckets = [s.name for s in design.stores if s.kind == "object"]
    files = personal.vocabulary().files
    for i, handling in enumerate(design.security.pii):
        entity = entities.get(handling.entity)
        if entity is None or not entity.pii or not subject.erasable(entity.name):
            continue
        said = " ".join(handling.controls).lower()
        copies = [entity.search_index] if entity.search_index else []
        if any(f.pii and personal.says(personal.name_words(f.name), files) for f in entity.fields):
            copies += buckets
        missing = [c for c in copies if c.lower() not in said]
        if entity.store in backups and "backup" not in said:
            missing.append(f"the backups of {entity.store}")
        if missing:
            yield Problem(
                element=entity.name,
                at=("security", "pii", i),
                message=f"an erasure of its records does not say it reaches {join(missing)}, which keep copies of them",
                fix="name every copy the erasure reaches (index documents, files and their CDN copies, backups by "
                "expiry or crypto-shredding)",
            )


@rule("SEC003", "error", "security", "Personal data outside the data residency")
def residency(subject: Subject) -> Found:
    """A region that stores or processes personal data lies outside the areas or countries where the questionnaire
    says personal data must stay (a standby in the same area is inside it). Where cells follow a home field
    (Tenant.home_region), the residency binds the homes in its area; each other home keeps its data in its own."""
    from archgen.knowledge.catalog import Catalog
    from archgen.requirements.areas import area_of, read_area

    places = list(subject.req.compliance.data_residency)
    design = subject.design
    if not places:
        return
    catalog = Catalog(design.deployment.cloud, [], [])
    topology = design.topology
    if topology is not None:
        placed = [
            (("topology", "regions", i), r.name, r.home) for i, r in enumerate(topology.regions) if r.personal_data
        ]
    else:
        placed = [(("reliability", "regions", i), r, "") for i, r in enumerate(design.reliability.regions)]
    reported = set()
    for path, name, home in placed:
        region = catalog.region(name)
        if region is None or name in reported:
            continue  # a region archgen does not know cannot be checked
        if topology is not None and topology.homed_by and home:
            reading = read_area(home, "users.regions")
            area = home if isinstance(reading, str) else reading.name
            binding = [p for p in places if area_of(p) == area]
            if not binding:
                continue  # this home lies outside the residency's area: its data stays in its own cell
            places_here = binding
        else:
            places_here = places
        inside = any(p == region.country or (area_of(p) == p and p in (region.area, "global")) for p in places_here)
        if not inside:
            reported.add(name)
            allowed = sorted({r.name for p in places_here for r in catalog.regions_in(p)})
            yield Problem(
                element=name,
                at=path,
                message=f"holds personal data in {region.country.upper()} ({region.area}), outside the data residency "
                f"({', '.join(places_here)})",
                fix=f"keep personal data in {', '.join(allowed) or ', '.join(places_here)}",
            )


@rule("SEC004", "error", "security", "Audit log required but not designed")
def audit_log(subject: Subject) -> Found:
    """The questionnaire asks for an audit log, and the security design does not describe one."""
    if subject.req.compliance.audit_log and not subject.design.security.audit.strip():
        yield Problem(
            element="security",
            at=("security", "audit"),
            message="the questionnaire asks for an audit log; the design has none",
            fix="describe the audit log: what is recorded, where, who may read it and how long it is kept",
        )


@rule("SEC005", "error", "security", "Unencrypted store under a strict regime")
def strict_encryption(subject: Subject) -> Found:
    """Under HIPAA or PCI DSS a store is not encrypted at rest."""
    strict = sorted(set(_regimes(subject)) & set(STRICT_REGIMES))
    if not strict:
        return
    for i, store in enumerate(subject.design.stores):
        if not store.encryption_at_rest:
            yield Problem(
                element=store.name,
                at=("stores", i, "encryption_at_rest"),
                message=f"is not encrypted at rest, which {join(strict)} "
                f"{'requires' if len(strict) == 1 else 'require'}",
                fix="enable encryption at rest with managed keys",
            )


@rule("SEC006", "warning", "security", "Kind of caller missing from the threat model")
def threat_model(subject: Subject) -> Found:
    """A kind of caller the design accepts (people, devices, other systems, webhook senders) has no spoofing threat
    in the threat model, so how a forged caller is stopped is never written down."""
    spoofing = " ".join(t.target + " " + t.threat for t in subject.design.security.threats if t.category == "Spoofing")
    words = {
        "person": ("sign-in", "token", "person"),
        "device": ("device",),
        "integration": ("webhook", "callback"),
        "service": ("service", "system", "client"),
    }
    for i, caller in enumerate(subject.design.security.callers):
        if not any(w in spoofing.lower() for w in words.get(caller.kind, ())):
            yield Problem(
                element=caller.caller,
                at=("security", "callers", i),
                message=f"the threat model has no spoofing threat for {caller.kind} callers",
                fix="walk the entry point through STRIDE and add its threats and mitigations to security.threats",
            )


@rule("SEC008", "error", "security", "Regime answered only by its scope")
def scope_only(subject: Subject) -> Found:
    """A regime the questionnaire names is answered only by a 'Scope' line while the design holds what the regime
    governs: personal data for a privacy regime, payments for PCI DSS, or nothing at all for a regime whose
    obligations apply to every system."""
    from archgen.knowledge.compliance import catalog

    design = subject.design
    have = {
        "personal_data": any(e.pii for e in design.entities) or bool(subject.personal),
        "people": any(r.kind == "person" for r in subject.req.users.roles),
        "customers": any(r.kind == "person" and not r.internal for r in subject.req.users.roles),
        "staff": any(r.internal for r in subject.req.users.roles),
        "devices": any(r.kind == "device" for r in subject.req.users.roles),
        "processors": any(i.direction != "inbound" for i in subject.req.integrations),
        "audit": bool(design.security.audit.strip()),
    }
    controls = design.security.controls
    for regime in _regimes(subject):
        spec = catalog().regimes.get(regime)
        mine = [c for c in controls if c.regime.lower() == regime]
        if spec is None or not mine or not all(c.requirement.lower().startswith("scope") for c in mine):
            continue
        owed = [c.requirement for c in spec.controls if all(have.get(n, False) for n in c.needs)]
        if owed:
            index = next(i for i, c in enumerate(controls) if c.regime.lower() == regime)
            yield Problem(
                element=regime,
                at=("security", "controls", index),
                message=f"is answered only by its scope, but the design holds what it governs: {'; '.join(owed[:3])}"
                + (" …" if len(owed) > 3 else ""),
                fix=f"map each of {regime}'s obligations to a measure and the elements that implement it",
            )


COLLECTIONS = ("list", "search", "nearby", "aggregate")


@rule("SEC010", "error", "security", "Anonymous role's use case behind sign-in")
def anonymous_behind_sign_in(subject: Subject) -> Found:
    """A role the questionnaire describes as using the system without an account (a visitor, "many are not signed
    in") needs a token for a use case it is meant to do anonymously: reading what belongs to nobody in particular
    (nothing declared personal, not its own records) or appending an event (a click, a view)."""
    req = subject.req
    for use_case in req.use_cases:
        if use_case.interaction not in ("request", "stream") or not anonymous_role(req, use_case.actor):
            continue
        if "my" in re.findall(r"[a-z]+", use_case.name.lower()):
            continue
        written = [req.entity(n) for n in use_case.writes]
        event = bool(written) and all(e.mutability == "append_only" for e in written)
        for path, service, endpoint in subject.endpoints():
            if use_case.name not in endpoint.use_cases or endpoint.auth != "user" or endpoint.entity is None:
                continue
            entity = req.entity(endpoint.entity)
            own = is_role_record(use_case.actor or "", entity.name) or any(
                k.kind == "ref" and k.target and is_role_record(use_case.actor or "", k.target)
                for k in entity.fields.values()
            )
            reads = not use_case.writes and endpoint.method == "GET" and not entity.pii and not own
            if reads or (event and endpoint.method != "GET"):
                yield Problem(
                    element=f"{service.name}: {endpoint.method} {endpoint.path}",
                    at=(*path, "auth"),
                    message=f"'{use_case.name}' is done by {use_case.actor}, who uses the system without an "
                    "account, but the operation needs a signed-in caller",
                    fix="make it public (auth: public): return the view for others, rate-limit it at the edge, and "
                    "take only what an anonymous client knows",
                )


@rule("SEC011", "error", "security", "Anonymous event the client can forge")
def forgeable_event(subject: Subject) -> Found:
    """An operation that records something without a token (a click that is billed, a view that is counted) lets
    the client name the records or people involved or the time, or carries no signed value issued with the page
    it came from: anyone can forge events against anyone."""
    token = operation_words().reads.event_token
    for path, service, endpoint in subject.endpoints():
        entity = subject.entities.get(endpoint.entity or "")
        if endpoint.auth != "public" or endpoint.method == "GET" or entity is None:
            continue
        named = [
            f.name
            for f in entity.fields
            if f.set_by == "client" and (f.type.startswith("ref[") or f.type in ("timestamp", "date"))
        ]
        signed = any(f.name == token and f.set_by == "client" for f in entity.fields)
        if named or not signed:
            yield Problem(
                element=f"{service.name}: {endpoint.method} {endpoint.path}",
                at=(*path, "auth"),
                message=f"records {entity.name} without a caller"
                + (f" and lets the client set {join(named)}" if named else "")
                + ("" if signed else f", with no {token} issued with the page it came from"),
                fix=f"take a signed, expiring {token} issued with the page; derive the records, the people and the "
                "time from it on the server (set_by: server) and drop values seen before",
            )


@rule("SEC058", "error", "security", "Anonymous people's events need an account")
def anonymous_events_need_account(subject: Subject) -> Found:
    """People the questionnaire says use the system without signing in (a viewer, a visitor) record events (a
    heartbeat, a view), yet the event must name their account: it is required, or part of the record's key, so
    everyone not signed in records nothing and the counts built on the events are wrong by construction. The
    account is optional and taken from a token when there is one; a session or device id stands for the rest."""
    for i, entity in enumerate(subject.design.entities):
        makers = {
            u.actor
            for u in subject.req.use_cases
            if entity.name in u.writes and u.actor and anonymous_role(subject.req, u.actor)
        }
        if not makers or entity.mutability != "append_only":
            continue
        for j, field in enumerate(entity.fields):
            target = field.type[4:-1] if field.type.startswith("ref[") else ""
            if not any(is_role_record(r, target) for r in makers):
                continue
            if field.required or field.name in entity.primary_key:
                yield Problem(
                    element=f"{entity.name}.{field.name}",
                    at=("entities", i, "fields", j),
                    message=f"must name the {target} who recorded it"
                    + (" and is part of its key" if field.name in entity.primary_key else "")
                    + f", though {join(sorted(makers))} mostly use the system without signing in",
                    fix="make it optional, taken from the token when there is one, and key the record by what every "
                    "caller has (a session or device id issued with the page); take the operation without a token "
                    "and rate-limit it per client",
                )


@rule("SEC012", "error", "security", "Person lists other people's records")
def person_lists_others(subject: Subject) -> Found:
    """A person role the records are about (a patient of the Patient records) that neither keeps them, nor is staff,
    nor is related to the others (no record refers to two of them, as a follow does) can list, search or export
    the whole collection, so one person learns who else is there and reads their data. A collection scoped to the
    caller's own records lives under /v1/me."""
    from archgen.review.rules.api import _keepers, _subject_roles

    roles = {r.name: r for r in subject.req.users.roles}
    for path, service, endpoint in subject.endpoints():
        found = subject.personal.get(endpoint.entity or "")
        if found is None or not found.person or endpoint.path.startswith("/v1/me/"):
            continue
        if peers(subject.req, endpoint.entity or ""):
            continue  # the questionnaire relates them to each other (followers, members mentioned)
        if endpoint.action not in COLLECTIONS and endpoint.link != "export":
            continue
        entity = endpoint.entity or ""
        selves = _subject_roles(subject, entity) - _keepers(subject, entity)
        callers = [r for r in endpoint.roles if r in selves and r in roles and not roles[r].internal]
        if callers:
            yield Problem(
                element=f"{service.name}: {endpoint.method} {endpoint.path}",
                at=(*path, "roles"),
                message=f"lets {join(callers)} list or export every {entity} record, though each is about one of them",
                fix="let them read their own record by id (ownership checked), or scope the collection to the "
                "caller under /v1/me; leave the collection to the roles that keep the records and staff",
            )


@rule("SEC013", "error", "security", "Other people's activity in the view for others")
def activity_for_others(subject: Subject) -> Found:
    """A record of what a person did (a click, a view, an access) is read by others through a view that still
    carries that person's personal fields (their id, what they searched): one person reads another's activity."""
    for i, entity in enumerate(subject.design.entities):
        found = subject.personal.get(entity.name)
        known = next((e for e in subject.req.data.entities if e.name == entity.name), None)
        if found is None or known is None or known.mutability != "append_only":
            continue
        if "link" not in found.fields.values():
            continue
        read = any(e.entity == entity.name and e.method == "GET" and e.roles for _, _, e in subject.endpoints())
        exposed = [f.name for f in entity.fields if f.name in found.fields and not f.readers]
        if read and exposed:
            yield Problem(
                element=entity.name,
                at=("entities", i, "fields"),
                message=f"records what a person did, but every caller that reads it gets {join(exposed)}",
                fix="give those fields readers (self and the roles that keep or serve the records), so others "
                "get a view without them",
            )


@rule("SEC069", "warning", "security", "Customer-managed keys without a reason to hold them")
def keys_without_reason(subject: Subject) -> Found:
    """The design encrypts its stores with keys the team manages in the key service, yet no regime asks the
    organisation to manage its keys and the questionnaire never asks for them. The platform's own keys already meet
    encryption at rest; keys of one's own add a key policy, a rotation and an outage (a disabled key makes the data
    unreadable) for nobody's benefit. Use the platform's keys, or name the clause that asks for your own."""
    from archgen.knowledge.encryption import encryption, managed_keys_reason

    said = subject.design.security.at_rest.lower()
    word = next((w for w in encryption().said if w in said), None)
    if word is None or managed_keys_reason(subject.req):
        return
    regimes = _regimes(subject)
    yield Problem(
        element="security",
        at=("security", "at_rest"),
        message=f"says {word!r} of the keys at rest, but "
        + (f"none of {join(regimes)} asks" if regimes else "no regime asks")
        + " the organisation to manage its keys and the questionnaire does not ask for them",
        fix="encrypt with the platform's managed keys, or name the regime clause or the customer demand that asks "
        "for keys of your own",
    )
