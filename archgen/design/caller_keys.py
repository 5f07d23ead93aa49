"""Idempotency keys scoped to their caller: a key the caller chose (Idempotency-Key, a request key stored on the
record) is unique only together with the fields that say whose it is, so two merchants' `order-1001` are two
requests and a stored response is never replayed to another caller."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from archgen.design.model import EntityDesign, Index
from archgen.knowledge.money_moves import is_key_field, money_moves
from archgen.requirements.intent import is_role_record


def scope(entity: EntityDesign, roles: Sequence[str]) -> list[str]:
    """The fields that say whose a record's key is: references to a role's own record (the merchant, the consumer),
    or a tenant or source field."""
    words = money_moves().scopes
    out = []
    for field in entity.fields:
        target = field.type[4:-1] if field.type.startswith("ref[") else ""
        if field.name in words or (target and any(is_role_record(r, target) for r in roles)):
            out.append(field.name)
    return out


def unscoped(entity: EntityDesign, roles: Sequence[str]) -> Iterator[tuple[int, Index, list[str]]]:
    """The unique keys of an entity that hold a caller's key but none of the fields that say whose it is: (index
    position, index, the missing scope)."""
    mine = scope(entity, roles)
    if not mine:
        return
    for i, index in enumerate(entity.indexes):
        fields = (index.partition or index.fields) if index.kind == "claim" else index.fields
        if index.kind not in ("primary", "unique", "claim") or not any(is_key_field(f) for f in fields):
            continue
        if not set(mine) & set(fields):
            yield i, index, mine
