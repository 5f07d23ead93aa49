"""Marked blocks in generated pages where people keep their own notes; regeneration carries them over.

A block is the lines between `<!-- archgen:notes:start -->` and `<!-- archgen:notes:end -->` (a page may name
further blocks: `<!-- archgen:notes:start:risks -->` … `<!-- archgen:notes:end:risks -->`). archgen owns
everything outside the blocks and the person owns everything inside: the writer compares pages with their
blocks emptied, so a page whose only change is a note is still archgen's to update.
"""

from __future__ import annotations

import re

MARKER = re.compile(r"<!-- archgen:notes:(start|end)(?::([A-Za-z0-9_-]+))? -->")
HINT = "<!-- Your notes: write between the two markers below; archgen keeps them when it regenerates this page. -->"

Pieces = list[tuple[str | None, str]]


def block(name: str = "") -> str:
    """An empty notes block, with a line that tells the reader what it is for."""
    suffix = f":{name}" if name else ""
    return f"{HINT}\n<!-- archgen:notes:start{suffix} -->\n<!-- archgen:notes:end{suffix} -->\n"


def _marker(line: str) -> tuple[str, str] | None:
    match = MARKER.fullmatch(line.strip())
    return (match[1], match[2] or "") if match else None


def split(text: str) -> Pieces:
    """The text cut into pieces: (None, generated text) and (block name, the block's body), in order.

    A start marker without its end marker is ordinary text: a block is only what both markers enclose.
    """
    lines = text.splitlines(keepends=True)
    pieces: Pieces = []
    outside: list[str] = []
    i = 0
    while i < len(lines):
        marker = _marker(lines[i])
        if marker is not None and marker[0] == "start":
            end = next((j for j in range(i + 1, len(lines)) if _marker(lines[j]) == ("end", marker[1])), None)
            if end is not None:
                pieces.append((None, "".join([*outside, lines[i]])))
                pieces.append((marker[1], "".join(lines[i + 1 : end])))
                outside, i = [lines[end]], end + 1
                continue
        outside.append(lines[i])
        i += 1
    pieces.append((None, "".join(outside)))
    return pieces


def strip(text: str) -> str:
    """The text with every block emptied: the part archgen owns."""
    return "".join("" if name is not None else piece for name, piece in split(text))


def bodies(text: str) -> dict[str, list[str]]:
    """The body of each block, by name (a name used twice keeps both, in order)."""
    out: dict[str, list[str]] = {}
    for name, piece in split(text):
        if name is not None:
            out.setdefault(name, []).append(piece)
    return out


def carry(own: str, rendered: str) -> str:
    """`rendered` with each of its blocks holding what the same block holds in `own`."""
    kept = bodies(own)
    return "".join(
        piece if name is None else (kept[name].pop(0) if kept.get(name) else piece) for name, piece in split(rendered)
    )


def orphaned(own: str, rendered: str) -> list[str]:
    """Names of blocks in `own` holding notes that `rendered` has no block for: carrying over would lose them."""
    room = {name: len(found) for name, found in bodies(rendered).items()}
    lost = []
    for name, found in bodies(own).items():
        written = [body for body in found if body.strip()]
        if len(written) > room.get(name, 0):
            lost.append(name or "notes")
    return lost
