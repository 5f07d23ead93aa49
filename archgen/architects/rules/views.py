"""Views: a use case that only reads and asks for a view (what is free for a window, a chart, a dashboard, a
ranking) gets an operation of its own, named after the view and taking what the view needs, rather than a page of
one entity's rows or one `stats` operation shared by every report."""

from __future__ import annotations

import re

from archgen.common import english
from archgen.common.naming import identifier, slug
from archgen.design import model as m
from archgen.design.views import COMPARE, FUNCTION, PERIOD, RESOLUTION, View, named_entity, view_noun
from archgen.knowledge.views import view_words
from archgen.requirements.model import Entity, Requirements

# "…; available room types with their cheapest rate out": what a description says comes out
_OUT = re.compile(r"[;:,.]\s*([^;:,.]*?)\bout\b", re.IGNORECASE)


def shape_view(req: Requirements, lead: Entity, view: View, endpoint: m.Endpoint) -> m.Endpoint:
    """Turn a planned read of the lead entity into the view's own operation: its path named after the view (under
    the record it is about), its id after the use case, and the period, resolution and comparison it takes."""
    case, kind = view.case, view.kind
    names = [e.name for e in req.data.entities]
    noun, scope, one = view_noun(case, kind, names)
    if scope is None and kind.counts:
        scope, one = _put_out(case.description or "", names), False
    if scope is None and kind.resolution:
        scope, one = _subject(lead, case.reads), True
    base = f"/v1/{slug(english.plural(scope), 'items')}" + ("/{id}" if one else "") if scope else "/v1"
    endpoint.path = f"{base}/{slug(noun, 'view')}"
    endpoint.operation_id = identifier(case.name)
    if one and scope:  # the record the path names is not also a filter
        by = {f for f, k in lead.fields.items() if k.kind == "ref" and k.target == scope}
        endpoint.filters = [f for f in endpoint.filters if f.field not in by]
    if kind.window and not kind.counts:  # availability takes its dates from the stay it asks about
        times = {f for f, k in lead.fields.items() if k.kind in ("date", "timestamp")}
        endpoint.filters = [f for f in endpoint.filters if not (f.kind == "range" and f.field in times)]
        first, last = PERIOD
        endpoint.inputs += [
            m.QueryInput(name=first, type="date", required=True, description="The first day of the period."),
            m.QueryInput(name=last, type="date", required=True, description="The day after the period (exclusive)."),
        ]
    if view.resolutions:
        known = view_words()
        endpoint.inputs += [
            m.QueryInput(
                name=RESOLUTION,
                type="string",
                required=True,
                description="The width of one bucket of the series: " + ", ".join(view.resolutions) + ".",
            ),
            m.QueryInput(
                name=FUNCTION,
                type="string",
                description="How a bucket's value is computed from its records: "
                + ", ".join(known.functions)
                + f" (default {known.functions[0]}).",
            ),
        ]
    if view.comparisons:
        endpoint.inputs.append(
            m.QueryInput(
                name=COMPARE,
                type="string",
                description="What each value is set against: " + ", ".join(view.comparisons) + ".",
            )
        )
    return endpoint


def _put_out(description: str, names: list[str]) -> str | None:
    """The entity a description says comes out (available room types … out)."""
    found = _OUT.search(description)
    words = re.findall(r"[a-z][a-z-]*", (found.group(1) if found else "").lower())
    return named_entity(words, names)[0]


def _subject(lead: Entity, reads: list[str]) -> str | None:
    """The record a series is kept per: the first one the use case reads that its records reference (a meter)."""
    refs = [k.target for k in lead.fields.values() if k.kind == "ref" and k.target]
    return next((n for n in reads if n in refs and n != lead.name), None)
