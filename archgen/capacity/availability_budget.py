"""What the topology can give against the availability target, and which use case's traffic would hide the rest:
one computation the rules architect writes from and the review checks any design against."""

from __future__ import annotations

from dataclasses import dataclass

from archgen.capacity.load import use_case_rate
from archgen.capacity.recovery import slowest_failover, topology_recovery_minutes
from archgen.design.model import Design, Reliability
from archgen.knowledge.availability_budget import availability_budget
from archgen.requirements.model import Requirements, UseCase

# use cases whose calls an availability SLI counts: requests, streams and webhooks answer a caller
ANSWERED = ("request", "stream", "batch", "webhook")


# topologies in which another region takes a lost region's users without a person deciding: one region's SLA is not
# the ceiling of the whole
RIDDEN_OUT = ("hot-standby", "active-active")


@dataclass(frozen=True)
class RegionEvent:
    """A region's loss against the month's error budget, when its users wait for a promotion or a restore."""

    down_minutes: float
    budget_minutes: float
    months: float
    per_year: float

    @property
    def met(self) -> bool:
        """Whether the month of the event still meets the target."""
        return self.down_minutes <= self.budget_minutes


def region_event(design: Design) -> RegionEvent | None:
    """What one region's loss costs in error budget: its users are down while the topology recovers (its start-up
    and the slowest database's failover), at most the RTO, unless every region already writes (active-active), in
    which case None."""
    reliability = design.reliability
    if reliability.topology == "active-active":
        return None
    budget = reliability.error_budget_minutes_per_month
    recovery = topology_recovery_minutes(reliability.topology, slowest_failover(design)[0])
    down = min(recovery, reliability.rto_minutes)
    months = down / budget if budget > 0 else float("inf")
    return RegionEvent(down, budget, months, availability_budget().region_events_per_year)


def no_margin(reliability: Reliability, cloud: str) -> float | None:
    """The provider's SLA for one region when the target is at or above it and a region's loss is not ridden out by
    another writing region: nothing is left for what the design itself adds."""
    sla = availability_budget().region_sla.get(cloud)
    if sla is None or reliability.topology in RIDDEN_OUT or reliability.availability_slo < sla:
        return None
    return sla


def dominant_use_case(req: Requirements) -> tuple[UseCase, float] | None:
    """The use case that carries most of the answered calls (its share at least dominant_share), with that share,
    when there are others an availability SLI over every request would hide."""
    answered = [u for u in req.use_cases if u.interaction in ANSWERED]
    if len(answered) < 2:
        return None
    rates = {u.name: use_case_rate(req, u).avg for u in answered}
    total = sum(rates.values())
    if total <= 0:
        return None
    top = max(answered, key=lambda u: rates[u.name])
    share = rates[top.name] / total
    return (top, share) if share >= availability_budget().dominant_share else None
