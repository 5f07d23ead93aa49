"""The categories people work from: a use case that names records by a value of their enum field (correct
*estimated* reads, export *approved* claims) works from the records holding that value, so it needs a list
filtered by that field."""

from __future__ import annotations

import re
from itertools import pairwise

from archgen.requirements.intent import words
from archgen.requirements.model import Requirements, UseCase


def worked_values(req: Requirements, use_case: UseCase) -> list[tuple[str, str, str]]:
    """(entity, field, value) for each record the use case reads that its name qualifies by a value of one of the
    record's enum fields, the value right before the record's noun ("estimated read" → Reading.quality)."""
    said = words(use_case.name)
    out: list[tuple[str, str, str]] = []
    for name in use_case.reads:
        entity = next((e for e in req.data.entities if e.name == name), None)
        noun = re.findall(r"[A-Z]?[a-z0-9]+", name)[-1].lower()[:4] if entity is not None else ""
        qualified = {w for w, after in pairwise(said) if after[:4] == noun}
        for field, kind in entity.fields.items() if entity is not None else []:
            out += [(name, field, v) for v in kind.values if kind.kind == "enum" and v.lower() in qualified]
    return out
