"""Recognise the shape of the system: which workload patterns of the catalog apply, and fill in their text."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.formatting import quantity
from archgen.knowledge.patterns import Match, fill, load_patterns, match
from archgen.naming import slug


def plan_patterns(draft: Draft) -> None:
    """Match every pattern of the catalog against the questionnaire and the load figures."""
    folder = draft.catalog.knowledge.folder
    draft.patterns, draft.missed = match(draft.req, load_patterns(folder), lambda key: draft.figure(key, 0.0))


def text(draft: Draft, found: Match, template: str) -> str:
    """A pattern's text with what it matched, the system's figures and its technologies filled in."""

    def value(name: str, arg: str) -> str:
        if name == "system":
            return slug(draft.req.system.name, "system")
        if name == "figure":
            figure = next((f for f in draft.ledger.figures if f.key == arg), None)
            return quantity(figure.value, figure.unit) if figure else "an unknown number of"
        if name == "tech":
            return draft.catalog[arg]
        if name in ("entity", "use_case", "role"):
            return arg
        return "{" + name + (":" + arg if arg else "") + "}"

    return fill(template, found, value)
