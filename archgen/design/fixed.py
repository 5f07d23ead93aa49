"""What a client may set on a record and what it may change afterwards. The references that fix what a record is
about (the parent it is listed under, the subject it concerns: a result's order and patient) are set when the record
is made and never change; moving a record to another parent or person is a new record, not an edit."""

from __future__ import annotations

from archgen.design.binding import fixed_terms
from archgen.design.model import EntityDesign, StoredField
from archgen.design.money import destinations, fixed_money
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


def writable(entity: EntityDesign) -> list[StoredField]:
    """The fields a client may set when it creates a record: everything the server does not own (ids, status,
    timestamps, amounts, the acting user, the tenant...), key parts it names included (the channel of a message)."""
    return [f for f in entity.fields if f.set_by == "client"]


def changeable(entity: EntityDesign) -> list[StoredField]:
    """The fields a client may change on a stored record: the writable ones but its key (a message stays in its
    channel), the references that fix what it is about (a result stays with its order and patient), the money facts
    of a record with a lifecycle (its transitions change them), where it is paid out to (a change of account is
    verified, never an edit), and the deadlines, placement and commercial terms that bind its callers (an extension,
    a move or a plan change is its own operation)."""
    fixed = set(fixed_references(entity)) | set(fixed_money(entity)) | set(destinations(entity))
    fixed |= set(fixed_terms(entity))
    return [f for f in writable(entity) if f.name not in entity.primary_key and f.name not in fixed]
