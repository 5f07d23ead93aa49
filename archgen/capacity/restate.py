"""Prose that quotes the cost, restated after re-measuring: the amounts archgen wrote from the earlier cost (the
total, its share of the budget, the largest drivers) become the recomputed ones in every decision, risk and open
question, so no page quotes a cost the design no longer has."""

from __future__ import annotations

import re
from typing import Any

from archgen.common.formatting import usd
from archgen.design.model import Cost, Design

PROSE = ("decisions", "risks", "open_questions")  # the parts of a design whose text may quote the cost


def cost_drivers(cost: Cost, top: int = 3) -> list[tuple[str, float]]:
    """The components that cost most a month, largest first."""
    by_component: dict[str, float] = {}
    for line in cost.lines:
        by_component[line.component or line.item] = (
            by_component.get(line.component or line.item, 0.0) + line.monthly_usd
        )
    return sorted(by_component.items(), key=lambda kv: -kv[1])[:top]


def _quotes(design: Design) -> list[str]:
    """The ways archgen's prose quotes a design's cost, most specific first (the drivers hold amounts too)."""
    drivers = cost_drivers(design.cost)
    total = design.cost.total_usd_per_month
    budget = design.requirements.constraints.budget_usd_per_month
    return [
        ", ".join(f"{name} {usd(value)}" for name, value in drivers),
        "; ".join(f"{name} {usd(value)} a month" for name, value in drivers),
        f"{total / budget:.1f}× the budget" if budget else "",
        usd(total),
    ]


def restate_costs(before: Design, after: Design) -> Design:
    """`after` with the cost quotes its prose carried over from `before` restated with its own cost."""
    swaps = {old: new for old, new in zip(_quotes(before), _quotes(after), strict=True) if old and old != new}
    if not swaps:
        return after
    pattern = re.compile("|".join(re.escape(old) for old in sorted(swaps, key=len, reverse=True)))

    def restate(value: Any) -> Any:
        if isinstance(value, str):
            return pattern.sub(lambda m: swaps[m.group(0)], value)
        if isinstance(value, list):
            return [restate(v) for v in value]
        if isinstance(value, dict):
            return {k: restate(v) for k, v in value.items()}
        return value

    data = after.model_dump(mode="json", by_alias=True)
    return Design.model_validate({**data, **{part: restate(data[part]) for part in PROSE}})
