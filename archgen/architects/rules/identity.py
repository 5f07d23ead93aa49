"""Identity and segregation of duties in the records: a person never edits the facts that identify them, and a
four-eyes decision compares the caller against the authors of the records it relies on, is not bypassed by an exit
that ends the case, and nobody assigns a case to themselves."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.common import english
from archgen.design import identity as ident
from archgen.design.model import StoredField
from archgen.design.obtaining import SELF
from archgen.knowledge.access import access_knowledge
from archgen.knowledge.identity import identity_knowledge


def plan_identity(draft: Draft) -> None:
    """Hold identity fields to the staff who register people, and close the ways around each four-eyes decision.
    Run once the fields' sources and the lifecycles' guards are known, before the request bodies are made."""
    _hold_identity_fields(draft)
    roles = [r.name for r in draft.req.users.roles]
    for guarded in ident.guarded_decisions(draft.req, draft.entities):
        _author_inputs(guarded)
        for exit_ in ident.unguarded_exits(guarded):
            exit_.guard = "; ".join(g for g in (exit_.guard, *ident.four_eyes(guarded.move)) if g)
        staff = _registrars(draft, guarded.entity.name)
        for field in guarded.entity.fields:
            _no_self_assignment(field, ident.assignees(field, roles, guarded.move.roles), staff)


def _hold_identity_fields(draft: Draft) -> None:
    """The person's identifiers, birth date and legal name are set by the roles that keep their record, never by
    the person: a portal user rewriting their MRN is a wrong-patient error waiting to happen. Where no staff keep
    the record, the identity comes with the rest of what the person's sign-up binds to."""
    known = identity_knowledge()
    bound = access_knowledge().binding.source.split(":")[0]
    for entity in draft.entities:
        keepers = _registrars(draft, entity.name) or list(
            dict.fromkeys(w for f in entity.fields for w in f.writers if w != SELF)
        )
        binding = ident.bound_source(entity)
        for field in ident.identity_fields(entity):
            if not ident.self_editable(entity, field):
                continue
            held = [w for w in field.writers if w != SELF and w in keepers] or keepers
            if held:
                field.writers = held
                field.description = field.description or known.identity_says.format(roles=english.join(held))
            elif binding:
                field.set_by, field.source, field.writers = "server", binding, []
        if not keepers:
            continue
        # staff who register the person enter the name and the identifiers; sign-up finds the record they made
        names = {*known.name_fields, *known.identity_fields}
        for field in entity.fields:
            if field.name.lower() in names and field.source.startswith(bound):
                field.set_by, field.source, field.writers = "client", "", keepers
                field.description = field.description or known.identity_says.format(roles=english.join(keepers))


def _registrars(draft: Draft, entity: str) -> list[str]:
    """The staff whose own use cases write a person's record (the front desk checking a patient in)."""
    staff = {r.name for r in draft.req.users.roles if r.kind == "person" and r.internal}
    return list(dict.fromkeys(u.actor for u in draft.req.use_cases if entity in u.writes and u.actor in staff))


def _author_inputs(guarded: ident.Guarded) -> None:
    """Each record an earlier step writes keeps its author, and the decision's guard compares against it: whoever
    wrote the assessment does not decide, whoever clicked the step."""
    known = identity_knowledge()
    lacking = [e for e in guarded.inputs if not ident.authored(e)]
    for entity in lacking:
        entity.fields.append(
            StoredField(
                name=known.author.field,
                type=known.author.type,
                set_by="server",
                source=known.author.source,
                description=known.author.description.format(moves=guarded.move.name),
            )
        )
    if guarded.inputs and "created_by" not in guarded.move.guard:
        names = english.join([e.name for e in guarded.inputs], "or")
        guarded.move.guard = "; ".join((guarded.move.guard, known.author_guard.format(records=names)))


def _no_self_assignment(field: StoredField, assignees: list[str], staff: list[str]) -> None:
    """An assignment field is never set by who it assigns: the other roles that write it (or the other staff who
    write its record: the supervisor who reassigns a claim), else the server."""
    if not assignees or field.set_by != "client":
        return
    if field.writers and not set(field.writers) & set(assignees):
        return
    others = [w for w in field.writers if w not in assignees] or [w for w in staff if w not in assignees]
    if others:
        field.writers = others
        return
    field.set_by, field.source, field.writers = "server", identity_knowledge().assignment_source, []
