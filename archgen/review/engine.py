"""The review engine: a registry of rules, each a function from a Design to findings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from archgen.design.model import Design

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
Check = Callable[[Design], Iterator[tuple[str, str, str]]]


class Finding(BaseModel):
    """One problem a rule found: stable rule id, severity, the element concerned, what and how to fix."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str
    severity: Severity
    element: str
    message: str
    hint: str


@dataclass(frozen=True)
class Rule:
    """A review rule with a stable id."""

    id: str
    severity: Severity
    area: str
    title: str
    check: Check


RULES: list[Rule] = []


def rule(rule_id: str, severity: Severity, area: str, title: str) -> Callable[[Check], Check]:
    """Register a rule: the decorated function yields (element, message, fix hint) for each problem."""

    def register(check: Check) -> Check:
        RULES.append(Rule(rule_id, severity, area, title, check))
        return check

    return register


def review(design: Design) -> list[Finding]:
    """Every finding of every rule, errors first, in a stable order."""
    from archgen.review import rules  # noqa: F401  (registers the rules)

    findings = [
        Finding(rule=r.id, severity=r.severity, element=element, message=message, hint=hint)
        for r in RULES
        for element, message, hint in r.check(design)
    ]
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.rule, f.element))
