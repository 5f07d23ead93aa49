"""The container view: gateway, services grouped by domain, stores, caches, channels, CDN and external systems.

A design small enough for one readable picture gets one. A bigger one gets an overview (one box per domain and
what the domains share) and a detail picture per domain (its services in full, their neighbours as grey stubs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from archgen.common.english import count
from archgen.common.naming import unique_slugs
from archgen.design.model import Cache, Design, Service
from archgen.render.diagrams import c4
from archgen.render.diagrams.dot import node_id
from archgen.render.diagrams.view import MAX_NODES, View, fold, listing

Key = tuple[str, str]  # (kind, name): names are unique only within their kind
BUSY = 3  # an element used by more domains than this is not joined to each of them by an arrow
EXTERNALS = 8  # external systems drawn one box each in an overview; more share one box
ARROWS = "Solid arrows are calls, dashed arrows messages through a channel."


def container_views(design: Design) -> list[View]:
    """The one container picture, or an overview and one picture per domain when one would be too crowded."""
    if _Scope.whole(design).nodes + 2 + len(_cdns(design)) <= MAX_NODES:
        return [_full_view(design)]
    slugs = unique_slugs(_domains(design), fallback="domain")
    return [_overview(design, slugs), *(_domain_view(design, domain, slug) for domain, slug in slugs.items())]


@dataclass
class _Scope:
    """The services one picture draws in full, and everything they touch, each once and in design order."""

    services: list[Service]
    neighbours: list[Service] = field(default_factory=list)
    stores: list[str] = field(default_factory=list)
    caches: list[str] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)
    externals: list[str] = field(default_factory=list)
    deployables: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, design: Design, services: list[Service]) -> _Scope:
        names = {s.name for s in services}
        touched = {n for s in services for n in (*s.stores, *s.caches, *s.integrations)}
        touched |= {e.channel for e in design.events if e.producer in names or names & set(e.consumers)}
        calls = {d for s in services for d in s.depends_on}
        calls |= {s.name for s in design.services if names & set(s.depends_on)}
        return cls(
            services=services,
            neighbours=[s for s in design.services if s.name in calls - names],
            stores=[s.name for s in design.stores if s.name in touched],
            caches=[c.name for c in design.caches if c.name in touched and c.placement != "cdn"],
            channels=[c.name for c in design.channels if c.name in touched],
            externals=[e.name for e in design.integrations if e.name in touched],
            # every unit that runs them: a service's web deployable and its worker alike
            deployables=[d.name for d in design.deployables if names & set(d.services) and d.kind != "job"]
            or list(dict.fromkeys(s.deployable for s in services)),
        )

    @classmethod
    def whole(cls, design: Design) -> _Scope:
        """Every service and every store, cache, channel and external system, used or not."""
        return cls(
            services=design.services,
            stores=[s.name for s in design.stores],
            caches=[c.name for c in design.caches if c.placement != "cdn"],
            channels=[c.name for c in design.channels],
            externals=[e.name for e in design.integrations],
            deployables=[d.name for d in design.deployables if d.kind != "job"],
        )

    @property
    def nodes(self) -> int:
        named = (self.stores, self.caches, self.channels, self.externals)
        return len(self.services) + len(self.neighbours) + sum(len(names) for names in named)


def _domains(design: Design) -> list[str]:
    return list(dict.fromkeys(s.domain for s in design.services))


def _cdns(design: Design) -> list[Cache]:
    return [c for c in design.caches if c.placement == "cdn"]


def _full_view(design: Design) -> View:
    scope = _Scope.whole(design)
    with c4.canvas("containers") as graph:
        users, gateway = _entry(design)
        with c4.group("boundary", design.system.name, style="dashed,rounded"):
            nodes = _draw_inside(design, scope)
        nodes.update(_draw_externals(design, scope))
        _relate(design, scope, gateway, nodes)
        for i, cdn in enumerate(_cdns(design)):
            edge = c4.box("container", node_id("cdn", i), cdn.name, cdn.technology, cdn.holds)
            c4.link(users, edge, "static files")
            for store in design.stores:
                if store.kind == "object" and ("store", store.name) in nodes:
                    c4.link(edge, nodes["store", store.name], "origin")
    return View(
        "container",
        c4.source(graph),
        f"Containers of {design.system.name}",
        f"Containers: {_summary(scope)} {ARROWS}",
        "container",
    )


def _domain_view(design: Design, domain: str, slug: str) -> View:
    scope = _Scope.of(design, [s for s in design.services if s.domain == domain])
    # neighbours fold first: the domain's own services and data always stay in its picture
    scope.neighbours, hidden = fold(scope.neighbours, MAX_NODES - 1 - (scope.nodes - len(scope.neighbours)))
    with c4.canvas(f"container-{slug}") as graph:
        gateway = _gateway(design)
        nodes = _draw_inside(design, scope)
        nodes.update(_draw_externals(design, scope))
        _relate(design, scope, gateway, nodes)
        if hidden:
            more = c4.box("stub", "svc_more", count(len(hidden), "more service"), "", listing([s.name for s in hidden]))
            for service in scope.services:
                c4.link(nodes["service", service.name], more, "calls or is called by")
    stubs = " Grey boxes are services of other domains, drawn in their own pictures." if scope.neighbours else ""
    return View(
        f"container-{slug}",
        c4.source(graph),
        f"Containers of the {domain} domain",
        f"Domain {domain}: {_summary(scope)} {ARROWS}{stubs}",
        "container",
        f"Domain {domain}",
    )


def _overview(design: Design, slugs: dict[str, str]) -> View:
    """One box per domain, laid out in a grid, with the calls between domains, what they share, and the outside.

    Arrows from every domain to one shared element would only draw a fan; an element most domains use says so
    on its box instead, and the gateway's routes are one arrow to the system's boundary.
    """
    domains = list(slugs)
    members = {d: [s.name for s in design.services if s.domain == d] for d in domains}
    owner = {s.name: s.domain for s in design.services}
    users = _users_by_domain(design, owner)
    shared, rare = fold([k for k in users if k[0] == "channel" or len(users[k]) > 1], MAX_NODES // 3)
    busy = {k for k in shared if len(users[k]) > BUSY} | set(rare)
    room = MAX_NODES - 2 - len(_cdns(design)) - len(shared) - bool(rare)
    externals, more_externals = fold(design.integrations, min(EXTERNALS, max(room - len(domains), 1)))
    largest_first = sorted(domains, key=lambda d: (-len(members[d]), domains.index(d)))
    shown, hidden = fold(largest_first, room - len(externals) - bool(more_externals))
    with c4.canvas("containers", compound="true") as graph:
        users_node, gateway = _entry(design)
        for i, cdn in enumerate(_cdns(design)):
            c4.link(
                users_node, c4.box("container", node_id("cdn", i), cdn.name, cdn.technology, cdn.holds), "static files"
            )
        nodes: dict[Key, Any] = {}
        with c4.group("boundary", design.system.name, style="dashed,rounded"):
            for i, domain in enumerate(domains):
                if domain in shown:
                    services = count(len(members[domain]), "service")
                    nodes["domain", domain] = c4.box(
                        "domain", node_id("domain", i), domain, services, listing(members[domain])
                    )
            if hidden:
                names = listing([f"{d} ({len(members[d])})" for d in hidden])
                more = c4.box("domain", "domain_more", count(len(hidden), "more domain"), "", names)
                nodes.update({("domain", d): more for d in hidden})
            for kind, name in shared:
                note = f"used by {count(len(users[kind, name]), 'domain')}"
                nodes[kind, name] = _shared_box(design, kind, name, note)
            if rare:
                names = listing([name for _, name in rare])
                nodes["shared", "more"] = c4.box("container", "shared_more", f"{len(rare)} more shared", "", names)
        for i, external in enumerate(externals):
            nodes["external", external.name] = c4.box("external", node_id("ext", i), external.name, "", external.kind)
        if more_externals:
            names = listing([e.name for e in more_externals])
            more = c4.box("external", "ext_more", count(len(more_externals), "more external system"), "", names)
            nodes.update({("external", e.name): more for e in more_externals})
        inside = list({id(n): n for k, n in nodes.items() if k[0] != "external"}.values())
        c4.grid(inside, above=gateway)
        for external in {id(n): n for k, n in nodes.items() if k[0] == "external"}.values():
            c4.link(inside[-1], external, style="invis")  # below the system, not beside the users
        c4.link(gateway, nodes[next(iter(nodes))], "routes each call to its domain", lhead="cluster_boundary")
        drawn: set[tuple[int, int]] = set()
        for (source, target), label in _domain_arrows(design, owner, busy).items():
            ends = nodes.get(source), nodes.get(target)
            if ends[0] is None or ends[1] is None or ends[0] is ends[1] or (id(ends[0]), id(ends[1])) in drawn:
                continue
            drawn.add((id(ends[0]), id(ends[1])))
            # no labels: with this many arrows they would hide the boxes; the caption says what each style means
            dashed = {"style": "dashed"} if label in ("publishes", "delivers") else {}
            c4.link(ends[0], ends[1], constraint="false", **dashed)
    shares = len(shared) + len(rare)
    sharing = f"{shares} {'store, cache or channel' if shares == 1 else 'stores, caches and channels'}"
    return View(
        "container",
        c4.source(graph),
        f"Container overview of {design.system.name}: {count(len(domains), 'domain')}",
        f"Container overview: callers reach {count(len(design.services), 'service')} in "
        f"{count(len(domains), 'domain')} through the gateway. Each blue box is a domain, drawn in detail in its "
        f"own picture; with them are what domains share ({sharing}) "
        f"and the {count(len(design.integrations), 'external system')} they call."
        + (f" The {len(hidden)} smallest domains share one box." if hidden else "")
        + f" {ARROWS}",
        "container",
    )


def _users_by_domain(design: Design, owner: dict[str, str]) -> dict[Key, set[str]]:
    """Each store, cache and channel with the domains whose services use it, in design order."""
    users: dict[Key, set[str]] = {("store", s.name): set() for s in design.stores}
    users |= {("cache", c.name): set() for c in design.caches if c.placement != "cdn"}
    users |= {("channel", c.name): set() for c in design.channels}
    for service in design.services:
        for kind, names in (("store", service.stores), ("cache", service.caches)):
            for name in names:
                users.setdefault((kind, name), set()).add(service.domain)
    for event in design.events:
        for name in (event.producer, *event.consumers):
            if name in owner:
                users.setdefault(("channel", event.channel), set()).add(owner[name])
    return users


def _domain_arrows(design: Design, owner: dict[str, str], busy: set[Key]) -> dict[tuple[Key, Key], str]:
    """Arrows between domains and what they use, each once, leaving out elements too busy to draw arrows to."""
    arrows: dict[tuple[Key, Key], str] = {}
    for service in design.services:
        mine: Key = ("domain", service.domain)
        for dependency in service.depends_on:
            arrows.setdefault((mine, ("domain", owner.get(dependency, ""))), "calls")
        for kind, label, names in (
            ("store", "uses", service.stores),
            ("cache", "uses", service.caches),
            ("external", "calls", service.integrations),
        ):
            for name in names:
                if (kind, name) not in busy:
                    arrows.setdefault((mine, (kind, name)), label)
    for event in design.events:
        channel: Key = ("channel", event.channel)
        if channel in busy:
            continue
        arrows.setdefault((("domain", owner.get(event.producer, "")), channel), "publishes")
        for consumer in event.consumers:
            arrows.setdefault((channel, ("domain", owner.get(consumer, ""))), "delivers")
    return arrows


def _shared_box(design: Design, kind: str, name: str, note: str) -> Any:
    index, element = next((i, e) for i, e in enumerate(_elements(design, kind)) if e.name == name)
    if kind == "store":
        return c4.box("database", node_id("store", index), name, element.technology, f"{element.kind}, {note}")
    prefix = "cache" if kind == "cache" else "chan"
    return c4.box("container", node_id(prefix, index), name, element.technology, f"{kind}, {note}")


def _elements(design: Design, kind: str) -> list[Any]:
    elements: dict[str, list[Any]] = {"store": design.stores, "cache": design.caches, "channel": design.channels}
    return elements[kind]


def _entry(design: Design) -> tuple[Any, Any]:
    users = c4.box("person", "users", "users", "", listing([r.name for r in design.requirements.users.roles]))
    gateway = _gateway(design)
    c4.link(users, gateway, "HTTPS")
    return users, gateway


def _gateway(design: Design) -> Any:
    return c4.box(
        "container", "gateway", "gateway", design.gateway.technology, "TLS, authentication, rate limits, routing"
    )


def _draw_inside(design: Design, scope: _Scope) -> dict[Key, Any]:
    """The scope's services (clustered by domain), neighbour stubs, stores, caches and channels."""
    index = {s.name: i for i, s in enumerate(design.services)}
    nodes: dict[Key, Any] = {}
    for d_index, domain in enumerate(dict.fromkeys(s.domain for s in scope.services)):
        with c4.group(node_id("domain", d_index), f"Domain {domain}"):
            for s in scope.services:
                if s.domain == domain:
                    nodes["service", s.name] = c4.box(
                        "container", node_id("svc", index[s.name]), s.name, _runtime(design, s), s.responsibility
                    )
    for s in scope.neighbours:
        nodes["service", s.name] = c4.box("stub", node_id("svc", index[s.name]), s.name, "", f"domain {s.domain}")
    for i, store in enumerate(design.stores):
        if store.name in scope.stores:
            nodes["store", store.name] = c4.box(
                "database", node_id("store", i), store.name, store.technology, store.kind
            )
    for i, cache in enumerate(design.caches):
        if cache.name in scope.caches:
            detail = f"cache: {cache.holds}"
            nodes["cache", cache.name] = c4.box("container", node_id("cache", i), cache.name, cache.technology, detail)
    for i, channel in enumerate(design.channels):
        if channel.name in scope.channels:
            detail = f"{channel.kind}, {channel.delivery}"
            nodes["channel", channel.name] = c4.box(
                "container", node_id("chan", i), channel.name, channel.technology, detail
            )
    return nodes


def _draw_externals(design: Design, scope: _Scope) -> dict[Key, Any]:
    return {
        ("external", e.name): c4.box("external", node_id("ext", i), e.name, "", e.kind)
        for i, e in enumerate(design.integrations)
        if e.name in scope.externals
    }


def _relate(design: Design, scope: _Scope, gateway: Any, nodes: dict[Key, Any]) -> None:
    """Every relationship of the scope's services: routes, data, calls, messages and integrations."""
    full = {s.name for s in scope.services}
    for service in scope.services:
        node = nodes["service", service.name]
        if service.endpoints:
            c4.link(gateway, node, "routes")
        for kind, label, names in (
            ("store", "reads/writes", service.stores),
            ("cache", "caches", service.caches),
            ("external", "calls", service.integrations),
        ):
            for name in names:
                if (kind, name) in nodes:
                    c4.link(node, nodes[kind, name], label)
    for service in design.services:
        for dependency in service.depends_on:
            ends = ("service", service.name), ("service", dependency)
            if ends[0] in nodes and ends[1] in nodes and full & {service.name, dependency}:
                c4.link(nodes[ends[0]], nodes[ends[1]], "calls")
    for channel in scope.channels:
        events = [e for e in design.events if e.channel == channel]
        for name in dict.fromkeys(e.producer for e in events if e.producer in full):
            c4.link(nodes["service", name], nodes["channel", channel], "publishes", style="dashed")
        for name in dict.fromkeys(c for e in events for c in e.consumers if c in full):
            c4.link(nodes["channel", channel], nodes["service", name], "delivers", style="dashed")


def _runtime(design: Design, service: Service) -> str:
    deployable = next((d for d in design.deployables if d.name == service.deployable), None)
    return f"{deployable.runtime}, in {deployable.name}" if deployable else service.deployable


def _summary(scope: _Scope) -> str:
    parts = [count(len(scope.stores), "store")]
    if scope.caches:
        parts.append(count(len(scope.caches), "cache"))
    if scope.channels:
        parts.append(count(len(scope.channels), "channel"))
    if scope.externals:
        parts.append(count(len(scope.externals), "external system"))
    return (
        f"callers reach {count(len(scope.services), 'service')} in {count(len(scope.deployables), 'deployable')} "
        f"through the gateway; they use {listing(parts)}."
    )
