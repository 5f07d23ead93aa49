"""A series devices write is keyed as the device took each reading: its own timestamp and a per-device sequence
number, never the server's clock (readings uploaded in one batch would all get one instant and collide)."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.capacity.load import actor_kind
from archgen.design.model import DATABASE_KINDS, StoredField
from archgen.design.series import SEQUENCE
from archgen.knowledge.operations import operation_words

DEVICE_TIME = "the device's own clock, when it took the reading"
DEVICE_SEQUENCE = "a number the device increments with each reading, so two taken in one instant stay apart"


def device_written(draft: Draft) -> set[str]:
    """The entities machines write in streams or batches."""
    req = draft.req
    return {
        name
        for u in req.use_cases
        if actor_kind(req, u) == "device" or u.interaction in ("stream", "batch")
        for name in u.writes
    }


def plan_series_keys(draft: Draft) -> None:
    """Re-key each device-written series whose key holds a server-stamped time."""
    written = device_written(draft)
    for design in draft.entities:
        if design.name not in written or draft.store(design.store).kind not in DATABASE_KINDS:
            continue
        # a time named for when a record is stored (recorded_at) is the server's unless the device's is kept
        clock = operation_words().fields.clock
        stamped = [
            f for f in design.fields if f.name in design.primary_key and f.name in clock and f.type == "timestamp"
        ]
        if not stamped:
            continue
        for stored in stamped:
            stored.set_by, stored.source = "client", ""
            stored.description = stored.description or DEVICE_TIME
        if not any(f.name == SEQUENCE for f in design.fields):
            design.fields.append(StoredField(name=SEQUENCE, type="int", description=DEVICE_SEQUENCE, minimum=0))
        design.primary_key = [*design.primary_key, SEQUENCE]
        for index in design.indexes:
            if index.kind == "primary" and SEQUENCE not in index.fields:
                index.fields = [*index.fields, SEQUENCE]
                index.serves = (
                    f"the natural key: one {design.name} per ({', '.join(index.fields)}), the device's own time and "
                    "sequence, so each reading of a batch uploaded late is kept and a resent one conflicts"
                )
