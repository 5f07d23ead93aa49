"""The review checklist: per area, what the meeting confirms, with archgen's own view from the findings."""

from __future__ import annotations

from dataclasses import dataclass

from archgen.common.english import count
from archgen.design.model import Design
from archgen.review.engine import Finding


@dataclass(frozen=True)
class Item:
    """One thing to confirm."""

    text: str
    status: str


@dataclass(frozen=True)
class Area:
    """A checklist section linked to the page where the answer is."""

    title: str
    page: str
    page_title: str
    items: list[Item]


AREAS = (
    (
        "Capacity",
        "capacity.md",
        "Capacity",
        ("capacity",),
        [
            "The load figures match what the business expects (users, requests, growth)",
            "The planning constants are acceptable or replaced by measurements",
        ],
    ),
    (
        "Architecture",
        "architecture/index.md",
        "Architecture",
        ("architecture", "consistency"),
        [
            "The style fits the team and the load",
            "Service boundaries follow the domains; each entity has exactly one owner",
        ],
    ),
    (
        "Data",
        "data.md",
        "Data",
        ("data",),
        [
            "Every access pattern has an index; partition keys match the main queries",
            "Personal data is classified, encrypted and has a retention period",
        ],
    ),
    (
        "APIs",
        "apis/index.md",
        "APIs",
        ("api",),
        [
            "The API conventions are accepted (versioning, pagination, errors, idempotency)",
            "Every endpoint is authenticated unless it is meant to be public",
        ],
    ),
    (
        "Security",
        "security.md",
        "Security",
        ("security",),
        [
            "The threat model covers the main flows; mitigations are owned",
            "Each compliance regime's controls are mapped to design elements",
        ],
    ),
    (
        "Reliability",
        "reliability.md",
        "Reliability",
        ("availability",),
        [
            "The topology meets the availability SLO, the RPO and the RTO",
            "Backups are restored in drills, timed against the RTO",
        ],
    ),
    (
        "Operations",
        "observability.md",
        "Observability",
        ("operations",),
        [
            "SLIs and burn-rate alerts match the SLOs; dashboards exist per service",
            "The delivery pipeline and rollback are agreed",
        ],
    ),
    (
        "Cost",
        "cost.md",
        "Cost",
        ("cost",),
        [
            "The estimate fits the budget, or the trade-off is agreed",
        ],
    ),
)


def checklist(design: Design, findings: list[Finding]) -> list[Area]:
    """The checklist, with archgen's view of each area from the findings whose rules belong to it."""
    from archgen.review.engine import all_rules

    area_of = {r.id: r.area for r in all_rules()}
    out = []
    for title, page, page_title, areas, texts in AREAS:
        mine = [f for f in findings if area_of.get(f.rule) in areas]
        errors = sum(f.severity == "error" and f.waived is None for f in mine)
        warnings = sum(f.severity == "warning" and f.waived is None for f in mine)
        status = (
            f"{count(errors, 'error')}, {count(warnings, 'warning')} in this area"
            if errors or warnings
            else "no findings"
        )
        out.append(Area(title, page, page_title, [Item(text, status) for text in texts]))
    return out
