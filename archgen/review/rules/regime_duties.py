"""Duties a named regime puts on records: what it keeps is restricted rather than erased, a record still in use
waits for its end, every copy of personal fields is reached by erasure, a record's period is stated once, and a
decision on content keeps its statement of reasons for the author it affects."""

from __future__ import annotations

import re
from collections.abc import Iterator

from archgen.common.english import join
from archgen.design.model import Endpoint, EntityDesign
from archgen.knowledge.compliance import hold
from archgen.knowledge.decision_records import decision_records
from archgen.knowledge.erasure_waits import erasure_waits, live_states
from archgen.knowledge.system_records import system_records
from archgen.requirements import personal
from archgen.review.engine import Found, Problem, Subject, rule

COPY = re.compile(r"\b(?:update|query) its copy of (\w+)")
STATED = re.compile(r"\b([A-Z]\w*) ([\d,]+) days(?: after [^;)]*?)? under ([\w-]+)")


@rule("SEC091", "error", "security", "Erasure of a record a regime keeps or one still in use")
def erased_though_kept(subject: Subject) -> Found:
    """A person's record is erased on request while a named regime makes the system keep it (customer
    due-diligence records under anti-money-laundering law, moderation decisions under the DSA), or while it is
    still in use (a loan whose laptop is checked out): the first destroys what a regulator will ask for, the second
    what the running contract needs. Restrict and pseudonymise a kept record until its period ends; let a request
    for a live record wait until it closes, telling the person the ground."""
    regimes = subject.req.compliance.regimes
    waits = erasure_waits().waits_words
    for i, handling in enumerate(subject.design.security.pii):
        entity = subject.entities.get(handling.entity)
        said = " ".join(handling.controls).lower()
        if entity is None or "erased on request" not in said:
            continue
        held = hold(regimes, entity.name, [f.name for f in entity.fields])
        live = [] if personal.is_person(entity.name) else live_states(entity)
        if held is not None and "pseudonymis" not in said:
            message = f"is erased on request, though {held[0]} keeps it ({held[1].basis})"
            fix = "restrict and pseudonymise it on an erasure request until its period ends, and say until when"
        elif live and not any(w in said for w in waits):
            message = f"is erased on request even while {join(live, 'or')}, when the record is still needed"
            fix = "let the request wait until the record leaves those states (or refuse it with the ground)"
        else:
            continue
        yield Problem(element=handling.entity, at=("security", "pii", i, "controls"), message=message, fix=fix)


@rule("SEC092", "error", "security", "Decision on content whose reasons or author are not kept")
def statement_not_kept(subject: Subject) -> Found:
    """The step that decides reported content takes a statement of reasons (ground, facts, automated means,
    redress), but the decision record has no field to keep it, or names no author of the content acted on: the
    statement cannot reach the person it is owed to, and that person is no party who may appeal. Keep each part on
    the record and copy the content's author onto it when the report is filed."""
    parts = [p.name for p in system_records().statement_parts]
    for endpoint in _deciding(subject, parts):
        entity = subject.entities.get(endpoint.entity or "")
        if entity is None:
            continue
        names = {f.name for f in entity.fields}
        missing = [p for p in parts if p not in names]
        authors = [a for a in _authors(subject, entity) if a]
        where = ("entities", entity.name, "fields")
        if missing:
            yield Problem(
                element=entity.name,
                at=where,
                message=f"{endpoint.method} {endpoint.path} takes {join(missing)}, which {entity.name} never keeps",
                fix="add them to the record, set by the decision, so the statement can be sent and contested",
            )
        known = {decision_records().author_field, *decision_records().author_fields}
        if authors and not names & known:
            yield Problem(
                element=entity.name,
                at=where,
                message=f"names no author of the {join(authors)} it decides on, so the person affected cannot "
                "receive the statement or appeal",
                fix=f"add {decision_records().author_field}, copied from the content when the record is filed",
            )


@rule("CLM032", "error", "claims", "Personal copy no erasure reaches, or a record kept for two periods")
def copy_unreached(subject: Subject) -> Found:
    """Another service keeps a copy of a personal record in its own database (fed by the owner's events) and the
    erasure the security page describes never names it, or that page gives a record two periods (its own
    and a regime's shorter one): the copy keeps what the erasure removed, and a reader cannot tell when the record
    goes. List each copy in the record's erasure, and state the one longest period."""
    yield from _copies(subject)
    for i, control in enumerate(subject.design.security.controls):
        for found in STATED.finditer(control.measure):
            entity = subject.entities.get(found.group(1))
            days = int(found.group(2).replace(",", ""))
            if entity is not None and entity.retention_days and days != entity.retention_days:
                yield Problem(
                    element=entity.name,
                    at=("security", "controls", i, "measure"),
                    message=f"says {found.group(0)}, while the data design keeps it {entity.retention_days:,} days",
                    fix="state the record's one retention, the longest its duties ask for",
                )


def _copies(subject: Subject) -> Iterator[Problem]:
    """Copies named in flows that the record's erasure does not reach."""
    stores = {s.name for s in subject.design.stores}
    kept: dict[str, set[str]] = {}
    for flow in subject.design.flows:
        for step in flow.steps:
            found = COPY.search(step.message)
            if found and step.target in stores:
                kept.setdefault(found.group(1), set()).add(step.target)
    for i, handling in enumerate(subject.design.security.pii):
        entity = subject.entities.get(handling.entity)
        said = " ".join(handling.controls)
        if entity is None or "erasure" not in said.lower():
            continue
        unreached = sorted(s for s in kept.get(entity.name, set()) if s != entity.store and s not in said)
        if unreached:
            yield Problem(
                element=entity.name,
                at=("security", "pii", i, "controls"),
                message=f"has copies in {join(unreached)} that its erasure never names",
                fix="name each copy in the erasure and have its keeper apply the owner's erasure",
            )


def _deciding(subject: Subject, parts: list[str]) -> Iterator[Endpoint]:
    """The transition operations whose body carries a statement of reasons."""
    for service in subject.design.services:
        for endpoint in service.endpoints:
            body = {f.name for f in endpoint.request.fields} if endpoint.request else set()
            if endpoint.action == "transition" and parts and set(parts) <= body:
                yield endpoint


def _authors(subject: Subject, entity: EntityDesign) -> list[str]:
    """The content records a decision record refers to that name their author."""
    words = decision_records().author_fields
    out = []
    for f in entity.fields:
        target = subject.entities.get(f.type[4:-1]) if f.type.startswith("ref[") else None
        if target is not None and any(g.name in words and g.type.startswith("ref[") for g in target.fields):
            out.append(target.name)
    return list(dict.fromkeys(out))
