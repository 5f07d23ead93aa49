"""The references that fix what a record is about: the parent it is listed under and the subject it concerns (a
result's order and patient). They are set when the record is made and never change; moving a record to another
parent or person is a new record, not an edit."""

from __future__ import annotations

from archgen.design.model import EntityDesign
from archgen.knowledge.operations import operation_words


def fixed_references(entity: EntityDesign) -> list[str]:
    """The client-set references of an entity that records are looked up by (an index leads with them: the parent
    or subject), but those people reassign (an assignee, an owner)."""
    reassignable = operation_words().fields.reassignable
    leading = {i.fields[0] for i in entity.indexes if i.fields}
    return [
        f.name
        for f in entity.fields
        if f.set_by == "client"
        and f.type.startswith("ref[")
        and f.name in leading
        and not set(f.name.removesuffix("_id").split("_")) & reassignable
        and f.name not in entity.primary_key
    ]
