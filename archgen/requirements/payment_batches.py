"""The batch record each run of payments gets, added where people release payments under dual control or payments
go out in runs and the questionnaire keeps no such record: drafted at the cut-off, approved by one person,
released by a second, and only then sent (archgen/knowledge/payment_batches.yaml)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from archgen.common.naming import pascal
from archgen.knowledge.lifecycles import lifecycle_knowledge
from archgen.knowledge.money import name_words
from archgen.knowledge.payment_batches import payment_batches
from archgen.requirements.fieldtypes import parse_field_type
from archgen.requirements.model import Entity, Requirements, UseCase

if TYPE_CHECKING:
    from archgen.requirements.resolve import Assumption


def _said(text: str, marks: tuple[str, ...] | frozenset[str]) -> bool:
    said = " " + " ".join(re.sub(r"[^\w\s-]", " ", text.lower()).split()) + " "
    return any(f" {m} " in said for m in marks)


def _released(entity: Entity) -> bool:
    """Whether a record's status has the state a release reaches."""
    status = entity.fields.get("status")
    return status is not None and payment_batches().released in (status.values or [])


def _runs(req: Requirements) -> tuple[UseCase, Entity, str] | None:
    """(the release by people, the payment record, the noun of its runs) where payments are released in runs
    under dual control, or None."""
    known = payment_batches()
    by_name = {e.name: e for e in req.data.entities}
    people = {r.name for r in req.users.roles if r.kind == "person"}
    if any(
        name_words(e.name) & set(known.words) and name_words(e.name) & set(known.payments) for e in by_name.values()
    ):
        return None  # the questionnaire keeps its own batch record
    dual = lifecycle_knowledge().couplings.dual
    for use_case in req.use_cases:
        if use_case.actor not in people:
            continue
        for name in use_case.writes:
            entity = by_name.get(name)
            if entity is None or not name_words(name) & set(known.payments) or not _released(entity):
                continue
            words = [w.lower() for w in use_case.name.split()]
            batch = next((i for i, w in enumerate(words) if w in known.words), None)
            text = f"{use_case.name}. {use_case.description or ''}"
            if batch is not None and (_said(text, dual) or _said(req.system.summary, dual)):
                noun = " ".join(w for w in words[1:batch]) or "payment"
                return use_case, entity, noun
    return None


def with_payment_batches(req: Requirements, assumptions: list[Assumption]) -> Requirements:
    """The questionnaire with a batch record for each run of payments people release under dual control: the
    payments refer to it, a job drafts it at the cut-off, one person approves it and another releases it."""
    from archgen.requirements.resolve import Assumption

    found = _runs(req)
    if found is None:
        return req
    release, payment, noun = found
    known = payment_batches()
    record = pascal(f"{noun} batch")
    sends = [
        u
        for u in req.use_cases
        if payment.name in u.writes and u.interaction == "scheduled" and name_words(u.name) & set(known.words)
    ]
    runs = max((u.frequency_per_user_per_day for u in sends), default=1.0)
    signer = next(
        (t for f, t in payment.fields.items() if t.kind == "ref" and f.endswith(("_by", "approver"))),
        None,
    )
    who = f"ref[{signer.target}]" if signer is not None else "uuid"
    fields: dict[str, str] = {"id": "uuid", "status": f"enum[{', '.join(known.states)}]"}
    fields |= {"item_count": "int", "items_total": "decimal"}
    fields |= {"approved_by": who, "approved_at": "timestamp", "released_by": who, "released_at": "timestamp"}
    fields |= {"created_at": "timestamp", "sent_at": "timestamp"}
    per_run = max(1, round(payment.growth_per_day / max(runs, 1)))
    entity = Entity.model_validate(
        {
            "name": record,
            "description": known.description.format(noun=noun),
            "fields": fields,
            "records": max(1, payment.records // per_run),
            "growth_per_day": max(1, round(runs)),
            "access": ["by_id", "by_status"],
            "retention_days": payment.retention_days,
        }
    )
    assumptions.append(
        Assumption(
            key=f"data.entities[{record}]",
            value=f"{entity.growth_per_day:,} a day of about {per_run:,} {noun}s each",
            reason=f"added because '{release.name}' releases {payment.name} records in runs under dual control: "
            f"one batch a run of {', '.join(u.name for u in sends) or 'the release'}",
        )
    )
    half = release.frequency_per_user_per_day / 2  # the two signatures were counted as one use case
    draft = UseCase(
        name=known.draft_case.format(noun=noun).capitalize(),
        interaction="scheduled",
        description=known.draft_text.format(noun=noun),
        reads=[payment.name],
        writes=[record],
        frequency_per_user_per_day=runs,
        async_=True,
    )
    approve = UseCase(
        name=known.approve_case.format(noun=noun).capitalize(),
        actor=release.actor,
        description=known.approve_text,
        reads=[record, payment.name],
        writes=[record],
        frequency_per_user_per_day=half,
    )
    cases: list[UseCase] = []
    for use_case in req.use_cases:
        if use_case is release:
            use_case = use_case.model_copy(
                update={
                    "writes": [record, *use_case.writes],
                    "reads": [record, *use_case.reads],
                    "description": f"{use_case.description or ''} {known.release_text}".strip(),
                    "frequency_per_user_per_day": half,
                }
            )
            cases += [approve, use_case]
            continue
        if use_case in sends:
            use_case = use_case.model_copy(
                update={
                    "writes": [record, *use_case.writes],
                    "reads": [record, *use_case.reads],
                    "description": f"{use_case.description or ''}{known.send_text}".strip(),
                }
            )
        outside = use_case.actor in {i.name for i in req.integrations}
        if outside and payment.name in use_case.writes and use_case.interaction == "webhook":
            use_case = use_case.model_copy(
                update={
                    "writes": [*use_case.writes, record],
                    "description": f"{use_case.description or ''}{known.report_text}".strip(),
                }
            )
        cases.append(use_case)
    cases.insert(cases.index(approve), draft)
    fields_p = {**payment.fields, "batch": parse_field_type(f"ref[{record}]")}
    entities = [e.model_copy(update={"fields": fields_p}) if e is payment else e for e in req.data.entities]
    entities.append(entity)
    domains = list(req.data.domains)
    at = next((i for i, d in enumerate(domains) if payment.name in d.entities), None)
    if at is not None:
        domains[at] = domains[at].model_copy(update={"entities": [*domains[at].entities, record]})
    data = req.data.model_copy(update={"entities": entities, "domains": domains})
    return req.model_copy(update={"data": data, "use_cases": cases})
