"""Fit the budget: when the estimate exceeds it, step down the options that cost most without breaking a stated
target, then pull the priced levers largest saving first until it fits, say so in a decision, and leave what
remains to whoever holds the budget (a consequence naming the gap, and an open question)."""

from __future__ import annotations

from collections.abc import Callable

from archgen.architects.rules.draft import Draft, option
from archgen.architects.rules.reliability import achievable
from archgen.capacity.levers import BUDGET_DRIVER, PLAN, PricedLever, priced_levers, pull
from archgen.capacity.measure import FEES, measure
from archgen.common.english import join as english_join
from archgen.common.formatting import duration, usd
from archgen.design.model import Cost, Design


def fit_budget(draft: Draft, design: Design) -> Design:
    """`design`, stepped down where the budget asks and the targets allow, re-measured."""
    budget = draft.req.constraints.budget_usd_per_month
    if not budget or design.cost.total_usd_per_month <= budget:
        return design
    steps: list[tuple[str, float]] = []
    current = design
    for name, step in _STEPS:
        if current.cost.total_usd_per_month <= budget:
            break
        changed = step(draft, current)
        if not changed:
            continue
        from archgen.architects.rules import assemble  # the architect assembles; the budget only re-measures

        candidate = measure(assemble(draft, "rules"), draft.prices, draft.req, draft.catalog.knowledge)
        saved = current.cost.total_usd_per_month - candidate.cost.total_usd_per_month
        steps.append((name, saved))
        current = candidate
    chosen = _choose(draft, current, budget)
    if not steps and not chosen:
        return current
    before = design.cost.total_usd_per_month
    done = "; ".join(f"{n} (saves {usd(s)})" for n, s in steps)
    if chosen:
        done = (
            (done + "; then " if done else "")
            + "pull the priced levers, largest saving first: "
            + "; ".join(p.lever.name for p in chosen)
        )
    draft.decide(
        title="Fitting the budget",
        context=f"The design that meets the targets was estimated at {usd(before)} a month against a budget of "
        f"{usd(budget)}.",
        options=[
            option(
                "Step down what costs most without breaking a target",
                done or "Nothing can be stepped down without breaking a target.",
                ["stays within the stated targets"],
                ["less headroom or less detail in the telemetry"],
            ),
            option(
                "Keep the design as sized",
                "Meet every target with the most comfortable options.",
                ["most headroom"],
                [f"{usd(before)} a month, over the budget"],
            ),
        ],
        decision="Step down what costs most without breaking a target",
        rationale="",
        consequences=[f"{n}: {usd(s)} a month less" for n, s in steps],
        drivers=[BUDGET_DRIVER],
    )
    from archgen.architects.rules import assemble  # the architect assembles; the budget only re-measures

    if chosen:  # the levers the decision pulls lower the estimate once it is re-measured
        current = measure(assemble(draft, "rules"), draft.prices, draft.req, draft.catalog.knowledge)
    after = current.cost.total_usd_per_month
    record = draft.decisions[-1]
    record.rationale = (
        f"{usd(before)} a month is over the {usd(budget)} budget; "
        + (f"these steps bring it to {usd(after)}" if steps or chosen else f"it stays at {usd(after)}")
        + (" and within the budget." if after <= budget else "; the rest is an open question for the meeting.")
    )
    record.consequences += [
        f"{p.lever.name}: about {usd(p.saves_usd)} a month less on the estimate as stepped down; trades: "
        f"{p.lever.trades}"
        for p in chosen
    ]
    record.consequences += _levers_breaking_rto(draft, current)
    delivery = _delivery_levers(draft, current, budget)  # names the gap itself where delivery drives the cost
    record.consequences += delivery
    if after > budget and not delivery:
        record.consequences.append(
            f"the estimate stays {usd(after - budget)} a month over the budget with no lever left to pull: whoever "
            f"holds the budget must accept {usd(after)} a month or cut scope before the build starts"
        )
    return current


def _choose(draft: Draft, design: Design, budget: float) -> list[PricedLever]:
    """The priced levers to pull, largest saving first, each priced on what the earlier ones left, until the
    estimate is within the budget or none is left."""
    streamed = any(f.key == "media.streamed.month" for f in design.capacity.figures)
    lines = list(design.cost.lines)
    chosen: list[PricedLever] = []
    while sum(x.monthly_usd for x in lines if x.category != FEES) > budget:
        cost = Cost(price_table="", lines=lines, total_usd_per_month=sum(x.monthly_usd for x in lines))
        names = {p.lever.name for p in chosen}
        ready = [
            p for p in priced_levers(cost, draft.req, streamed) if p.lever.name not in names and not p.lever.breaks_rto
        ]
        if not ready:
            break
        chosen.append(ready[0])
        lines = pull(lines, (ready[0].lever.name,), draft.req, streamed)
    return chosen


def _levers_breaking_rto(draft: Draft, design: Design) -> list[str]:
    """The levers left unpulled because recovery after a region's loss would then outlast the RTO, with what each
    would save: the owner may still choose one, knowing the RTO it breaks."""
    streamed = any(f.key == "media.streamed.month" for f in design.capacity.figures)
    rto = duration(draft.req.quality.rto_minutes * 60)
    return [
        f"not pulled, as the RTO of {rto} would not hold: {p.lever.name} (about {usd(p.saves_usd)} a month "
        f"less); {p.lever.trades}"
        for p in priced_levers(design.cost, draft.req, streamed)
        if p.lever.breaks_rto
    ]


def _delivery_levers(draft: Draft, design: Design, budget: float) -> list[str]:
    """Where media delivery is a large part of an estimate still over budget: the gap, the price a GB delivery
    must reach, and what each lever the team may choose saves by the same arithmetic."""
    from archgen.capacity import media

    total = design.cost.total_usd_per_month
    lines = [line for line in design.cost.lines if line.price.startswith("cdn_egress")]
    delivered = sum(line.quantity for line in lines)
    cost = sum(line.monthly_usd for line in lines)
    if total <= budget or not delivered:
        return []
    gap = total - budget
    rest = total - cost
    out = [
        f"the estimate stays {usd(gap)} a month over the budget: the team must choose among the levers below or "
        f"agree a budget of {usd(total)}"
    ]
    if rest >= budget:
        out.append(
            f"even free delivery leaves {usd(rest)} a month, over the budget: the largest other lines must shrink"
        )
    else:
        out.append(
            f"delivery fits only at ${(budget - rest) / delivered:.4f} a GB or less for "
            f"{delivered / 1e6:,.1f} PB a month (now {usd(cost)})"
        )
    offers = _negotiated(draft, delivered, cost)
    out += [said for said, _ in offers]
    others = sorted((x for x in design.cost.lines if x not in lines), key=lambda x: -x.monthly_usd)[:3]
    out.append("the largest other lines: " + ", ".join(f"{x.item} {usd(x.monthly_usd)}" for x in others))
    if not any(f.key == "media.streamed.month" for f in design.capacity.figures):
        return out
    know = media.knowledge()
    qualities, _ = media.ladder(draft.req)
    codec = know.efficient_codec
    saved = cost * codec.bytes_saved * codec.players
    out.append(
        f"encode the ladder also in {codec.name} for the {codec.players:.0%} of watch time on players that decode "
        f"it ({codec.bytes_saved:.0%} fewer bytes at the same quality): about {usd(saved)} a month less delivery, "
        f"for {codec.encode_factor:g}× the encoding CPU"
    )
    names = [q.name.lower() for q in qualities]
    top = know.everyday_top.lower()
    kept = 1.0  # the share of delivered bytes left once the ladder stops at the everyday top
    if top in names and names.index(top) < len(names) - 1:
        capped = qualities[: names.index(top) + 1]
        now, after = media.average_kbps(qualities), media.average_kbps(capped)
        kept = after / now
        out.append(
            f"offer nothing above {know.everyday_top} (the average bitrate falls from {now:,.0f} to {after:,.0f} "
            f"kbit/s): about {usd(cost * (1 - after / now))} a month less delivery"
        )
    # the levers together, each on what the one before left: the plan the design proposes for the meeting, with what
    # they cost besides (the efficient codec's encoding CPU)
    rate = min((r for _, r in offers), default=None)
    planned = (delivered * rate if rate is not None else cost) * (1 - codec.bytes_saved * codec.players) * kept
    encoding = sum(x.monthly_usd for x in design.cost.lines if x.price in know.encoding_prices)
    planned += encoding * (codec.encode_factor - 1)
    pulled = [
        *(["the committed rate"] if rate is not None else []),
        f"{codec.name} for the players that decode it",
        *([f"nothing above {know.everyday_top}"] if kept < 1 else []),
    ]
    verdict = (
        f"within the budget with {usd(budget - rest - planned)} a month to spare"
        if rest + planned <= budget
        else f"still {usd(rest + planned - budget)} a month over the budget"
    )
    extra = f", with the {usd(encoding * (codec.encode_factor - 1))} more encoding it takes," if encoding else ""
    out.append(
        f"{PLAN}{english_join(pulled)} together bring delivery to about {usd(planned)}{extra} "
        f"and the estimate to about {usd(rest + planned)} a month, {verdict}; each lever is agreed before the "
        "build, and the estimate keeps list prices and the full ladder until then"
    )
    return out


def _negotiated(draft: Draft, delivered: float, cost: float) -> list[tuple[str, float]]:
    """A rate a contract would set, offered with what it saves, and the rate: the estimate keeps the list price
    until it is signed, since a negotiated rate is no price-table fact."""
    from archgen.capacity.constants import constant
    from archgen.knowledge.targets import targets

    if delivered < constant("cdn_commit_min_gb_month").value:
        return []
    out = []
    for key in (k for k in targets().negotiated_prices if k in draft.prices.prices):
        rate = draft.prices.usd(key)
        if delivered * rate >= cost:
            continue
        said = (
            f"negotiate a CDN rate committed for a year (such contracts reach about ${rate:.4f} a GB at "
            f"{delivered / 1e6:,.1f} PB a month): about {usd(cost - delivered * rate)} a month less delivery once "
            "signed; the estimate keeps the list tiers until a contract sets the rate"
        )
        out.append((said, rate))
    return out


def _sample_logs(draft: Draft, _: Design) -> bool:
    """Log one in ten successful requests (errors and slow requests always)."""
    if draft.observability is None or draft.observability.log_sample <= 0.1:
        return False
    draft.observability.log_sample = 0.1
    draft.observability.logs += "; one successful request in ten is logged (errors and slow requests always)"
    return True


def _lighter_recovery(draft: Draft, _: Design) -> bool:
    """A pilot light instead of a warm standby, where the RTO allows starting compute on disaster."""
    reliability = draft.reliability
    if reliability is None or reliability.topology != "warm-standby":
        return False
    # the pilot light starts compute only after the databases are promoted: both must fit in the RTO
    if achievable(draft, "pilot-light", standby=True)[1] > draft.req.quality.rto_minutes:
        return False
    reliability.topology = "pilot-light"
    reliability.strategy = reliability.strategy.replace("a scaled-down warm standby", "a pilot light (data only)")
    for decision in draft.decisions:  # the recovery decision says what now runs, and why
        if decision.decision == "warm-standby" and any(o.name == "pilot-light" for o in decision.options):
            decision.decision = "pilot-light"
            decision.rationale += (
                f" The budget then moves the standby to a pilot light: the {draft.req.quality.rto_minutes:g}-minute "
                "RTO leaves time to start compute on the replicated data."
            )
    return True


def _self_host(draft: Draft, _: Design) -> bool:
    """Run in-house what an external system does per call, where the catalog knows an engine and the volume makes
    running it cheaper than paying per call."""
    from archgen.capacity.measure import integration_calls, self_host
    from archgen.common.naming import slug
    from archgen.design.model import Deployable, Scaling

    changed = False
    for system in draft.integrations:
        host = self_host(system.kind, system.name)
        if host is None or system.replaced_by or integration_calls(draft.req, system.name) < host.above_calls_per_month:
            continue
        name = f"{slug(system.name, 'engine')}-engine"
        draft.deployables.append(
            Deployable(
                name=name,
                kind="web",
                runtime=host.technology,
                services=[],
                scaling=Scaling(min_instances=2, max_instances=2, metric="CPU at 60 %"),
            )
        )
        system.replaced_by = name
        system.protocol = f"in-house: {host.technology} ({name}); {system.name} kept as the fallback"
        changed = True
    return changed


def _tier_memory(draft: Draft, measured: Design) -> bool:
    """Keep a large in-memory store on nodes that tier the least recently used entries to local SSD, where the
    cloud offers it: the same keys and commands at about a third of the price a GB."""
    from archgen.capacity.constants import CACHE_NODE_GB, GB, MEMORY_SMALL_NODES

    tiered = next((t for t in draft.catalog.options("cache") if t.price == "cache_tiered_node"), None)
    if tiered is None:
        return False
    sizes = {s.name: s.size_bytes_3y for s in measured.stores}
    changed = False
    for store in draft.stores:
        large = sizes.get(store.name, 0.0) > CACHE_NODE_GB.value * MEMORY_SMALL_NODES.value * GB
        if store.kind == "in-memory" and large and store.technology != tiered.name:
            store.technology = tiered.name
            store.purpose += "; the least recently used entries move to each node's local SSD (data tiering)"
            changed = True
    return changed


_STEPS: tuple[tuple[str, Callable[[Draft, Design], bool]], ...] = (
    ("tier the large in-memory stores to local SSD", _tier_memory),
    ("run in-house what an external API charges per call for", _self_host),
    ("sample the request logs", _sample_logs),
    ("recover with a pilot light instead of a warm standby", _lighter_recovery),
)
