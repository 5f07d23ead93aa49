"""Cost rules: the estimate against the budget, and every deployable and store priced."""

from __future__ import annotations

from archgen.capacity.constants import constant
from archgen.formatting import usd
from archgen.review.engine import Found, Subject, rule

NEAR_BUDGET = 0.8  # above this share of the budget there is little room for error in the estimate


OVERRUN_ERROR = constant("budget_overrun_error").value  # above this share of the budget the design needs a decision


def _drivers(subject: Subject) -> str:
    """The three components that cost most, with their monthly cost."""
    totals: dict[str, float] = {}
    for line in subject.design.cost.lines:
        if line.category != "transaction fees":
            name = line.component or line.item
            totals[name] = totals.get(name, 0.0) + line.monthly_usd
    top = sorted(totals.items(), key=lambda kv: -kv[1])[:3]
    return ", ".join(f"{name} {usd(value)}" for name, value in top)


@rule("COST001", "error", "cost", "Estimated cost far over budget")
def over_budget(subject: Subject) -> Found:
    """The estimated monthly cost exceeds the budget by more than a fifth: the design cannot be built as it stands."""
    budget = subject.req.constraints.budget_usd_per_month
    total = subject.design.cost.total_usd_per_month
    if budget and total > budget * OVERRUN_ERROR:
        yield (
            "cost",
            ("cost", "total_usd_per_month"),
            f"{usd(total)} a month is {total / budget:.1f}× the {usd(budget)} budget; the largest drivers are "
            f"{_drivers(subject)}",
            "step down what costs most (smaller tiers, a lighter recovery topology, sampled telemetry, a PaaS for "
            "low load) or agree a larger budget, and record the choice",
        )


@rule("COST004", "warning", "cost", "Estimated cost over budget")
def slightly_over_budget(subject: Subject) -> Found:
    """The estimated monthly cost is over the budget, by less than a fifth."""
    budget = subject.req.constraints.budget_usd_per_month
    total = subject.design.cost.total_usd_per_month
    if budget and budget < total <= budget * OVERRUN_ERROR:
        yield (
            "cost",
            ("cost", "total_usd_per_month"),
            f"{usd(total)} a month exceeds the {usd(budget)} budget; the largest drivers are {_drivers(subject)}",
            "reduce the largest lines or agree a larger budget",
        )


@rule("COST002", "info", "cost", "Estimated cost close to the budget")
def near_budget(subject: Subject) -> Found:
    """The estimated monthly cost uses most of the budget: small errors in the estimate break it."""
    budget = subject.req.constraints.budget_usd_per_month
    total = subject.design.cost.total_usd_per_month
    if budget and NEAR_BUDGET * budget <= total <= budget:
        yield (
            "cost",
            ("cost", "total_usd_per_month"),
            f"{usd(total)}/month is {total / budget:.0%} of the {usd(budget)} budget",
            "keep a margin: the estimate rests on planning constants until the system is measured",
        )


@rule("COST003", "error", "cost", "Component missing from the cost estimate")
def unpriced(subject: Subject) -> Found:
    """A component the design draws (a deployable, a store, a cache, a broker cluster, a device gateway) appears in
    no line of the cost estimate: it would cost money nobody planned."""
    lines = subject.design.cost.lines
    design = subject.design
    elements = [("deployables", i, d.name) for i, d in enumerate(design.deployables)]
    elements += [("stores", i, s.name) for i, s in enumerate(design.stores)]
    elements += [("caches", i, c.name) for i, c in enumerate(design.caches) if c.placement == "distributed"]
    elements += [
        ("channels", i, c.cluster or c.name)
        for i, c in enumerate(design.channels)
        if "job table" not in c.technology.lower()
    ]
    seen: set[str] = set()
    for collection, i, name in elements:
        if name in seen:
            continue
        seen.add(name)
        if not any(line.component == name or name in line.item for line in lines):
            yield (
                name,
                (collection, i),
                "has no line in the cost estimate",
                "add its instances, nodes or storage to cost.lines",
            )
