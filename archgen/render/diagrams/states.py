"""The state view of an entity's lifecycle: one box per state, one arrow per transition labelled with its verb."""

from __future__ import annotations

from archgen.design.model import EntityDesign
from archgen.render.diagrams import style
from archgen.render.diagrams.dot import closed, node_id, quote
from archgen.render.diagrams.view import View, listing


def state_view(entity: EntityDesign, index: int) -> View | None:
    """The entity's state machine as `states-NN`, or None when it has none."""
    machine = entity.state_machine
    if machine is None:
        return None
    ids = {s: node_id("s", i) for i, s in enumerate(machine.states)}
    lines = [
        f"digraph states_{index + 1:02d} {{",
        f'  graph [rankdir=LR, pad="0.3", nodesep="0.4", ranksep="0.5", fontname="{style.FONT}", '
        f'bgcolor="{style.PAPER}"];',
        f'  node [shape=box, style="rounded,filled", fontname="{style.FONT}", fontsize="11", '
        f'fillcolor="{style.ENTITY.fill}", fontcolor="{style.ENTITY.text}", color="{style.BORDER}"];',
        f'  edge [fontname="{style.FONT}", fontsize="9", color="{style.LINE}", fontcolor="{style.INK}"];',
        '  start [shape=point, width="0.15", label=""];',
    ]
    for state in machine.states:
        extra = ", peripheries=2" if state in machine.terminal else ""
        lines.append(f"  {ids[state]} [label={quote(state)}{extra}];")
    lines.append(f"  start -> {ids[machine.initial]};")
    for transition in machine.transitions:
        who = f" ({', '.join(transition.roles)})" if transition.roles else ""
        for source in transition.source:
            if source in ids and transition.target in ids:
                lines.append(f"  {ids[source]} -> {ids[transition.target]} [label={quote(transition.name + who)}];")
    moves = [t.name for t in machine.transitions]
    return View(
        f"states-{index + 1:02d}",
        closed(lines),
        f"State machine of {entity.name}",
        f"{entity.name}: {len(machine.states)} states ({listing(machine.states, limit=8)}); "
        + (f"transitions {listing(moves, limit=8)}" if moves else "no transition is carried by a use case yet")
        + ". Double borders mark final states.",
        "states",
        entity.name,
    )
