"""A series devices write, keyed as the device took each reading: its own time and a per-device sequence number
(the server's clock would give every reading of a batch uploaded late the same instant)."""

from __future__ import annotations

from archgen.design.model import EntityDesign

SEQUENCE = "sequence"


def device_keyed(entity: EntityDesign, field: str) -> bool:
    """Whether a time field is the device's own, in a key that a device sequence number completes."""
    stored = {f.name: f for f in entity.fields}
    sequence = stored.get(SEQUENCE)
    return (
        field in entity.primary_key
        and SEQUENCE in entity.primary_key
        and sequence is not None
        and sequence.set_by == "client"
        and sequence.type == "int"
    )
