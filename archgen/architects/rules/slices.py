"""Slices: every dimension a use case says it cuts records by is a filter (and so a group) of its operation, held by
the record it reads or one that record references; a comparison of things filters them by what they are looked up
by (stores by region); a dimension no record holds, and a target nothing keeps, are asked about; a find takes the
words it finds by."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.common.english import plural
from archgen.common.naming import words_of
from archgen.design import model as m
from archgen.design.read_models import nested
from archgen.design.slices import dimension, filters_by, finds_nothing, named, scope_filters, takes_no_words
from archgen.design.views import asks_target, keeps_target


def plan_slices(draft: Draft) -> None:
    """Add the filters slicing use cases name, a find's words, and the questions nothing in the design answers."""
    entities = {e.name: e for e in draft.entities}
    endpoints = [e for s in draft.services for e in s.endpoints]
    for case in draft.req.use_cases:
        carriers = [e for s in draft.services for e in s.endpoints if e.method == "GET" and case.name in e.use_cases]
        for endpoint in carriers:
            lead = entities.get(endpoint.entity or "")
            if lead is None:
                continue
            for word in named(case):
                dim = dimension(word, lead, entities)
                if not dim.held:
                    _ask_dimension(draft, case.name, word, lead.name)
                elif not filters_by(endpoint, lead, dim):
                    _filter(endpoint, entities, dim.field)
            for field in scope_filters(case, lead, entities, endpoint):
                _filter(endpoint, entities, field)
            if finds_nothing(case, endpoint) or takes_no_words(lead, endpoint, endpoints):
                endpoint.inputs.append(
                    m.QueryInput(
                        name="q",
                        type="string",
                        description=f"Words the {plural(words_of(lead.name))} found must contain.",
                    )
                )
        if asks_target(case) and not keeps_target(draft.entities):
            draft.ask(
                question=f"'{case.name}' sets its figures against a target, and no record keeps targets: who sets "
                "them, per what (store, day, measure), and are they imported from where they are planned?",
                context="A comparison with a target needs the targets kept as records their owner maintains; "
                "without them the answer can only compare with past periods.",
                raised_by=f"use_cases[{case.name}].description",
            )


def _filter(endpoint: m.Endpoint, entities: dict[str, m.EntityDesign], field: str) -> None:
    owner, _, name = field.rpartition(".")
    if owner:  # a field of another record: the answer composes that record to filter and group by it
        other = next(n for n in entities if nested(n) == owner)
        if other not in endpoint.includes:
            endpoint.includes.append(other)
    endpoint.filters.append(m.Filter(name=name or field, field=field, kind="eq"))


def _ask_dimension(draft: Draft, case: str, word: str, lead: str) -> None:
    draft.ask(
        question=f"'{case}' cuts {plural(words_of(lead))} by {word}, and no record holds {word}: which record "
        f"keeps it, and how does {words_of(lead)} refer to it?",
        context="A dimension the analysis names is a filter and a group of its operation only when a record holds it.",
        raised_by=f"use_cases[{case}].description",
    )
