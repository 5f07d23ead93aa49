"""Records keyed to a person: a field that refers to a person's own record, or is set from the signed-in caller (a
record's created_by). A system with such records holds personal data, whatever its fields are marked; the security
page and the review read the same answer here."""

from __future__ import annotations

from collections.abc import Sequence

from archgen.design import lifecycle_needs as needs
from archgen.design.model import EntityDesign
from archgen.knowledge.credentials import credentials
from archgen.requirements.model import Requirements


def person_keys(req: Requirements, entities: Sequence[EntityDesign]) -> dict[str, list[str]]:
    """Entity → its fields that name a person (by reference to a person's record, or as the signed-in caller)."""
    if not any(r.kind == "person" for r in req.users.roles):
        return {}
    people = set(needs.person_entities(req))
    marks = credentials().person_marks
    out: dict[str, list[str]] = {}
    for entity in entities:
        for field in entity.fields:
            referred = field.type.startswith("ref[") and field.type[4:-1] in people
            caller = field.set_by == "server" and any(m in field.source.lower() for m in marks)
            if referred or caller:
                out.setdefault(entity.name, []).append(field.name)
    return out
