"""How long an entity's records are kept, in the one phrase every page uses: its retention in days, while the
account exists for a person's own record with none given, or forever. The data and requirements pages and the
security page's personal data all read it here, so no two pages state two retentions of one entity."""

from __future__ import annotations

from archgen.common import english
from archgen.requirements import personal


def kept_for(entity: str, retention_days: int | None) -> str:
    """The retention of an entity's records in words ("365 days", "while the account exists", "forever")."""
    if retention_days:
        return english.count(retention_days, "day")
    return "while the account exists" if personal.is_person(entity) else "forever"
