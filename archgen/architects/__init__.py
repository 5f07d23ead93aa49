"""Architects: the offline rules engine (default) and Claude, behind one interface."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from archgen.architects.base import Architect
from archgen.errors import InputError

AGENTS = ("rules", "anthropic")


def _quiet(_: str) -> None:
    """Say nothing."""


def get_architect(
    name: str,
    prices: Path | None = None,
    *,
    model: str | None = None,
    refine: bool = False,
    use_cache: bool = True,
    progress: Callable[[str], None] = _quiet,
) -> Architect:
    """The architect called `name`; `model`, `refine` and `use_cache` configure Claude."""
    if name == "rules":
        if model is not None or refine or not use_cache:
            raise InputError("--model, --refine and --no-cache apply to --agent anthropic only; drop them or add it")
        from archgen.architects.rules import RulesArchitect

        return RulesArchitect(prices=prices)
    if name == "anthropic":
        if model is not None and not model.strip():
            raise InputError("--model: give a Claude model name, e.g. claude-sonnet-5-5")
        from archgen.architects.claude import DEFAULT_MODEL, ClaudeArchitect

        return ClaudeArchitect(
            model or DEFAULT_MODEL, prices=prices, refine=refine, use_cache=use_cache, progress=progress
        )
    raise InputError(f"--agent {name}: not available; choose one of: {', '.join(AGENTS)}")
