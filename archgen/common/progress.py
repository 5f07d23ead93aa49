"""How a long run reports what it is doing: a callable that takes one line, and the one that says nothing."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str], None]


def quiet(_: str) -> None:
    """Say nothing (the default where no one is listening)."""
