"""Roles' duties: a role whose description says it manages, sets or configures something (members, retention) gets
an operation that does it on the record or setting named; a duty nothing in the design matches is asked about."""

from __future__ import annotations

from typing import TYPE_CHECKING

from archgen.architects.rules.draft import Draft
from archgen.common import english
from archgen.common.naming import identifier, pascal, words_of
from archgen.design import model as m
from archgen.design.duties import Duty, carriers_of, carries, promised, role_duties, settable

if TYPE_CHECKING:
    from archgen.architects.rules.operations import _Planner


def carry_duties(planner: _Planner) -> None:
    """Give every duty a role's description names an operation the role may call, or ask what it means."""
    from archgen.architects.rules.operations import collection

    draft = planner.draft
    req = draft.req
    settings = {e.name: settable((f.name, f.type, f.set_by) for f in e.fields) for e in draft.entities}
    descriptions = {e.name: e.description for e in draft.entities}
    for duty in role_duties(req, settings, [(u.name, u.actor) for u in req.use_cases], descriptions):
        endpoints = [e for ops in planner.ops.values() for e in ops]
        if any(carries(duty, e) for e in endpoints):
            continue
        if duty.entity is None:
            _ask(planner, duty)
            continue
        owner = planner.owner(duty.entity)
        changing = [e for e in planner.ops.get(owner, []) if e.entity == duty.entity and e.auth == "user"]
        wanted = ("update", "replace") if duty.field else ("update", "replace", "create")
        shared = next((e for e in changing if e.action in wanted and carries(duty, _as(e, duty.role))), None)
        if shared is not None:  # the operation exists for another role: the duty's role may call it too
            shared.roles.append(duty.role)
            continue
        thing = words_of(duty.entity)
        summary = (
            f"Set {english.possessive(f'the {thing}')} {duty.field.replace('_', ' ')}"
            if duty.field
            else f"Update {english.a(thing)}"
        )
        planner.add(
            owner,
            m.Endpoint(
                method="PATCH",
                path=f"{collection(duty.entity)}/{{id}}",
                operation_id=identifier(f"update {pascal(duty.entity)}"),
                summary=summary,
                action="update",
                entity=duty.entity,
                auth="user",
                roles=[duty.role],
            ),
        )


def _as(endpoint: m.Endpoint, role: str) -> m.Endpoint:
    """The operation as if the role could call it: whether it does the duty's work apart from who calls it."""
    return endpoint.model_copy(update={"roles": [*endpoint.roles, role]})


def _ask(planner: _Planner, duty: Duty) -> None:
    said = f"The {duty.role.replace('_', ' ')} role's description gives it a duty ('{duty.verb} {duty.said}')"
    if duty.use_case:
        question = f"{said}, and no operation lets it run '{duty.use_case}': which operation should it call?"
    else:
        question = (
            f"{said}, and no record, setting or use case is called that: which record or field holds "
            f"{duty.said}, and which operation changes it?"
        )
    planner.draft.ask(
        question=question,
        context="A duty a role is given needs an operation the role may call; otherwise the role cannot do its job "
        "through the system.",
        raised_by=f"users.roles[{duty.role}].description",
    )


def ask_promised(draft: Draft) -> None:
    """Ask about every capability the summary names (tagging, a shopping list) that no use case, record, field or
    question carries: the summary promises it and the design would otherwise be silent."""
    req = draft.req
    entities = [(e.name, [f.name for f in e.fields]) for e in draft.entities]
    asked = [f"{q.question} {q.context}" for q in draft.questions]
    for feature in promised(req.system.summary, carriers_of(req, entities, asked)):
        draft.ask(
            question=f"The summary names {feature.name}, and no use case, record or field carries it: who does it, "
            "to which records, and what must the system keep for it?",
            context="A capability the summary promises with no use case behind it gets no operation and no storage; "
            "a use case for it, with the records it reads and writes, puts it in the design.",
            raised_by="system.summary",
        )
