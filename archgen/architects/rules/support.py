"""The support model against the recovery targets: when nobody is paged, an outage can wait from the end of one
working week to the start of the next, and the SLO, error budget and RTO can only be promised over office hours."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.capacity.recovery import office_hours, unsupported_gap_minutes
from archgen.common.english import join
from archgen.common.formatting import duration


def plan_support(draft: Draft) -> None:
    """Scope the SLO and RTO to office hours, as an open question and a risk, when nobody is paged and the longest
    unanswered gap exceeds the RTO or the month's error budget."""
    assert draft.observability is not None and draft.reliability is not None
    alerts = draft.observability.alerts
    if not alerts or any(a.severity == "page" for a in alerts):
        return
    gap = unsupported_gap_minutes()
    r = draft.reliability
    if gap <= r.rto_minutes and gap <= r.error_budget_minutes_per_month:
        return
    longest = f"{gap / 60:g} hours"
    rto = duration(r.rto_minutes * 60)
    exceeded = [f"the RTO of {rto}"] if gap > r.rto_minutes else []
    if gap > r.error_budget_minutes_per_month:
        exceeded.append(f"the {r.error_budget_minutes_per_month:g}-minute monthly error budget")
    draft.ask(
        question=f"Are the {r.availability_slo:g} % SLO, its error budget and the RTO of {rto} "
        f"measured over office hours ({office_hours()})?",
        context=f"Nobody is paged, so an outage that starts as the working week ends waits {longest} for the next "
        f"working day: more than {join(exceeded)} if they count every hour. Counted over office hours they hold; "
        "otherwise someone must be on call.",
        raised_by="quality.rto_minutes",
    )
    draft.risk(
        title="An outage outside office hours outlasts the recovery targets",
        description=f"With nobody paged, the worst case is an outage from the end of one working week to the start "
        f"of the next ({longest}), against {join(exceeded)}.",
        likelihood="low",
        impact="medium",
        mitigation="the SLO, error budget and RTO are stated over office hours; users are told the system is "
        "supported in office hours only",
        owner="service owner",
    )
