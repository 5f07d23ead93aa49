"""Personal data and compliance: how each personal entity is protected, kept and erased (every copy an erasure must
reach, and the records a named regime makes the system keep), and the controls of every regime the questionnaire
names, each written only when the design holds what it speaks of."""

from __future__ import annotations

import re

from archgen.architects.rules.audit import AuditWords, audit_needed, audit_words
from archgen.architects.rules.draft import Draft
from archgen.architects.rules.ownership import copy_keepers, transaction_store
from archgen.architects.rules.patterns import listed, text
from archgen.architects.rules.reliability import copies_region
from archgen.architects.rules.topology import residency_words
from archgen.common import english
from archgen.design import card_channels, key_story
from archgen.design.embeds import participants, subject_roles
from archgen.design.kept import kept_for
from archgen.design.model import Control, EntityDesign, PiiHandling
from archgen.design.paying import payment_providers
from archgen.design.person_keys import person_keys
from archgen.design.relations import (
    granting_relation,
    membership_sentence,
    membership_unit,
    memberships,
    scope_sentence,
)
from archgen.design.scope_paths import unit_path
from archgen.design.subject_rights import implied_regimes, invoice_evidence, rights_apply
from archgen.knowledge import compliance
from archgen.knowledge.access_scopes import access_scopes
from archgen.knowledge.backing import backing
from archgen.knowledge.compliance import Element, Need, RecordKind, Retention
from archgen.knowledge.credentials import credentials
from archgen.knowledge.erasure_waits import erasure_waits, live_states
from archgen.knowledge.notifications import notifications
from archgen.knowledge.residency import residency
from archgen.knowledge.subject_rights import subject_rights
from archgen.requirements import personal
from archgen.requirements.areas import areas as area_vocabulary
from archgen.requirements.relations import oversees

# records whose stated retention is read as a legal duty to keep them (tax, medical, audit law), not a limit
KEPT_BY_LAW: set[RecordKind] = {"financial", "payment", "health", "audit"}


def regimes(draft: Draft) -> list[str]:
    """The questionnaire's regimes, lower-case."""
    return [r.lower() for r in draft.req.compliance.regimes]


def erasure_applies(draft: Draft) -> bool:
    """People may have their data erased: a named regime gives the right, or the design answers erasure requests
    anyway (people outside the organisation are kept data about, or their places bring a regime in)."""
    named = bool(set(regimes(draft)) & set(compliance.erasure_regimes()))
    return named or rights_apply(draft.req, any(e.pii for e in draft.entities))


# --- what the design holds -------------------------------------------------------------------------------------


def record_kinds(entity: EntityDesign) -> set[RecordKind]:
    """The kinds of record an entity is (financial, health, audit, payment)."""
    return compliance.record_kinds(entity.name, [f.name for f in entity.fields])


def holds(draft: Draft) -> dict[str, tuple[str, Retention]]:
    """The entities a named regime makes the system keep: they are restricted and pseudonymised on an erasure
    request, not deleted, until the period ends."""
    named = regimes(draft)
    return {
        e.name: found for e in draft.entities if (found := compliance.hold(named, e.name, [f.name for f in e.fields]))
    }


def _payments(draft: Draft) -> list[str]:
    return payment_providers(draft.req)


def processors(draft: Draft) -> list[str]:
    """The third parties that receive personal data: the cloud provider and every outbound integration."""
    cloud = {"aws": "Amazon Web Services", "gcp": "Google Cloud", "azure": "Microsoft Azure"}.get(
        draft.req.constraints.cloud, ""
    )
    sent = [i.name for i in draft.req.integrations if i.direction != "inbound"]
    return ([cloud] if cloud else []) + sent


def health_processors(draft: Draft) -> list[str]:
    """The processors that receive health records: not a push provider whose notifications carry only a record's id
    and a generic text (APNs and FCM sign no business associate agreement, so nothing more may pass them)."""
    bare = set(notifications().notification.fields)
    notifiers = {
        c.technology
        for c in draft.realtime
        if c.protocol == "mobile-push" and all(m.fields is not None and set(m.fields) <= bare for m in c.messages)
    }
    return [p for p in processors(draft) if p not in notifiers]


def _kinds(draft: Draft, entity: EntityDesign) -> dict[str, personal.Kind]:
    found = draft.personal_found.get(entity.name)
    return dict(found.fields) if found else {}


def _content(draft: Draft) -> list[EntityDesign]:
    """Entities holding what people outside the organisation write or upload."""
    outsiders = {r.name for r in draft.req.users.roles if r.kind == "person" and not r.internal}
    written = {n for u in draft.req.use_cases if u.actor in outsiders for n in u.writes}
    return [e for e in draft.entities if e.pii and e.name in written and "content" in _kinds(draft, e).values()]


def _started_payments(draft: Draft) -> list[EntityDesign]:
    """Payments people outside the organisation start (a payment, a transfer, a payout they ask for)."""
    words = compliance.catalog().subjects["payments"]
    outsiders = {r.name for r in draft.req.users.roles if r.kind == "person" and not r.internal}
    started = {n for u in draft.req.use_cases if u.actor in outsiders for n in u.writes}
    return [e for e in draft.entities if e.name in started and personal.name_words(e.name)[-1:] in ([w] for w in words)]


def _reports(draft: Draft) -> list[EntityDesign]:
    words = compliance.catalog().subjects["reports"]
    return [e for e in draft.entities if personal.says(personal.name_words(e.name), words)]


def _birth(draft: Draft) -> list[str]:
    """The fields that keep a person's birth date."""
    return [
        f"{e.name}.{f.name}"
        for e in draft.entities
        if personal.is_person(e.name)
        for f in e.fields
        if f.pii and {"birth", "dob", "birthday", "age"} & set(personal.name_words(f.name))
    ]


def _minors(draft: Draft) -> bool:
    """Whether the questionnaire says children use the system (a regime for them, or its words for them)."""
    words = set(compliance.catalog().subjects["minors"])
    req = draft.req
    texts = [req.system.summary, *(r.description or "" for r in req.users.roles)]
    texts += [f"{u.name} {u.description or ''}" for u in req.use_cases]
    said = {w for t in texts for w in re.findall(r"[a-z]+", t.lower())}
    return bool(words & (said | set(req.compliance.regimes)))


def _special(draft: Draft) -> bool:
    words = compliance.catalog().subjects["special"]
    health = any("health" in record_kinds(e) for e in draft.entities if e.pii)
    # an enumeration whose values name a category (a leave of kind sick) is special too
    told = any(
        e.name in draft.personal_found and personal.special_values(k)
        for e in draft.req.data.entities
        for k in e.fields.values()
        if k.kind == "enum"
    )
    return (
        health
        or told
        or any(f.pii and personal.says(personal.name_words(f.name), words) for e in draft.entities for f in e.fields)
    )


def _files(draft: Draft, entity: EntityDesign) -> bool:
    """An entity whose personal content names files (a storage key, an avatar)."""
    words = personal.vocabulary().files
    return any(f.pii and personal.says(personal.name_words(f.name), words) for f in entity.fields)


def subjects(draft: Draft) -> dict[Need, bool]:
    """What the design holds that a control may speak of."""
    req = draft.req
    pii = [e for e in draft.entities if e.pii]
    people = [r for r in req.users.roles if r.kind == "person"]
    customers = [r for r in people if not r.internal]
    health = any("health" in record_kinds(e) for e in pii)
    location = any("geo" in e.access for e in pii)
    large = req.users.daily_active >= 100_000
    return {
        "personal_data": bool(pii),
        "people": bool(people),
        "customers": bool(customers),
        "staff": any(r.internal for r in req.users.roles),
        "devices": any(r.kind == "device" for r in req.users.roles),
        "payments": bool(_payments(draft)),
        "funds": any(any("balance" in personal.name_words(f.name) for f in e.fields) for e in draft.entities),
        "processors": bool(processors(draft)),
        "audit": bool(draft.security and draft.security.audit) or req.compliance.audit_log,
        "dpia": bool(pii) and (health or location or large),
        "health": health,
        "location": location,
        "sensitive": any(f.encrypted for e in pii for f in e.fields),
        "special": _special(draft),
        "children": bool(customers) and bool(_birth(draft)) and _minors(draft),
        "user_content": bool(_content(draft)),
        "reports": bool(_reports(draft)),
        "tenants": req.system.tenancy is not None and req.system.tenancy.model == "multi",
        "search": any(e.search_index for e in pii),
        "files": any(_files(draft, e) for e in pii),
    }


# --- erasure -----------------------------------------------------------------------------------------------------


def reach(draft: Draft, entities: list[EntityDesign]) -> list[str]:
    """Every copy of these entities' records an erasure must reach, in words."""
    names = {e.name for e in entities}
    stores = sorted({e.store for e in entities})
    out = [f"rows in {english.join(stores)}"] if stores else []
    indexes = sorted({e.search_index for e in entities if e.search_index})
    if indexes:
        out.append(f"documents in {english.join(indexes)}")
    # derived stores a pattern adds keep copies of records they name (a timeline of post ids)
    said = {" ".join(personal.name_words(n)) for n in names}
    derived = [
        s.name
        for s in draft.stores
        if s.kind in ("in-memory", "warehouse") and not s.entities and any(f"{w} " in s.purpose.lower() for w in said)
    ]
    if derived:
        out.append(f"entries in {english.join(derived)}")
    copied = kept_copies(draft, entities)
    if copied:
        out.append(copied)
    buckets = [s.name for s in draft.stores if s.kind == "object"] if any(_files(draft, e) for e in entities) else []
    if buckets:
        cdn = any(c.placement == "cdn" for c in draft.caches)
        out.append(f"files in {english.join(buckets)}" + (" and their CDN copies (purged)" if cdn else ""))
    caches = [c for c in draft.caches if names & set(c.entities)]
    if caches:
        ttl = max(c.ttl_seconds for c in caches)
        out.append(f"cache entries ({english.join(c.name for c in caches)}, expired within {_duration(ttl)})")
    channels = {ev.channel for ev in draft.events if ev.entity in names}
    kept = sorted({c.retention for c in draft.channels if c.name in channels})
    if kept:
        out.append(f"events in the log (aged out after {english.join(kept, 'or')})")
    # index snapshots and file versions keep copies as long as database backups do; a cache has no backup ("n/a")
    copies = {*stores, *indexes, *buckets}
    backups = sorted(
        {
            b.retention
            for b in (draft.reliability.backups if draft.reliability else [])
            if b.store in copies and b.retention != "n/a"
        }
    )
    if backups:
        out.append(f"backups (kept {english.join(backups, 'or')}; a restore replays the erasures)")
    return out


def kept_copies(draft: Draft, entities: list[EntityDesign]) -> str:
    """The copies of these records other services keep in their own databases (a ledger's copy of each payment),
    in words: the owner's erasure event reaches them, or they would keep the personal fields it removed."""
    keepers = copy_keepers(draft)
    where: dict[str, list[str]] = {}
    for e in entities:
        for service in keepers.get(e.name, []):
            store = transaction_store(draft, service, [])
            if store is not None and store != e.store:
                where.setdefault(store, []).append(service)
        for s in draft.stores:
            if e.name in s.entities and s.name != e.store and s.kind not in ("search", "in-memory", "warehouse"):
                where.setdefault(s.name, []).extend(s.services)
    if not where:
        return ""
    said = [f"{store} ({english.join(dict.fromkeys(who))})" if who else store for store, who in where.items()]
    return (
        f"the copies other services keep in {english.join(said)}, which take the erasure from the owner's events "
        "as they take every change"
    )


def _duration(seconds: int) -> str:
    if seconds >= 86_400 and seconds % 86_400 == 0:
        return english.count(seconds // 86_400, "day")
    if seconds >= 3_600 and seconds % 3_600 == 0:
        return english.count(seconds // 3_600, "hour")
    if seconds >= 60 and seconds % 60 == 0:
        return english.count(seconds // 60, "minute")
    return english.count(seconds, "second")


def waits(entity: EntityDesign) -> list[str]:
    """The states in which an erasure request waits for a record about a person (a loan still checked out): none
    for the person's own record, which the request is about."""
    return [] if personal.is_person(entity.name) else live_states(entity)


def _spaced(states: list[str]) -> list[str]:
    return [s.replace("_", " ") for s in states]


def pii_handling(draft: Draft) -> list[PiiHandling]:
    """How each personal entity is protected, who sees its personal fields, how long it is kept and how it is
    erased."""
    erasable = erasure_applies(draft)
    held = holds(draft)
    evidence = invoice_evidence(draft.req) if erasable else {}
    tenants = tenant_keys(draft)
    data_key = "the tenant's data key" if tenants else "the service's data key"
    wrapped = ", itself encrypted with the tenant's data key" if tenants else ""
    out = []
    for e in draft.entities:
        if not e.pii:
            continue
        controls = ["encrypted at rest with managed keys"]
        encrypted = [f.name for f in e.fields if f.encrypted]
        by_law = e.name in held or bool(e.retention_days and record_kinds(e) & KEPT_BY_LAW)
        if encrypted and by_law:  # erasure does not reach what the law keeps: no key of a person may take it
            controls.append(
                f"field-level encryption of {english.join(encrypted)} under {data_key}, not one "
                "per person: an erasure request does not reach these records; never indexed or searched in clear"
            )
        elif encrypted:
            controls.append(
                f"field-level encryption of {english.join(encrypted)} with a key per person{wrapped}, so erasure "
                "can crypto-shred; never indexed or searched in clear"
            )
        fulltext = {n for i in e.indexes if i.kind == "fulltext" for n in i.fields}
        searched = [f.name for f in e.fields if f.pii and not f.encrypted and f.name in fulltext and f.readers]
        if searched:  # a search must read it in clear: it is protected where it is indexed, not left unsearchable
            controls.append(
                f"{english.join(searched)} searched through the store's full-text index, in clear only inside the "
                "encrypted store, and a search answers only records its caller may read"
            )
        restricted = [f for f in e.fields if f.readers]
        sharing = participants(draft.req, draft.personal_found, e.name)
        selves = sorted(subject_roles(draft.req, draft.personal_found, e.name))
        for readers in dict.fromkeys(tuple(f.readers) for f in restricted):
            fields = [f.name for f in restricted if tuple(f.readers) == readers]
            who = [
                f"{r} (only of a {sharing[r]} they share, while it lasts)" if r in sharing else _who(r, selves)
                for r in readers
            ]
            them = "them" if len(fields) > 1 else "it"
            scope = staff_scopes(draft, e, [r for r in readers if _staff(draft, r)], them)
            said = [w for r, w in zip(readers, who, strict=True) if r != "system"]  # "system": kept, never read
            controls.append(
                f"{english.join(fields)} returned only to {english.join(said)}; other callers "
                f"get the record without {them}{scope}"
                if said
                else f"{english.join(fields)} never returned to a caller (kept for the record){scope}"
            )
        controls.append("masked in logs and traces")
        hold = held.get(e.name)
        if hold is not None:
            regime, rule = hold
            kept = (
                f"kept {english.count(e.retention_days, 'day')}, the retention given, longer than {regime} asks "
                f"({rule.basis})"
                if e.retention_days and e.retention_days > rule.days
                else f"kept {english.count(e.retention_days, 'day')} under {regime} ({rule.basis})"
                if e.retention_days
                else f"kept {kept_for(e.name, None)}, then {rule.days:,} days after {rule.after} under {regime} "
                f"({rule.basis})"
                if rule.after
                else f"kept with no end given, at least {rule.days:,} days under {regime} ({rule.basis})"
            )
            controls.append(f"{kept}; an erasure request restricts and pseudonymises it until then")
        elif e.retention_days and record_kinds(e) & KEPT_BY_LAW:
            controls.append(
                f"kept {english.count(e.retention_days, 'day')}, the retention given for these {_kind_words(e)}; "
                "an erasure request restricts and pseudonymises it until then"
            )
        elif e.name in evidence:
            kept = f"deleted after {english.count(e.retention_days, 'day')}" if e.retention_days else "kept"
            controls.append(
                f"{kept}; the evidence behind the invoices {evidence[e.name]} issues, so an erasure request "
                "pseudonymises it (the link to the person is cut, the values stay) rather than deleting it"
            )
        elif e.retention_days and erasable:
            controls.append(f"deleted after {english.count(e.retention_days, 'day')}, or erased on request before then")
        elif e.retention_days:
            controls.append(f"deleted after {english.count(e.retention_days, 'day')}")
        elif erasable:
            controls.append(f"kept {kept_for(e.name, None)}; erased on request")
        else:
            controls.append(f"kept {kept_for(e.name, None)}")
        waiting = waits(e) if erasable and hold is None and not by_law else []
        if waiting:
            controls.append(
                f"an erasure request waits while the {e.name} is {english.join(_spaced(waiting), 'or')}, telling the "
                f"person why ({erasure_waits().ground}); the {e.name} is erased once it leaves "
                f"{'that state' if len(waiting) == 1 else 'those states'}"
            )
        copies = reach(draft, [e])
        if erasable and len(copies) > 1:
            controls.append("an erasure reaches " + "; ".join(copies))
        out.append(PiiHandling(entity=e.name, fields=[f.name for f in e.fields if f.pii], controls=controls))
    return out or _keyed_to_people(draft)


def tenant_keys(draft: Draft) -> bool:
    """Whether the design gives each tenant a data key of its own: a job or a chosen decision destroys or uses it
    (tenant deletion by crypto-shredding); the security and data pages then say so too."""
    texts = [j.description for j in draft.jobs]
    for found in draft.patterns:
        for d in (d for d in found.pattern.contributes.decisions if found.allows(d)):
            texts += [d.choose, *d.consequences]
    return key_story.tenant_keys(texts)


def person_key_fields(draft: Draft) -> list[str]:
    """The personal fields encrypted with a key per person (erasure crypto-shreds them): those of records no law
    keeps."""
    held = holds(draft)
    return [
        f"{e.name}.{f.name}"
        for e in draft.entities
        if e.pii and not (e.name in held or (e.retention_days and record_kinds(e) & KEPT_BY_LAW))
        for f in e.fields
        if f.encrypted
    ]


def _keyed_to_people(draft: Draft) -> list[PiiHandling]:
    """Records that name the person who made them hold personal data though no field is marked personal: the
    security page says how, instead of saying the system holds none."""
    words = credentials().person_key_controls
    return [
        PiiHandling(
            entity=entity,
            fields=fields,
            controls=[c.format(fields=english.join(fields)) for c in words],
        )
        for entity, fields in person_keys(draft.req, draft.entities).items()
    ]


def _erasure_runs(draft: Draft, erasure: list[str]) -> str:
    """How an erasure is asked for and carried out, naming only what the design has: a queue where it has one."""
    if not erasure:
        return "an erasure the operator runs from the privacy runbook, record by record in each owning service"
    if draft.channels:
        return f"{english.join(erasure)} queues an erasure"
    return f"{english.join(erasure)} records an erasure request, which the owning service carries out"


def _access(draft: Draft, pii: list[EntityDesign], exports: list[str]) -> str:
    """How a person gets their records: an export request where the design has one (queued where it has a queue),
    else the owning services' own reads, put together by a runbook step."""
    if exports:
        one = len(exports) == 1
        runs = (
            f"{'queues' if one else 'queue'} an export"
            if draft.channels
            else f"{'records' if one else 'record'} an export request, which the owning services carry out,"
        )
        return (
            f"{english.join(exports)} {runs} of everything kept about the person, followed by its status and "
            "handed over as one machine-readable file"
        )
    owners = sorted({e.owner for e in pii})
    if not owners:
        return "a person's records are read by their id and handed over as a machine-readable file"
    return (
        f"{english.join(owners)} {'reads' if len(owners) == 1 else 'read'} a person's records by their id, and the "
        "privacy runbook's export steps hand them over as one machine-readable file"
    )


def _kind_words(entity: EntityDesign) -> str:
    records = compliance.catalog().records
    return english.join(records[k].says for k in sorted(record_kinds(entity) & KEPT_BY_LAW))


def _who(reader: str, selves: list[str]) -> str:
    """A reader in words: a record about several people (a trip's rider and driver) names each, since "the person
    it is about" would leave one of them out."""
    if reader == "self":
        return f"the {english.join(selves)} it names" if len(selves) > 1 else "the person it is about"
    if reader == "system":
        return "no caller (kept for the record)"
    return reader


def staff_scopes(draft: Draft, entity: EntityDesign, staff: list[str], them: str) -> str:
    """How far each staff reader reaches: oversight roles the whole population read-only, staff of a unit the
    records of their unit, the others their assignment (a read outside it is a break-glass access)."""
    roles = {r.name: r for r in draft.req.users.roles}
    units = memberships(draft.entities)
    overseers = [r for r in staff if oversees(roles[r])]
    members = [r for r in staff if r in units and r not in overseers]
    assigned = [r for r in staff if r not in overseers and r not in members]
    parts = []
    found = draft.personal_found.get(entity.name)
    if assigned and found is not None and found.contacts_only:
        # the person reached is no user of the system: no one is assigned to them, the staff who work the record do
        verb = "reads" if len(assigned) == 1 else "read"
        parts.append(f"{english.join(assigned)} {verb} {them} to reach that person about the record, every read logged")
        assigned = []
    if assigned:
        verb = "reads" if len(assigned) == 1 else "read"
        parts.append(
            f"{english.join(assigned)} {verb} {them} {personal.vocabulary().staff_scope}"
            f"{scope_sentence(draft.entities, entity)}, and a read outside it is a break-glass access with a "
            f"reason, audited{_told(draft)}"
        )
    for name in dict.fromkeys(units[r].name for r in members):
        held = [r for r in members if units[r].name == name]
        unit = membership_unit(units[held[0]]) or ""
        path = unit_path(draft.entities, entity, unit)
        a_record = english.a(" ".join(personal.name_words(entity.name)))
        how = f" ({a_record} is theirs {path})" if path else ""
        parts.append(f"{english.join(held)}: {membership_sentence(units[held[0]])}{how}")
    if overseers:
        said = access_scopes().oversight_scope
        parts.append(f"{english.join(overseers)} {said if len(overseers) == 1 else said.replace('reads', 'read', 1)}")
    return "".join(f"; {p}" for p in parts)


def _told(draft: Draft) -> str:
    """Who hears of a break-glass read at once: the outside administrator who approves the grants, if one does."""
    relation = granting_relation(draft.entities)
    outside = {r.name for r in draft.req.users.roles if r.kind == "person" and not r.internal}
    approver = next(
        (u.actor for u in draft.req.use_cases if relation and relation.name in u.writes and u.actor in outside), None
    )
    return access_scopes().break_glass_told.format(approver=approver) if approver else ""


def _staff(draft: Draft, reader: str) -> bool:
    """Whether a reader is a staff role: it reads the records of the people it serves, not every one."""
    return any(r.name == reader and r.kind == "person" and r.internal for r in draft.req.users.roles)


# --- controls ----------------------------------------------------------------------------------------------------


def controls(draft: Draft) -> list[Control]:
    """The controls of every named regime whose subjects the design holds, and the workload patterns' own."""
    cat = draft.catalog
    have = subjects(draft)
    pii = [e for e in draft.entities if e.pii]
    erasure = [f"POST {ep.path}" for s in draft.services for ep in s.endpoints if ep.path.endswith("erasure-requests")]
    exports = [f"POST {ep.path}" for s in draft.services for ep in s.endpoints if ep.path.endswith("export-requests")]
    _ask_implied(draft)
    regions = sorted({r.name for r in draft.topology.regions if r.personal_data}) if draft.topology else []
    content = _content(draft)
    reports = _reports(draft)
    payments = _payments(draft)
    payment_services = sorted({s.name for s in draft.services if set(s.integrations) & set(payments)})
    payment_owners = sorted({e.owner for e in _started_payments(draft)}) or payment_services
    audit = audit_words(draft) if audit_needed(draft) else AuditWords("the audit log", "with the change", "")
    people = [e for e in pii if personal.is_person(e.name)]
    dpia = [
        w
        for w, on in (
            ("health data", have["health"]),
            ("people's locations", have["location"]),
            ("personal data at large scale", draft.req.users.daily_active >= 100_000),
        )
        if on
    ]
    roles: dict[Element, list[str]] = {
        "pii_stores": sorted({e.store for e in pii}),
        "pii_services": sorted({e.owner for e in pii}),
        "all_stores": [s.name for s in draft.stores],
        "gateway": ["gateway"],
        "kms": [cat["kms"]],
        "identity": ["identity provider"],
        "observability": ["observability"],
        "audit": ["audit log"],
        "ci": ["CI/CD pipeline"],
        "regions": regions,
        "processors": processors(draft),
        "health_processors": health_processors(draft),
        "payments": payments,
        "payment_services": payment_services,
        "payment_owners": payment_owners,
        "erasure": erasure,
        "people_services": sorted({e.owner for e in people}),
        "content_services": sorted({e.owner for e in content}),
        "report_services": sorted({e.owner for e in reports}),
        "search": sorted({e.search_index for e in pii if e.search_index}),
        "buckets": [s.name for s in draft.stores if s.kind == "object"] if have["files"] else [],
    }
    payments_said = ", ".join(payments)
    values = {
        "processors": ", ".join(processors(draft)) or "none",
        "health_processors": ", ".join(health_processors(draft)) or "none",
        "regions": _residency(draft),
        "transfers": _transfers(draft),
        "retention": ", ".join(f"{e.name} {e.retention_days:,} days" for e in draft.entities if e.retention_days)
        or "none set",
        "kept_by_law": kept_by_law(draft),
        "audit": audit.log,
        "audit_written": audit.written,
        "erasure": english.join(erasure) or "the privacy runbook's erasure steps",
        "erasure_runs": _erasure_runs(draft, erasure),
        "access": _access(draft, pii, exports),
        "reach": "; ".join(reach(draft, pii)) or "the stores that hold it",
        "people": english.join(e.name for e in people) or "the people's records",
        "content": english.join(e.name for e in content) or "what people publish",
        "reports": english.join(e.name for e in reports) or "a notice form",
        "birth": english.join(_birth(draft)) or "a date of birth asked at sign-up",
        "sensitive": english.join(f"{e.name}.{f.name}" for e in pii for f in e.fields if f.encrypted) or "none",
        "payments": ", ".join(payments),
        "card_scope": card_channels.scope(draft.req)
        or f"the payment provider's hosted fields or SDK collect card numbers and return tokens ({payments_said})",
        "payment_services": english.join(payment_services) or "the payment service",
        "payment_owners": english.join(payment_owners) or "the payment service",
        "dpia": " and ".join(dpia),
        # one deployable has no hop between deployables to protect
        "between_deployables": ", mutual TLS between deployables"
        if len([d for d in draft.deployables if d.kind != "job"]) > 1
        else "",
    }
    named = regimes(draft)
    out = []
    for regime in named:
        spec = compliance.catalog().regimes.get(regime)
        for control in spec.controls if spec else ():
            if all(have[need] for need in control.needs):
                elements = [name for role in control.elements for name in roles[role]]
                out.append(
                    Control(
                        regime=regime,
                        requirement=control.requirement,
                        measure=control.measure.format(**values),
                        elements=elements,
                    )
                )
    catalogued = {(c.regime, c.requirement) for c in out}
    for found in draft.patterns:
        for spec_ in (c for c in found.pattern.contributes.controls if found.allows(c)):
            regime = spec_.regime.lower() if spec_.regime != "any" else (named or ["all"])[0]
            requirement = text(draft, found, spec_.requirement)
            # the regime's own catalogue answers the same article; a pattern adds what it does not cover
            if (spec_.regime.lower() in named or spec_.regime == "any") and (regime, requirement) not in catalogued:
                draft.credit(found.pattern.id, f"control ({regime})")
                out.append(
                    Control(
                        regime=regime,
                        requirement=requirement,
                        measure=text(draft, found, spec_.measure),
                        elements=[n for e in spec_.elements for n in listed(draft, found, e)],
                    )
                )
    for regime in named:
        if any(c.regime == regime for c in out):
            continue
        known = regime in compliance.catalog().regimes
        out.append(
            Control(
                regime=regime,
                requirement="Scope",
                measure=f"the design holds nothing {regime} governs as written: {_missing(regime)}; its controls "
                "are written once the design holds it"
                if known
                else f"{regime} is not in archgen's catalogue of regimes, so none of its obligations is mapped here",
                elements=["questionnaire"],
            )
        )
        draft.ask(
            question=f"What does {regime} require of this system, and which data brings it into scope?",
            context=f"compliance.regimes names {regime}, but "
            + (
                f"the design holds none of what its controls speak of ({_missing(regime)})"
                if known
                else "archgen has no catalogue of its controls"
            )
            + ", so no control of it could be placed.",
            raised_by="security",
        )
    return out


def _ask_implied(draft: Draft) -> None:
    """A regime the users' places bring in that the questionnaire does not name is asked about; the erasure and
    export requests are designed whatever the answer."""
    if not (any(e.pii for e in draft.entities) or person_keys(draft.req, draft.entities)):
        return
    for regime in implied_regimes(draft.req):
        draft.ask(
            question=f"Does {regime.upper()} apply? Users are expected in {english.join(_areas(draft, regime))}.",
            context=f"users.regions ({', '.join(str(r) for r in draft.req.users.regions)}) puts users where "
            f"{regime.upper()} applies, but compliance.regimes does not name "
            "it. The design gives each person erasure and export requests anyway; naming the regime adds its "
            "other controls (records of processing, breach notice, where personal data may be kept).",
            raised_by="security",
        )


def _areas(draft: Draft, regime: str) -> list[str]:
    areas = [a for a, r in subject_rights().area_regimes.items() if r == regime]
    stated = {str(a) for a in draft.req.users.regions}
    labels = area_vocabulary().labels
    return [labels.get(a, a) for a in areas if a in stated or "global" in stated]


def kept_by_law(draft: Draft) -> str:
    """What an erasure leaves in place because the law keeps it: the records a regime or tax law holds, and those
    whose given retention the security page treats as a legal duty; said as a clause of the erasure control."""
    held = holds(draft)
    named = [_kept_words(draft, name, regime, rule) for name, (regime, rule) in held.items()]
    named += [
        f"{e.name} {e.retention_days:,} days, the retention given for these {_kind_words(e)}"
        for e in draft.entities
        if e.pii and e.name not in held and e.retention_days and record_kinds(e) & KEPT_BY_LAW
    ]
    by_law = {n.split(" ")[0] for n in named}
    evidence = invoice_evidence(draft.req)
    behind = [e.name for e in draft.entities if e.pii and e.name in evidence and e.name not in by_law]
    for party in dict.fromkeys(evidence[n] for n in behind):
        records = english.join(n for n in behind if evidence[n] == party)
        named.append(f"{records}, the evidence behind the invoices {party} issues")
    elsewhere = _kept_elsewhere(draft)  # asks whether the records behind another system's invoices live long enough
    in_use = [
        f"{e.name} while {english.join(_spaced(live), 'or')}"
        for e in draft.entities
        if e.pii and e.name not in by_law and e.name not in evidence and (live := waits(e))
    ]
    still = (
        f"; a record still in use ({'; '.join(in_use)}) is erased once it is not, the person told why" if in_use else ""
    )
    if in_use and not named:
        return (
            f"a person's data is deleted, except a record still in use ({'; '.join(in_use)}), erased once it is not "
            "(the person is told why); the design keeps no record the law makes it keep"
            + (f" ({elsewhere})" if elsewhere else "")
        )
    if named:
        who = "the law or an invoicing party needs kept" if behind else "the law makes us keep"
        return (
            f"data under no legal hold is deleted; records {who} ({'; '.join(named)}) are "
            f"restricted and pseudonymised, then deleted when their retention ends{still}"
        )
    return "everything is deleted: the design keeps no record the law makes it keep" + (
        f" ({elsewhere})" if elsewhere else ""
    )


def _kept_words(draft: Draft, name: str, regime: str, rule: Retention) -> str:
    """One held record's retention in words, stated once: the entity's own period where it is given (it is never
    shorter than the duty), else the duty's, counted from what it counts from."""
    days = next((e.retention_days for e in draft.entities if e.name == name and e.retention_days), None)
    if days:
        return f"{name} {days:,} days under {regime}"
    after = f" after {rule.after}" if rule.after else ""
    return f"{name} {rule.days:,} days{after} under {regime}"


def _kept_elsewhere(draft: Draft) -> str:
    """Invoices another system issues and keeps for the system (a billing provider), in words; the records they are
    computed from, when kept for less than the law keeps invoices, are asked about."""
    know = backing()
    law = know.statutory[0]
    out = []
    for u in draft.req.use_cases:
        if not (u.calls and set(personal.name_words(u.name)) & set(know.issued)):
            continue
        out.append(f"{english.join(u.calls)} issues and keeps the invoices of the use case {u.name}")
        short = [e for e in draft.entities if e.name in u.reads and e.retention_days and e.retention_days < law.days]
        for e in short:
            draft.ask(
                question=f"Must {e.name} outlive its {e.retention_days:,} days as the evidence behind invoices?",
                context=f"{u.name} computes invoices from {e.name}; {law.law} keeps invoices "
                f"{english.count(law.days, 'day')} ({law.basis}), and a dispute or a tax audit may ask for the "
                f"records behind one. Keep {e.name} as long, or keep a per-invoice summary of it that long.",
                raised_by="security",
            )
    return "; ".join(out)


def _missing(regime: str) -> str:
    """What a regime's controls need, in words, for a Scope line."""
    needs = sorted({n for c in compliance.catalog().regimes[regime].controls for n in c.needs})
    return "none of " + english.join((n.replace("_", " ") for n in needs), "or") if needs else "nothing"


def _transfers(draft: Draft) -> str:
    """What outside processors may do with the data: under a residency constraint the data stays in, so each
    processor works in-area or receives none of it; without one, transfer clauses cover it."""
    words = residency()
    if draft.req.compliance.data_residency:
        return words.processors_pinned.format(processors=", ".join(processors(draft)) or "none")
    return words.processors_free


def _residency(draft: Draft) -> str:
    """Where personal data is kept, in words: the topology's regions, and where a single region's backups and file
    copies go (they hold the same personal data)."""
    if draft.topology is None:
        return "the primary region"
    copies = copies_region(draft)
    where = residency_words(draft.topology)
    return f"{where} (its backups and file copies in {copies})" if copies else where
