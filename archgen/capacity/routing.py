"""How a search store split into several indices is routed: the key every document carries that a search is always
held to (the tenant), so a search reads one shard of each index it covers instead of every primary of them."""

from __future__ import annotations

from archgen.design.model import EntityDesign
from archgen.knowledge.tenancy import tenant_column


def routing_key(entities: list[EntityDesign]) -> str | None:
    """The field every searched record of a store carries and every search is held to: their tenant column when
    they all name the same one; None when there is none to route by."""
    keys = {tenant_column(e.name, [(f.name, f.type) for f in e.fields]) for e in entities}
    if len(keys) != 1:
        return None
    return next(iter(keys))


def routed_by(partitioning: str) -> str | None:
    """The key a search store's partitioning says its documents are routed by, or None."""
    marker = "routed by "
    if marker not in partitioning:
        return None
    return partitioning.split(marker, 1)[1].split(":")[0].split(" ")[0].strip(",;") or None
