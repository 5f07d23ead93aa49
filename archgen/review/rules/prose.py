"""Prose rules: the words of decision records and risks still match the elements after a hand edit."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from archgen.review.engine import Found, KeyPath, Subject, rule

# The parts of a design that are prose about the elements, not elements: what they name is checked, not collected.
_PROSE = ("decisions", "risks", "open_questions", "traceability", "waivers", "provenance")
# Not elements either: what the questionnaire asked for, and the arithmetic archgen derives from the elements.
_NOT_ELEMENTS = (*_PROSE, "requirements", "assumptions", "capacity", "cost", "system", "generator")


@functools.cache
def technologies() -> tuple[str, ...]:
    """Every technology name the rules architect can give an element, longest first (so the longest match wins)."""
    from archgen.architects.rules.catalog import ALTERNATIVES, _catalog

    names = {
        str(value)
        for entries in _catalog().values()
        for role, value in entries.items()
        if role != "region_names" and isinstance(value, str)
    }
    names |= {name for alternatives in ALTERNATIVES.values() for name in alternatives}
    return tuple(sorted(names, key=lambda n: (-len(n), n)))


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _named(text: str) -> list[str]:
    """The technologies `text` names, each once, a longer name hiding the shorter names inside it."""
    found: list[str] = []
    rest = text.lower()
    for name in technologies():
        if name.lower() in rest:
            found.append(name)
            rest = rest.replace(name.lower(), " ")
    return found


@rule("CON008", "warning", "consistency", "Prose names a technology no element uses")
def stale_technology(subject: Subject) -> Found:
    """A decision's chosen option, its rationale or consequences, or a risk names a technology that no element of
    the design uses any more, or a store uses another technology than the decision it follows chose: the element
    was edited and the record still describes what it replaced."""
    data = subject.design.model_dump(mode="json", by_alias=True)
    used = " ".join(s.lower() for key, part in data.items() if key not in _NOT_ELEMENTS for s in _strings(part))
    records = {d.id: d for d in subject.design.decisions}
    for i, store in enumerate(subject.design.stores):
        record = records.get(store.decision)
        # a record that chose a technology must name the one its store uses, as its choice or in its rationale
        said = f"{record.decision} {record.rationale}".lower() if record is not None else ""
        if record is not None and _named(record.decision) and store.technology.lower() not in said:
            yield (
                store.name,
                ("stores", i, "technology"),
                f"uses {store.technology}, but {record.id}, the decision it follows, chose {record.decision}",
                f"update {record.id} (its options, choice and rationale) to {store.technology}, or the store back",
            )
    for path, element, text, weighed in _prose(subject):
        for name in _named(text):
            if name.lower() not in used and name.lower() not in weighed:
                yield (
                    element,
                    path,
                    f"names {name}, which no element of the design uses",
                    "update the record to the technology the elements now use, or the element back to this one",
                )


def _prose(subject: Subject) -> Iterator[tuple[KeyPath, str, str, str]]:
    """(key path, element, text, what it may name as options weighed) for every text checked."""
    for i, decision in enumerate(subject.design.decisions):
        # the rationale compares the options, and each option's summary says what it is ("Managed Kubernetes")
        weighed = " ".join(
            [o.name.lower() for o in decision.options if o.name != decision.decision]
            + [o.summary.lower() for o in decision.options]
        )
        yield ("decisions", i, "decision"), decision.id, decision.decision, ""
        yield ("decisions", i, "rationale"), decision.id, decision.rationale, weighed
        for j, consequence in enumerate(decision.consequences):
            yield ("decisions", i, "consequences", j), decision.id, consequence, weighed
    for i, risk in enumerate(subject.design.risks):
        yield ("risks", i, "mitigation"), risk.id, f"{risk.description} {risk.mitigation}", ""
