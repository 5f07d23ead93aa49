"""The fields that bind a party, read from the design: a deadline or a limit, an identifier the server issues, the
channel a request came by, where a customer's data lives, what it pays for, and what a record was committed to
when it was made. The rules architect plans inputs by these; the review engine checks any design against them."""

from __future__ import annotations

import re

from archgen.design.model import EntityDesign, StoredField
from archgen.knowledge.binding import binding_words


def _parts(name: str) -> list[str]:
    return name.lower().removesuffix("_id").split("_")


def _kind(field: StoredField) -> str:
    return field.type.split("[", 1)[0]


def _refers(field: StoredField) -> bool:
    """Whether a field is a reference to another record (a delivery's subscription), never a term of its own."""
    return field.type.startswith("ref[")


def _snake(entity: str) -> str:
    return "_".join(w.lower() for w in re.findall(r"[A-Z]?[a-z0-9]+", entity))


def is_deadline(field: StoredField) -> bool:
    """Whether a field is a time or a limit a party must act by or within (respond_by, due_on, approval_limit)."""
    known = binding_words()
    kind, words = _kind(field), _parts(field.name)
    if kind not in known.deadline_types:
        return False
    if set(words) & known.deadlines:
        return True
    return kind in ("date", "timestamp") and len(words) > 1 and words[-1] in known.deadline_suffixes


def deadlines(entity: EntityDesign) -> list[StoredField]:
    """The client-set deadlines and limits of a record."""
    return [f for f in entity.fields if f.set_by == "client" and is_deadline(f)]


def assigned(entity: str, field: StoredField) -> str:
    """Whether a field is an identifier the server issues for the record: 'named' when its name says so (its
    reference, its confirmation code), 'own' when it is the record's own number (claim_number on Claim), which
    records imported from another system bring with them; '' otherwise."""
    known = binding_words()
    name = field.name.lower()
    if _kind(field) not in ("string", "int"):
        return ""
    if name in known.assigned:
        return "named"
    own = _snake(entity)
    return "own" if name.startswith(own + "_") and name.removeprefix(own + "_") in known.assigned_suffixes else ""


def is_channel(field: StoredField) -> bool:
    """Whether a field says which channel a request came by (an enum, never a reference to a chat channel)."""
    return _kind(field) == "enum" and field.name.lower() in binding_words().channels


def placement(entity: EntityDesign) -> list[str]:
    """The client-set fields that say where a customer's data lives (its home region, its cell)."""
    known = binding_words().placement
    return [f.name for f in entity.fields if f.set_by == "client" and f.name.lower() in known and not _refers(f)]


def terms(entity: EntityDesign) -> list[str]:
    """The client-set fields that say what a customer pays for and is allowed (its plan, its seat limit)."""
    known = binding_words().terms
    return [f.name for f in entity.fields if f.set_by == "client" and f.name.lower() in known and not _refers(f)]


def committed(entity: EntityDesign) -> list[str]:
    """The client-set fields that say what a record was committed to when it was made (where a trip goes, the
    nights a booking holds): never a reference, which fixed_references judges."""
    known = binding_words().committed
    out = []
    for f in entity.fields:
        if f.set_by != "client" or f.type.startswith("ref["):
            continue
        name = f.name.lower()
        if set(_parts(name)) & known or any(w in name for w in known if "_" in w):
            out.append(f.name)
    return out


def fixed_terms(entity: EntityDesign) -> list[str]:
    """The fields no update of a record changes: a deadline or a limit anyone may otherwise set (one kept for the
    roles that decide it stays theirs), where its data lives and what it pays for."""
    open_deadlines = [f.name for f in deadlines(entity) if not f.writers]
    return open_deadlines + placement(entity) + terms(entity)
