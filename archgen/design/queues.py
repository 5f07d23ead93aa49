"""The categories people work from: a use case that names a value of a record's enum field (correct *estimated*
reads) works from the records holding that value, so it needs a list filtered by that field."""

from __future__ import annotations

from archgen.requirements.intent import words
from archgen.requirements.model import Requirements, UseCase


def worked_values(req: Requirements, use_case: UseCase) -> list[tuple[str, str, str]]:
    """(entity, field, value) for each value of an enum field of a record the use case reads or writes that its
    name names."""
    said = set(words(use_case.name))
    out: list[tuple[str, str, str]] = []
    for name in dict.fromkeys([*use_case.reads, *use_case.writes]):
        entity = next((e for e in req.data.entities if e.name == name), None)
        for field, kind in entity.fields.items() if entity is not None else []:
            out += [(name, field, v) for v in kind.values if kind.kind == "enum" and v.lower() in said]
    return out
