"""C4-style boxes, groups and arrows drawn through the diagrams library, with labels that never truncate a name.

The library's own C4 nodes have a fixed size (long technology names spill out of the box) and its clusters take
their label as plain DOT text (a backslash in a name would be read as an escape). These functions build the same
kinds of nodes with HTML labels that wrap, and give every node and cluster an id of ours, never user text.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

from archgen.render.diagrams import style
from archgen.render.diagrams.dot import html_label, html_lines, html_text
from archgen.render.diagrams.view import grid_pairs

Kind = Literal["person", "device", "system", "external", "container", "database", "domain", "stub"]

_TONES: dict[Kind, style.Tone] = {
    "person": style.PERSON,
    "device": style.EXTERNAL,
    "system": style.SYSTEM,
    "external": style.EXTERNAL,
    "container": style.CONTAINER,
    "database": style.CONTAINER,
    "domain": style.CONTAINER,
    "stub": style.STUB,
}
_TYPES: dict[Kind, str] = {
    "person": "Person",
    "device": "Device",
    "system": "System",
    "external": "External system",
    "container": "Container",
    "database": "Database",
    "domain": "Domain",
    "stub": "",
}


@contextmanager
def canvas(name: str, direction: str = "TB", **graph_attr: str) -> Iterator[Any]:
    """A diagrams.Diagram to add nodes to, made current; it is never rendered to a file by the library."""
    import diagrams

    graph = diagrams.Diagram(
        name,
        filename=name,
        show=False,
        outformat="svg",
        direction=direction,
        graph_attr={
            "fontname": style.FONT,
            "pad": "0.3",
            "nodesep": "0.5",
            "ranksep": "0.8",
            "splines": "spline",
            "bgcolor": style.PAPER,
            "newrank": "true",
            **graph_attr,
        },
        node_attr={"fontname": style.FONT, "fontcolor": style.INK},
        edge_attr={"fontname": style.FONT, "color": style.LINE},
    )
    graph.dot.graph_attr["label"] = ""
    diagrams.setdiagram(graph)
    diagrams.setcluster(None)
    try:
        yield graph
    finally:
        diagrams.setcluster(None)
        diagrams.setdiagram(None)


def source(graph: Any) -> str:
    """The DOT source of a canvas."""
    return str(graph.dot.source)


def box(kind: Kind, nodeid: str, name: str, technology: str = "", description: str = "") -> Any:
    """A C4 box: the name in bold, its type and technology (wrapped, never cut), a short description."""
    from diagrams import Node

    tone = _TONES[kind]
    kind_line = f"{_TYPES[kind]}: {technology}" if technology and _TYPES[kind] else technology or _TYPES[kind]
    parts = [f'<font point-size="12"><b>{html_lines(name, 28)}</b></font>']
    if kind_line:
        parts.append(f'<font point-size="9">[{html_lines(kind_line, 36)}]</font>')
    if description:
        parts.append(f'<font point-size="10">{html_lines(description, 36, max_lines=3)}</font>')
    return Node(
        html_label("<br/>".join(parts)),
        nodeid=nodeid,
        shape="cylinder" if kind == "database" else "box",
        style="rounded,filled" if kind in ("person", "stub") else "filled",
        fillcolor=tone.fill,
        fontcolor=tone.text,
        color=style.BORDER if kind == "stub" else tone.fill,
        width="2.2",
        height="1.0",
        fixedsize="false",
        margin="0.18,0.12",
        labelloc="c",
    )


def group(key: str, label: str, **graph_attr: str) -> Any:
    """A cluster around the nodes made inside it; `key` is its id, `label` is shown as text."""
    from diagrams import Cluster

    attrs = {
        "label": html_label(f"<b>{html_text(label)}</b>"),
        "bgcolor": style.GROUP.fill,
        "fontcolor": style.GROUP.text,
        "pencolor": style.BORDER,
        "fontname": style.FONT,
        "style": "rounded",
        "margin": "14",
        **graph_attr,
    }
    return Cluster(key, graph_attr=attrs)


def link(source: Any, target: Any, label: str = "", **attrs: str) -> None:
    """An arrow from `source` to `target` with a short, wrapped label."""
    from diagrams import Edge

    edge_attrs = {"color": style.LINE, "fontcolor": style.INK, "fontname": style.FONT, "fontsize": "10", **attrs}
    if label:
        edge_attrs["label"] = html_label(html_lines(label, 24, max_lines=3))
    source >> Edge(**edge_attrs) >> target


def grid(nodes: list[Any], above: Any) -> None:
    """Lay `nodes` out in rows under `above` with invisible arrows (see view.grid_pairs)."""
    pairs = grid_pairs(nodes)
    columns = len(nodes) - len(pairs)
    for node in nodes[:columns] if pairs else nodes:
        link(above, node, style="invis")
    for upper, lower in pairs:
        link(upper, lower, style="invis")
