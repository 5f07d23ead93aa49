"""The system context view: the people who use the system, the system, and the external systems around it."""

from __future__ import annotations

from archgen.design.model import Design
from archgen.render.diagrams import c4
from archgen.render.diagrams.dot import node_id
from archgen.render.diagrams.view import MAX_NODES, View, fold, listing, plural


def context_view(design: Design) -> View:
    """One picture: actors above the system, external systems below it."""
    roles = design.requirements.users.roles
    room = (MAX_NODES - 1) // 2
    shown_roles, more_roles = fold(roles, room)
    shown_systems, more_systems = fold(design.integrations, MAX_NODES - 1 - len(shown_roles) - bool(more_roles))
    with c4.canvas("context") as graph:
        system = c4.box("system", "system", design.system.name, "", design.system.summary)
        for i, role in enumerate(shown_roles):
            person = c4.box(
                "person", node_id("role", i), role.name, "staff" if role.internal else "", role.description or ""
            )
            c4.link(person, system, "uses")
        if more_roles:
            others = c4.box(
                "person", "roles_more", f"{len(more_roles)} more roles", "", listing([r.name for r in more_roles])
            )
            c4.link(others, system, "use")
        for i, external in enumerate(shown_systems):
            node = c4.box("external", node_id("ext", i), external.name, "", external.kind)
            _connect(system, node, external.direction)
        if more_systems:
            node = c4.box(
                "external",
                "ext_more",
                f"{len(more_systems)} more external systems",
                "",
                listing([e.name for e in more_systems]),
            )
            c4.link(system, node, "exchanges data with", dir="both")
    outbound = [e.name for e in design.integrations if e.direction != "inbound"]
    inbound = [e.name for e in design.integrations if e.direction != "outbound"]
    talks = []
    if outbound:
        talks.append(f"it calls {listing(outbound)}")
    if inbound:
        talks.append(f"{listing(inbound)} call{'s' if len(inbound) == 1 else ''} it")
    return View(
        "context",
        c4.source(graph),
        f"System context of {design.system.name}: {plural(len(roles), 'role')} and "
        f"{plural(len(design.integrations), 'external system')}",
        f"System context: {listing([r.name for r in roles])} use {design.system.name}"
        + (f"; {' and '.join(talks)}." if talks else "; it depends on no external system."),
        "context",
    )


def _connect(system: object, external: object, direction: str) -> None:
    if direction == "outbound":
        c4.link(system, external, "calls")
    elif direction == "inbound":
        c4.link(external, system, "calls")
    else:
        c4.link(system, external, "calls and is called by", dir="both")
