"""How each kind of store keeps tenants apart (archgen/knowledge/tenancy.yaml): the wall the tenancy decision puts
around the system of record, and the one every other kind of store needs when tenants share it."""

from __future__ import annotations

import functools
from importlib import resources

from pydantic import BaseModel, ConfigDict

from archgen.common import yamlio


class TenantWalls(BaseModel):
    """tenancy.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    isolation: dict[str, str]
    unpoliced: str
    shared: dict[str, str]


@functools.cache
def tenant_walls() -> TenantWalls:
    """The shipped walls, read once."""
    text = resources.files("archgen.knowledge").joinpath("tenancy.yaml").read_text(encoding="utf-8")
    return TenantWalls.model_validate(yamlio.parse(text, "tenancy.yaml").data)
