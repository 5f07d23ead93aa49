"""Price the levers on an estimate over its budget: each lever of archgen/knowledge/levers.yaml the design's cost
lines give something to act on, with what it saves a month by the same arithmetic as the estimate."""

from __future__ import annotations

from dataclasses import dataclass

from archgen.design.model import Cost, CostLine, Decision
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
    if any(w in line.formula.lower() for w in lever.unless):
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


BUDGET_DRIVER = "constraints.budget_usd_per_month"
PLAN = "the plan proposed for agreement: "  # how the budget decision states the levers that together fit


def proposed_plan(decisions: list[Decision]) -> tuple[str, str] | None:
    """The budget decision's plan for the levers it cannot pull itself (a contract, a product change), and the
    decision's id: the cost page points the reader at it."""
    for decision in decisions:
        said = next((c for c in decision.consequences if c.startswith(PLAN)), None)
        if BUDGET_DRIVER in decision.drivers and said is not None:
            return decision.id, said.removeprefix(PLAN)
    return None


def pulled(decisions: list[Decision]) -> tuple[str, ...]:
    """The names of the levers the budget decision pulls: those its chosen option names."""
    names: list[str] = []
    for decision in decisions:
        if BUDGET_DRIVER not in decision.drivers:
            continue
        chosen = next((o for o in decision.options if o.name == decision.decision), None)
        said = chosen.summary if chosen is not None else ""
        names += [lever.name for lever in levers() if lever.name in said and lever.name not in names]
    return tuple(names)


def pull(lines: list[CostLine], names: tuple[str, ...], req: Requirements, streamed: bool) -> list[CostLine]:
    """`lines` with the named levers pulled, largest saving first (each priced on what the earlier ones left): a
    price lever lowers the unit price of the lines it acts on, any other what they carry; each line's formula says
    which lever lowered it and by how much."""
    cost = Cost(price_table="", lines=list(lines), total_usd_per_month=sum(x.monthly_usd for x in lines))
    done: set[str] = set()
    while True:
        ready = [p for p in priced_levers(cost, req, streamed) if p.lever.name in names and p.lever.name not in done]
        if not ready:
            return cost.lines
        lever = ready[0].lever
        done.add(lever.name)
        keep = 1 - _share(lever, req)
        out = []
        for line in cost.lines:
            if not _acts_on(lever, line, cost):
                out.append(line)
                continue
            quantity = line.quantity * (keep if lever.acts == "quantity" else 1)
            price = line.unit_price_usd * (keep if lever.acts == "price" else 1)
            out.append(
                line.model_copy(
                    update={
                        "quantity": round(quantity, 2),
                        "unit_price_usd": round(price, 6),
                        "monthly_usd": round(quantity * price, 2),
                        "formula": f"{line.formula}; × {keep:.2f} {lever.acts}: {lever.name.split(' (')[0]}",
                    }
                )
            )
        cost = Cost(price_table="", lines=out, total_usd_per_month=sum(x.monthly_usd for x in out))
