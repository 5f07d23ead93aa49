"""A content-hash cache of drawn diagrams: a DOT source already drawn by the same Graphviz is not drawn again.

It lives in the user's cache folder (ARCHGEN_CACHE_DIR overrides it), not in an output folder: a drawing depends
only on its DOT source and the tools that drew it, so any design, output folder or test run can reuse it, renderers
stay free of disk writes into the site, and nothing of it ever lands in a published site or in git.
Entries are written atomically (parallel runs never read half a file) and the oldest are pruned beyond a bound.
A cache that cannot be read or written is simply not used: it only ever saves time.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from archgen.common.cache_dir import cache_dir

MAX_ENTRIES = 2_000  # a few hundred KB each at most; the largest designs draw a few hundred pictures


def folder() -> Path:
    """Where drawn diagrams are kept (see archgen.common.cache_dir)."""
    return cache_dir("diagrams")


def key(source: str, tools: str) -> str:
    """The entry for `source` drawn by `tools` (the Graphviz version, icon set and post-processing format)."""
    return hashlib.sha256(f"{tools}\0{source}".encode()).hexdigest()


def load(entry: str) -> bytes | None:
    """The cached SVG, or None when there is none (or it cannot be read)."""
    path = folder() / entry[:2] / f"{entry}.svg"
    try:
        svg = path.read_bytes()
        os.utime(path)  # recently used entries survive pruning
    except OSError:
        return None
    return svg


def save(entry: str, svg: bytes) -> None:
    """Keep `svg` under `entry`, atomically; failures are ignored."""
    target = folder() / entry[:2] / f"{entry}.svg"
    with contextlib.suppress(OSError):
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(svg)
            Path(temporary).replace(target)
        finally:
            Path(temporary).unlink(missing_ok=True)


def prune(keep: int = MAX_ENTRIES) -> None:
    """Remove the least recently used entries beyond `keep`."""
    with contextlib.suppress(OSError):
        entries = sorted(folder().glob("*/*.svg"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in entries[keep:]:
            stale.unlink(missing_ok=True)
