"""Cost rules: the estimate against the budget, and every deployable and store priced."""

from __future__ import annotations

from archgen.formatting import usd
from archgen.review.engine import Found, Subject, rule

NEAR_BUDGET = 0.8  # above this share of the budget there is little room for error in the estimate


@rule("COST001", "warning", "cost", "Estimated cost over budget")
def over_budget(subject: Subject) -> Found:
    """The estimated monthly cost exceeds the budget the questionnaire gives."""
    budget = subject.req.constraints.budget_usd_per_month
    total = subject.design.cost.total_usd_per_month
    if budget is not None and total > budget:
        yield (
            "cost",
            ("cost", "total_usd_per_month"),
            f"{usd(total)}/month exceeds the {usd(budget)} budget",
            "reduce the largest cost lines or agree a larger budget",
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


@rule("COST003", "warning", "cost", "Element missing from the cost estimate")
def unpriced(subject: Subject) -> Found:
    """A deployable or store appears in no line of the cost estimate."""
    items = [line.item for line in subject.design.cost.lines]
    design = subject.design
    elements = [("deployables", i, d.name) for i, d in enumerate(design.deployables)]
    elements += [("stores", i, s.name) for i, s in enumerate(design.stores)]
    for collection, i, name in elements:
        if not any(name in item for item in items):
            yield (
                name,
                (collection, i),
                "has no line in the cost estimate",
                "add its instances, nodes or storage to cost.lines",
            )
