"""Every field a role is given to set has an operation that lets that role send it: where the record's create
leaves it to others and no edit or move of theirs carries it (the support agent who keeps a rider's home city),
the roles get an edit of those fields."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.common import english
from archgen.common.naming import identifier, pascal, words_of
from archgen.design import model as m
from archgen.design.fixed import changeable
from archgen.design.later import carried_by_moves, unsent
from archgen.design.obtaining import SELF
from archgen.knowledge.lifecycles import lifecycle_knowledge


def edit_for_writers(draft: Draft) -> None:
    """Give the named writers of fields nothing lets them send an edit of the record: the record's own edit by
    id when it has one (they join its callers), else a new PATCH. Run once the operations are placed."""
    from archgen.architects.rules.operations import collection  # operations calls this once it has placed them

    for entity in draft.entities:
        carried = {f.name for fs in carried_by_moves(draft.req, draft.services, entity).values() for f in fs}
        editable = {f.name for f in changeable(entity)}  # an edit carries only what may change after the create
        fields = [f for f in unsent(draft.services, entity) if f.name not in carried and f.name in editable]
        roles = list(dict.fromkeys(w for f in fields for w in f.writers if w != SELF))
        service = draft.service(entity.owner)
        if not roles or service is None:
            continue
        path = f"{collection(entity.name)}/{{id}}"
        edit = next((e for e in service.endpoints if e.path == path and e.action == "update"), None)
        if edit is not None:
            edit.roles += [r for r in roles if r not in edit.roles]
            continue
        noun = words_of(entity.name)
        names = english.join([f"`{f.name}`" for f in fields if set(f.writers) & set(roles)])
        summary = lifecycle_knowledge().why.keep.format(
            a=english.article(noun), noun=noun, fields=names, roles=english.join(roles)
        )
        service.endpoints.append(
            m.Endpoint(
                method="PATCH",
                path=path,
                operation_id=identifier(f"edit {pascal(entity.name)} as {' or '.join(roles)}"),
                summary=summary[:1].upper() + summary[1:],
                action="update",
                entity=entity.name,
                auth="user",
                roles=roles,
            )
        )
