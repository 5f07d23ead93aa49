"""Architects: the offline rules engine (default) and Claude, behind one interface."""

from __future__ import annotations

from pathlib import Path

from archgen.architects.base import Architect
from archgen.errors import InputError

AGENTS = ("rules", "anthropic")


def get_architect(name: str, prices: Path | None = None) -> Architect:
    """The architect called `name`."""
    if name == "rules":
        from archgen.architects.rules import RulesArchitect

        return RulesArchitect(prices=prices)
    raise InputError(f"--agent {name}: not available; choose one of: rules")
