"""Prose rules: the words of decision records and risks still match the elements after a hand edit."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from archgen.common.english import singular
from archgen.common.naming import pascal
from archgen.review.engine import Found, KeyPath, Problem, Subject, rule

# The parts of a design that are prose about the elements, not elements: what they name is checked, not collected.
_PROSE = ("decisions", "risks", "open_questions", "traceability", "waivers", "provenance")
# Not elements either: what the questionnaire asked for, and the arithmetic archgen derives from the elements.
_NOT_ELEMENTS = (*_PROSE, "requirements", "assumptions", "capacity", "cost", "system", "generator")


@functools.cache
def technologies() -> tuple[str, ...]:
    """Every technology name the knowledge catalog can give an element, longest first (the longest match wins)."""
    from archgen.knowledge.catalog import Knowledge

    catalog = Knowledge.load().technologies.clouds
    names = {t.name for roles in catalog.values() for entries in roles.values() for t in entries}
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


@rule("CON009", "warning", "consistency", "Prose names a technology no element uses")
def stale_technology(subject: Subject) -> Found:
    """A decision's chosen option, its rationale or consequences, or a risk names a technology that no element of
    the design uses any more: the element was edited and the record still describes what it replaced."""
    data = subject.design.model_dump(mode="json", by_alias=True)
    used = " ".join(s.lower() for key, part in data.items() if key not in _NOT_ELEMENTS for s in _strings(part))
    for path, element, text, weighed in _prose(subject):
        for name in _named(text):
            if name.lower() not in used and name.lower() not in weighed:
                yield Problem(
                    element=element,
                    at=path,
                    message=f"names {name}, which no element of the design uses",
                    fix="update the record to the technology the elements now use, or the element back to this one",
                )


# The parts of a design written about the elements as a whole, where a removed element's name is stale text (the
# elements themselves, their operations and flows are checked by the references and the flow rules).
_ABOUT = (
    "architecture",
    "services",
    "entities",
    "jobs",
    "observability",
    "traceability",
    "security",
    "reliability",
    "topology",
    "deployment",
    "decisions",
    "risks",
    "open_questions",
)


_ELEMENT_WORDS = r"(?:service|module|deployable|store|database|worker|queue|channel|topic)s?\b"


@rule("CON010", "warning", "consistency", "Text names an element an edit removed")
def removed_still_named(subject: Subject) -> Found:
    """Text about the architecture (its summary, the services, records and jobs, dashboards, traceability,
    decisions, risks, recovery plans) names a service, store, deployable or channel an earlier version had and
    this one lacks: the edit took the element
    out and the sentence still counts or describes it."""
    if not subject.removed:
        return
    data = subject.design.model_dump(mode="json", by_alias=True)
    names = sorted(subject.removed, key=lambda n: (-len(n), n))
    # a name that is also the plural of records the design still keeps ("signups" of Signup) names the element
    # only beside an element word ("the signups service"); alone it speaks of the records ("List signups")
    records = {pascal(singular(e.name)).lower() for e in subject.design.entities}
    plain = [n for n in names if pascal(singular(n.replace("-", " "))).lower() not in records]
    elements = [n for n in names if n not in plain]
    alternatives = [re.escape(n) for n in plain] + [re.escape(n) + r"(?=\s+" + _ELEMENT_WORDS + ")" for n in elements]
    # a name inside a path (/v1/routes) is an operation's address, not the removed element
    pattern = re.compile(r"(?<![\w/-])(" + "|".join(alternatives) + r")(?![\w/-])")
    for part in _ABOUT:
        for path, text in _located(data.get(part), (part,)):
            if "options" in path:  # an option weighed is described as a technology ("a directory routes requests")
                continue
            for name in dict.fromkeys(pattern.findall(text)):
                yield Problem(
                    element=name,
                    at=path,
                    message=f"the {part.replace('_', ' ')} text still names {name}, which an earlier version had "
                    "and this one does not",
                    fix=f"rewrite the text for the elements the design has now, or put {name} back",
                )


def _located(value: Any, path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    """Every string inside `value`, with its key path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _located(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _located(item, (*path, index))


def _prose(subject: Subject) -> Iterator[tuple[KeyPath, str, str, str]]:
    """(key path, element, text, what it may name as options weighed) for every text checked."""
    for i, decision in enumerate(subject.design.decisions):
        # the rationale compares the options, and each option's summary says what it is ("Managed Kubernetes")
        weighed = " ".join(
            [o.name.lower() for o in decision.options if o.name != decision.decision]
            + [o.summary.lower() for o in decision.options]
        )
        yield (("decisions", i, "decision"), decision.id, decision.decision, "")
        yield (("decisions", i, "rationale"), decision.id, decision.rationale, weighed)
        for j, consequence in enumerate(decision.consequences):
            yield (("decisions", i, "consequences", j), decision.id, consequence, weighed)
    for i, risk in enumerate(subject.design.risks):
        yield (("risks", i, "mitigation"), risk.id, f"{risk.description} {risk.mitigation}", "")
