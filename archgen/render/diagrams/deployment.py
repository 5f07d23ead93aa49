"""The deployment view: regions and zones, the compute platform and its workloads, the managed data services,
replicas and backups, drawn with the cloud provider's icons.

Each box stands for one or more parts of the design. A design too big to draw part by part is drawn at a coarser
grain (workloads per domain, data services per technology, then workloads per kind) until it fits MAX_NODES.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from archgen.common.english import count
from archgen.design.model import Deployable, Design, Service
from archgen.render.diagrams import c4, icons, style
from archgen.render.diagrams.dot import html_label, html_lines, node_id
from archgen.render.diagrams.view import MAX_NODES, View, fold, listing

ROLES = {
    "active-active": "active",
    "hot-standby": "hot standby",
    "warm-standby": "warm standby",
    "pilot-light": "pilot light",
    "backup-restore": "backups",
}
NOUNS = {
    "relational": "relational databases",
    "document": "document databases",
    "cache": "caches",
    "queue": "queues",
    "log": "event logs",
    "pubsub": "topics",
    "object": "buckets",
    "search": "search indexes",
}
EXTERNALS = 6  # external systems drawn one box each; more share one box
EPHEMERAL = ("cache", "queue", "log", "pubsub")  # rebuilt or drained after a failover, not replicated
STANDBY_COMPUTE = {
    "active-active": "the same workloads, full size",
    "hot-standby": "the same workloads, full size, promoted by health checks",
    "warm-standby": "the same workloads at minimum size, scaled up on failover",
    "pilot-light": "images and configuration ready; scaled from zero on failover",
}


@dataclass
class Unit:
    """One box: the parts of the design it stands for, its icon role and the words on it."""

    key: str
    role: str
    title: str
    lines: list[str]
    technology: str = ""
    members: set[str] = field(default_factory=set)


def deployment_view(design: Design) -> View:
    """Where everything runs: one picture, at the finest grain that fits."""
    r = design.reliability
    regions = r.regions or design.deployment.regions or ["region"]
    standby = regions[1:] if r.topology != "backup-restore" else []
    grouped, workloads, data = _fit(design, standby)
    replicated = [u for u in data if u.role not in EPHEMERAL]
    replicas = replicated if len(replicated) * len(standby) <= MAX_NODES // 4 else []
    with c4.canvas("deployment", direction="LR", ranksep="0.9", nodesep="0.45") as graph:
        draw = _Drawing(design)
        roles = listing([role.name for role in design.requirements.users.roles])
        draw.node(Unit("users", "users", "users", [roles]))
        role = "active" if r.topology == "active-active" else "primary"
        with c4.group("region0", f"Region {regions[0]} · {role}"):
            draw.node(Unit("gateway", "gateway", "gateway", [], design.gateway.technology))
            zones = count(r.zones_per_region, "availability zone")
            with c4.group("zones0", zones, style="dashed,rounded", bgcolor=style.ZONE.fill):
                with c4.group("platform0", design.deployment.platform, bgcolor=style.GROUP.fill):
                    for unit in workloads:
                        draw.node(unit)
                for unit in data:
                    draw.node(unit)
        for number, region in enumerate(standby, start=1):
            draw.standby(number, region, replicated, replicas)
        if not standby:
            draw.backups(regions[1] if len(regions) > 1 else _backup_place(design), replicated)
        draw.edge(data)
        draw.traffic(workloads, data)
        draw.externals(workloads)
    return View(
        "deployment",
        c4.source(graph),
        f"Deployment of {design.system.name} on {design.deployment.cloud}",
        _caption(design, regions, grouped),
        "deployment",
    )


def _backup_place(design: Design) -> str:
    """Where the backups of a single-region design are kept: residency pinning countries keeps them in the same one
    (another region would move the data out), so the label names no region the design does not have."""
    countries = [p.upper() for p in design.requirements.compliance.data_residency if len(p) == 2]
    return f"another location in {', '.join(countries)}" if countries else "another region"


class _Drawing:
    """The deployment picture being drawn: boxes once per key, arrows once per pair of keys."""

    def __init__(self, design: Design) -> None:
        self.design = design
        self.nodes: dict[str, Any] = {}
        self.links: set[tuple[str, str]] = set()

    def node(self, unit: Unit) -> Any:
        """The box of `unit`, drawn the first time it is asked for."""
        from diagrams import Node

        if unit.key not in self.nodes:
            cloud, platform = self.design.deployment.cloud, self.design.deployment.platform
            name = (
                icons.EXTERNAL if unit.role == "external" else icons.icon(cloud, unit.role, unit.technology, platform)
            )
            label = _label(icons.icon_file(name), unit)
            self.nodes[unit.key] = Node(label, nodeid=unit.key, shape="plain", fixedsize="false", width="0", height="0")
        return self.nodes[unit.key]

    def link(self, source: str, target: str, label: str = "", **attrs: str) -> None:
        """An arrow between two drawn boxes, unless there is one already."""
        if (source, target) not in self.links:
            self.links.add((source, target))
            c4.link(self.nodes[source], self.nodes[target], label, **attrs)

    def standby(self, number: int, region: str, replicated: list[Unit], replicas: list[Unit]) -> None:
        """A second region: its gateway, its compute as the topology keeps it, and replicas of the data."""
        topology, platform = self.design.reliability.topology, self.design.deployment.platform
        with c4.group(node_id("region", number), f"Region {region} · {ROLES[topology]}"):
            gateway = self.node(
                Unit(node_id("gateway", number), "gateway", "gateway", [], self.design.gateway.technology)
            )
            self.node(Unit(node_id("standby", number), "workload", platform, [STANDBY_COMPUTE[topology]]))
            for unit in replicas:
                key = f"{unit.key}_r{number}"
                self.node(Unit(key, unit.role, f"replica of {unit.title}", [], unit.technology, unit.members))
                self.link(unit.key, key, "replicates", style="dashed")
            if not replicas:
                key = node_id("replicas", number)
                self.node(Unit(key, "backup", "replicas", [f"of {count(len(replicated), 'data service')}"]))
                for unit in replicated:
                    self.link(unit.key, key, style="dashed")
        active = topology == "active-active"
        c4.link(
            self.nodes["users"],
            gateway,
            "HTTPS" if active else "on failover",
            **({} if active else {"style": "dashed"}),
        )

    def backups(self, where: str, replicated: list[Unit]) -> None:
        """The backups kept outside the only region."""
        with c4.group("backups", f"Backups · {where}", style="dashed,rounded"):
            self.node(Unit("backup", "backup", "backups", [_backup_note(self.design)]))
        for unit in replicated:
            self.link(unit.key, "backup", style="dashed")

    def edge(self, data: list[Unit]) -> None:
        """How users come in: the gateway, and the CDN in front of the buckets."""
        self.link("users", "gateway", "HTTPS")
        for i, cdn in enumerate(_cdns(self.design)):
            key = node_id("cdn", i)
            self.node(Unit(key, "cdn", cdn.name, [], cdn.technology))
            self.link("users", key, "static files")
            for unit in data:
                if unit.role == "object":
                    self.link(key, unit.key, "origin")

    def traffic(self, workloads: list[Unit], data: list[Unit]) -> None:
        """The gateway to the web workloads, and each workload to the data services its services use."""
        for unit in workloads:
            if any(d.kind == "web" for d in self.design.deployables if d.name in unit.members):
                self.link("gateway", unit.key)
            used = _uses(self.design, unit.members)
            for target in data:
                if used & target.members:
                    self.link(unit.key, target.key)

    def externals(self, workloads: list[Unit]) -> None:
        """External systems, called by the workloads that use them or calling in through the gateway."""
        shown, more = fold(self.design.integrations, EXTERNALS)
        boxes = [Unit(node_id("ext", i), "external", e.name, [e.kind], members={e.name}) for i, e in enumerate(shown)]
        if more:
            names = [e.name for e in more]
            title = f"{len(more)} more external systems"
            boxes.append(Unit("ext_more", "external", title, [listing(names)], "", set(names)))
        inbound = {e.name for e in self.design.integrations if e.direction != "outbound"}
        for box in boxes:
            self.node(box)
            for unit in workloads:
                if box.members & _integrations(self.design, unit.members):
                    self.link(unit.key, box.key, "calls")
            if box.members & inbound:
                self.link(box.key, "gateway", "calls")


def _label(icon: Any, unit: Unit) -> str:
    """The icon above the part's name (bold), technology and details, each wrapped."""
    text = [f"<b>{html_lines(unit.title, 26)}</b>"]
    if unit.technology:
        text.append(f'<font point-size="9" color="{style.MUTED}">{html_lines(unit.technology, 30)}</font>')
    text += [f'<font point-size="9">{html_lines(line, 30, max_lines=3)}</font>' for line in unit.lines if line]
    return html_label(
        '<table border="0" cellborder="0" cellspacing="0" cellpadding="2">'
        f'<tr><td fixedsize="true" width="56" height="56"><img src="{html.escape(str(icon))}" scale="true"/></td></tr>'
        f"<tr><td>{'<br/>'.join(text)}</td></tr></table>"
    )


def _fit(design: Design, standby: list[str]) -> tuple[bool, list[Unit], list[Unit]]:
    """The workload and data boxes of the finest grain that fits MAX_NODES (else the coarsest), and whether
    that grain groups parts."""
    fixed = 3 + len(_cdns(design)) + min(len(design.integrations), EXTERNALS) + len(standby) * 3
    grains = list(_grains(design))
    for grain, (workloads, data) in enumerate(grains):
        replicas = len(data) if len(data) * len(standby) <= MAX_NODES // 4 else 1
        if fixed + len(workloads) + len(data) + len(standby) * replicas <= MAX_NODES:
            return grain > 0, workloads, data
    return True, *grains[-1]


def _grains(design: Design) -> Iterable[tuple[list[Unit], list[Unit]]]:
    """Workload and data boxes from the finest grain to the coarsest."""
    stores = [
        Unit(node_id("store", i), s.kind, s.name, [s.replication], s.technology, {s.name})
        for i, s in enumerate(design.stores)
    ]
    stores += [
        Unit(node_id("cache", i), "cache", c.name, ["cache"], c.technology, {c.name})
        for i, c in enumerate(design.caches)
        if c.placement != "cdn"
    ]
    stores += [
        Unit(node_id("chan", i), c.kind, c.name, [c.kind], c.technology, {c.name})
        for i, c in enumerate(design.channels)
    ]
    by_technology = _grouped(stores, lambda u: (u.role, u.technology), "data")
    each = [_workloads(node_id("work", i), [d], d.name) for i, d in enumerate(design.deployables)]
    yield each, stores
    yield _grouped_workloads(design, lambda d: _domain(design, d)), by_technology
    yield _grouped_workloads(design, lambda d: f"{d.kind} workloads"), by_technology


def _grouped(units: list[Unit], key: Callable[[Unit], tuple[str, str]], prefix: str) -> list[Unit]:
    groups: dict[tuple[str, str], list[Unit]] = {}
    for unit in units:
        groups.setdefault(key(unit), []).append(unit)
    out = []
    for i, ((role, technology), members) in enumerate(groups.items()):
        if len(members) == 1:
            out.append(members[0])
            continue
        names = [m.title for m in members]
        title = f"{len(members)} {NOUNS.get(role, role + ' stores')}"
        out.append(
            Unit(node_id(prefix, i), role, title, [listing(names)], technology, {n for m in members for n in m.members})
        )
    return out


def _grouped_workloads(design: Design, key: Callable[[Deployable], str]) -> list[Unit]:
    groups: dict[str, list[Deployable]] = {}
    for deployable in design.deployables:
        groups.setdefault(key(deployable), []).append(deployable)
    return [_workloads(node_id("work", i), members, name) for i, (name, members) in enumerate(groups.items())]


def _workloads(key: str, members: list[Deployable], title: str) -> Unit:
    low = sum(d.scaling.min_instances for d in members)
    high = sum(d.scaling.max_instances for d in members)
    kinds = listing(list(dict.fromkeys(d.kind for d in members)))
    runtimes = listing(list(dict.fromkeys(d.runtime for d in members)))
    what = kinds if len(members) == 1 else f"{count(len(members), 'workload')} ({kinds})"
    role = "job" if all(d.kind == "job" for d in members) else "workload"
    instances = count(low, "instance") if low == high else f"{low}–{high} instances"
    return Unit(key, role, title, [f"{what}, {instances}"], runtimes, {d.name for d in members})


def _domain(design: Design, deployable: Deployable) -> str:
    return next((s.domain for s in design.services if s.name in deployable.services), deployable.name)


def _services(design: Design, deployables: set[str]) -> list[Service]:
    """The services packaged in any of these deployables."""
    names = {n for d in design.deployables if d.name in deployables for n in d.services}
    return [s for s in design.services if s.name in names or s.deployable in deployables]


def _uses(design: Design, deployables: set[str]) -> set[str]:
    services = _services(design, deployables)
    names = {s.name for s in services}
    used = {n for s in services for n in (*s.stores, *s.caches)}
    used |= {e.channel for e in design.events if e.producer in names or names & set(e.consumers)}
    return used


def _integrations(design: Design, deployables: set[str]) -> set[str]:
    return {n for s in _services(design, deployables) for n in s.integrations}


def _cdns(design: Design) -> list[Any]:
    return [c for c in design.caches if c.placement == "cdn"]


def _backup_note(design: Design) -> str:
    plans = design.reliability.backups
    return (
        listing(list(dict.fromkeys(f"{b.store}: {b.frequency}" for b in plans)), limit=3)
        if plans
        else "backups of every store"
    )


def _caption(design: Design, regions: list[str], grouped: bool) -> str:
    r = design.reliability
    parts = [count(len(design.stores), "store")]
    if design.caches:
        parts.append(count(len(design.caches), "cache"))
    if design.channels:
        parts.append(count(len(design.channels), "channel"))
    coarse = " Workloads are drawn in groups and data services of one technology share a box." if grouped else ""
    return (
        f"Deployment on {design.deployment.cloud} ({r.topology}): {design.deployment.platform} runs "
        f"{count(len(design.deployables), 'deployable')} next to {listing(parts)}, in {listing(regions)} with "
        f"{count(r.zones_per_region, 'availability zone')} per region. Topology: {r.strategy}.{coarse} "
        "Dashed arrows are replication, backups and failover."
    )
