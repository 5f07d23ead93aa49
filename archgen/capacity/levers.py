"""Price the levers on an estimate over its budget: each lever of archgen/knowledge/levers.yaml the design's cost
lines give something to act on, with what it saves a month by the same arithmetic as the estimate."""

from __future__ import annotations

from dataclasses import dataclass

from archgen.design.model import Cost, CostLine
from archgen.knowledge.levers import Lever, levers
from archgen.requirements.model import Requirements

MIN_SHARE = 0.005  # a lever saving less than this share of the estimate is not worth a line in the decision


@dataclass(frozen=True)
class PricedLever:
    """A lever this design can pull, and what it saves a month."""

    lever: Lever
    saves_usd: float
    lines: tuple[str, ...]

    def sentence(self) -> str:
        """The lever as the budget decision states it."""
        lever = self.lever
        return f"{lever.name}: about ${self.saves_usd:,.0f} a month less ({lever.why}); trades: {lever.trades}"


def _share(lever: Lever, req: Requirements) -> float:
    """The share of the lines the lever saves."""
    if lever.share_from == "ladder_top":
        from archgen.capacity import media

        qualities, _ = media.ladder(req)
        names = [q.name.lower() for q in qualities]
        top = media.knowledge().everyday_top.lower()
        if top not in names:
            return 0.0
        above = qualities[names.index(top) + 1 :]
        return sum(q.kbps for q in above) / sum(q.kbps for q in qualities)
    return lever.share


def _acts_on(lever: Lever, line: CostLine, cost: Cost) -> bool:
    if line.price not in lever.prices:
        return False
    if lever.formula and not any(w in line.formula.lower() for w in lever.formula):
        return False
    return not any(x.component == line.component and x.price in lever.absent for x in cost.lines)


def priced_levers(cost: Cost, req: Requirements, streamed: bool) -> list[PricedLever]:
    """The levers the cost lines give something to act on, largest saving first; media levers only where the
    design streams media."""
    out: list[PricedLever] = []
    for lever in levers():
        if lever.media and not streamed:
            continue
        lines = [x for x in cost.lines if _acts_on(lever, x, cost)]
        saves = sum(x.monthly_usd for x in lines) * _share(lever, req)
        if lines and saves >= cost.total_usd_per_month * MIN_SHARE:
            out.append(PricedLever(lever, saves, tuple(x.item for x in lines)))
    return sorted(out, key=lambda p: -p.saves_usd)
