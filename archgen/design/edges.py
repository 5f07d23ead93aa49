"""Big edge tables (likes, memberships): records that link two others, read only by the records they link, and
the wide-column store the team already runs that keeps them (archgen/knowledge/store_fit.yaml)."""

from __future__ import annotations

from archgen.capacity import constants as c
from archgen.capacity.load import entity_rows, records_per_s
from archgen.knowledge.store_fit import store_fit
from archgen.requirements.intent import status_field
from archgen.requirements.model import Entity, Requirements


def known_wide_column(req: Requirements) -> str | None:
    """The wide-column store the team already runs (its skills or must-use list), if any."""
    words = [*req.constraints.team.skills, *req.constraints.must_use]
    return store_fit().known_kind(words, "wide-column")


def is_edge(entity: Entity) -> bool:
    """An edge or event table: it links records and is read only by the records it links (and counted per one)."""
    refs = {n for n, f in entity.fields.items() if f.kind == "ref"}
    keyed = [a for a in entity.access if a != "aggregate"]
    return bool(keyed) and all(a.startswith("by_") and a[3:] in refs for a in keyed)


def relaxed(entity: Entity) -> bool:
    """Whether the entity may be read a moment stale: said so, or nothing about it (no money, no lifecycle)."""
    money = any(w in f.lower() for f in entity.fields for w in ("amount", "balance", "price", "total", "fee"))
    stated = "consistency" in entity.model_fields_set
    return entity.consistency == "eventual" or (not stated and status_field(entity) is None and not money)


def writes_y3(req: Requirements, entity: Entity) -> float:
    """Records a second the use cases write to an entity at peak after three years."""
    return sum(records_per_s(req, u) for u in req.use_cases if entity.name in u.writes)


def outgrows_primary(req: Requirements, entity: Entity) -> bool:
    """Whether its writes after headroom pass one relational primary, or its rows pass what one node holds."""
    one_primary = c.PRIMARY_WRITE_LIMIT.value * c.TARGET_UTILISATION.value
    big = entity_rows(req, entity, 3) * (entity.record_bytes or 0) > c.NODE_STORAGE_LIMIT.value * 1e12
    return writes_y3(req, entity) > one_primary or big


def wide_column_edge(req: Requirements, entity: Entity) -> bool:
    """A big edge table that belongs in a wide-column store: relaxed, past one primary, and either the team runs
    one or its writes pass what one primary takes."""
    if not (is_edge(entity) and relaxed(entity) and outgrows_primary(req, entity)):
        return False
    one_primary = c.PRIMARY_WRITE_LIMIT.value * c.TARGET_UTILISATION.value
    return known_wide_column(req) is not None or writes_y3(req, entity) > one_primary
