"""How each kind of store keeps tenants apart (archgen/knowledge/tenancy.yaml): the wall the tenancy decision puts
around the system of record, and the one every other kind of store needs when tenants share it."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class TenantWalls(BaseModel):
    """tenancy.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    isolation: dict[str, str]
    unpoliced: str
    shared: dict[str, str]
    words: tuple[str, ...] = ()


@functools.cache
def tenant_walls() -> TenantWalls:
    """The shipped walls, read once."""
    return shipped("tenancy.yaml", TenantWalls)


def tenant_column(entity: str, fields: list[tuple[str, str]]) -> str | None:
    """The field naming the tenant among an entity's (name, type) fields: a reference to a tenant, or a key
    named as one; None when it has none (the tenant entity itself, or a record no tenant owns)."""
    words = tenant_walls().words
    for name, type_ in fields:
        target = type_[4:-1] if type_.startswith("ref[") else ""
        if target == entity:
            continue  # a parent of the same kind, not the tenant
        if target and any(w in target.lower() for w in words):
            return name
        if any(w in name.lower() for w in words) and (target or type_ == "uuid"):
            return name
    return None


def is_tenant(entity: str) -> bool:
    """Whether an entity's name says it is a tenant (used only when it names no tenant of its own)."""
    return any(w in entity.lower() for w in tenant_walls().words)
