"""Idempotency keys unique per caller: a unique key over a key the caller chose also holds the fields that say
whose it is (archgen/design/caller_keys.py), and the API conventions replay a stored response only to the caller
that sent the same request."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.common.naming import slug
from archgen.design.caller_keys import unscoped
from archgen.knowledge.money_moves import money_moves


def scope_caller_keys(draft: Draft) -> None:
    """Lead each caller-chosen key's unique index with whose key it is; an optional party counts as one value."""
    roles = [r.name for r in draft.req.users.roles]
    words = money_moves()
    for entity in draft.entities:
        for _, index, mine in list(unscoped(entity, roles)):
            index.fields = [*mine, *index.fields]
            index.name = f"{slug(entity.name, 'entity')}_{'_'.join(index.fields)}_key"
            optional = any(not f.required for f in entity.fields if f.name in mine)
            said = words.serves.format(entity=entity.name, scope=", ".join(index.fields))
            index.serves = f"{index.serves}; {said}{words.nulls if optional else ''}"
