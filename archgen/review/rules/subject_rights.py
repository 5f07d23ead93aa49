"""Rights of the people a design keeps data about, operated: erasure and export asked for per person, by the
person or privacy staff, and consent read where it governs a use."""

from __future__ import annotations

import re

from archgen.common.english import join
from archgen.design.subject_rights import (
    consent_governed,
    invoice_evidence,
    may_erase,
    releases,
    rights_apply,
)
from archgen.knowledge.subject_rights import subject_rights
from archgen.requirements import personal
from archgen.review.engine import Found, Problem, Subject, rule


def _requests(subject: Subject, segment: str) -> list[str | None]:
    """The entities the requests of one right are keyed by (None: the signed-in caller)."""
    return [e.entity for _, _, e in subject.endpoints() if e.method == "POST" and e.path.endswith(f"/{segment}")]


def _keyed_by_person(entity: str | None) -> bool:
    """A request asked about a person (their record, or the signed-in caller), not about one of their records."""
    return entity is None or personal.is_person(entity)


@rule("SEC085", "error", "security", "No way for a person to have their data erased or handed over")
def no_subject_requests(subject: Subject) -> Found:
    """The design keeps personal data about people outside the organisation (customers, members, patients), or its
    users live where a law gives them the right, yet a person cannot ask for all their data to be erased or handed
    over: a request is missing, or is keyed by one of their records (a receipt, a post) rather than by the person,
    so answering one person means finding every record by hand. Give each person an erasure request and an export
    request on their own record (or on the signed-in caller), followed by status."""
    if not rights_apply(subject.req, any(e.pii for e in subject.design.entities)):
        return
    paths = subject_rights().paths
    for right, segment in (("erasure", paths.erasure), ("export", paths.export)):
        found = _requests(subject, segment)
        if not any(_keyed_by_person(entity) for entity in found):
            keyed = join(sorted({e for e in found if e}))
            yield Problem(
                element=right,
                at=("services",),
                message=f"no {right} request keyed by the person"
                + (f": the only ones are keyed by {keyed} records" if keyed else ""),
                fix=f"add POST …/{{id}}/{segment} on the person's record (or /v1/me/{segment}), accepted and "
                "followed by status, reaching every record about them",
            )


@rule("SEC086", "error", "security", "Consent that decides nothing, or staff who may erase anyone")
def consent_and_erasers(subject: Subject) -> Found:
    """A use case uses a person's data for a purpose their consent record governs (consumption insights, research,
    sharing), yet its flow never reads that record, so data serves an end the person refused; or an
    erasure request is open to staff who are neither the person it is about nor privacy staff (an operator, a
    billing clerk), so any of them can wipe any customer. Read the consent as a step before the data is used and
    leave out what it does not grant; open erasure to the person and the privacy office, which checks identity
    and legal holds."""
    yield from _unread_consent(subject)
    yield from _staff_erase(subject)


def _unread_consent(subject: Subject) -> Found:
    flows = {f.use_case: (i, f) for i, f in enumerate(subject.design.flows)}
    for use_case, (consent, purposes) in consent_governed(subject.req).items():
        found = flows.get(use_case)
        if found is None:
            continue
        i, flow = found
        if not any(re.search(rf"\b{re.escape(consent)}\b", s.message) for s in flow.steps):
            yield Problem(
                element=use_case,
                at=("flows", i, "steps"),
                message=f"uses data for {join(purposes, 'and')}, which {consent} governs, but no step reads {consent}",
                fix=f"read the person's {consent} right after the request reaches the service, and leave out what it "
                "does not grant",
            )


def _staff_erase(subject: Subject) -> Found:
    segment = subject_rights().paths.erasure
    for at, _, endpoint in subject.endpoints():
        if not (endpoint.method == "POST" and endpoint.path.endswith(f"/{segment}")):
            continue
        about = set(personal.name_words(endpoint.entity)) if endpoint.entity else None
        # the person the record is about (any signed-in person, for their own data) may always ask
        selves = [r for r in endpoint.roles if about is None or set(personal.name_words(r)) & about]
        staff = [r for r in endpoint.roles if r not in selves and not may_erase(subject.req, r)]
        if staff:
            yield Problem(
                element=f"POST {endpoint.path}",
                at=(*at, "roles"),
                message=f"lets {join(staff)} erase anyone, though they are neither its subject nor privacy staff",
                fix="keep the person and the privacy staff as callers; other staff pass a request to the privacy "
                "office",
            )


@rule("SEC087", "error", "security", "Records released with no record of the disclosure")
def unaccounted_release(subject: Subject) -> Found:
    """A use case releases people's records to a party outside the system under a regime that gives each person an
    accounting of disclosures (HIPAA 164.528), yet its flow writes no disclosure record: when a patient asks who
    received their records, nobody can say. Write one record per release (recipient, purpose, date and what was
    released) and keep it for the regime's period."""
    flows = {f.use_case: (i, f) for i, f in enumerate(subject.design.flows)}
    for use_case, regime in releases(subject.req).items():
        found = flows.get(use_case)
        if found is None:
            continue
        i, flow = found
        if not any("disclosure record" in s.message for s in flow.steps):
            yield Problem(
                element=use_case,
                at=("flows", i, "steps"),
                message=f"releases records under {regime.upper()}, but no step writes a disclosure record",
                fix=f"write a disclosure record ({join(subject_rights().disclosure_fields)}) in the same transaction "
                "as the release, kept for the regime's period",
            )


@rule("DAT112", "error", "data", "Erasure deletes records another party needs")
def erasure_deletes_evidence(subject: Subject) -> Found:
    """A person's records are erased on request by deletion, though the design reads them to bill through another
    system (a billing export to an ERP): that party may ask for the records behind an invoice in a dispute or a tax
    audit, and they are gone. Pseudonymise them on an erasure request (cut the link to the person, keep the
    values) until their retention ends, and say so on the security page."""
    evidence = invoice_evidence(subject.req)
    for i, handling in enumerate(subject.design.security.pii):
        if handling.entity not in evidence:
            continue
        said = " ".join(handling.controls).lower()
        if "erased on request" in said and "pseudonymis" not in said:
            yield Problem(
                element=handling.entity,
                at=("security", "pii", i, "controls"),
                message=f"is erased on request, though {evidence[handling.entity]} issues invoices from it",
                fix="pseudonymise it on an erasure request (cut the link to the person, keep the values) until its "
                "retention ends",
            )
