"""Graphviz's `dot`: found before any work, and the version it reports (part of every key that caches drawings).

Kept apart from the diagram code so a command can check for Graphviz without importing the design model.
"""

from __future__ import annotations

import functools
import shutil
import subprocess

from archgen.common.errors import ArchgenError


class GraphvizMissing(ArchgenError):
    """Graphviz's `dot` is not installed."""


def dot_executable() -> str:
    """The path of Graphviz's `dot`, or a one-line error saying how to install it."""
    found = shutil.which("dot")
    if not found:
        raise GraphvizMissing(
            "Graphviz is not installed (no `dot` on PATH); install it with `apt-get install graphviz` "
            "(Debian/Ubuntu), `dnf install graphviz` (Fedora) or `brew install graphviz` (macOS), then run again"
        )
    return found


@functools.cache
def dot_version(dot: str) -> str:
    """What `dot -V` says about itself: part of the cache key, since another Graphviz draws differently."""
    try:
        result = subprocess.run([dot, "-V"], capture_output=True, check=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        raise GraphvizMissing(f"Graphviz's `dot` ({dot}) does not run: {exc}; reinstall Graphviz") from None
    return (result.stderr or result.stdout).decode("utf-8", "replace").strip()
