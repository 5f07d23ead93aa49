"""Who can supply a field when a record is made, read from the design: what the rules architect and the review
engine both judge a create input by."""

from __future__ import annotations

import re

from archgen.design.model import EntityDesign, StoredField
from archgen.knowledge.operations import operation_words


def parts(name: str) -> set[str]:
    """The words of a field's name, without a trailing _id."""
    return set(name.lower().removesuffix("_id").split("_"))


def target_word(entity: str) -> str:
    """The first word of an entity's name (Store for StoreProductDay), lower-case: what a system role is named by
    when it calls as one of its records (store_server)."""
    found = re.findall(r"[A-Z]?[a-z0-9]+", entity)
    return found[0].lower() if found else ""


def chosen_by(entity: EntityDesign, field: StoredField) -> tuple[str, str] | None:
    """The kind field of the record and its value that call for a field (beneficiary_type merchant for `merchant`,
    method card for `card_token`), when one does: the field is sent only for that kind."""
    name = field.name.lower()
    first = name.split("_")[0]
    for other in entity.fields:
        if other is field or not other.type.startswith("enum["):
            continue
        values = [v.strip().lower() for v in other.type[5:-1].split(",")]
        if len(values) > 1 and (name in values or first in values):
            return other.name, name if name in values else first
    return None


def optional_reference(field: StoredField) -> bool:
    """Whether a field names a record most records lack (a promotion, a loyalty member, a parent)."""
    known = operation_words().fields.optional
    return field.name.lower().removesuffix("_id") in known or bool(parts(field.name) & known)


def produced_later(entity: EntityDesign, field: StoredField, reported: bool, files: bool) -> str:
    """What makes a field a later step's, or '' when a maker can supply it: 'time' for a time named after a later
    step (finished_at, last_alerted_at), 'output' for what a run produces, 'measure' for what the server measures
    from the file the record keeps (`files`). A system reporting what happened (`reported`) observed its times and
    outputs itself."""
    known = operation_words().fields
    kind = field.type.split("[", 1)[0]
    name = field.name.lower()
    timed = kind in ("timestamp", "date") and not reported and name not in known.scheduled
    if timed and name.split("_")[0] in known.later:
        return "time"
    if entity.state_machine is not None and parts(name) & known.outputs and not reported:
        return "output"
    if files and parts(name) & known.processed and kind in ("int", "decimal", "string"):
        return "measure"
    return ""


def keeps_file(entity: EntityDesign) -> bool:
    """Whether the entity's records keep a stored file: a field holds its object key."""
    keys = operation_words().fields.file_keys
    return any(f.name.lower() in keys for f in entity.fields)
