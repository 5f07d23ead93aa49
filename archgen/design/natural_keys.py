"""The natural key of a record, read from its fields: the key the data itself has, which the engine must enforce.

A series of readings is keyed by what names the series and the time (a meter's register at an interval start); a
row kept per period (a room type's night, a video's day) by what it counts and the date. The identifying fields are
the leading run of references, enums and codes the questionnaire lists before the record's time; a resent or
repeated record then conflicts on that key instead of becoming a second row; a record kept in versions (a corrected
reading replacing the measured one) keeps its current version on the key and the replaced ones in a history. A code
kept per owner (a seller's sku) is unique within its owner, not across all of them.
"""

from __future__ import annotations

import re

from archgen.design.model import EntityDesign, StoredField
from archgen.knowledge.integrity import integrity
from archgen.knowledge.operations import operation_words

# The field types that name a record rather than measure it.
IDENTIFYING = ("ref[", "enum[")


def _identifying(field: StoredField) -> bool:
    return field.type.startswith(IDENTIFYING) or field.type == "string"


def natural_key(entity: EntityDesign, time_series: bool) -> list[str]:
    """The fields that name one record of a series (time_series) or of a row kept per period; [] when it has none.

    The leading identifying fields must include a reference (the series or the thing counted) and be followed by
    the record's own time: for a series its first client timestamp, for a row per period a date right after them.
    """
    if not time_series and (entity.state_machine is not None or any(f.name == "status" for f in entity.fields)):
        return []  # a record moving through states is an event of its own, not a row per period
    fields = [f for f in entity.fields if f.name != "id" and f.set_by == "client"]
    lead: list[StoredField] = []
    for field in fields:
        if not _identifying(field):
            break
        lead.append(field)
    rest = fields[len(lead) :]
    if not any(f.type.startswith("ref[") for f in lead):
        return []
    if time_series:
        time = next((f for f in fields if f.type in ("timestamp", "date")), None)
    else:
        time = rest[0] if rest and rest[0].type == "date" else None
    if time is None or time.encrypted or any(f.encrypted for f in lead):
        return []  # a value kept encrypted (a person's birth date) names nothing an index can hold in clear
    # an enum right after the date (a slot, a kind, a role) tells two records of one day apart: the same dish
    # for lunch and for dinner is two records, so the key holds it too
    after = [] if time_series else distinguishing(fields, time)
    # a version of one value (a corrected or estimated reading) replaces the current one on this key: rows per
    # version would make every rollup sum an estimate with the measured value that replaced it
    return [f.name for f in lead] + [time.name] + [f.name for f in after]


def distinguishing(fields: list[StoredField], time: StoredField) -> list[StoredField]:
    """The enum fields that follow a record's date in its fields, before anything else: what tells two records of
    one date apart (a slot, a kind, a role)."""
    after = fields[fields.index(time) + 1 :]
    out: list[StoredField] = []
    for field in after:
        if not field.type.startswith("enum[") or field.encrypted:
            break
        out.append(field)
    return out


def owner_of(entity: EntityDesign, field: str) -> str | None:
    """The reference a code is kept within, named by the code's prefix (`seller_sku` within `seller`)."""
    refs = [f.name for f in entity.fields if f.type.startswith("ref[") and f.name != field]
    return next((r for r in refs if field.startswith(f"{r}_")), None)


def enforced(entity: EntityDesign, fields: list[str]) -> bool:
    """Whether the primary key, a unique index or a claim makes these fields unique: one keyed on some of them
    and on nothing else (a key that adds a random id makes nothing unique)."""
    # a column computed from the others (a hash of one of them, to split a partition) adds nothing to what is unique
    hashed = {f.name for f in entity.fields if f.source.startswith("a hash of ")}
    keys = [[k for k in entity.primary_key if k not in hashed]] + [
        (i.partition or i.fields) if i.kind == "claim" else i.fields
        for i in entity.indexes
        if i.kind in ("primary", "unique", "claim")
    ]
    return any(key and set(key) <= set(fields) for key in keys)


def external_key(entity: EntityDesign) -> StoredField | None:
    """The field other systems know a record by (a store's code, a product's SKU): the first string its makers set
    that is named as such a key. An integration names the record by it; the server resolves it to the id."""
    words = operation_words().fields.natural_keys
    for field in entity.fields:
        name = field.name.lower()
        named = name in words or any(name.endswith(f"_{w}") for w in words)
        if named and field.set_by == "client" and field.type == "string":
            return field
    return None


def pair_key(entity: EntityDesign) -> list[str]:
    """The natural key of a per-person relation (a like, a follow, a save): a record whose caller sets only the
    reference to what it is about, while the server sets the reference to the person who made it. One exists per
    (object, person): a repeated like is the same like, and whether the reader liked a post is one probe."""
    given = [f for f in entity.fields if f.set_by == "client"]
    made_by = [f for f in entity.fields if f.set_by == "server" and f.type.startswith("ref[")]
    if len(given) != 1 or not given[0].type.startswith("ref[") or len(made_by) != 1:
        return []
    return [given[0].name, made_by[0].name]


def link_key(entity: EntityDesign) -> list[str]:
    """The pair a link record is unique on: a record whose caller sets two references and nothing else (a recipe
    filed under a tag). Filing it twice is the same link, so one exists per pair."""
    given = [f for f in entity.fields if f.set_by == "client"]
    if len(given) != 2 or not all(f.type.startswith("ref[") for f in given) or entity.state_machine is not None:
        return []
    return [f.name for f in given]


def stated_key(entity: EntityDesign) -> list[str]:
    """The key a record's description states ("unique per owner"): what it is unique within (a reference it holds,
    or the maker the server sets from the token), then the record's name (its first string its caller sets)."""
    words = integrity()
    said = entity.description.lower()
    within = next((m.group(1) for w in words.within for m in re.finditer(rf"\b{re.escape(w)} (\w+)", said)), None)
    name = next((f for f in entity.fields if f.set_by == "client" and f.type == "string"), None)
    if within is None or name is None:
        return []
    refs = [f for f in entity.fields if f.type.startswith("ref[") and f.name != name.name]
    owner = next((f for f in refs if f.name == within or f.type[4:-1].lower() == within), None)
    if owner is None and within in words.makers:
        owner = next((f for f in entity.fields if f.set_by == "server" and "token" in f.source), None)
        owner = owner or next((f for f in entity.fields if f.set_by == "server" and "caller" in f.source), None)
    return [owner.name, name.name] if owner is not None else []
