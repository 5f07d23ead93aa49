"""What a view is (a DOT source with the words that describe it) and how big one picture may grow."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

from archgen.common.english import join

Group = Literal["overview", "context", "container", "deployment", "er", "sequence", "states"]

# Beyond this many boxes a picture stops being readable in a review room: bigger designs get an overview
# plus one detail picture per domain, and lists that still do not fit are folded into one "N more" box.
MAX_NODES = 40
# ER tables are tall (one row per field), so a picture holds fewer of them.
MAX_TABLES = 12

T = TypeVar("T")


@dataclass(frozen=True)
class View:
    """A diagram to draw: its file stem, DOT source, alt text, caption, the page section it belongs to, and a
    title when it is one of several pictures in that section (a domain's detail view, a use case)."""

    name: str
    source: str
    alt: str
    caption: str
    group: Group
    title: str = ""


def fold(items: Sequence[T], room: int) -> tuple[list[T], list[T]]:
    """The items drawn one box each within `room` boxes, and the rest, drawn together as one "N more" box."""
    if len(items) <= room:
        return list(items), []
    keep = max(room - 1, 0)
    return list(items[:keep]), list(items[keep:])


def chunks(items: Sequence[T], size: int) -> list[list[T]]:
    """`items` in consecutive runs of at most `size`, as evenly filled as possible."""
    if not items:
        return []
    count = -(-len(items) // size)
    step = -(-len(items) // count)
    return [list(items[i : i + step]) for i in range(0, len(items), step)]


def grid_pairs(items: Sequence[T]) -> list[tuple[T, T]]:
    """Pairs (upper, lower) that lay `items` out in rows about half again as wide as tall, one rank per row."""
    columns = max(1, round(math.sqrt(len(items) * 1.5)))
    return list(zip(items, items[columns:], strict=False))


def listing(names: Sequence[str], limit: int = 6) -> str:
    """Names joined with commas and 'and', cut to `limit` with a count of the rest."""
    names = list(names)
    if len(names) > limit:
        names = [*names[:limit], f"{len(names) - limit} more"]
    return join(names)
