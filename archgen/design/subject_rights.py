"""People's rights over their data, read from a questionnaire: the regimes the users' places bring in, the roles
that are privacy staff, and whether people outside the organisation are kept data about."""

from __future__ import annotations

import re

from archgen.common import english
from archgen.knowledge.compliance import erasure_regimes
from archgen.knowledge.subject_rights import subject_rights
from archgen.requirements import personal
from archgen.requirements.model import Requirements, Role


def implied_regimes(req: Requirements) -> list[str]:
    """The regimes the users' areas bring in that the questionnaire does not name (users in Europe: GDPR)."""
    named = {r.lower() for r in req.compliance.regimes}
    areas = {str(a) for a in req.users.regions}
    known = subject_rights().area_regimes
    found = [regime for area, regime in known.items() if "global" in areas or area in areas]
    return [r for r in dict.fromkeys(found) if r not in named]


def privacy_staff(role: Role) -> bool:
    """Whether a role's name or description makes it privacy staff (a privacy office, a data protection officer)."""
    text = f"{role.name} {role.description or ''}".lower().replace("_", " ")
    return any(re.search(rf"\b{re.escape(w.replace('_', ' '))}\b", text) for w in subject_rights().privacy_words)


def end_users(req: Requirements) -> list[str]:
    """The person roles outside the organisation: consumers, members, patients, customers."""
    return [r.name for r in req.users.roles if r.kind == "person" and not r.internal]


def rights_apply(req: Requirements, personal: bool) -> bool:
    """Whether people may ask for their data to be erased or handed over: a regime gives the right (named, or
    brought in by where the users are), or people outside the organisation are kept data about."""
    regimes = {r.lower() for r in req.compliance.regimes} | set(implied_regimes(req))
    return personal and (bool(regimes & set(erasure_regimes())) or bool(end_users(req)))


def may_erase(req: Requirements, role: str) -> bool:
    """Whether a role, other than the person the records are about, may ask for anyone's erasure: privacy staff,
    or a role outside the organisation that keeps the records for it (a tenant's administrator); never the
    organisation's other staff."""
    found = next((r for r in req.users.roles if r.name == role), None)
    return found is None or not found.internal or privacy_staff(found)


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower().replace("_", " ")))


def consent_governed(req: Requirements) -> dict[str, tuple[str, list[str]]]:
    """Use case → the consent record it must read and the purposes of it that govern the use case: those whose words
    its name or description says (viewing consumption is a consumption_insights use), the consent's own use cases
    and the purposes the service needs anyway (billing only) left out."""
    know = subject_rights()
    out: dict[str, tuple[str, list[str]]] = {}
    for entity in req.data.entities:
        if not set(personal.name_words(entity.name)) & set(know.consent_words):
            continue
        enums = [t for t in entity.fields.values() if t.kind == "enum"]
        purposes = [v for t in enums for v in t.values if not _words(v) & set(know.baseline_words)]
        for use_case in req.use_cases:
            if entity.name in use_case.writes:
                continue
            said = _words(f"{use_case.name} {use_case.description or ''}")
            governed = [p for p in purposes if (_words(p) - set(know.purpose_stop_words)) & said]
            if governed:
                out[use_case.name] = (entity.name, governed)
    return out


def compares(req: Requirements, use_case: str) -> bool:
    """Whether a use case compares one person with others (similar households, peers)."""
    found = next((u for u in req.use_cases if u.name == use_case), None)
    return found is not None and bool(
        _words(f"{found.name} {found.description or ''}") & set(subject_rights().comparison_words)
    )


def releases(req: Requirements) -> dict[str, str]:
    """Use case → the regime that asks for an accounting of its disclosures: a use case named for releasing
    records to a party outside the system, under a regime that asks for one."""
    know = subject_rights()
    regime = next((r.lower() for r in req.compliance.regimes if r.lower() in know.disclosures), None)
    if regime is None:
        return {}
    return {u.name: regime for u in req.use_cases if _words(u.name) & set(know.release_words)}


def invoice_evidence(req: Requirements) -> dict[str, str]:
    """Entity → the system that issues invoices from it: records a use case reads to bill through another system
    (a billing export to an ERP), which that party may ask for behind an invoice, so an erasure pseudonymises them
    rather than deleting them."""
    from archgen.knowledge.backing import backing

    issued = set(backing().issued)
    out: dict[str, str] = {}
    for use_case in req.use_cases:
        if use_case.calls and _words(use_case.name) & issued:
            for name in use_case.reads:
                out.setdefault(name, english.join(use_case.calls))
    return out
