"""Draw every view of a design to SVG: pictures already drawn come from the cache, the rest are drawn at once,
each by its own Graphviz process, as many at a time as there are CPUs.

The processes are started and awaited from a few threads. Measured on the 94 pictures of a 30-domain design,
`dot` takes 1.48 s of the work, building the DOT sources 0.11 s and post-processing the SVGs 0.04 s: the Python
share is too small for a process pool to pay for itself (it took 1.55 s against 0.95 s with threads, and 0.68 s
against 0.15 s for the nine pictures of the shop example, its workers' start-up being the difference).
"""

from __future__ import annotations

import math
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata

from archgen.design.model import Design
from archgen.render.diagrams import cache
from archgen.render.diagrams.svg import FORMAT, draw, titled
from archgen.render.diagrams.view import Group
from archgen.render.diagrams.views import views
from archgen.render.graphviz import GraphvizMissing, dot_executable, dot_version

__all__ = ["Diagram", "GraphvizMissing", "dot_executable", "render_diagrams"]

_SIZE = re.compile(rb'<svg width="([\d.]+)pt" height="([\d.]+)pt"')
# The room a diagram has on an A4 page of the print view (archgen.css): 186 × 215 mm upright, 232 × 184 mm turned
PRINTED_UPRIGHT_PT = (527, 609)
PRINTED_TURNED_PT = (658, 522)
UPRIGHT_ENOUGH = 0.72  # printed at this scale or more, the diagrams' 9-point text stays 6.5 points: keep it upright
# Below this scale on one page its 9-point text prints under 6 points, too small to read on paper: the print view
# then shows the picture in parts, a page each, at UPRIGHT_ENOUGH, overlapping by TILE_OVERLAP of a part
LEGIBLE_ON_ONE_PAGE = 0.67
TILE_OVERLAP = 0.06
# ... and by at least a box's width, so every box prints whole on some part: a label cut at one part's edge is
# whole on the next
BOX_PT = 150


@dataclass(frozen=True)
class Tile:
    """One part of a picture printed on a page of its own: its window on the picture, in picture points."""

    x: float
    y: float
    width: float
    height: float
    turned: bool
    scale: float  # printed points per picture point
    picture_width: float

    def printed(self) -> dict[str, str]:
        """The part's window and the picture's offset and width in it, in printed points, for the page's style."""
        return {
            key: f"{value * self.scale + 0.0:.1f}pt"
            for key, value in (
                ("width", self.width),
                ("height", self.height),
                ("left", -self.x),
                ("top", -self.y),
                ("picture", self.picture_width),
            )
        }


@dataclass(frozen=True)
class Diagram:
    """A rendered diagram: its file under docs/, the SVG bytes, the words that describe it, and where it goes."""

    path: str
    svg: bytes
    alt: str
    caption: str
    source: str
    group: Group
    title: str = ""

    @property
    def wide(self) -> bool:
        """Printed turned along the page's long side: upright it would print small, and turned clearly larger."""
        found = _SIZE.search(self.svg[:2_000])
        if found is None:
            return False
        width, height = float(found[1]), float(found[2])
        upright = min(PRINTED_UPRIGHT_PT[0] / width, PRINTED_UPRIGHT_PT[1] / height, 1)
        turned = min(PRINTED_TURNED_PT[0] / width, PRINTED_TURNED_PT[1] / height, 1)
        return upright < UPRIGHT_ENOUGH and turned > upright * 1.15

    @property
    def size(self) -> tuple[float, float]:
        """The picture's own width and height in points (0, 0 when the SVG does not say)."""
        found = _SIZE.search(self.svg[:2_000])
        return (float(found[1]), float(found[2])) if found else (0.0, 0.0)

    @property
    def tiles(self) -> list[Tile]:
        """The parts the print view shows it in, when on one page its text would print too small; else none."""
        return print_tiles(*self.size)


def print_tiles(width: float, height: float) -> list[Tile]:
    """Parts of a `width` × `height` picture, each filling one page at a legible scale, in reading order: the
    fewest pages of the two page directions (upright when equal); none when the whole prints legibly on one."""
    if not width or not height:
        return []
    fits = max(
        min(PRINTED_UPRIGHT_PT[0] / width, PRINTED_UPRIGHT_PT[1] / height),
        min(PRINTED_TURNED_PT[0] / width, PRINTED_TURNED_PT[1] / height),
    )
    if fits >= LEGIBLE_ON_ONE_PAGE:
        return []
    plans = []
    for turned, (room_w, room_h) in ((False, PRINTED_UPRIGHT_PT), (True, PRINTED_TURNED_PT)):
        part_w, part_h = min(width, room_w / UPRIGHT_ENOUGH), min(height, room_h / UPRIGHT_ENOUGH)
        xs, ys = _starts(width, part_w), _starts(height, part_h)
        plans.append([Tile(x, y, part_w, part_h, turned, UPRIGHT_ENOUGH, width) for y in ys for x in xs])
    return min(plans, key=len)


def _starts(length: float, part: float) -> list[float]:
    """Where parts of `part` start to cover `length`, evenly spread and overlapping by at least TILE_OVERLAP of a
    part and a box's width."""
    if length <= part:
        return [0.0]
    overlap = min(max(part * TILE_OVERLAP, BOX_PT), part / 2)
    n = math.ceil((length - part) / (part - overlap)) + 1
    step = (length - part) / (n - 1)
    return [round(i * step, 1) for i in range(n)]


def render_diagrams(design: Design) -> list[Diagram]:
    """Every view of the design as self-contained SVG under images/, in a stable order."""
    dot = dot_executable()
    todo = views(design)
    tools = "\0".join((dot_version(dot), metadata.version("diagrams"), FORMAT))
    keys = [cache.key(view.source, tools) for view in todo]
    cached = {key: cache.load(key) for key in keys}
    drawn = {key: svg for key, svg in cached.items() if svg is not None}
    missing = {key: view.source for key, view in zip(keys, todo, strict=True) if key not in drawn}
    for key, svg in zip(missing, draw_all(dot, list(missing.values())), strict=True):
        drawn[key] = svg
        cache.save(key, svg)
    if missing:
        cache.prune()
    out = []
    for key, view in zip(keys, todo, strict=True):
        svg = drawn[key]
        out.append(
            Diagram(
                f"images/{view.name}.svg",
                titled(svg, view.alt),
                view.alt,
                view.caption,
                view.source,
                view.group,
                view.title,
            )
        )
    return out


def draw_all(dot: str, sources: list[str]) -> list[bytes]:
    """Draw `sources` in order, running as many `dot` processes at once as there are CPUs."""
    workers = min(len(sources), os.cpu_count() or 1)
    if workers <= 1:
        return [draw(dot, source) for source in sources]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda source: draw(dot, source), sources))
