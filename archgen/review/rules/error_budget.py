"""Targets the topology and the recovery rows can keep: a region's loss against the month's error budget, a target
at the provider's SLA, open questions called settled, uploads held for a cross-region copy, availability counted
over one use case's traffic, and point-in-time granularity read as the RPO."""

from __future__ import annotations

import re

from archgen.capacity.availability_budget import dominant_use_case, no_margin, region_event
from archgen.capacity.measure import COMPUTE_REGION_FACTOR
from archgen.capacity.recovery import FILES_WRITTEN_TWICE, slowest_failover, topology_recovery_minutes
from archgen.common.formatting import duration, usd
from archgen.design.model import Design
from archgen.knowledge.availability_budget import availability_budget
from archgen.review.engine import Found, Problem, Subject, rule

# a row that calls an open question settled or decided: 'settled in Q-006'
SETTLED = re.compile(r"\b(settled|decided|resolved|answered) (in|by) (Q-\d{3})")
# a row that says its store comes back after the RTO
BEYOND = re.compile(r"beyond the RTO")
# an upload held until the file is copied to another region
HELD_UPLOAD = re.compile(r"upload[^;]*\bonly (once|after)\b[^;]*\b(cop|replicat)", re.IGNORECASE)
# 'point-in-time recovery (5-minute granularity)'
GRANULARITY = re.compile(r"\((\d+(?:\.\d+)?)-(second|minute|hour) granularity\)")
UNIT_MINUTES = {"second": 1 / 60, "minute": 1.0, "hour": 60.0}


def _said(design: Design, *words: str) -> bool:
    """Whether an open question or a decision speaks of every one of the words."""
    texts = [f"{q.question} {q.context}" for q in design.open_questions]
    texts += [f"{d.rationale} {' '.join(d.consequences)}" for d in design.decisions]
    return any(all(w in t.lower() for w in words) for t in texts)


@rule("AVL034", "error", "availability", "Availability target the topology cannot keep, not said")
def target_beyond_topology(subject: Subject) -> Found:
    """Every region's users wait for a promotion or a restore when it is lost, and that wait, up to the RTO, is longer
    than the month's error budget, or the target equals the provider's own SLA for one region; yet no decision or
    open question says so. The headline target holds only if no region ever fails. Say it, and put the two honest
    choices to the owner: an SLO measured per region with declared disasters excluded, or active-active for the
    busiest journeys with its cost."""
    design = subject.design
    reliability = design.reliability
    event = region_event(design)
    if event is not None and not event.met and not _said(design, "error budget", "disaster"):
        yield Problem(
            element="reliability",
            at=("reliability", "topology"),
            message=f"a region's loss keeps its users down for up to {duration(event.down_minutes * 60)} while the "
            f"{reliability.topology} recovers, "
            f"{event.months:.1f} months of the {event.budget_minutes:g}-minute monthly error budget, and nothing "
            "says the target then fails",
            fix="keep a standby that is promoted within the month's error budget (a hot standby, or active-active "
            "for the busiest journeys), or ask whether the SLO is measured per region with declared disasters "
            "excluded, and say it on the topology decision",
        )
    sla = no_margin(reliability, design.deployment.cloud)
    if sla is not None and not _said(design, "no margin"):
        yield Problem(
            element="reliability",
            at=("reliability", "availability_slo"),
            message=f"the target of {reliability.availability_slo:g} % is the provider's own SLA for one region "
            f"({sla:g} %), with nothing left for what the design adds",
            fix="say the target has no margin and ask for a lower one or a second writing region",
        )


@rule("AVL045", "error", "availability", "Availability target given up where the budget pays for a standby")
def affordable_standby_declined(subject: Subject) -> Found:
    """From active_active_from up, a region's loss keeps its users down longer than the month's error budget, yet a
    standby that keeps more running (a warm one a person promotes, or a hot one health checks promote) would be
    back within that budget with the databases chosen, and running it still fits the cost budget. The topology that
    keeps the target is affordable: choose it rather than ask the owner to measure the target per region."""
    design = subject.design
    event = region_event(design)
    budget = subject.req.constraints.budget_usd_per_month
    if event is None or event.met or budget is None or design.topology is None:
        return
    if design.reliability.availability_slo < availability_budget().active_active_from:
        return  # below it, measuring the target per region is the proportionate answer
    if not any(r.role == "standby" for r in design.topology.regions):
        return  # no second region may hold the data
    failover, _ = slowest_failover(design)
    now = COMPUTE_REGION_FACTOR[design.reliability.topology]
    for topology in ("warm-standby", "hot-standby"):
        back = topology_recovery_minutes(topology, failover)
        cost = design.cost.total_usd_per_month * COMPUTE_REGION_FACTOR[topology] / now
        if COMPUTE_REGION_FACTOR[topology] > now and back <= event.budget_minutes and cost <= budget:
            yield Problem(
                element="reliability",
                at=("reliability", "topology"),
                message=f"a region's loss spends {event.months:.1f} months of error budget with the "
                f"{design.reliability.topology}, yet a {topology.replace('-', ' ')} would be back in about "
                f"{duration(back * 60)}, and running it (about {usd(cost)} a month) fits the budget of {usd(budget)}",
                fix=f"keep a {topology.replace('-', ' ')} ({topology}), promoted within the month's error budget",
            )
            return


@rule("AVL035", "error", "availability", "Recovery row short of the RTO called met or settled")
def rto_row_settled(subject: Subject) -> Found:
    """A backups row says its store comes back after the RTO, yet calls the open question that asks about it settled,
    or no open question names the store at all. An open question is the owner's to answer; until then the store
    misses the RTO. Design the mitigation (a standby copy in the recovery region with its cost, a replicated derived
    copy), or call the question open."""
    design = subject.design
    open_ids = {q.id for q in design.open_questions}
    asked = [f"{q.question} {q.context}" for q in design.open_questions]
    for i, backup in enumerate(design.reliability.backups):
        settled = SETTLED.search(backup.method)
        if settled and settled.group(3) in open_ids:
            yield Problem(
                element=backup.store,
                at=("reliability", "backups", i, "method"),
                message=f"says it is {settled.group(1)} in {settled.group(3)}, which is still an open question",
                fix="call it open until the owner answers, or design the standby copy that meets the RTO",
            )
        elif any(BEYOND.search(c) and "only replaces" not in c for c in backup.method.split("; ")) and not any(
            backup.store in t for t in asked
        ):
            yield Problem(
                element=backup.store,
                at=("reliability", "backups", i, "method"),
                message="comes back after the RTO, and no open question names it",
                fix="keep a standby copy in the recovery region, or ask the owner for an RTO that allows it",
            )


@rule("AVL036", "error", "availability", "Upload acknowledged only after a cross-region copy")
def upload_held_for_copy(subject: Subject) -> Found:
    """An upload counts as done only once the file is copied to another region, but that copy trails by minutes: the
    upload's latency target cannot hold, and a slow copy fails uploads that were stored safely. Acknowledge once the
    bucket holds the file across its zones, copy it to the recovery region asynchronously, and state the copy's lag
    as the files' RPO."""
    for i, backup in enumerate(subject.design.reliability.backups):
        if FILES_WRITTEN_TWICE in backup.method or HELD_UPLOAD.search(backup.method):
            yield Problem(
                element=backup.store,
                at=("reliability", "backups", i, "method"),
                message="holds each upload until the file is copied to another region, which trails by minutes",
                fix="acknowledge on the zone-redundant write and state the copy's lag as the files' RPO",
            )


@rule("AVL037", "error", "availability", "Availability counted over one use case's traffic")
def sli_over_dominant_traffic(subject: Subject) -> Found:
    """One use case carries most of the calls (heartbeats, pings, telemetry), and availability is counted over every
    request: a total outage of every other use case moves it by a fraction of its length and still meets the SLO.
    Count availability per journey, the dominant use case apart from the rest."""
    dominant = dominant_use_case(subject.req)
    if dominant is None:
        return
    top, share = dominant
    slis = subject.design.observability.slis
    availability = [s for s in slis if s.lower().startswith("availability")]
    if availability and not any(top.name in s for s in availability):
        yield Problem(
            element=top.name,
            at=("observability", "slis", slis.index(availability[0])),
            message=f"{top.name} carries {share:.0%} of the calls, and availability is counted over all of them",
            fix=f"count the availability of {top.name} apart, and of the other journeys on their own",
        )


@rule("AVL038", "error", "availability", "Point-in-time granularity coarser than the RPO said to meet it")
def granularity_beyond_rpo(subject: Subject) -> Found:
    """A backups row meets the RPO while the point-in-time recovery it names is coarser than the RPO, and it does not
    say which copy holds the RPO instead. A reader takes the granularity for the data a loss costs. Name the copy in
    the recovery region and its lag, or mark the RPO not met."""
    rpo = subject.design.reliability.rpo_minutes
    for i, backup in enumerate(subject.design.reliability.backups):
        found = GRANULARITY.search(backup.method)
        if not backup.meets_rpo or found is None:
            continue
        minutes = float(found.group(1)) * UNIT_MINUTES[found.group(2)]
        if minutes > rpo and "the RPO holds through" not in backup.method:
            yield Problem(
                element=backup.store,
                at=("reliability", "backups", i, "meets_rpo"),
                message=f"meets the RPO of {duration(rpo * 60)} with point-in-time recovery at {found.group(0)[1:-1]}",
                fix="say which copy holds the RPO (the replica in the recovery region and its lag), or mark it not met",
            )
