"""Append-only records of facts that may be found wrong (a measurement, a result, a reading) carry their status and
the row they supersede: a correction is a new row, and reads show the current one."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.design.exits import correctable
from archgen.design.model import StoredField
from archgen.knowledge.exits import exits


def plan_corrections(draft: Draft) -> None:
    """Give each correctable append-only record its status and its supersedes reference."""
    words = exits().corrections
    for entity in draft.entities:
        if not correctable(entity):
            continue
        names = {f.name for f in entity.fields}
        if words.status_field not in names:
            entity.fields.append(
                StoredField(
                    name=words.status_field,
                    type=f"enum[{', '.join(words.statuses)}]",
                    set_by="server",
                    source=words.status_source,
                )
            )
        if words.supersedes_field not in names:
            entity.fields.append(
                StoredField(
                    name=words.supersedes_field,
                    type=f"ref[{entity.name}]",
                    required=False,
                    source=words.supersedes_source,
                )
            )
