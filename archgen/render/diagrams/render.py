"""Draw every view of a design to SVG: pictures already drawn come from the cache, the rest are drawn at once,
each by its own Graphviz process, as many at a time as there are CPUs.

The processes are started and awaited from a few threads. Measured on the 94 pictures of a 30-domain design,
`dot` takes 1.48 s of the work, building the DOT sources 0.11 s and post-processing the SVGs 0.04 s: the Python
share is too small for a process pool to pay for itself (it took 1.55 s against 0.95 s with threads, and 0.68 s
against 0.15 s for the nine pictures of the shop example, its workers' start-up being the difference).
"""

from __future__ import annotations

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
