"""Promise rules: what the questionnaire's prose says the system lets people do (a role's duties, the capabilities
its summary names) is carried by an operation, a use case or an open question."""

from __future__ import annotations

from archgen.architects.rules.field_sources import is_file_key
from archgen.common.english import join
from archgen.design import batches, slices
from archgen.design.duties import asked, carriers_of, carries, promised, role_duties, settable
from archgen.review.engine import Found, Problem, Subject, rule


@rule("API176", "warning", "api", "A duty a role is given that no operation lets it do")
def duties_without_operation(subject: Subject) -> Found:
    """A role's description says it manages, sets or configures something (members, retention, exports) and no
    operation the role may call changes that record or setting, and no open question asks what it means: the role
    cannot do the job it is described by through the system."""
    design = subject.design
    settings = {e.name: settable((f.name, f.type, f.set_by) for f in e.fields) for e in design.entities}
    descriptions = {e.name: e.description for e in design.entities}
    cases = [(u.name, u.actor) for u in subject.req.use_cases]
    questions = [f"{q.question} {q.context}" for q in design.open_questions]
    endpoints = [e for _, _, e in subject.endpoints()]
    roles = [r.name for r in subject.req.users.roles]
    for duty in role_duties(subject.req, settings, cases, descriptions):
        if any(carries(duty, e) for e in endpoints) or asked(duty, questions):
            continue
        where = f"changes {duty.target}" if duty.entity else f"carries '{duty.target}'" if duty.use_case else ""
        yield Problem(
            element=f"{duty.role}: {duty.said}",
            at=("requirements", "users", "roles", roles.index(duty.role), "description"),
            message=f"the {duty.role} role {duty.verb} {duty.said}, and "
            + (f"no operation it may call {where}" if where else "nothing in the design is called that"),
            fix=f"give {duty.role} an operation that "
            + (where if where else f"changes {duty.said}")
            + ", or ask what the duty means in an open question",
        )


@rule("API178", "warning", "api", "A batch taken for later that cannot be read back")
def batch_without_status(subject: Subject) -> Found:
    """An operation takes many records at once and answers 202, and nothing reads the batch back with each item's
    outcome, or its records key files and the receipt says nowhere to upload them: the caller cannot tell which
    records failed, and the files never arrive."""
    for path, service, endpoint in subject.endpoints():
        if not batches.is_batch(endpoint):
            continue
        label = f"{service.name}: {endpoint.method} {endpoint.path}"
        status = next((e for e in service.endpoints if batches.follows(endpoint, e)), None)
        if status is None or not batches.outcome_items(status.response):
            yield Problem(
                element=label,
                at=path,
                message="takes a batch for later processing, and "
                + (
                    "no operation reads the batch back" if status is None else "reading it back names no item's outcome"
                ),
                fix=f"add GET {batches.status_path(endpoint)} answering the batch's state and, per item sent, whether "
                "it was stored or why it failed",
            )
        entity = subject.entities.get(endpoint.entity or "")
        keyed = entity is not None and any(is_file_key(subject.req, f.name) for f in entity.fields)
        if keyed and not batches.hands_upload_urls(endpoint.response):
            yield Problem(
                element=label,
                at=(*path, "response"),
                message=f"takes a batch of {endpoint.entity} records that each key a file, and its receipt says "
                "nowhere to upload the files",
                fix="answer a signed upload URL (and when it expires) per item in the receipt",
            )


@rule("QST004", "warning", "review pack", "A capability the summary promises that nothing carries")
def summary_promises_unasked(subject: Subject) -> Found:
    """The system's summary names a capability (tagging, importing, a shopping list) and no use case, record, field
    or open question speaks of it: the design quietly drops something the people who wrote the summary expect."""
    design = subject.design
    entities = [(e.name, [f.name for f in e.fields]) for e in design.entities]
    asked = [f"{q.question} {q.context}" for q in design.open_questions]
    for feature in promised(subject.req.system.summary, carriers_of(subject.req, entities, asked)):
        yield Problem(
            element=feature.name,
            at=("requirements", "system", "summary"),
            message=f"the summary names {feature.name}, and no use case, record, field or question speaks of it",
            fix=f"add a use case for {feature.name} with the records it keeps, or ask about it in an open question",
        )


@rule("API177", "warning", "api", "A dimension a use case slices by that its operation cannot filter by")
def slice_without_dimension(subject: Subject) -> Found:
    """A use case cuts records by dimensions it names (by product, store, promotion and period), compares things
    that are looked up by a grouping (stores by region), or finds records, and the operation carrying it takes no
    filter for a dimension, nothing to find by, or no question asks where an unheld dimension lives: the analyst
    cannot ask the question the use case is for."""
    design = subject.design
    entities = subject.entities
    asked = " ".join(q.question for q in design.open_questions).lower()
    for path, service, endpoint in subject.endpoints():
        lead = entities.get(endpoint.entity or "")
        if endpoint.method != "GET" or lead is None:
            continue
        label = f"{service.name}: {endpoint.method} {endpoint.path}"
        for case in (u for u in subject.req.use_cases if u.name in endpoint.use_cases):
            dims = [slices.dimension(w, lead, entities) for w in slices.named(case)]
            missing = [d.said for d in dims if d.held and not slices.filters_by(endpoint, lead, d)]
            missing += [f.rpartition(".")[2] for f in slices.scope_filters(case, lead, entities, endpoint)]
            unheld = [d.said for d in dims if not d.held and d.said not in asked]
            if missing:
                yield Problem(
                    element=label,
                    at=(*path, "filters"),
                    message=f"carries {case.name!r}, which cuts by {join(missing)}, and takes no filter for it",
                    fix=f"filter and group by {join(missing)} (a field of a record the answer composes, as "
                    "record.field, where it is held there)",
                )
            if unheld:
                yield Problem(
                    element=label,
                    at=(*path, "use_cases"),
                    message=f"carries {case.name!r}, which cuts by {join(unheld)}, which no record holds and no "
                    "question asks about",
                    fix=f"keep {join(unheld)} on a record the {lead.name} references, or ask where it lives",
                )
            if slices.finds_nothing(case, endpoint):
                yield Problem(
                    element=label,
                    at=(*path, "inputs"),
                    message=f"carries {case.name!r}, a find, and takes nothing to find by",
                    fix="take the words to match (q) and the filters the use case names",
                )
