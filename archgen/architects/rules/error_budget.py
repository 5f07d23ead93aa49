"""The availability target against what the topology can give: when one region's loss uses more than a month's error
budget (its users wait for a promotion or a restore), the topology decision says so and the two honest choices go to
the owner; a target at the provider's own SLA for one region is said to leave no margin."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.capacity.availability_budget import ANSWERED, no_margin, region_event
from archgen.capacity.load import use_case_rate
from archgen.common.english import join
from archgen.common.formatting import duration, usd
from archgen.design.model import Design
from archgen.knowledge.availability_budget import availability_budget

# the title of the decision that chooses the recovery topology (reliability.py)
TOPOLOGY_TITLE = "Availability topology and disaster recovery"


def face_error_budget(draft: Draft, measured: Design) -> None:
    """Say on the topology decision what a region's loss does to the error budget, and ask which way the owner takes
    when it breaks the month's target: an SLO per region excluding declared disasters, or active-active."""
    reliability = measured.reliability
    event = region_event(measured)
    sla = no_margin(reliability, measured.deployment.cloud)
    decision = next((d for d in draft.decisions if d.title == TOPOLOGY_TITLE), None)
    if event is None or decision is None or (event.met and sla is None):
        return
    slo = f"{reliability.availability_slo:g} %"
    said = []
    if not event.met:
        said.append(
            f"a region's loss keeps its users down for up to {duration(event.down_minutes * 60)} while the "
            f"{reliability.topology} recovers: "
            f"{event.months:.1f} months of the {event.budget_minutes:g}-minute monthly error budget in one event, "
            f"and a region is lost about {_per_year(event.per_year)}; {slo} holds only per region with declared "
            "disasters excluded"
        )
    if sla is not None:
        said.append(
            f"{slo} {'equals' if reliability.availability_slo == sla else 'is above'} the provider's own SLA for "
            f"one region ({sla:g} %): the target leaves no margin for what the design adds"
        )
    decision.consequences.append("; ".join(said))
    hot = _hot_journeys(draft)
    measured_apart = (
        "agree with the client that the SLO is measured per region (or cell) and a declared disaster is recovered "
        "within the RTO outside it"
    )
    if reliability.availability_slo < availability_budget().active_active_from:
        draft.ask(
            question=f"Is the {slo} availability SLO measured per region, with declared regional disasters excluded?",
            context=f"{decision.id}: " + "; ".join(said) + f". The proportionate answer is to {measured_apart}; "
            f"running in two regions at once is out of proportion for {slo}.",
            raised_by="quality.availability",
        )
        return
    draft.ask(
        question=f"Is the {slo} availability SLO measured per region, with declared regional disasters excluded, or "
        "do the busiest journeys run active-active?",
        context=f"{decision.id}: " + "; ".join(said) + f". Two honest choices: {measured_apart}; or run "
        f"{join(hot) or 'the busiest use cases'} in every region at once, each writing locally, which roughly "
        "doubles the running cost "
        f"(now {usd(measured.cost.total_usd_per_month)} a month) and needs a conflict rule for every record "
        "they write.",
        raised_by="quality.availability",
    )


def _per_year(events: float) -> str:
    """'once a year', 'twice a year', '0.5 times a year'."""
    return {1.0: "once a year", 2.0: "twice a year"}.get(events, f"{events:g} times a year")


def _hot_journeys(draft: Draft) -> list[str]:
    """The three busiest use cases that write and answer a caller: the journeys active-active would be for."""
    writing = [u for u in draft.req.use_cases if u.writes and u.interaction in ANSWERED]
    writing.sort(key=lambda u: use_case_rate(draft.req, u).avg, reverse=True)
    return [u.name for u in writing[:3]]
