"""Where the system runs: the regions that serve each area where users are, and where personal data is pinned.

The round trip from each user area to a candidate region (network.yaml) is compared with the share of the tightest
latency budget the network may take. Data residency pins where personal data is stored and processed, not where
every user is served; when the answers cannot all be met, the design says so in an open question.
"""

from __future__ import annotations

from archgen.architects.rules.draft import Draft, option
from archgen.architects.rules.reliability import ACTIVE_ACTIVE, needs_standby
from archgen.capacity.constants import constant
from archgen.common import english
from archgen.common.naming import slug
from archgen.design.model import AreaServing, Region, Topology
from archgen.knowledge.catalog import RegionInfo
from archgen.knowledge.residency import residency as residency_words_kb
from archgen.knowledge.restores import restores
from archgen.knowledge.styles import styles
from archgen.requirements.areas import area_of, label
from archgen.requirements.areas import areas as vocabulary
from archgen.requirements.model import Requirements, UseCase
from archgen.requirements.personal import Homes, find_homes, name_words
from archgen.requirements.personal import vocabulary as person_words
from archgen.requirements.places import near_region
from archgen.requirements.sharing import Homing, homing


def plan_topology(draft: Draft) -> None:
    """Choose the primary region, the standby, and who serves each user area."""
    req = draft.req
    catalog = draft.catalog
    residency = list(req.compliance.data_residency)
    areas = user_areas(req.users.regions)
    stated = [a for a in req.users.regions if a != "global"]
    budget = _network_budget(draft)
    multi_zone = req.quality.availability >= constant("multi_zone_availability").value
    homed = find_homes({e.name: e.fields for e in req.data.entities})
    if homed is not None:
        _plan_homes(draft, homed, areas, budget, multi_zone)
        return
    if residency:
        homes = _nearest_first(draft, [r for place in residency for r in catalog.regions_in(place)])
        primary = homes[0] if homes else _fallback(draft, residency[0])
    else:
        ordered = _nearest_first(draft, [r for a in areas for r in catalog.regions_in(a)] or catalog.regions())
        primary = ordered[0]
    serving: list[AreaServing] = []
    regions = [Region(name=primary.name, area=primary.area, role="primary", personal_data=True)]
    far: list[tuple[str, float]] = []
    unit = homing(req, tenant_entity(draft))
    for area in areas or [primary.area]:
        rtt = catalog.rtt(area, primary.area)
        if rtt <= budget or area == primary.area:  # no region serves an area better than one inside it
            serving.append(AreaServing(area=area, region=primary.name, rtt_ms=rtt, within_budget=True))
            continue
        local = catalog.regions_in(area)
        if local and not residency and area in stated:
            # no residency constraint: the far area gets a region of its own, a cell when what people share can be
            # homed whole in one, else a read stack that serves reads near them and sends writes to the primary
            near = local[0]
            role = "serving" if unit.unit == "none" else "home"
            if not any(r.name == near.name for r in regions):
                regions.append(Region(name=near.name, area=near.area, role=role, personal_data=True))
            serving.append(AreaServing(area=area, region=near.name, rtt_ms=catalog.rtt(area, area), within_budget=True))
        else:
            serving.append(AreaServing(area=area, region=primary.name, rtt_ms=rtt, within_budget=False))
            far.append((area, rtt))
    cells = any(r.role == "home" for r in regions)
    if needs_standby(req) or cells:
        for region in [r for r in regions if r.role != "serving"]:  # a read stack is rebuilt from the primary
            standby = _standby(draft, region, residency, frozenset(r.name for r in regions))
            if standby is not None and not any(r.name == standby.name for r in regions):
                regions.append(
                    Region(
                        name=standby.name, area=standby.area, role="standby", personal_data=True, recovers=region.name
                    )
                )
    _third_voters(draft, regions, residency)
    summary = _summary(draft, regions, serving, unit, multi_zone)
    decision_id = _decide(draft, regions, serving, unit, budget, residency)
    draft.topology = Topology(
        regions=regions,
        serving=serving,
        cells=cells,
        homed_by=unit.key if cells else "",
        residency=residency,
        summary=summary,
        decision=decision_id,
    )
    _explain_cells(draft, unit)
    _ask_processors(draft)
    _ask_far_writes(draft, regions, serving)
    unstated = [(a, rtt) for a, rtt in far if a not in stated]
    if unstated:
        where = english.join(f"{label(a)} ({rtt:.0f} ms)" for a, rtt in unstated)
        draft.ask(
            question=f"Can users in {english.join(label(a) for a, _ in unstated)} accept a round trip of "
            f"{min(r for _, r in unstated):.0f}–{max(r for _, r in unstated):.0f} ms to {primary.name} on every call?",
            context=f"Users are taken to be worldwide; from {where} a round trip to {primary.name} exceeds the "
            f"{budget:.0f} ms of the latency budget the network may take. "
            "Options: name the areas in users.regions so each far one gets a cell of its own, serve their reads from "
            "edge caches, or relax the latency target for them.",
            raised_by="users.regions",
        )
    for area, rtt in far:
        if area not in stated:
            continue
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


def _ask_processors(draft: Draft) -> None:
    """Residency keeps personal data in; an outside provider that receives it must process it there too, which
    only its contract can say: ask for each provider's in-area region."""
    residency = draft.req.compliance.data_residency
    sent = [i.name for i in draft.req.integrations if i.direction == "outbound"]  # providers it sends to
    if not residency or not sent:
        return
    words = residency_words_kb()
    values = {
        "processors": english.join(sent),
        "places": english.join(label(p) for p in residency),
        "them": "them" if len(sent) > 1 else "it",
    }
    draft.ask(
        question=words.processor_question.format(**values),
        context=words.processor_context.format(**values),
        raised_by="compliance.data_residency",
    )


def _nearest_first(draft: Draft, regions: list[RegionInfo]) -> list[RegionInfo]:
    """The candidate regions with the one nearest the users first, where the prose says where in their area they
    are (clinics in Oregon and Washington are served from the US west coast, not its default east)."""
    if not regions:
        return regions
    near = near_region(draft.req, draft.req.constraints.cloud, regions[0].area)
    chosen = [r for r in regions if r.name == near]
    return chosen + [r for r in regions if r.name != near]


def far_write_use_cases(req: Requirements, rtt: float) -> list[UseCase]:
    """The interactive use cases that write and whose p99 leaves the network less than `rtt`."""
    share = constant("region_rtt_share").value
    return [
        u
        for u in req.use_cases
        if u.interaction == "request"
        and u.writes
        and not u.async_
        and rtt > (u.latency_p99_ms or req.quality.latency_p99_ms) * share
    ]


def _ask_far_writes(draft: Draft, regions: list[Region], serving: list[AreaServing]) -> None:
    """A read stack brings reads near; writes still travel to the primary. Where that round trip is more than a
    writing use case's p99 leaves the network, the target cannot be met there: say so, with the options."""
    primary = regions[0]
    stacks = {r.name for r in regions if r.role == "serving"}
    for s in serving:
        if s.region not in stacks:
            continue
        rtt = draft.catalog.rtt(s.area, primary.area)
        late = far_write_use_cases(draft.req, rtt)
        if not late:
            continue
        names = english.join(u.name for u in late[:3])
        draft.ask(
            question=f"Can writes from {label(s.area)} ({names}) take a round trip of about {rtt:.0f} ms to "
            f"{primary.name}, more than their p99 leaves the network, or should they be accepted in {s.region} and "
            f"applied to {primary.name} asynchronously?",
            context=f"Reads in {label(s.area)} come from the read stack in {s.region}; every write travels to "
            f"{primary.name}, a round trip of about {rtt:.0f} ms, more than the share of the p99 target of {names} "
            "the network may take. Options: accept those writes near the user and apply them in the background "
            "(the writer sees their own change at once), state a per-area p99 target, or give the area a cell.",
            raised_by="quality.latency_p99_ms",
        )


def _third_voters(draft: Draft, regions: list[Region], residency: list[str]) -> None:
    """A consensus store that must lose nothing in a region's loss votes across regions, and a vote survives a
    region only with a majority left: each region that holds data gets a second recovery region in its area (inside
    the residency), so its voting set spans three."""
    rpo_s = draft.req.quality.rpo_minutes * 60
    if rpo_s >= constant("standby_cluster_lag_s").value:
        return  # a second cluster fed asynchronously keeps the RPO: no vote across regions is needed
    voting = [
        t
        for s in draft.stores
        if (t := draft.catalog.technology(s.technology)) is not None
        and t.regions == "synchronous"
        and draft.catalog.engine(t).copies == "consensus"
    ]
    if not voting:
        return
    need = int(constant("majority_regions").value)
    for region in [r for r in regions if r.role in ("primary", "home")]:
        voters = 1 + sum(1 for r in regions if r.recovers == region.name)
        while 0 < voters < need:
            places = [p for p in residency if area_of(p) == region.area] if region.home else residency
            extra = _standby(draft, region, places, frozenset(r.name for r in regions))
            if extra is None or any(r.name == extra.name for r in regions):
                break
            regions.append(
                Region(
                    name=extra.name,
                    area=extra.area,
                    role="standby",
                    personal_data=True,
                    home=region.home,
                    recovers=region.name,
                )
            )
            voters += 1


def user_areas(regions: list[str]) -> list[str]:
    """The areas whose round trips are judged: those named, and every area when users are worldwide."""
    named = [a for a in regions if a != "global"]
    if "global" not in regions:
        return named
    return named + [a for a in vocabulary().labels if a != "global" and a not in named]


def _plan_homes(draft: Draft, homed: Homes, areas: list[str], budget: float, multi_zone: bool) -> None:
    """Cells that follow a home field: each home value gets a cell in its area (inside the residency where the
    residency lies in that area) with a recovery copy beside it, and a global directory routes every tenant or
    person to their cell. No home's personal data leaves its cell."""
    catalog = draft.catalog
    residency = list(draft.req.compliance.data_residency)
    regions: list[Region] = []
    for value, area in homed.areas.items():
        pinned = [p for p in residency if area_of(p) == area]
        candidates = [r for p in pinned for r in catalog.regions_in(p)] or catalog.regions_in(area)
        info = candidates[0] if candidates else _fallback(draft, pinned[0] if pinned else area)
        if not any(r.name == info.name for r in regions):
            role = "home" if regions else "primary"
            regions.append(Region(name=info.name, area=info.area, role=role, personal_data=True, home=value))
    for cell in list(regions):
        standby = _standby(draft, cell, [p for p in residency if area_of(p) == cell.area])
        if standby is not None and not any(r.name == standby.name for r in regions):
            regions.append(
                Region(
                    name=standby.name,
                    area=standby.area,
                    role="standby",
                    personal_data=True,
                    home=cell.home,
                    recovers=cell.name,
                )
            )
    _third_voters(draft, regions, residency)
    cells = [r for r in regions if r.role != "standby"]
    serving = []
    for area in areas or [cells[0].area]:
        cell = min(cells, key=lambda r: (r.area != area, catalog.rtt(area, r.area)))
        rtt = catalog.rtt(area, cell.area)
        serving.append(
            AreaServing(area=area, region=cell.name, rtt_ms=rtt, within_budget=rtt <= budget or cell.area == area)
        )
    zones = "three zones" if multi_zone else "one zone"
    summary = (
        f"Each {homed.entity} is homed by {homed.key} in a cell of its own area: "
        + "; ".join(_cell_words(r, regions) for r in cells)
        + f"; {zones} per region. A global directory ({draft.catalog['directory']}) holds only {homed.entity} → "
        "cell and the sign-in routing (no personal data) and is replicated to every cell. "
        + routing_sentence(draft, homed.entity, regions)
    )
    decision_id = _decide_homes(draft, homed, regions, serving, budget)
    draft.topology = Topology(
        regions=regions,
        serving=serving,
        cells=True,
        residency=residency,
        summary=summary,
        decision=decision_id,
        homed_by=homed.key,
    )
    _explain_cells(draft, Homing("home", homed.key, ()))
    _ask_processors(draft)
    for s in serving:
        if not s.within_budget:
            draft.ask(
                question=f"Can users in {label(s.area)} accept about {s.rtt_ms:.0f} ms to their {homed.entity}'s "
                f"home cell in {s.region}, or should {homed.key} offer a home near them?",
                context=f"{homed.key} offers {english.join(homed.areas)}; no cell lies in {label(s.area)}, and the "
                f"round trip to the nearest is more than the {budget:.0f} ms of the latency budget the network may "
                "take.",
                raised_by=f"data.entities[{homed.entity}].fields.{homed.field}",
            )


def cell_hosts(draft: Draft, regions: list[Region]) -> list[str]:
    """The hostname of each home cell: eu.crewline-hr.example."""
    system = slug(draft.req.system.name, "system")
    homes = dict.fromkeys(r.home for r in regions if r.home and r.role != "standby")
    return [residency_words_kb().host.format(home=slug(h, "home"), slug=system) for h in homes]


def routing_words(draft: Draft, entity: str, regions: list[Region]) -> list[str]:
    """How each caller reaches its home cell: per-cell hostnames, a redirect, an issuer per cell, 421 elsewhere."""
    hosts = ", ".join(cell_hosts(draft, regions))
    return [line.format(entity=entity, hosts=hosts) for line in residency_words_kb().routing]


def routing_sentence(draft: Draft, entity: str, regions: list[Region]) -> str:
    """The routing, a sentence for each caller, for a summary or a rationale."""
    return " ".join(line[:1].upper() + line[1:] + "." for line in routing_words(draft, entity, regions))


def tenant_entity(draft: Draft) -> str:
    """The entity that stands for a tenant (Workspace, Tenant): the first whose name ends in a home holder."""
    holders = person_words().home_holders
    return next((e.name for e in draft.req.data.entities if (w := name_words(e.name)) and w[-1] in holders), "tenant")


def reach_words(unit: Homing) -> str:
    """How a request reaches the records it needs when cells home `unit`: said once, used by every page."""
    if unit.unit == "tenant":
        return (
            f"each cell keeps whole {unit.key} tenants, so the records their members share live in one cell; a "
            f"{unit.key}'s cell is chosen when it is created, from where most of its members are, and a member "
            "anywhere reaches that cell through the global directory (members far from it pay the round trip)"
        )
    if unit.unit == "place":
        entity, field = unit.key.split(".")
        return (
            f"each cell keeps the places it serves: a {entity} lives in the cell of its {field}, where both people "
            "who share it are; a person travelling is served by the cell of the place they are in, which reads "
            "their profile from their home cell through the global directory"
        )
    if unit.unit == "home":
        return f"each cell keeps whole tenants by {unit.key}, and the global directory routes each request to its cell"
    return (
        "each cell keeps its users' records, and no record is read by another user, so a request is answered by "
        "the user's own cell"
    )


def _explain_cells(draft: Draft, unit: Homing) -> None:
    """Cells split by where the data is homed, not by domain: the same shape runs once per cell."""
    topology = draft.topology
    if topology is None or not topology.cells or draft.architecture is None:
        return
    homes = english.join(r.name for r in topology.regions if r.role != "standby")
    draft.architecture.rationale.append(styles().apart["cell"].format(name=homes, figure=reach_words(unit)) + ".")


def _cell_words(cell: Region, regions: list[Region]) -> str:
    """'eu in eu-central-1 (recovery copy in eu-west-1)'."""
    standby = [r.name for r in regions if r.recovers == cell.name]
    return f"{cell.home} in {cell.name}" + (f" (recovery copy in {', '.join(standby)})" if standby else "")


def residency_words(topology: Topology) -> str:
    """Where personal data is kept, in words: the regions, or with home cells the regions of each home."""
    homes_ = list(dict.fromkeys(r.home for r in topology.regions if r.home))
    if topology.homed_by and homes_:  # (cells placed for latency, not a residency home, keep no home names)
        return "; ".join(
            f"{english.join(r.name for r in topology.regions if r.home == home and r.personal_data)} for those homed "
            f"in {home}"
            for home in homes_
        )
    return ", ".join(sorted({r.name for r in topology.regions if r.personal_data}))


def _decide_homes(draft: Draft, homed: Homes, regions: list[Region], serving: list[AreaServing], budget: float) -> str:
    residency = list(draft.req.compliance.data_residency)
    cells = [r for r in regions if r.role != "standby"]
    values = english.join(homed.areas, "or")
    first = cells[0]
    options = [
        option(
            f"One primary region ({first.name})",
            "Every tenant served from one region, with a recovery copy elsewhere.",
            ["one copy of the data: no cross-region consistency to manage", "cheapest to run"],
            [f"keeps every {homed.entity}'s data in {first.name}, whatever home it chose"],
        ),
        option(
            "A cell per home region",
            f"Each home region runs its own cell (services, databases, search, files, keys); a global directory maps "
            f"each {homed.entity} to its cell and routes requests there.",
            [
                f"each {homed.entity}'s personal data stays in its home region",
                "a region's outage touches only the cell homed there",
                "each cell is sized and scaled for its own tenants",
            ],
            [
                "a stack to run and pay for per home",
                "cross-cell work (support, reporting, a tenant moving home) must be designed explicitly",
                "the directory is on the sign-in path: cached at the edge and replicated to every cell",
            ],
        ),
        option(
            ACTIVE_ACTIVE,
            "Every region serves every tenant; the database replicates writes between regions.",
            ["no home region to route by; survives a region with no failover"],
            [f"copies every {homed.entity}'s data to every region, against the home it chose", "the most expensive"],
        ),
    ]
    pinned = [p for p in residency if any(area_of(p) == r.area for r in cells)]
    reason = (
        f"each {homed.entity} chooses its home ({homed.key}: {values}) and its data must stay there, which only a "
        "cell per home keeps"
        + (
            f"; the residency ({', '.join(label(p) for p in pinned)}) applies to the homes in that area, whose cells "
            "lie inside it"
            if pinned
            else ""
        )
    )
    return draft.decide(
        title="Regions and where users are served",
        context=f"{homed.key} homes each {homed.entity} in {values}; users are in "
        f"{', '.join(label(s.area) for s in serving)}"
        + (
            f"; personal data must stay in {', '.join(label(r) for r in residency)} for the homes there"
            if residency
            else ""
        )
        + f"; the tightest interactive p99 target leaves {budget:.0f} ms for the network round trip.",
        options=options,
        decision=options[1].name,
        rationale=f"Chosen because {reason}. The directory holds only {homed.entity} → cell and the sign-in routing "
        "(the domain of its identity provider), never personal data; sign-in finds the cell from it before any "
        "personal data is read. " + routing_sentence(draft, homed.entity, regions),
        consequences=[
            "cells: " + "; ".join(_cell_words(r, regions) for r in cells),
            residency_words_kb().placement.format(entity=homed.entity, key=homed.key),
            residency_words_kb().support.format(entity=homed.entity),
            f"a {homed.entity}'s personal data is stored, processed, backed up and encrypted with keys only in its "
            "cell's regions",
            "the directory is the only global data; it holds no personal data",
            "reporting and backups stay in the cell",
        ],
        drivers=[f"data.entities[{homed.entity}].fields.{homed.field}", "compliance.data_residency", "users.regions"],
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


def _standby(
    draft: Draft, region: Region, residency: list[str], taken: frozenset[str] = frozenset()
) -> RegionInfo | None:
    """The recovery region of a region: another one in the same country when residency pins one, else the area."""
    places = [p for p in residency if len(p) == 2]
    info = draft.catalog.region(region.name)
    country = info.country if info else ""
    candidates = [
        r
        for r in draft.catalog.regions_in(region.area)
        if r.name != region.name
        and r.name not in taken
        and (not places or r.country in places or (r.country == country and country in places))
    ]
    # a region the provider keeps closed until asked (germanynorth) takes over only when no open one would
    closed = {p.pair for p in restores().pairs.get(draft.req.constraints.cloud, {}).values() if p.restricted}
    candidates = [r for r in candidates if r.name not in closed] or candidates
    if places and not candidates:
        draft.ask(
            question=f"Where may the recovery copy of {region.name} live: {draft.req.constraints.cloud} has a single "
            f"region in {', '.join(p.upper() for p in places)}?",
            context="Residency pins personal data to one country, and a second region there does not exist; "
            "recovery from another country would move personal data out.",
            raised_by="compliance.data_residency",
        )
    if not candidates and not residency:
        # no second region in its area and nothing pins the data there: the nearest area's region keeps the copy,
        # since backups kept in the lost region are lost with it
        others = [r for r in draft.catalog.regions() if r.area != region.area and r.name not in taken]
        candidates = sorted(others, key=lambda r: draft.catalog.rtt(region.area, r.area))[:1]
    return candidates[0] if candidates else None


def _summary(draft: Draft, regions: list[Region], serving: list[AreaServing], unit: Homing, multi_zone: bool) -> str:
    zones = "three zones" if multi_zone else "one zone"
    primary = regions[0]
    parts = [f"Primary region {primary.name} ({label(primary.area)}), {zones} per region"]
    homes = [r for r in regions if r.role == "home"]
    if homes:
        parts.append(
            "a cell per area ("
            + ", ".join(f"{r.name} for {label(r.area)}" for r in homes)
            + f") behind a global directory ({draft.catalog['directory']}, a replica in every region): "
            f"{reach_words(unit)}"
        )
    reads = [r for r in regions if r.role == "serving"]
    if reads:
        parts.append(
            "read stacks in "
            + ", ".join(f"{r.name} for {label(r.area)}" for r in reads)
            + f" serve reads from replicas and caches of the primary's data, since people share records across "
            f"areas ({english.join(unit.shared[:4])}); writes travel to {primary.name}"
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
    draft: Draft, regions: list[Region], serving: list[AreaServing], unit: Homing, budget: float, residency: list[str]
) -> str:
    req = draft.req
    areas = [s.area for s in serving]
    primary = regions[0]
    cells = any(r.role == "home" for r in regions)
    reads = [r for r in regions if r.role == "serving"]
    far = [s for s in serving if draft.catalog.rtt(s.area, primary.area) > budget]
    rtts = ", ".join(f"{label(s.area)} {draft.catalog.rtt(s.area, primary.area):.0f} ms" for s in serving)
    shared = english.join(unit.shared[:4])
    homed = {
        "tenant": f"a cell keeps whole tenants ({unit.key})",
        "place": f"a cell keeps the places it serves ({unit.key})",
        "person": "a cell keeps its users' own records, which no other user reads",
        "none": f"people share records across areas ({shared}): no cell could keep them whole",
    }[unit.unit]
    options = [
        option(
            f"One primary region ({primary.name})",
            "Every user served from one region, with a recovery copy elsewhere.",
            ["one copy of the data: no cross-region consistency to manage", "cheapest to run"],
            ["users far from the region pay the round trip on every call"],
        ),
        option(
            "A home region per area (cells)",
            "Each cell holds the data of what it homes (a tenant, a place, a user); a directory routes requests.",
            ["every area within the latency budget", "a region's outage touches only its cell"],
            [
                "only data homed whole in one cell may be split this way: a record two people in different cells "
                "share needs a cross-cell read or a copy",
                "a stack to run and pay for per cell",
            ],
        ),
        option(
            "One write region with read stacks near far users",
            "The primary takes every write; regions near far users serve reads from replicas and caches.",
            ["reads within the latency budget everywhere", "one copy of every shared record: no cross-cell flows"],
            ["writes from far areas pay the round trip to the primary", "a read stack to pay for per far area"],
        ),
        option(
            ACTIVE_ACTIVE,
            "Every region serves every user; the database replicates writes synchronously between regions.",
            ["no home region to choose; survives a region with no failover"],
            ["cross-region write latency on every transaction", "the most expensive option by far"],
        ),
    ]
    chosen = options[1].name if cells else options[2].name if reads else options[0].name
    if cells or reads:
        reason = (
            f"users are in {len(areas)} areas and from {', '.join(label(s.area) for s in far) or 'some of them'} a "
            f"round trip to one region exceeds the {budget:.0f} ms the latency budget leaves the network ({rtts}); "
            f"{homed}"
        )
    elif residency:
        reason = (
            f"personal data must stay in {', '.join(label(r) for r in residency)}, and from every user area the "
            f"round trip fits the {budget:.0f} ms network budget ({rtts})"
            if not far
            else f"personal data must stay in {', '.join(label(r) for r in residency)}; users further away are an "
            "open question, not a reason to move their data"
        )
    elif far:
        reason = (
            (
                "users are taken to be worldwide and no cell can be placed for an area without knowing whether it "
                "matters, so "
                if "global" in req.users.regions
                else ""
            )
            + f"one region serves every area ({rtts}); those beyond the {budget:.0f} ms network budget are an open "
            "question"
        )
    else:
        reason = f"every user area is within the {budget:.0f} ms network budget of one region ({rtts})"
    consequences = [
        f"the primary region is {primary.name}"
        + (f"; cells in {', '.join(r.name for r in regions if r.role == 'home')}" if cells else "")
        + (f"; read stacks in {', '.join(r.name for r in reads)}" if reads else ""),
        "personal data is stored and processed only in "
        + ", ".join(sorted({r.name for r in regions if r.personal_data})),
    ]
    if cells:
        consequences.append(reach_words(unit))
    if reads:
        consequences.append(
            f"reads in {', '.join(r.name for r in reads)} come from asynchronous replicas and caches, seconds "
            f"behind; a write goes to {primary.name} and its writer reads their own change from there"
        )
    return (
        draft.decide(
            title="Regions and where users are served",
            context=f"Users are in {', '.join(label(a) for a in areas) or 'one area'}; "
            + (f"personal data must stay in {', '.join(label(r) for r in residency)}; " if residency else "")
            + f"the tightest interactive p99 target leaves {budget:.0f} ms for the network round trip.",
            options=options,
            decision=chosen,
            rationale=f"Chosen because {reason}.",
            consequences=consequences,
            drivers=["users.regions", "compliance.data_residency", "quality.latency_p99_ms", "data.entities"],
        )
        if req
        else ""
    )
