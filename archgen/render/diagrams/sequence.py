"""The sequence view of a flow: lifelines left to right in order of first appearance, messages top to bottom.

Each lifeline is one node, an HTML table whose rows are the flow's steps; the lifelines are laid out as
consecutive ranks (left to right), so Graphviz cannot reorder them. A message between lifelines that are not
neighbours is drawn as straight segments through the lifelines it crosses, all on its row.
"""

from __future__ import annotations

from archgen.common.english import count
from archgen.design.model import Design, Flow, FlowStep
from archgen.render.diagrams import style
from archgen.render.diagrams.dot import closed, html_label, html_lines, node_id
from archgen.render.diagrams.view import View, listing

LABEL_WIDTH = 34  # characters per line of a message label
LINE_HEIGHT = 13  # points per label line
# line style, colour and arrowhead of each kind of message
_ARROWS = {
    "sync": ("solid", style.LINE, "normal"),
    "async": ("dashed", style.ASYNC, "vee"),
    "reply": ("dotted", style.LINE, "vee"),
}


def sequence_view(design: Design, flow: Flow, index: int) -> View:
    """The flow's sequence diagram as `sequence-NN`."""
    participants = list(dict.fromkeys([flow.actor, *(p for s in flow.steps for p in (s.source, s.target))]))
    ids = {p: node_id("p", i) for i, p in enumerate(participants)}
    labels = [html_lines(f"{i}. {s.message}", LABEL_WIDTH) for i, s in enumerate(flow.steps, start=1)]
    heights = [max(28, LINE_HEIGHT * (label.count("<br/>") + 1) + 18) for label in labels]
    tones = _tones(design, flow)
    lines = [
        f"digraph sequence_{index + 1:02d} {{",
        f'  graph [rankdir=LR, splines=false, nodesep="0", ranksep="0.35", pad="0.3", fontname="{style.FONT}", '
        f'bgcolor="{style.PAPER}", labelloc=t, labeljust=l, fontsize="12", '
        f"label={html_label('<b>' + html_lines(flow.use_case, LABEL_WIDTH * 2) + '</b>')}];",
        f'  node [shape=plain, fontname="{style.FONT}", fontsize="10", fontcolor="{style.INK}"];',
        f'  edge [fontname="{style.FONT}", fontsize="9", fontcolor="{style.INK}"];',
    ]
    for p in participants:
        lines.append(f"  {ids[p]} [label={_lifeline(p, tones.get(p, style.SERVICE), heights)}];")
    if len(participants) > 1:
        lines.append("  " + " -> ".join(ids[p] for p in participants) + " [style=invis];")
    for row, (step, label) in enumerate(zip(flow.steps, labels, strict=True), start=1):
        lines += _message(step, row, label, ids, participants)
    return View(
        f"sequence-{index + 1:02d}",
        closed(lines),
        f"Sequence diagram of {flow.use_case}",
        f"{flow.use_case}: {count(len(flow.steps), 'step')} across {listing(participants, limit=12)}.",
        "sequence",
        flow.use_case,
    )


def _lifeline(name: str, tone: style.Tone, heights: list[int]) -> str:
    """The participant's box on top and at the bottom, a line between, one port per step on the line."""
    head = (
        f'<td colspan="3" border="1" style="rounded" color="{style.BORDER}" bgcolor="{tone.fill}" cellpadding="6">'
        f'<font color="{tone.text}">{html_lines(name, 24)}</font></td>'
    )
    rows = [f"<tr>{head}</tr>"]
    for row, height in enumerate(heights, start=1):
        rows.append(
            f'<tr><td height="{height}"></td><td port="r{row}" width="2" height="{height}" fixedsize="true" '
            f'bgcolor="{style.LIFELINE}"></td><td></td></tr>'
        )
    rows.append(f"<tr>{head}</tr>")
    return html_label('<table border="0" cellborder="0" cellspacing="0" cellpadding="0">' + "".join(rows) + "</table>")


def _message(step: FlowStep, row: int, label: str, ids: dict[str, str], order: list[str]) -> list[str]:
    """One message as segments between neighbouring lifelines; the label rides on the segment leaving the sender."""
    source, target = order.index(step.source), order.index(step.target)
    line, colour, head = _ARROWS[step.kind]
    arrow = f'style={line}, color="{colour}"'
    # the label sits above its line: an empty row under the text lifts it clear of the arrow
    text = html_label(
        f'<table border="0" cellborder="0" cellspacing="0" cellpadding="1"><tr><td>{label}</td></tr>'
        f'<tr><td height="{LINE_HEIGHT}"></td></tr></table>'
    )
    if source == target:
        return [
            f"  {ids[step.source]}:r{row}:e -> {ids[step.target]}:r{row}:e [label={text}, {arrow}, arrowhead={head}];"
        ]
    step_by = 1 if target > source else -1
    hops = list(range(source, target, step_by))
    out = []
    for n, here in enumerate(hops):
        there = here + step_by
        ends = f"{ids[order[here]]}:r{row} -> {ids[order[there]]}:r{row}"
        attrs = [arrow, f"arrowhead={head if n == len(hops) - 1 else 'none'}"]
        if n == 0:
            attrs.append(f"label={text}")
        out.append(f"  {ends} [{', '.join(attrs)}];")
    return out


def _tones(design: Design, flow: Flow) -> dict[str, style.Tone]:
    """The fill of each participant's box: who acts, the gateway, services, data and messaging, the outside."""
    tones: dict[str, style.Tone] = {}
    for names, tone in (
        ([e.name for e in design.integrations], style.OUTSIDE),
        (
            [*(s.name for s in design.stores), *(c.name for c in design.caches), *(c.name for c in design.channels)],
            style.DATA,
        ),
        ([s.name for s in design.services], style.SERVICE),
        (["gateway"], style.EDGE),
        ([flow.actor, *(r.name for r in design.requirements.users.roles)], style.ACTOR),
    ):
        tones.update(dict.fromkeys(names, tone))
    return tones
