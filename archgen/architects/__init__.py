"""Architects: the offline rules engine (default) and Claude, behind one interface."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

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
    **claude: Any,
) -> Architect:
    """The architect called `name`; `model`, `refine`, `use_cache` and the `claude` options (platform, effort,
    max_cost, accept_findings, keep_prompts) configure Claude."""
    if name == "rules":
        catalog = claude.pop("catalog", None)
        given = {key for key, value in claude.items() if value not in (None, False)}
        if model is not None or refine or not use_cache or given:
            raise InputError(
                "--model, --refine, --no-cache, --platform, --effort, --max-cost, --dry-run, --accept-findings and "
                "--keep-prompts apply to --agent anthropic only; drop them or add it"
            )
        from archgen.architects.rules import RulesArchitect

        return RulesArchitect(prices=prices, catalog=catalog)
    if name == "anthropic":
        if model is not None and not model.strip():
            raise InputError("--model: give a Claude model name, e.g. claude-sonnet-5-5")
        from archgen.architects.claude import DEFAULT_MODEL, ClaudeArchitect

        options = {key: value for key, value in claude.items() if value is not None}
        if options.get("max_cost") is not None and options["max_cost"] <= 0:
            raise InputError("--max-cost: give a positive amount in USD, e.g. --max-cost 5")
        return ClaudeArchitect(
            model or DEFAULT_MODEL, prices=prices, refine=refine, use_cache=use_cache, progress=progress, **options
        )
    raise InputError(f"--agent {name}: not available; choose one of: {', '.join(AGENTS)}")
