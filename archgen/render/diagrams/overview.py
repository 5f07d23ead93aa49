"""The overview page's picture: the whole system at a glance, laid out for the column beside the key figures.

The overview page shows its picture in a column about 690 CSS pixels wide and 540 high (at a 1280 × 800 window).
To keep its smallest words at 9 CSS pixels or more there, the picture is drawn top-down in rows of equal boxes
(users, the gateway, the services, the data, the outside), with no word smaller than SMALLEST_PT and never more
than WIDTH_PT wide or HEIGHT_PT tall. A design too big for that is summed up, in this order, until it fits: its
services by domain, its data by kind, its external systems in one box. The container pictures draw it in full.
"""

from __future__ import annotations

import re
import textwrap
from collections import Counter
from dataclasses import dataclass, field

from archgen.common.english import count as plural
from archgen.design.model import Design
from archgen.render.diagrams import style
from archgen.render.diagrams.dot import closed, html_label, html_text, node_id, plain
from archgen.render.diagrams.view import View, chunks, fold, listing

# The column's room at 100 % zoom, in points (the picture's unit; 1 pt = 4/3 CSS px at scale 1).
COLUMN_PX = (680, 540)
SMALLEST_PT = 11  # the type line under each name, the smallest text
NAME_PT = 14
LEGIBLE_PX = 9
# How large the picture may be drawn so that, scaled into the column, SMALLEST_PT still shows at LEGIBLE_PX
SCALE = LEGIBLE_PX / (SMALLEST_PT * 4 / 3)
WIDTH_PT = COLUMN_PX[0] / SCALE * 3 / 4
HEIGHT_PT = COLUMN_PX[1] / SCALE * 3 / 4
# Every box has this size (inches, as Graphviz takes them), and rows are this far apart
BOX_IN = (2.1, 0.85)
GAP_IN = (0.25, 0.35)
PAD_IN = 0.15
COLUMNS = 4
NAME_CHARS = 16  # a name wraps onto a second line past this many characters
TYPE_CHARS = 22


@dataclass
class _Box:
    """One box of the picture: its node id, the bold name, the smaller type line, and its colours."""

    key: str
    name: str
    kind: str
    tone: style.Tone
    shape: str = "box"
    shorter: tuple[str, ...] = ()  # the type line in fewer words, tried in turn when it does not fit whole


@dataclass
class _Plan:
    """The rows of boxes, top to bottom, and the arrows between boxes (by node id)."""

    rows: list[list[_Box]]
    arrows: list[tuple[str, str, bool]] = field(default_factory=list)  # source, target, dashed
    summed_up: list[str] = field(default_factory=list)  # what had to be summed up to fit

    def size_pt(self) -> tuple[float, float]:
        """The width and height the picture is drawn at, in points."""
        columns = max(len(row) for row in self.rows)
        width = columns * BOX_IN[0] + (columns - 1) * GAP_IN[0] + 2 * PAD_IN
        height = len(self.rows) * BOX_IN[1] + (len(self.rows) - 1) * GAP_IN[1] + 2 * PAD_IN
        return width * 72, height * 72

    def places(self) -> list[tuple[tuple[float, float], _Box]]:
        """Each box with the point its centre is pinned at: rows top to bottom, each row centred."""
        step_x, step_y = (BOX_IN[0] + GAP_IN[0]) * 72, (BOX_IN[1] + GAP_IN[1]) * 72
        widest = max(len(row) for row in self.rows)
        out = []
        for r, row in enumerate(self.rows):
            left = (widest - len(row)) * step_x / 2
            y = (len(self.rows) - 1 - r) * step_y
            out += [((left + c * step_x, y), box) for c, box in enumerate(row)]
        return out

    def fits(self) -> bool:
        width, height = self.size_pt()
        return width <= WIDTH_PT and height <= HEIGHT_PT


def overview_view(design: Design) -> View:
    """The overview page's picture of `design`, as detailed as fits the column."""
    plans = (
        _plan(design, by_domain=False, by_kind=False, one_outside=False),
        _plan(design, by_domain=True, by_kind=False, one_outside=False),
        _plan(design, by_domain=True, by_kind=True, one_outside=False),
        _plan(design, by_domain=True, by_kind=True, one_outside=True),
    )
    plan = next((p for p in plans if p.fits()), plans[-1])
    # Each box is pinned where the plan puts it (neato keeps pinned nodes where they are): left to itself, dot
    # shifts rows sideways to straighten arrows, and the picture grows wider than the column it was planned for.
    lines = [
        "digraph overview {",
        f'  graph [layout=neato, inputscale=72, fontname="{style.FONT}", pad="{PAD_IN}", bgcolor="{style.PAPER}", '
        "splines=line, outputorder=edgesfirst];",
        f'  node [fontname="{style.FONT}", fixedsize=true, width="{BOX_IN[0]}", height="{BOX_IN[1]}", '
        f'style="filled,rounded", penwidth=0, margin="0.08,0.04"];',
        f'  edge [color="{style.LINE}", arrowsize=0.7];',
    ]
    for (x, y), box in plan.places():
        lines.append(f'  {box.key} [label={_label(box)}, {_look(box)}, pos="{x:.1f},{y:.1f}!"];')
    for source, target, dashed in plan.arrows:
        lines.append(f"  {source} -> {target}" + (" [style=dashed];" if dashed else ";"))
    summed = f" To fit the page, {listing(plan.summed_up)} are summed up here." if plan.summed_up else ""
    return View(
        "overview",
        closed(lines),
        f"Overview of {design.system.name}: {_counts(design)}",
        f"At a glance: {_counts(design)}; callers reach them through the gateway. Solid arrows are calls, "
        f"dashed arrows messages.{summed} Open the picture to see it full size; the architecture page draws every "
        "container in detail.",
        "overview",
    )


def _counts(design: Design) -> str:
    caches = [c for c in design.caches if c.placement != "cdn"]
    parts = [plural(len(design.services), "service"), plural(len(design.stores), "store")]
    parts += [plural(len(caches), "cache")] if caches else []
    parts += [plural(len(design.channels), "channel")] if design.channels else []
    parts += [plural(len(design.integrations), "external system")] if design.integrations else []
    return listing(parts)


def _plan(design: Design, by_domain: bool, by_kind: bool, one_outside: bool) -> _Plan:
    """The rows and arrows of the picture, summing up what the flags say."""
    rows: list[list[_Box]] = []
    arrows: list[tuple[str, str, bool]] = []
    summed = [
        name
        for name, on in (
            ("services by domain", by_domain),
            ("data by kind", by_kind),
            ("external systems", one_outside),
        )
        if on
    ]
    roles = design.requirements.users.roles
    people = [r.name for r in roles if r.kind == "person"]
    machines = [r.name for r in roles if r.kind != "person"]
    callers = [_Box("users", "users", listing(people, limit=3) or "people", style.PERSON, shorter=_fewer(people))]
    if machines:
        callers.append(
            _Box("machines", "devices and systems", listing(machines, limit=3), style.PERSON, shorter=_fewer(machines))
        )
    rows.append(callers)
    # the apps people hold sit between them and the gateway; pages the application renders are part of it
    apps = [c for c in design.clients if c.delivery != "server-rendered"]
    fronts = [_Box(node_id("client", i), c.name, _served(c.delivery), style.CONTAINER) for i, c in enumerate(apps)]
    if fronts:
        rows.append(fronts)
    edge = [_Box("gateway", "gateway", design.gateway.technology, style.CONTAINER)]
    cdns = [c for c in design.caches if c.placement == "cdn"]
    edge += [_Box(node_id("cdn", i), c.name, c.technology, style.CONTAINER) for i, c in enumerate(cdns)]
    rows.append(edge)
    direct = {r.name for r in roles if r.kind == "person"} - {r for c in apps for r in c.roles}
    arrows += [(caller.key, "gateway", False) for caller in callers if caller.key != "users" or direct or not fronts]
    arrows += [("users", box.key, False) for box in fronts]
    arrows += [(box.key, "gateway", False) for box in fronts]
    arrows += [("users", box.key, False) for box in edge[1:]]

    owner: dict[str, str] = {}  # service → the node id of its box
    if by_domain:
        domains = list(dict.fromkeys(s.domain for s in design.services))
        shown, hidden = fold(domains, COLUMNS * 2)
        middle = []
        for i, domain in enumerate(shown):
            members = [s.name for s in design.services if s.domain == domain]
            middle.append(_Box(node_id("domain", i), domain, plural(len(members), "service"), style.CONTAINER))
            owner |= dict.fromkeys(members, middle[-1].key)
        if hidden:
            middle.append(_Box("domain_more", plural(len(hidden), "more domain"), "domains", style.CONTAINER))
            owner |= {s.name: "domain_more" for s in design.services if s.domain in hidden}
    else:
        middle = [
            _Box(node_id("svc", i), s.name, _runtime(design, s.deployable), style.CONTAINER)
            for i, s in enumerate(design.services)
        ]
        owner = {s.name: box.key for s, box in zip(design.services, middle, strict=True)}
    rows += chunks(middle, COLUMNS)
    arrows += [("gateway", key, False) for key in dict.fromkeys(owner.values())]

    used: dict[tuple[str, str], str] = {}  # (kind, name) → node id
    data: list[_Box] = []
    if by_kind:
        kinds = Counter(s.kind for s in design.stores)
        for i, (store_kind, count) in enumerate(kinds.items()):
            box = _Box(node_id("kind", i), plural(count, f"{store_kind} store"), "stores", style.CONTAINER, "cylinder")
            data.append(box)
            used |= {("store", s.name): box.key for s in design.stores if s.kind == store_kind}
        caches = [c for c in design.caches if c.placement != "cdn"]
        if caches:
            data.append(_Box("caches", plural(len(caches), "cache"), "caches", style.CONTAINER))
            used |= {("cache", c.name): "caches" for c in caches}
        if design.channels:
            data.append(_Box("channels", plural(len(design.channels), "channel"), "messaging", style.CONTAINER))
            used |= {("channel", c.name): "channels" for c in design.channels}
    else:
        for i, store in enumerate(design.stores):
            data.append(_Box(node_id("store", i), store.name, store.technology, style.CONTAINER, "cylinder"))
            used["store", store.name] = data[-1].key
        for i, cache in enumerate(c for c in design.caches if c.placement != "cdn"):
            data.append(_Box(node_id("cache", i), cache.name, cache.technology, style.CONTAINER))
            used["cache", cache.name] = data[-1].key
        for i, channel in enumerate(design.channels):
            data.append(
                _Box(node_id("chan", i), channel.name, channel.technology, style.CONTAINER, shorter=(channel.kind,))
            )
            used["channel", channel.name] = data[-1].key
    rows += chunks(data, COLUMNS)

    outside: list[_Box] = []
    if one_outside and design.integrations:
        outside = [_Box("outside", plural(len(design.integrations), "external system"), "outside", style.EXTERNAL)]
        used |= {("external", e.name): "outside" for e in design.integrations}
    else:
        for i, external in enumerate(design.integrations):
            outside.append(_Box(node_id("ext", i), external.name, external.kind, style.EXTERNAL))
            used["external", external.name] = outside[-1].key
    rows += chunks(outside, COLUMNS)

    drawn: set[tuple[str, str, bool]] = set()

    def arrow(source: str, target: str, dashed: bool = False) -> None:
        if source != target and (source, target, dashed) not in drawn:
            drawn.add((source, target, dashed))
            arrows.append((source, target, dashed))

    for service in design.services:
        for kind, names in (("store", service.stores), ("cache", service.caches), ("external", service.integrations)):
            for name in names:
                if (kind, name) in used:
                    arrow(owner[service.name], used[kind, name])
    for event in design.events:
        carrier = used.get(("channel", event.channel))
        if carrier is None:
            continue
        if event.producer in owner:
            arrow(owner[event.producer], carrier, dashed=True)
        for consumer in event.consumers:
            if consumer in owner:
                arrow(carrier, owner[consumer], dashed=True)
    return _Plan(rows, arrows, summed)


def _served(delivery: str) -> str:
    """A client's type line: how it reaches people."""
    return "iOS and Android" if delivery == "mobile" else "single-page app, CDN"


def _runtime(design: Design, deployable: str) -> str:
    found = next((d for d in design.deployables if d.name == deployable), None)
    return found.runtime if found else deployable


def _lines(text: str, width: int, max_lines: int) -> str:
    """`text` wrapped at spaces and hyphens (names such as acme-shop-db break there), cut with … past `max_lines`."""
    lines = textwrap.wrap(plain(text), width, break_on_hyphens=True) or [""]
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1][: width - 1].rstrip() + "…"]
    return "<br/>".join(html_text(line) for line in lines)


def _fewer(names: list[str]) -> tuple[str, ...]:
    """A list of names said with fewer of them ("member, librarian and 2 more"), down to a count."""
    return (*(listing(names, limit=n) for n in (2, 1)), plural(len(names), "role"))


# Words a technology's name starts with that say only whose it is: "Amazon RDS for PostgreSQL" is "RDS for
# PostgreSQL" in a box already drawn on that cloud.
_VENDORS = ("Amazon ", "AWS ", "Azure ", "Google Cloud ", "Google ", "Microsoft ")


def _vendorless(technology: str) -> str:
    return next((technology.removeprefix(v) for v in _VENDORS if technology.startswith(v)), technology)


def _fitted_name(name: str, max_lines: int = 2) -> str:
    """A name that fits `max_lines`: whole, else as many of its last words and then its first as fit, with … between
    ("vet-net-…-uploads"): the end of a name tells boxes apart (-db, -uploads, -events), the start says whose."""

    def fits(text: str) -> bool:
        return len(textwrap.wrap(text, NAME_CHARS, break_on_hyphens=True)) <= max_lines

    parts = name.split("-")
    if fits(name) or len(parts) < 3:
        return name
    cuts = [(tail, head) for tail in range(1, len(parts) - 1) for head in range(1, len(parts) - tail)]
    shorter = [f"{'-'.join(parts[:h])}-…-{'-'.join(parts[-t:])}" for t, h in sorted(cuts, reverse=True)]
    return next((text for text in shorter if fits(text)), name)


def _label(box: _Box) -> str:
    name = _lines(_fitted_name(box.name), NAME_CHARS, max_lines=2)
    room = 1 if "<br/>" in name else 2
    head = re.split(r" with | \(|, ", box.kind, maxsplit=1)[0]  # "X job table with one job per …" is "X job table"
    # the first form that fits whole: a line cut with … would say less than a shorter form says
    forms = [box.kind, *box.shorter, _vendorless(box.kind), head, _vendorless(head)]
    kind_text = next(
        (f for f in forms if len(textwrap.wrap(plain(f), TYPE_CHARS, break_on_hyphens=True)) <= room),
        min(forms, key=len),
    )
    kind = _lines(kind_text, TYPE_CHARS, max_lines=room)
    return html_label(
        f'<font point-size="{NAME_PT}"><b>{name}</b></font><br/><font point-size="{SMALLEST_PT}">{kind}</font>'
    )


def _look(box: _Box) -> str:
    shape = box.shape if box.shape == "cylinder" else "box"
    return f'shape={shape}, fillcolor="{box.tone.fill}", fontcolor="{box.tone.text}"'
