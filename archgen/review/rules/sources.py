"""Where records come from: master data the questionnaire's own systems hold is imported from them, and the record
of a decision is written only by the guarded move it records."""

from __future__ import annotations

from archgen.common.english import join, plural
from archgen.design import creation
from archgen.design.sourcing import decision_records, source_of, sync_job
from archgen.review.engine import Found, Problem, Subject, rule
from archgen.review.rules.owners import CREATE_WORDS, _carried, _flow_writes


@rule("DAT109", "error", "data", "Master data another system holds, never imported")
def unsourced_master_data(subject: Subject) -> Found:
    """Use cases read records that an outside system named in the questionnaire keeps (the ERP's products, the
    billing system's meters and premises), yet nothing brings them in: no import of that system's extract, no
    operation or use case that makes them. An open question does not cover it, since the questionnaire already
    says where they live. Every read finds an empty or stale table. Add a scheduled import of the system's extract
    (or its change feed), keyed by the system's own key, with its record counts checked against the extract."""
    endpoints = [e for _, _, e in subject.endpoints()]
    for i, entity in enumerate(subject.design.entities):
        used = creation.used(subject.req, entity.name)
        system = source_of(subject.req.integrations, entity.name)
        if used is None or system is None or sync_job(subject.design.jobs, entity.name) is not None:
            continue
        if not creation.unmade(subject.req, entity, endpoints, lambda u: _carried(subject, u)):
            continue
        if _flow_writes(subject, entity, CREATE_WORDS):
            continue
        yield Problem(
            element=entity.name,
            at=("entities", i),
            message=f"{entity.name} records are {used} and {system.name} holds them, yet no job imports them",
            fix=f"add a nightly import of {system.name}'s extract of {plural(entity.name)} on {entity.owner}, "
            "keyed by its own key, with counts checked against the extract's manifest",
        )


@rule("SEC088", "error", "security", "A decision's record made outside the move it records")
def decision_made_apart(subject: Subject) -> Found:
    """An operation creates the record of a decision (an approval, a sign-off) on its own, while the decision itself
    is a guarded move of the record it is about (a claim approved within the caller's authority). Whoever may call
    that operation writes an approval the guard never checked, and the audit trail shows a decision that was never
    taken. Drop the operation: the guarded move writes the record in its own transaction."""
    decided = decision_records(subject.design.entities, subject.req.use_cases)
    for path, _, endpoint in subject.endpoints():
        moves = decided.get(endpoint.entity or "")
        if not moves or not creation.makes(endpoint):
            continue
        served = set(endpoint.use_cases) & {t.use_case for t in moves}
        if not served:
            continue
        yield Problem(
            element=f"{endpoint.method} {endpoint.path}",
            at=path,
            message=f"creates {endpoint.entity} records for {join(sorted(served))}, outside the guarded "
            f"{join(sorted({t.name for t in moves}))} move",
            fix=f"drop the operation; the {join(sorted({t.name for t in moves}), 'or')} move writes the "
            f"{endpoint.entity} in its own transaction",
        )
