"""Architects: the offline rules engine (default) and Claude, behind one interface."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archgen.architects.base import Architect
from archgen.common.english import join
from archgen.common.errors import InputError
from archgen.common.progress import Progress, quiet

AGENTS = ("rules", "anthropic")


@dataclass(frozen=True)
class Options:
    """What `archgen new` asks of an architect: the price table and (rules) the catalog folder, and how Claude is
    reached and bounded (its model, whether it refines the rules design, its cache, platform, effort, cost ceiling,
    whether review errors are accepted, whether the prompts go into the site)."""

    prices: Path | None = None
    catalog: Path | None = None
    model: str | None = None
    refine: bool = False
    use_cache: bool = True
    platform: str | None = None
    effort: str | None = None
    max_cost: float | None = None
    accept_findings: bool = False
    keep_prompts: bool = False

    def claude_only(self) -> list[str]:
        """The options given that only the Claude architect takes, as their flags."""
        given = {
            "--model": self.model is not None,
            "--refine": self.refine,
            "--no-cache": not self.use_cache,
            "--platform": self.platform is not None,
            "--effort": self.effort is not None,
            "--max-cost": self.max_cost is not None,
            "--accept-findings": self.accept_findings,
            "--keep-prompts": self.keep_prompts,
        }
        return [flag for flag, on in given.items() if on]


def get_architect(name: str, options: Options | None = None, progress: Progress = quiet) -> Architect:
    """The architect called `name`, configured by `options`."""
    options = options or Options()
    if name == "rules":
        flags = options.claude_only()
        if flags:
            one = len(flags) == 1
            raise InputError(
                f"{join(flags)} {'applies' if one else 'apply'} to --agent anthropic only; "
                f"drop {'it' if one else 'them'} or add --agent anthropic"
            )
        from archgen.architects.rules import RulesArchitect

        return RulesArchitect(prices=options.prices, catalog=options.catalog)
    if name == "anthropic":
        if options.catalog is not None:
            raise InputError("--catalog applies to --agent rules only; Claude designs from the shipped catalog")
        if options.model is not None and not options.model.strip():
            raise InputError("--model: give a Claude model name, e.g. claude-sonnet-5-5")
        if options.max_cost is not None and options.max_cost <= 0:
            raise InputError("--max-cost: give a positive amount in USD, e.g. --max-cost 5")
        from archgen.architects.claude import DEFAULT_MODEL, ClaudeArchitect

        tuning: dict[str, Any] = {
            key: value
            for key, value in {
                "platform": options.platform,
                "effort": options.effort,
                "max_cost": options.max_cost,
            }.items()
            if value is not None
        }
        return ClaudeArchitect(
            options.model or DEFAULT_MODEL,
            prices=options.prices,
            refine=options.refine,
            use_cache=options.use_cache,
            progress=progress,
            accept_findings=options.accept_findings,
            keep_prompts=options.keep_prompts,
            **tuning,
        )
    raise InputError(f"--agent {name}: not available; choose one of: {', '.join(AGENTS)}")
