"""Topology rules: every user area served within the latency budget or the gap raised, recovery claims the chosen
technologies can keep, and service dependencies without cycles."""

from __future__ import annotations

import re

from archgen.architects.rules.topology import far_write_use_cases
from archgen.capacity.constants import constant
from archgen.common import english
from archgen.design.model import DATABASE_KINDS, AreaServing
from archgen.knowledge.catalog import Catalog, RegionInfo, Technology
from archgen.requirements.areas import area_of, label
from archgen.requirements.areas import areas as vocabulary
from archgen.requirements.places import named_places, near_region
from archgen.review.engine import Found, KeyPath, Problem, Subject, rule


@rule("TOP001", "error", "topology", "Users served beyond the latency budget, unmentioned")
def far_users(subject: Subject) -> Found:
    """An area with users is served from a region beyond the latency budget, and no open question says so."""
    topology = subject.design.topology
    asked = " ".join(q.question + " " + q.context for q in subject.design.open_questions).lower()
    servings = topology.serving if topology is not None else _served_from(subject)
    for i, serving in enumerate(servings):
        if not serving.within_budget and serving.area.lower() not in asked and label(serving.area).lower() not in asked:
            yield Problem(
                element=serving.area,
                at=("topology", "serving", i),
                message=f"users in {serving.area} are served from {serving.region} ({serving.rtt_ms:.0f} ms "
                "round trip), "
                "beyond the latency budget, and no open question raises it",
                fix="serve them from a region near them, or raise the trade-off as an open question",
            )


def _served_from(subject: Subject) -> list[AreaServing]:
    """For a design that names only its regions: each user area served by the nearest of them."""
    catalog = Catalog(subject.design.deployment.cloud, [], [])
    regions = [r for name in subject.design.reliability.regions if (r := catalog.region(name)) is not None]
    if not regions:
        return []
    targets = [
        u.latency_p99_ms or subject.req.quality.latency_p99_ms
        for u in subject.req.use_cases
        if u.interaction == "request"
    ] or [subject.req.quality.latency_p99_ms]
    budget = min(targets) * constant("region_rtt_share").value
    out = []
    for area in subject.req.users.regions:
        if area == "global":
            continue
        best = min(regions, key=lambda r: catalog.rtt(area, r.area))
        rtt = catalog.rtt(area, best.area)
        out.append(
            AreaServing(area=area, region=best.name, rtt_ms=rtt, within_budget=rtt <= budget or best.area == area)
        )
    return out


@rule("TOP002", "error", "topology", "Users in an area no region serves")
def unserved_area(subject: Subject) -> Found:
    """An area of the questionnaire's users is served by no region of the design."""
    topology = subject.design.topology
    if topology is None:
        return
    served = {s.area for s in topology.serving}
    for area in subject.req.users.regions:
        if area != "global" and area not in served:
            yield Problem(
                element=area,
                at=("topology", "serving"),
                message=f"users are in {area}, but no region is said to serve them",
                fix="add the area to topology.serving with the region that serves it",
            )


@rule("TOP004", "error", "topology", "Worldwide users judged from one area")
def worldwide_unjudged(subject: Subject) -> Found:
    """Users are taken to be worldwide, but the topology judges the round trip from only some areas, so the far
    ones (Oceania to North America is about 190 ms) are never weighed against the latency budget."""
    topology = subject.design.topology
    if topology is None or "global" not in subject.req.users.regions:
        return
    served = {s.area for s in topology.serving}
    missing = [a for a in vocabulary().labels if a != "global" and a not in served]
    if missing:
        yield Problem(
            element="global",
            at=("topology", "serving"),
            message=f"users are taken to be worldwide, but no round trip is judged from {', '.join(missing)}",
            fix="add every area to topology.serving with the region that serves it and its round trip",
        )


@rule("AVL010", "error", "availability", "Recovery claimed beyond what the technology can do")
def recovery_capability(subject: Subject) -> Found:
    """A database's backup plan claims to meet the RPO, but its technology cannot: it replicates across regions
    asynchronously with more lag than the RPO allows, or it keeps no point-in-time log. Replaying an event log
    counts for nothing here: the log is kept for days and lost with its region, so it is no backup."""
    design = subject.design
    rpo_s = subject.req.quality.rpo_minutes * 60
    catalog = Catalog(design.deployment.cloud, [], [])
    standby = design.topology is not None and any(r.role == "standby" for r in design.topology.regions)
    for i, backup in enumerate(design.reliability.backups):
        store = subject.stores.get(backup.store)
        if store is None or store.kind not in DATABASE_KINDS or not backup.meets_rpo:
            continue
        tech = catalog.technology(store.technology) or Technology(name=store.technology)
        if standby and design.reliability.topology != "backup-restore":
            lag = tech.replica_lag_s
            if tech.regions == "asynchronous" and lag is not None and lag > rpo_s:
                yield Problem(
                    element=store.name,
                    at=("reliability", "backups", i, "meets_rpo"),
                    message=f"{tech.name} replicates to another region asynchronously (about {lag:g} s behind), "
                    "so a region's "
                    f"loss can cost more than the RPO of {rpo_s / 60:g} min",
                    fix="choose a database that replicates synchronously across regions, or agree the RPO it can meet",
                )
        elif tech.pitr_s == 0 and rpo_s < 24 * 3600:
            yield Problem(
                element=store.name,
                at=("reliability", "backups", i, "meets_rpo"),
                message=f"{tech.name} has no point-in-time recovery: a restore loses up to a day",
                fix="feed it from a replicated log it can be rebuilt from, or choose a technology with point-in-time "
                "recovery",
            )


@rule("SVC001", "error", "services", "Services depend on each other in a cycle")
def dependency_cycle(subject: Subject) -> Found:
    """Synchronous dependencies between services form a cycle: none can be deployed, scaled or fail on its own."""
    graph = {s.name: list(s.depends_on) for s in subject.design.services}
    index = {s.name: i for i, s in enumerate(subject.design.services)}
    reported: set[frozenset[str]] = set()
    for start in graph:
        stack = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for nxt in graph.get(node, []):
                if nxt == start:
                    cycle = frozenset(path)
                    if cycle not in reported:
                        reported.add(cycle)
                        yield Problem(
                            element=start,
                            at=("services", index[start], "depends_on"),
                            message="depends on itself through " + " → ".join([*path, start]),
                            fix="break the cycle: one side reads the other's data from events (a read model) instead",
                        )
                elif nxt not in path and len(path) < 12:
                    stack.append((nxt, [*path, nxt]))


@rule("TOP003", "error", "topology", "Home regions collapsed into one region")
def collapsed_homes(subject: Subject) -> Found:
    """The data model homes each tenant or person in a region (Tenant.home_region: enum[eu, us]), and a home's area
    has no region that keeps personal data: that home's data lives elsewhere, against the home it chose."""
    from archgen.requirements.areas import label
    from archgen.requirements.personal import find_homes

    homed = find_homes({e.name: e.fields for e in subject.req.data.entities})
    if homed is None:
        return
    topology = subject.design.topology
    catalog = Catalog(subject.design.deployment.cloud, [], [])
    if topology is not None:
        kept = {r.area for r in topology.regions if r.personal_data}
    else:
        kept = {info.area for name in subject.design.reliability.regions if (info := catalog.region(name))}
    for value, area in homed.areas.items():
        if area not in kept:
            yield Problem(
                element=f"{homed.key} = {value}",
                at=("topology", "regions"),
                message=f"those homed in {value} ({label(area)}) have no region there: their personal data is kept in "
                f"{', '.join(sorted(kept)) or 'another area'}",
                fix=f"run a cell per home: a region in {label(area)} with its own stores and a recovery copy in "
                "the same "
                "area, and a global directory that routes each tenant to its cell (topology.homed_by)",
            )


@rule("TOP010", "error", "topology", "Cells home people while the records they share cross cells")
def cells_split_shared_records(subject: Subject) -> Found:
    """Cells that keep each user's data where people share records (a follow, a video, a trip) with no tenant to
    home them together and no place that every shared record carries: a record two people in different cells
    share lives in neither, so either requests cross cells or the record is split."""
    from archgen.requirements.personal import find_homes
    from archgen.requirements.sharing import homing

    topology = subject.design.topology
    if topology is None or not topology.cells:
        return
    if find_homes({e.name: e.fields for e in subject.req.data.entities}) is not None:
        return  # a home field: TOP003 judges it
    unit = homing(subject.req)
    if unit.unit != "none":
        return
    yield Problem(
        element="topology",
        at=("topology", "cells"),
        message=f"cells home each user, but people share {', '.join(unit.shared[:5])} across areas; no tenant or "
        "place keeps each of them inside one cell",
        fix="home a unit that keeps shared records together (the tenant, or the place a shared record happens), "
        "or serve far areas from read stacks (replicas and caches) of one write region",
    )


@rule("TOP011", "error", "topology", "Cells without the unit they home")
def cells_without_unit(subject: Subject) -> Found:
    """Cells split the data: the design must say by what (topology.homed_by: a home field, the tenant, the place a
    record happens), or nobody can say which cell a record lives in."""
    topology = subject.design.topology
    if topology is None or not topology.cells or topology.homed_by:
        return
    yield Problem(
        element="topology",
        at=("topology", "homed_by"),
        message="the topology runs cells but does not say what a cell homes (a tenant, a place, a user)",
        fix="state the homing unit in topology.homed_by and how a request reaches the cell of the records it needs",
    )


@rule("TOP012", "error", "topology", "A read stack the design does not say how to reach its data")
def read_stack_without_data(subject: Subject) -> Found:
    """A region that serves nearby users (role serving) answers reads from replicas or caches of the primary's
    data: the summary or the regions decision must say so, and where its writes go."""
    topology = subject.design.topology
    if topology is None:
        return
    words = " ".join(
        [topology.summary, *(d.rationale + " " + " ".join(d.consequences) for d in subject.design.decisions)]
    ).lower()
    for i, region in enumerate(topology.regions):
        if region.role != "serving":
            continue
        if region.name.lower() in words and "replica" in words and "write" in words:
            continue
        yield Problem(
            element=region.name,
            at=("topology", "regions", i),
            message=f"{region.name} serves nearby users, but nothing says where its reads come from or where its "
            "writes go",
            fix="say that it serves reads from replicas and caches of the primary's data, how far behind they are, "
            "and that writes travel to the primary",
        )


@rule("TOP013", "error", "topology", "A cell with no recovery copy outside its region")
def cell_without_recovery(subject: Subject) -> Found:
    """Where the design recovers from a second region, every cell needs one: a cell whose backups stay in its own
    region loses them with it."""
    topology = subject.design.topology
    if topology is None or not topology.cells or subject.design.reliability.topology == "backup-restore":
        return
    for i, region in enumerate(topology.regions):
        if region.role not in ("primary", "home"):
            continue
        if not any(r.recovers == region.name for r in topology.regions):
            yield Problem(
                element=region.name,
                at=("topology", "regions", i),
                message=f"the cell in {region.name} has no recovery copy in another region, while the design "
                f"recovers by {subject.design.reliability.topology}: losing the region loses its data and backups",
                fix="give the cell a standby region (in its area, or the nearest one residency allows), or raise "
                "where its copy may live as an open question",
            )


def _holds(place: str, info: RegionInfo) -> bool:
    """Whether a region lies in a residency place (an area or a country code)."""
    return place in (info.area, info.country)


@rule("TOP020", "error", "topology", "Personal data copied outside its residency")
def copy_outside_residency(subject: Subject) -> Found:
    """A region that keeps or recovers personal data (a recovery region too) lies outside the places residency
    allows, or a home's region (Tenant.home_region: eu) lies outside that home's area: a disaster copy is a
    copy, and it moves the data as surely as the primary would."""
    from archgen.requirements.personal import find_homes

    topology = subject.design.topology
    if topology is None:
        return
    catalog = Catalog(subject.design.deployment.cloud, [], [])
    residency = list(topology.residency or subject.req.compliance.data_residency)
    homed = find_homes({e.name: e.fields for e in subject.req.data.entities})
    for i, region in enumerate(topology.regions):
        info = catalog.region(region.name)
        if info is None or not (region.personal_data or region.recovers):
            continue
        if homed is not None and region.home:
            area = homed.areas.get(region.home)
            allowed = [p for p in residency if area is not None and area_of(p) == area]
            if area is not None and (info.area != area or (allowed and not any(_holds(p, info) for p in allowed))):
                yield Problem(
                    element=region.name,
                    at=("topology", "regions", i),
                    message=f"keeps data of those homed in {region.home} ({label(area)}), but lies in "
                    f"{label(info.area)}",
                    fix=f"keep each home's primary and recovery copy in regions of {label(area)}",
                )
        elif homed is None and residency and not any(_holds(p, info) for p in residency):
            yield Problem(
                element=region.name,
                at=("topology", "regions", i),
                message=f"{'recovers' if region.recovers else 'keeps'} personal data in {label(info.area)}, while "
                f"residency keeps it in {', '.join(label(p) for p in residency)}",
                fix="choose a recovery region inside the residency, or raise where the copy may live as an open "
                "question",
            )


def _region_lists(text: str, names: list[str]) -> list[list[str]]:
    """The runs of region names a text lists together ('eu-west-1, us-west-2'): one copy said to go to them all."""
    pattern = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    if not pattern:
        return []
    runs = re.finditer(rf"(?<![\w-])(?:{pattern})(?:(?:, | and )(?:{pattern}))+(?![\w-])", text)
    return [re.findall(rf"(?<![\w-])(?:{pattern})(?![\w-])", m.group(0)) for m in runs]


@rule("TOP021", "error", "topology", "One copy said to go to the regions of several cells")
def copy_to_every_cell(subject: Subject) -> Found:
    """A store's replication or the recovery strategy sends its copy to a list of regions that recover different
    cells ('asynchronous copy in eu-west-1, us-west-2'): read as written, every cell's data, personal data
    included, is copied into every other cell's recovery region, across the residency that cells exist to keep."""
    topology = subject.design.topology
    if topology is None or not topology.cells:
        return
    recovers = {r.name: r.recovers for r in topology.regions if r.recovers}
    texts: list[tuple[KeyPath, str, str]] = [
        (("reliability", "strategy"), "reliability", subject.design.reliability.strategy)
    ]
    texts += [(("stores", i, "replication"), s.name, s.replication) for i, s in enumerate(subject.design.stores)]
    for at, element, text in texts:
        for run in _region_lists(text, list(recovers)):
            cells = {recovers[name] for name in run}
            if len(cells) > 1:
                yield Problem(
                    element=element,
                    at=at,
                    message=f"says one copy goes to {', '.join(run)}, which recover different cells "
                    f"({', '.join(sorted(cells))}): every cell's data would be copied into every other's region",
                    fix="say which cell each recovery region copies ('eu-central-1 into eu-west-1; us-east-1 into "
                    "us-west-2')",
                )
                break


@rule("TOP022", "error", "topology", "A voting set that cannot survive a region or meet the latency budget")
def voting_set(subject: Subject) -> Found:
    """A consensus store votes across regions: with fewer than three voting regions per cell a region's loss
    leaves no majority (or the majority was never outside the lost region), and with a far region in the majority
    every commit waits for its round trip, beyond the share of the latency budget the network may take."""
    topology = subject.design.topology
    if topology is None:
        return
    catalog = Catalog(subject.design.deployment.cloud, [], [])
    need = constant("majority_regions").value
    budget = _write_budget(subject)
    recovers = {r.name: r.recovers for r in topology.regions if r.recovers}
    cells = [r for r in topology.regions if r.role in ("primary", "home")]
    for i, store in enumerate(subject.design.stores):
        said = store.replication.lower()
        if "voting replicas in" not in said and "majority of regions" not in said:
            continue
        # the regions named up to the note on how a write commits: a design with cells lists each cell's own
        # recovery regions in parentheses ("each cell's own recovery region (a into b, c; d into e, f)")
        clause = re.split(r"\(a write|\bwhere\b|;\s*(?:a|the) ", said.split("voting replicas in", 1)[-1])[0]
        named = [r.name for r in catalog.regions() if re.search(rf"(?<![\w-]){re.escape(r.name)}(?![\w-])", clause)]
        for cell in cells:
            voters = [cell.name, *(n for n in named if recovers.get(n, cell.name) == cell.name and n != cell.name)]
            if len(voters) < need:
                yield Problem(
                    element=store.name,
                    at=("stores", i, "replication"),
                    message=f"votes across {len(voters)} region{'s' if len(voters) > 1 else ''} for the cell in "
                    f"{cell.name} ({', '.join(voters)}): losing a region leaves no majority, so it cannot survive "
                    "what the recovery plan claims",
                    fix=f"keep the voting replicas in {need:g} regions or more, or keep them in the cell's region and "
                    "feed a standby cluster in the recovery region asynchronously (and state its lag against the RPO)",
                )
                break
            here = catalog.region(cell.name)
            others = sorted(
                catalog.rtt(here.area, info.area)
                for n in voters[1:]
                if here is not None and (info := catalog.region(n)) is not None
            )
            majority = len(voters) // 2  # other regions a commit waits for
            if here is not None and len(others) >= majority and others[majority - 1] > budget:
                yield Problem(
                    element=store.name,
                    at=("stores", i, "replication"),
                    message=f"a commit in {cell.name} waits for a majority of {', '.join(voters)}: about "
                    f"{others[majority - 1]:.0f} ms, beyond the {budget:.0f} ms of the latency budget the network "
                    "may take",
                    fix="place the voting regions close enough for a majority within the budget, or home each "
                    "record's votes in its own region (regional tables)",
                )
                break


def _write_budget(subject: Subject) -> float:
    """The round trip the network may take: a share of the tightest p99 target of an interactive use case."""
    targets = [
        u.latency_p99_ms or subject.req.quality.latency_p99_ms
        for u in subject.req.use_cases
        if u.interaction == "request"
    ] or [subject.req.quality.latency_p99_ms]
    return float(min(targets)) * constant("region_rtt_share").value


@rule("TOP023", "error", "topology", "Writes from a far area beyond their latency budget, unmentioned")
def far_writes(subject: Subject) -> Found:
    """An area is served by a read stack, so its reads are near, but its writes travel to the primary: where that
    round trip exceeds the share of a writing use case's p99 the network may take, the target cannot be met there,
    and no open question says so."""
    topology = subject.design.topology
    primary = next((r for r in topology.regions if r.role == "primary"), None) if topology is not None else None
    if topology is None or primary is None:
        return
    catalog = Catalog(subject.design.deployment.cloud, [], [])
    roles = {r.name: r.role for r in topology.regions}
    asked = " ".join(q.question + " " + q.context for q in subject.design.open_questions).lower()
    for i, serving in enumerate(topology.serving):
        if roles.get(serving.region) != "serving":
            continue
        rtt = catalog.rtt(serving.area, primary.area)
        late = far_write_use_cases(subject.req, rtt)
        if late and label(serving.area).lower() not in asked:
            yield Problem(
                element=serving.area,
                at=("topology", "serving", i),
                message=f"reads in {label(serving.area)} are served nearby, but writes travel to {primary.name} "
                f"({rtt:.0f} ms round trip), beyond the budget of {', '.join(u.name for u in late[:3])}",
                fix="accept those writes in the near region and apply them asynchronously, state a target per "
                "area, or raise the trade-off as an open question",
            )


@rule("TOP024", "warning", "topology", "A log cluster with one consumer and nothing to replay")
def lone_log(subject: Subject) -> Found:
    """A log cluster (Kafka and its kin) carries events each of which one service consumes, below the rate a queue
    carries cheaply, while no store is rebuilt by replaying it and the questionnaire does not ask for the log. Its
    replay, partitions and consumer groups serve nobody, yet the team runs the cluster and pays for its nodes. A
    managed queue, or a job table in the database, carries the same messages; move to a log when a second consumer
    or a replay need appears."""
    design = subject.design
    if any("kafka" in m.lower() for m in subject.req.constraints.must_use):
        return
    limit = constant("log_events_per_second").value
    clusters: dict[str, list[int]] = {}
    for i, channel in enumerate(design.channels):
        if channel.kind == "log":
            clusters.setdefault(channel.cluster or channel.name, []).append(i)
    for cluster, indexes in clusters.items():
        names = {design.channels[i].name for i in indexes}
        events = [e for e in design.events if e.channel in names]
        consumers = {c for e in events for c in e.consumers}
        rate = sum(design.channels[i].demand.messages_per_s for i in indexes)
        # a store rebuilt by replaying the log (its own backups cannot meet the RPO) is a replay need
        replayed = any(w in e.trigger.lower() for e in events for w in ("rebuilt", "replay"))
        shared = max((len(e.consumers) for e in events), default=0) > 1  # a second consumer group
        if shared or rate >= limit or replayed:
            continue
        yield Problem(
            element=design.channels[indexes[0]].name,
            at=("channels", indexes[0], "kind"),
            message=f"is a log ({cluster}) for {rate:,.1f} messages a second at peak; each event on it goes to one "
            f"consumer ({english.join(sorted(consumers)) or 'none'}) and no store is rebuilt by replaying it",
            fix="carry the messages on a managed queue (or a job table) and record the trigger for a log: a second "
            "consumer group, a replay need, or ordered volume beyond what a queue carries",
        )


@rule("TOP026", "warning", "topology", "A primary region far from where the prose puts the users")
def primary_far_from_named_places(subject: Subject) -> Found:
    """The questionnaire says where in their area the users are (clinics in Oregon and Washington, a Nordic chain),
    and the primary region is another of that area's regions while the cloud has one near them, inside any country
    the residency names: every call crosses the continent for nothing, and failover goes further still."""
    topology = subject.design.topology
    if topology is None or not topology.regions or topology.cells:
        return
    primary = topology.regions[0]
    cloud = subject.design.deployment.cloud
    near = near_region(subject.req, cloud, primary.area)
    if near is None or near == primary.name:
        return
    region = Catalog(cloud, [], []).region(near)
    allowed = {r.lower() for r in subject.req.compliance.data_residency}
    if region is None or (allowed and not {region.area, region.country} & allowed):
        return
    places = english.join(p.name for p in named_places(subject.req) if p.area == primary.area)
    yield Problem(
        element=primary.name,
        at=("topology", "regions", 0),
        message=f"serves users the questionnaire places in {places} from {primary.name}, while {near} is nearer them",
        fix=f"make {near} the primary (and its recovery copy a region near it), or say why {primary.name} serves them",
    )
