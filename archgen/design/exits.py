"""What a record's kind asks of its ways out, read from its name, fields and description: work that must happen in
the end (a payout) is issued again after a failure, and a fact that may be found wrong (a measurement) is corrected
by a row that supersedes it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from archgen.common.naming import words_of
from archgen.design.model import EntityDesign
from archgen.knowledge.exits import exits


def must_happen(name: str, fields: Iterable[str]) -> bool:
    """Whether a record's work must happen in the end: money or goods owed to someone (a payment with a payee)."""
    words = exits().reissue
    named = set(words_of(name).lower().split())
    paid = "payment" in named and any(f in words.payee_fields for f in fields)
    return bool(named & set(words.must_happen)) or paid


def correctable(entity: EntityDesign) -> bool:
    """Whether an append-only record states a fact a later row may correct (a measurement, a result): one whose
    rows have ids of their own, neither keyed by what they measure (a device's reading at its time, corrected on
    that key) nor kept in versions already (a series whose revision replaces its current value)."""
    fields = {f.name for f in entity.fields}
    if (
        entity.mutability != "append_only"
        or entity.primary_key != ["id"]
        or fields & set(exits().corrections.versioned)
    ):
        return False
    name, description = entity.name, entity.description
    said = f"{words_of(name)} {description}".lower()
    return bool(set(re.findall(r"[a-z]+", said)) & set(exits().corrections.correctable))
