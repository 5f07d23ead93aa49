"""The diagram views: context and container (C4 shapes via the diagrams library), ER and sequence (Graphviz)."""

from __future__ import annotations

from dataclasses import dataclass

from archgen.design.model import Design, Flow
from archgen.render.diagrams.dot import html_text, literal_html_labels, node_id, quote

FONT = "Helvetica"


@dataclass(frozen=True)
class View:
    """A diagram to draw: its file stem, DOT source, alt text and caption."""

    name: str
    source: str
    alt: str
    caption: str


def _c4_diagram(title: str, direction: str = "TB"):  # type: ignore[no-untyped-def]
    import diagrams

    graph = diagrams.Diagram(
        title,
        filename="view",
        show=False,
        outformat="svg",
        direction=direction,
        graph_attr={"fontname": FONT, "label": "", "pad": "0.4", "nodesep": "0.6", "ranksep": "0.9"},
        node_attr={"fontname": FONT},
        edge_attr={"fontname": FONT},
    )
    graph.dot.graph_attr["label"] = ""
    return graph


def _source(graph) -> str:  # type: ignore[no-untyped-def]
    return literal_html_labels(str(graph.dot.source))


def context_view(design: Design) -> View:
    """System context: the actors, the system, and the external systems it talks to."""
    import diagrams
    from diagrams.c4 import Person, Relationship, System

    graph = _c4_diagram("context")
    diagrams.setdiagram(graph)
    try:
        system = System(design.system.name, _short(design.system.summary), nodeid="system")
        for i, role in enumerate(design.requirements.users.roles):
            person = Person(role.name, _short(role.description or ""), external=False, nodeid=node_id("role", i))
            person >> Relationship("uses") >> system
        for i, integration in enumerate(design.integrations):
            external = System(integration.name, integration.kind, external=True, nodeid=node_id("ext", i))
            if integration.direction in ("outbound", "both"):
                system >> Relationship("calls") >> external
            if integration.direction in ("inbound", "both"):
                external >> Relationship("notifies") >> system
    finally:
        diagrams.setdiagram(None)
    roles = ", ".join(r.name for r in design.requirements.users.roles)
    ints = ", ".join(i.name for i in design.integrations) or "no external systems"
    return View(
        "context",
        _source(graph),
        f"System context of {design.system.name}",
        f"System context: {roles} use {design.system.name}, which talks to {ints}.",
    )


def container_view(design: Design) -> View:
    """Containers: gateway, deployables grouped by domain, stores, caches, channels and external systems."""
    import diagrams
    from diagrams import Cluster
    from diagrams.c4 import Container, Database, Person, Relationship, System

    graph = _c4_diagram("containers")
    diagrams.setdiagram(graph)
    try:
        users = Person("users", ", ".join(r.name for r in design.requirements.users.roles), nodeid="users")
        gateway = Container("gateway", design.gateway.technology, "TLS, auth, rate limits, routing", nodeid="gateway")
        users >> Relationship("HTTPS") >> gateway
        edge_nodes = {}
        for i, cache in enumerate(c for c in design.caches if c.placement == "cdn"):
            cdn = Container(cache.name, cache.technology, cache.holds, nodeid=node_id("cdn", i))
            users >> Relationship("files") >> cdn
            edge_nodes[cache.name] = cdn
        service_nodes = {}
        with Cluster("boundary", graph_attr={"label": "", "style": "dashed", "margin": "16"}):
            for d_index, domain in enumerate(dict.fromkeys(s.domain for s in design.services)):
                with Cluster(f"domain{d_index}", graph_attr={"label": html_text(domain), "style": "rounded"}):
                    for s_index, service in enumerate(design.services):
                        if service.domain == domain:
                            service_nodes[service.name] = Container(
                                service.name,
                                service.deployable,
                                _short(service.responsibility, 70),
                                nodeid=node_id("svc", s_index),
                            )
            store_nodes = {
                store.name: Database(store.name, store.technology, store.kind, nodeid=node_id("store", i))
                for i, store in enumerate(design.stores)
            }
            cache_nodes = {
                cache.name: Container(cache.name, cache.technology, "cache", nodeid=node_id("cache", i))
                for i, cache in enumerate(design.caches)
                if cache.placement != "cdn"
            }
            channel_nodes = {
                channel.name: Container(channel.name, channel.technology, channel.kind, nodeid=node_id("chan", i))
                for i, channel in enumerate(design.channels)
            }
        external = {
            integration.name: System(integration.name, integration.kind, external=True, nodeid=node_id("ext", i))
            for i, integration in enumerate(design.integrations)
        }
        for service in design.services:
            node = service_nodes[service.name]
            gateway >> Relationship("routes") >> node
            for store_name in service.stores:
                if store_name in store_nodes:
                    node >> Relationship("reads/writes") >> store_nodes[store_name]
            for cache_name in service.caches:
                if cache_name in cache_nodes:
                    node >> Relationship("caches") >> cache_nodes[cache_name]
            for dependency in service.depends_on:
                node >> Relationship("calls") >> service_nodes[dependency]
            channels = {e.channel for e in design.events if e.producer == service.name}
            for channel in sorted(channels):
                if channel in channel_nodes:
                    node >> Relationship("publishes", style="dotted") >> channel_nodes[channel]
            for channel in sorted({e.channel for e in design.events if service.name in e.consumers}):
                if channel in channel_nodes:
                    channel_nodes[channel] >> Relationship("delivers", style="dotted") >> node
            for name in service.integrations:
                if name in external:
                    node >> Relationship("calls") >> external[name]
        for data_store in design.stores:
            if data_store.kind == "object" and "cdn" in edge_nodes:
                edge_nodes["cdn"] >> Relationship("origin") >> store_nodes[data_store.name]
    finally:
        diagrams.setdiagram(None)
    return View(
        "container",
        _source(graph),
        f"Containers of {design.system.name}",
        f"Containers: callers reach {len(design.services)} service(s) in {len(design.deployables)} deployable(s) "
        f"through the gateway; they use {len(design.stores)} store(s)"
        + (f", {len(design.caches)} cache(s)" if design.caches else "")
        + (f" and {len(design.channels)} channel(s)" if design.channels else "")
        + ".",
    )


def er_view(design: Design) -> View:
    """Entities with their fields and keys; references drawn as many-to-one (or many-to-many for lists)."""
    lines = [
        "digraph er {",
        f'  graph [rankdir=LR, fontname="{FONT}", pad="0.3", nodesep="0.5", ranksep="1.0", bgcolor="white"];',
        f'  node [shape=plain, fontname="{FONT}", fontsize="10"];',
        f'  edge [fontname="{FONT}", fontsize="9", color="#555555", arrowhead="crow", arrowtail="none", dir="both"];',
    ]
    ids = {e.name: node_id("entity", i) for i, e in enumerate(design.entities)}
    types = {f"{e.name}.{f.name}": f.type for e in design.entities for f in e.fields}
    for entity in design.entities:
        title = f'<font color="white"><b>{html_text(entity.name)}</b></font>'
        rows = [f'<tr><td bgcolor="#3f51b5" colspan="2">{title}</td></tr>']
        for field in entity.fields:
            key = (
                "PK "
                if field.name in entity.primary_key
                else ("FK " if field.type.startswith(("ref[", "list[ref[")) else "")
            )
            rows.append(
                f'<tr><td align="left">{html_text(key + field.name)}</td>'
                f'<td align="left"><font color="#555555">{html_text(field.type)}</font></td></tr>'
            )
        table = '<table border="0" cellborder="1" cellspacing="0" cellpadding="4">' + "".join(rows) + "</table>"
        lines.append(f"  {ids[entity.name]} [label=<{table}>];")
    for entity in design.entities:
        for field in entity.fields:
            kind = types[f"{entity.name}.{field.name}"]
            target = _reference(kind)
            if target and target in ids:
                many = kind.startswith("list[")
                lines.append(
                    f"  {ids[entity.name]} -> {ids[target]} [label={quote(field.name)}, "
                    f'arrowhead="{"crow" if many else "tee"}", arrowtail="crow"];'
                )
    lines.append("}")
    refs = sum(1 for e in design.entities for f in e.fields if _reference(f.type))
    return View(
        "er",
        "\n".join(lines) + "\n",
        "Entity-relationship diagram",
        f"Entities and relationships: {len(design.entities)} entities, {refs} reference(s). "
        "A crow's foot marks the many side.",
    )


def _reference(kind: str) -> str:
    for prefix in ("list[ref[", "ref["):
        if kind.startswith(prefix):
            return kind[len(prefix) :].rstrip("]")
    return ""


def sequence_view(flow: Flow, index: int) -> View:
    """A sequence diagram: lifelines left to right, messages top to bottom, async dashed, replies dotted."""
    participants = list(dict.fromkeys([flow.actor, *(p for s in flow.steps for p in (s.source, s.target))]))
    pid = {p: node_id("p", i) for i, p in enumerate(participants)}
    rows = len(flow.steps) + 1
    lines = [
        "digraph sequence {",
        f'  graph [rankdir=TB, fontname="{FONT}", nodesep="1.2", ranksep="0.25", splines=false, bgcolor="white"];',
        f'  node [fontname="{FONT}", fontsize="10"];',
        f'  edge [fontname="{FONT}", fontsize="9"];',
    ]
    for p in participants:
        lines.append(f'  {pid[p]}_0 [shape=box, style="rounded,filled", fillcolor="#e8eaf6", label={quote(p)}];')
        for row in range(1, rows + 1):
            lines.append(f'  {pid[p]}_{row} [shape=point, width=0.01, height=0.01, label=""];')
        chain = " -> ".join(f"{pid[p]}_{row}" for row in range(rows + 1))
        lines.append(f'  {chain} [arrowhead=none, style=dashed, color="#9e9e9e", weight=100];')
    for row in range(rows + 1):
        lines.append("  { rank=same; " + " ".join(f"{pid[p]}_{row};" for p in participants) + " }")
    for i, step in enumerate(flow.steps, start=1):
        style = {
            "sync": "style=solid, arrowhead=normal",
            "async": "style=dashed, arrowhead=vee",
            "reply": "style=dotted, arrowhead=open",
        }[step.kind]
        lines.append(
            f"  {pid[step.source]}_{i} -> {pid[step.target]}_{i} "
            f"[label={quote(f'{i}. {step.message}')}, {style}, constraint=false];"
        )
    lines.append("}")
    return View(
        f"sequence-{index + 1:02d}",
        "\n".join(lines) + "\n",
        f"Sequence of {flow.use_case}",
        f"{flow.use_case}: {len(flow.steps)} steps across {', '.join(participants)}. Solid arrows are calls, "
        "dashed arrows asynchronous messages, dotted arrows replies.",
    )


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"


def views(design: Design) -> list[View]:
    """Every view of a design, in a stable order."""
    out = [context_view(design), container_view(design), er_view(design)]
    out += [sequence_view(flow, i) for i, flow in enumerate(design.flows)]
    return out
