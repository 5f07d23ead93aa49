"""Operations that send their caller elsewhere (a click-out to the seller's shop): the use case says so, the
operation records the visit and answers 303 See Other, and Location is an address a record holds. The rules
architect plans them by it, the OpenAPI renderer states the answer and the review engine checks both."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from archgen.design.model import EntityDesign
from archgen.knowledge.system_records import system_records
from archgen.requirements.model import UseCase

SEE_OTHER: Final = 303


def redirects(use_case: UseCase) -> bool:
    """Whether a person's use case sends them to another site or page."""
    text = f"{use_case.name} {use_case.description or ''}".lower()
    return use_case.interaction == "request" and any(p in text for p in system_records().redirect_phrases)


def _address(entity: EntityDesign) -> str | None:
    words = set(system_records().url_words)
    return next((f.name for f in entity.fields if set(f.name.lower().split("_")) & words), None)


def destination(entities: Iterable[EntityDesign], written: str) -> str | None:
    """Entity.field of the address a redirect sends its caller to: held by the record it writes or by a record
    that one refers to (the listing's shop link), or None when no record holds one."""
    index = {e.name: e for e in entities}
    entity = index.get(written)
    if entity is None:
        return None
    for candidate in [entity, *(index.get(f.type[4:-1]) for f in entity.fields if f.type.startswith("ref["))]:
        field = _address(candidate) if candidate is not None else None
        if candidate is not None and field is not None:
            return f"{candidate.name}.{field}"
    return None
