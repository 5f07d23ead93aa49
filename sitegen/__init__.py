"""archgen's own documentation site (`site/`): the pages generated from the code, and the one-command build.

It documents this repository, not a user's design: it reads README.md, `site/` and `examples/`, so it is left out
of the wheel (see pyproject.toml) while staying in the package to be linted and type-checked with the rest.
"""

from __future__ import annotations

import functools
from pathlib import Path

from archgen.design.model import Design

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
DOCS = SITE / "docs"
EXAMPLES = ROOT / "examples"


def example_names() -> list[str]:
    """The bundled examples, by folder name."""
    return sorted(p.parent.name for p in EXAMPLES.glob("*/requirements.yaml"))


@functools.cache
def example_designs() -> dict[str, Design]:
    """The rules architect's design of every bundled example (computed once per process)."""
    from archgen.architects.rules import RulesArchitect
    from archgen.requirements import load_requirements

    return {
        name: RulesArchitect().design(load_requirements(EXAMPLES / name / "requirements.yaml"))
        for name in example_names()
    }
