"""The values a page issues for the client to send back: an event recorded without an account (a click-out)
carries the signed value issued with the page it came from, so every read of that page's record answers it. The
OpenAPI renderer adds it to those answers and the review checks a required issued value has such a page."""

from __future__ import annotations

from collections.abc import Iterable

from archgen.design.model import EntityDesign, StoredField
from archgen.knowledge.issued import issued


def is_issued(field: StoredField) -> bool:
    """Whether a field holds a value the server issued that the client sends back (a page's signature)."""
    return bool(set(field.name.lower().split("_")) & set(issued().words))


def issuing_pages(entities: Iterable[EntityDesign]) -> dict[str, tuple[str, str]]:
    """Each record whose page issues a value, to the value's field and the record that takes it back (Listing →
    page_signature, ClickOut): a record named by the value, as a field of the taking record says."""
    out: dict[str, tuple[str, str]] = {}
    for entity in entities:
        tokens = [f.name for f in entity.fields if f.set_by == "client" and is_issued(f)]
        for field in entity.fields if tokens else []:
            page = field.type[4:-1] if field.type.startswith("ref[") else ""
            named = any(t in field.source for t in tokens) and any(m in field.source for m in issued().page_marks)
            if page and named:
                out.setdefault(page, (next(t for t in tokens if t in field.source), entity.name))
    return out
