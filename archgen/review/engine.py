"""The review engine: a registry of rules, each a function from a design under review to what it found."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from archgen.common.yamlio import dotted
from archgen.design.model import Capacity, DataStore, Design, Endpoint, EntityDesign, Service
from archgen.knowledge.patterns import Match
from archgen.requirements.model import Requirements
from archgen.requirements.personal import Personal

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
KeyPath = tuple[str | int, ...]
Locate = Callable[[KeyPath], int | None]


class Finding(BaseModel):
    """One problem a rule found: stable rule id, severity, the element concerned, what and how to fix."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str
    severity: Severity
    element: str
    message: str
    hint: str
    path: str = ""
    line: int | None = None
    waived: str | None = None  # the reason the design gives for accepting it (design.yaml `waivers`)


class Subject:
    """A design and the requirements it is judged against, with the load figures recomputed from them.

    The requirements come from the questionnaire when one is given: a design saved for other numbers is then
    judged by the numbers the questionnaire gives today, not by the copy it carries.
    """

    def __init__(
        self, design: Design, requirements: Requirements | None = None, removed: frozenset[str] = frozenset()
    ) -> None:
        self.design = design
        self.req = requirements if requirements is not None else design.requirements
        self.removed = removed  # elements an edit took out since the previous version, when it is known
        # first definition wins: a duplicated name is a consistency finding, not a crash
        self.services: dict[str, Service] = {}
        self.stores: dict[str, DataStore] = {}
        self.entities: dict[str, EntityDesign] = {}
        for s in design.services:
            self.services.setdefault(s.name, s)
        for st in design.stores:
            self.stores.setdefault(st.name, st)
        for e in design.entities:
            self.entities.setdefault(e.name, e)

    @functools.cached_property
    def load(self) -> Capacity:
        """The load figures (traffic, storage, files, egress) computed afresh from the requirements."""
        from archgen.capacity.ledger import Ledger
        from archgen.capacity.load import load_figures

        ledger = Ledger()
        load_figures(self.req, ledger)
        return Capacity(figures=ledger.figures)

    @functools.cached_property
    def patterns(self) -> list[Match]:
        """The workload patterns of the shipped catalog the requirements show, matched afresh (a design written by
        hand, or by another architect, is held to the shape of its questionnaire whatever it records)."""
        from archgen.knowledge.patterns import load_patterns, match

        values = {f.key: f.value for f in self.load.figures}
        applied, _ = match(self.req, load_patterns(), lambda key: values.get(key, 0.0))
        return applied

    @functools.cached_property
    def measured(self) -> Design:
        """The design's own components with the load routed to them afresh from the requirements (its demand) and
        sized as archgen would; the saved design keeps what it provisions, so rules compare the two."""
        from archgen.capacity.measure import measure
        from archgen.capacity.prices import shipped_table

        cloud = (
            self.design.deployment.cloud
            if self.design.deployment.cloud in ("aws", "gcp", "azure", "any", "on-prem")
            else "any"
        )
        return measure(self.design, shipped_table(cloud), self.req)

    @functools.cached_property
    def personal(self) -> dict[str, Personal]:
        """The entities the data model shows to hold personal data (see `design_personal`)."""
        from archgen.design.embeds import design_personal

        return design_personal(self.design)

    def endpoints(self) -> Iterator[tuple[KeyPath, Service, Endpoint]]:
        """Every endpoint of every service, with its key path."""
        for i, service in enumerate(self.design.services):
            for j, endpoint in enumerate(service.endpoints):
                yield ("services", i, "endpoints", j), service, endpoint

    def erasable(self, entity: str) -> bool:
        """Whether a person's data in `entity` can be erased: an endpoint deletes its records, or an erasure request
        (asynchronous, honouring legal holds) exists for the person the data belongs to."""
        if any(e.entity == entity and e.method == "DELETE" for _, _, e in self.endpoints()):
            return True
        # a request to erase (an erasure request, an erase or anonymise command): what append-only records take
        return any(
            e.method == "POST" and any(w in e.path.rsplit("/", 1)[-1] for w in ("erasure", "erase", "anonymi"))
            for _, _, e in self.endpoints()
        )


@dataclass(frozen=True, kw_only=True)
class Problem:
    """What a check found: the element concerned, its key path in design.yaml, what is wrong and how to fix it
    (named, so that a message and a fix cannot be swapped)."""

    element: str
    at: KeyPath
    message: str
    fix: str


Found = Iterator[Problem]
Check = Callable[[Subject], Found]


@dataclass(frozen=True)
class Rule:
    """A review rule with a stable id."""

    id: str
    severity: Severity
    area: str
    title: str
    check: Check

    @property
    def help(self) -> str:
        """What the rule checks, in a sentence: the check's docstring."""
        return (self.check.__doc__ or self.title).strip()


RULES: list[Rule] = []


def rule(rule_id: str, severity: Severity, area: str, title: str) -> Callable[[Check], Check]:
    """Register a rule: the decorated function yields a Problem for each thing it finds."""

    def register(check: Check) -> Check:
        assert all(r.id != rule_id for r in RULES), f"duplicate rule id {rule_id}"
        RULES.append(Rule(rule_id, severity, area, title, check))
        return check

    return register


def all_rules() -> list[Rule]:
    """Every registered rule, in id order."""
    from archgen.review import rules  # noqa: F401  (registers the rules)

    return sorted(RULES, key=lambda r: r.id)


def review(
    design: Design,
    requirements: Requirements | None = None,
    locate: Locate | None = None,
    removed: frozenset[str] = frozenset(),
) -> list[Finding]:
    """Every finding of every rule, errors first, in a stable order; `locate` gives design.yaml lines; `removed`
    names the elements an earlier version had, so text still naming them is found."""
    subject = Subject(design, requirements, removed)
    findings = [
        Finding(
            rule=r.id,
            severity=r.severity,
            element=problem.element,
            message=problem.message,
            hint=problem.fix,
            path=dotted(problem.at),
            line=locate(problem.at) if locate else None,
        )
        for r in all_rules()
        for problem in r.check(subject)
    ]
    # one problem found twice (a name mistyped twice in one list) is one finding: the same line, rule and words
    findings = list(
        {(f.rule, f.element, f.message, f.line if f.line is not None else f.path): f for f in findings}.values()
    )
    waivers = design.waivers
    if waivers:
        findings = [
            f.model_copy(update={"waived": waiver.reason})
            if (waiver := next((w for w in waivers if w.rule == f.rule and w.element in (f.element, "*")), None))
            else f
            for f in findings
        ]
    return sorted(
        findings, key=lambda f: (f.waived is not None, SEVERITY_ORDER[f.severity], f.rule, f.element, f.message)
    )
