"""Where the system runs: the regions that serve each area where users are, and where personal data is pinned.

The round trip from each user area to a candidate region (network.yaml) is compared with the share of the tightest
latency budget the network may take. Data residency pins where personal data is stored and processed, not where
every user is served; when the answers cannot all be met, the design says so in an open question.
"""

from __future__ import annotations

from archgen.architects.rules.draft import Draft, option
from archgen.architects.rules.reliability import needs_standby
from archgen.capacity.constants import constant
from archgen.design.model import AreaServing, Region, Topology
from archgen.knowledge.catalog import RegionInfo
from archgen.requirements.areas import area_of, label


def plan_topology(draft: Draft) -> None:
    """Choose the primary region, the standby, and who serves each user area."""
    req = draft.req
    catalog = draft.catalog
    residency = list(req.compliance.data_residency)
    areas = [a for a in req.users.regions if a != "global"] or []
    budget = _network_budget(draft)
    multi_zone = req.quality.availability >= constant("multi_zone_availability").value
    if residency:
        homes = [r for place in residency for r in catalog.regions_in(place)]
        primary = homes[0] if homes else _fallback(draft, residency[0])
    else:
        ordered = [r for a in areas for r in catalog.regions_in(a)] or catalog.regions()
        primary = ordered[0]
    serving: list[AreaServing] = []
    regions = [Region(name=primary.name, area=primary.area, role="primary", personal_data=True)]
    far: list[tuple[str, float]] = []
    for area in areas or [primary.area]:
        rtt = catalog.rtt(area, primary.area)
        if rtt <= budget or area == primary.area:  # no region serves an area better than one inside it
            serving.append(AreaServing(area=area, region=primary.name, rtt_ms=rtt, within_budget=True))
            continue
        local = catalog.regions_in(area)
        if local and not residency:
            # no residency constraint: the far area gets a home region (a cell) of its own
            cell = local[0]
            if not any(r.name == cell.name for r in regions):
                regions.append(Region(name=cell.name, area=cell.area, role="home", personal_data=True))
            serving.append(AreaServing(area=area, region=cell.name, rtt_ms=catalog.rtt(area, area), within_budget=True))
        else:
            serving.append(AreaServing(area=area, region=primary.name, rtt_ms=rtt, within_budget=False))
            far.append((area, rtt))
    cells = any(r.role == "home" for r in regions)
    if needs_standby(req) or cells:
        for region in list(regions):
            standby = _standby(draft, region, residency)
            if standby is not None and not any(r.name == standby.name for r in regions):
                regions.append(Region(name=standby.name, area=standby.area, role="standby", personal_data=True))
    summary = _summary(draft, regions, serving, cells, multi_zone)
    decision_id = _decide(draft, regions, serving, cells, budget, residency)
    draft.topology = Topology(
        regions=regions,
        serving=serving,
        cells=cells,
        residency=residency,
        summary=summary,
        decision=decision_id,
    )
    for area, rtt in far:
        draft.ask(
            question=f"Can users in {label(area)} accept about {rtt:.0f} ms more on every call, or may their personal "
            f"data be kept outside {', '.join(label(r) for r in residency)}?",
            context=f"Residency keeps all personal data in {', '.join(label(r) for r in residency)}; "
            f"from {label(area)} "
            f"a round trip there takes about {rtt:.0f} ms, more than the {budget:.0f} ms of the latency budget the "
            "network may take. Options: relax the latency target for them, serve their non-personal reads from a "
            "nearby region and edge caches, or scope residency to the users of that area and home the others in a "
            "cell of their own.",
            raised_by="compliance.data_residency",
        )


def _network_budget(draft: Draft) -> float:
    """The round trip the network may take: a share of the tightest p99 target of an interactive use case."""
    req = draft.req
    targets = [u.latency_p99_ms or req.quality.latency_p99_ms for u in req.use_cases if u.interaction == "request"]
    tightest = min(targets) if targets else req.quality.latency_p99_ms
    return float(tightest) * constant("region_rtt_share").value


def _fallback(draft: Draft, place: str) -> RegionInfo:
    """A region when the cloud has none in the pinned country: the first in its area, with a question."""
    area = area_of(place)
    regions = draft.catalog.regions_in(area) or draft.catalog.regions()
    draft.ask(
        question=f"{draft.req.constraints.cloud} has no region in {label(place)}: may the data be kept in "
        f"{regions[0].name} ({regions[0].country.upper()})?",
        context="Residency pins personal data to one country; the design places it in the nearest region until "
        "this is settled.",
        raised_by="compliance.data_residency",
    )
    return regions[0]


def _standby(draft: Draft, region: Region, residency: list[str]) -> RegionInfo | None:
    """The recovery region of a region: another one in the same country when residency pins one, else the area."""
    places = [p for p in residency if len(p) == 2]
    info = draft.catalog.region(region.name)
    country = info.country if info else ""
    candidates = [
        r
        for r in draft.catalog.regions_in(region.area)
        if r.name != region.name and (not places or r.country in places or (r.country == country and country in places))
    ]
    if places and not candidates:
        draft.ask(
            question=f"Where may the recovery copy of {region.name} live: {draft.req.constraints.cloud} has a single "
            f"region in {', '.join(p.upper() for p in places)}?",
            context="Residency pins personal data to one country, and a second region there does not exist; "
            "recovery from another country would move personal data out.",
            raised_by="compliance.data_residency",
        )
    return candidates[0] if candidates else None


def _summary(draft: Draft, regions: list[Region], serving: list[AreaServing], cells: bool, multi_zone: bool) -> str:
    zones = "three zones" if multi_zone else "one zone"
    primary = regions[0]
    parts = [f"Primary region {primary.name} ({label(primary.area)}), {zones} per region"]
    homes = [r for r in regions if r.role == "home"]
    if homes:
        parts.append(
            "users are homed in the region nearest them ("
            + ", ".join(f"{r.name} for {label(r.area)}" for r in homes)
            + "), each a cell holding its users' data, behind a global directory that maps a user to a cell"
        )
    standbys = [r for r in regions if r.role == "standby"]
    if standbys:
        parts.append("recovery copies in " + ", ".join(r.name for r in standbys))
    outside = [s for s in serving if not s.within_budget]
    if outside:
        parts.append(
            "users in " + ", ".join(label(s.area) for s in outside) + " are served from further away "
            "than the latency budget allows (an open question)"
        )
    return "; ".join(parts) + "."


def _decide(
    draft: Draft, regions: list[Region], serving: list[AreaServing], cells: bool, budget: float, residency: list[str]
) -> str:
    req = draft.req
    areas = [s.area for s in serving]
    primary = regions[0]
    far = [s for s in serving if s.rtt_ms > budget]
    rtts = ", ".join(f"{label(s.area)} {draft.catalog.rtt(s.area, primary.area):.0f} ms" for s in serving)
    options = [
        option(
            f"One primary region ({primary.name})",
            "Every user served from one region, with a recovery copy elsewhere.",
            ["one copy of the data: no cross-region consistency to manage", "cheapest to run"],
            ["users far from the region pay the round trip on every call"],
        ),
        option(
            "A home region per area (cells)",
            "Users are homed in the region nearest them; each cell holds its users' data; a directory routes them.",
            ["every area within the latency budget", "a region's outage touches only its cell"],
            [
                "a global directory and cross-cell flows (a user travelling, data shared across areas) to design",
                "one more region to run per area",
            ],
        ),
        option(
            "Active-active across regions with a globally replicated database",
            "Every region serves every user; the database replicates writes synchronously between regions.",
            ["no home region to choose; survives a region with no failover"],
            ["cross-region write latency on every transaction", "the most expensive option by far"],
        ),
    ]
    chosen = options[1].name if cells else options[0].name
    if cells:
        reason = (
            f"users are in {len(areas)} areas and from {', '.join(label(s.area) for s in far) or 'some of them'} a "
            f"round trip to one region exceeds the {budget:.0f} ms the latency budget leaves the network ({rtts})"
        )
    elif residency:
        reason = (
            f"personal data must stay in {', '.join(label(r) for r in residency)}, and from every user area the "
            f"round trip fits the {budget:.0f} ms network budget ({rtts})"
            if not far
            else f"personal data must stay in {', '.join(label(r) for r in residency)}; users further away are an "
            "open question, not a reason to move their data"
        )
    else:
        reason = f"every user area is within the {budget:.0f} ms network budget of one region ({rtts})"
    return (
        draft.decide(
            title="Regions and where users are served",
            context=f"Users are in {', '.join(label(a) for a in areas) or 'one area'}; "
            + (f"personal data must stay in {', '.join(label(r) for r in residency)}; " if residency else "")
            + f"the tightest interactive p99 target leaves {budget:.0f} ms for the network round trip.",
            options=options,
            decision=chosen,
            rationale=f"Chosen because {reason}.",
            consequences=[
                f"the primary region is {primary.name}"
                + (f"; cells in {', '.join(r.name for r in regions if r.role == 'home')}" if cells else ""),
                "personal data is stored and processed only in "
                + ", ".join(sorted({r.name for r in regions if r.personal_data})),
                *(
                    ["a user's cell is chosen at sign-up from their country and kept in a small global directory"]
                    if cells
                    else []
                ),
            ],
            drivers=["users.regions", "compliance.data_residency", "quality.latency_p99_ms"],
        )
        if req
        else ""
    )
