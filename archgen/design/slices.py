"""Slices: the dimensions a use case says it cuts records by ("by product, store, promotion and period"), matched to
a field of the record it reads or of one that record references (a sale line's promotion, a store's region), and
whether the operation carrying it filters (and so groups) by each. The architect plans by it and the review checks
any design against it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from archgen.common.english import singular
from archgen.common.naming import slug
from archgen.design.model import Endpoint, EntityDesign
from archgen.design.read_models import nested
from archgen.design.views import has_period, said, view_noun, view_of
from archgen.knowledge.duties import duty_words
from archgen.knowledge.operations import operation_words
from archgen.requirements.model import UseCase

_BY = re.compile(r"(\w+)\s+by\s+([^.;:()]+)", re.IGNORECASE)
_REF = re.compile(r"^ref\[(\w+)\]$")


@dataclass(frozen=True)
class Dimension:
    """One dimension a use case names, and the field that holds it (empty when no record does)."""

    said: str  # promotion
    field: str = ""  # the filter's field: promotion, or store.region through the sale line's store
    period: bool = False  # a period of time: the operation's period carries it

    @property
    def held(self) -> bool:
        return self.period or bool(self.field)


def named(case: UseCase) -> list[str]:
    """The dimensions a slicing use case names after "by", one word or phrase each."""
    known = duty_words()
    text = f" {' '.join(said(case))} "
    if not any(f" {w} " in text for w in known.slice_words):
        return []
    out: list[str] = []
    for found in _BY.finditer(f"{case.name}. {case.description or ''}"):
        if found.group(1).lower() in known.order_words:
            continue
        for part in found.group(2).split(","):
            last = re.split(r"\s+(?:and|or)\s+", part.strip().lower())
            out += [" ".join(w for w in p.split() if w not in known.stop_words) for p in last]
            if len(last) > 1:
                break  # "… and period": the list ends with its last item
    return [d for d in dict.fromkeys(out) if d and len(d.split()) <= 2]


def _field_of(entity: EntityDesign, word: str) -> str | None:
    stem = singular(word)
    for f in entity.fields:
        ref = _REF.match(f.type)
        if stem in (f.name, singular(f.name)) or (ref and slug(ref.group(1)).replace("-", "_") == stem):
            return f.name
    return None


def dimension(word: str, lead: EntityDesign, entities: dict[str, EntityDesign]) -> Dimension:
    """Where a dimension is held: a field of the lead record, then a field of a record the lead references."""
    if word in duty_words().period_words:
        return Dimension(word, period=True)
    key = word.replace(" ", "_")
    own = _field_of(lead, key)
    if own is not None:
        return Dimension(word, field=own)
    for f in lead.fields:
        ref = _REF.match(f.type)
        other = entities.get(ref.group(1)) if ref else None
        if other is not None and ref is not None and (held := _field_of(other, key)) is not None:
            return Dimension(word, field=f"{nested(ref.group(1))}.{held}")
    return Dimension(word)


def filters_by(endpoint: Endpoint, entity: EntityDesign | None, dim: Dimension) -> bool:
    """Whether an operation filters (and so groups) by a dimension."""
    if dim.period:
        return has_period(endpoint, entity)
    fields = {f.field for f in endpoint.filters} | {f.name for f in endpoint.filters}
    return dim.field in fields or dim.field.rpartition(".")[2] in {f.name for f in endpoint.filters}


def scope_filters(
    case: UseCase, lead: EntityDesign, entities: dict[str, EntityDesign], endpoint: Endpoint
) -> list[str]:
    """The filters a comparison of things (Compare stores) takes beyond the things themselves: what those things
    are looked up by (a store's region), through the lead record's reference to them, missing from the operation."""
    view = view_of(case)
    if view is None or view.kind.name != "comparison":
        return []
    scope = view_noun(case, view.kind, list(entities))[1]
    thing = entities.get(scope or "")
    ref = next((f.name for f in lead.fields if thing and f.type == f"ref[{thing.name}]"), None)
    if thing is None or ref is None:
        return []
    unique = {f for i in thing.indexes if i.kind in ("unique", "primary") for f in i.fields}
    unique |= duty_words().identifier_fields
    kinds = {f.name: f.type for f in thing.fields}
    out = []
    for access in thing.access:
        field = access.removeprefix("by_")
        if access.startswith("by_") and field in kinds and field not in unique and not kinds[field].startswith("ref["):
            composed = f"{nested(thing.name)}.{field}"
            if not filters_by(endpoint, lead, Dimension(field, field=composed)):
                out.append(composed)
    return out


def finds_nothing(case: UseCase, endpoint: Endpoint) -> bool:
    """Whether a use case that finds records (Find recipes) is carried by a list that takes nothing to find by."""
    finding = set(said(case)) & operation_words().reads.search
    return bool(finding) and endpoint.action == "list" and not endpoint.filters and not endpoint.inputs


def takes_no_words(lead: EntityDesign, endpoint: Endpoint, endpoints: list[Endpoint]) -> bool:
    """Whether records the questionnaire says are searched are listed by an operation that takes no words, while no
    other operation on them does: the full-text index would have no caller."""
    if "search" not in lead.access or endpoint.action != "list":
        return False
    return not any(i.name == "q" for e in endpoints if e.entity == lead.name for i in e.inputs)
