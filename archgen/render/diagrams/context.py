"""The system context view: the people who use the system, the system, and the external systems around it."""

from __future__ import annotations

from archgen.common.english import count, join
from archgen.design.model import Design
from archgen.render.diagrams import c4
from archgen.render.diagrams.dot import node_id
from archgen.render.diagrams.view import MAX_NODES, View, fold, listing

# how each kind of role is drawn: a device is no person, and another system using this one is an external system
_ACTOR: dict[str, c4.Kind] = {"person": "person", "device": "device", "service": "external"}


def context_view(design: Design) -> View:
    """One picture: actors above the system, external systems below it."""
    roles = design.requirements.users.roles
    room = (MAX_NODES - 1) // 2
    shown_roles, more_roles = fold(roles, room)
    shown_systems, more_systems = fold(design.integrations, MAX_NODES - 1 - len(shown_roles) - bool(more_roles))
    with c4.canvas("context") as graph:
        system = c4.box("system", "system", design.system.name, "", design.system.summary)
        for i, role in enumerate(shown_roles):
            actor = c4.box(
                _ACTOR[role.kind],
                node_id("role", i),
                role.name,
                "staff" if role.internal else "",
                role.description or "",
            )
            c4.link(actor, system, "uses")
        if more_roles:
            kinds = {_ACTOR[r.kind] for r in more_roles}
            others = c4.box(
                kinds.pop() if len(kinds) == 1 else "stub",
                "roles_more",
                count(len(more_roles), "more role"),
                "",
                listing([r.name for r in more_roles]),
            )
            c4.link(others, system, "use")
        for i, external in enumerate(shown_systems):
            node = c4.box("external", node_id("ext", i), external.name, "", external.kind)
            _connect(system, node, external.direction)
        if more_systems:
            node = c4.box(
                "external",
                "ext_more",
                count(len(more_systems), "more external system"),
                "",
                listing([e.name for e in more_systems]),
            )
            c4.link(system, node, "exchanges data with", dir="both")
    by_direction: dict[str, list[str]] = {"outbound": [], "inbound": [], "both": []}
    for external in design.integrations:
        by_direction[external.direction].append(external.name)
    outbound, inbound, both = by_direction["outbound"], by_direction["inbound"], by_direction["both"]
    talks = []  # what the system does with each, named once: "calls X, is called by Y and exchanges calls with Z"
    if outbound:
        talks.append(f"calls {listing(outbound)}")
    if inbound:
        talks.append(f"is called by {listing(inbound)}")
    if both:
        talks.append(f"exchanges calls with {listing(both)}")
    return View(
        "context",
        c4.source(graph),
        f"System context of {design.system.name}: {count(len(roles), 'role')} and "
        f"{count(len(design.integrations), 'external system')}",
        f"System context: {design.system.name} is used by {listing([r.name for r in roles])}"
        + (f"; it {join(talks)}." if talks else "; it depends on no external system."),
        "context",
    )


def _connect(system: object, external: object, direction: str) -> None:
    if direction == "outbound":
        c4.link(system, external, "calls")
    elif direction == "inbound":
        c4.link(external, system, "calls")
    else:
        c4.link(system, external, "calls and is called by", dir="both")
