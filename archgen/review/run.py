"""Review files on disk: a questionnaire and a design, as `archgen review` takes them."""

from __future__ import annotations

from pathlib import Path

from archgen.design.files import load_design
from archgen.requirements import load_requirements
from archgen.review.engine import Finding, review


def review_files(requirements: Path, design: Path) -> list[Finding]:
    """Findings of `design` judged against the questionnaire `requirements` (not the copy inside the design)."""
    loaded = load_requirements(requirements)
    saved = load_design(design)
    return review(saved.model_copy(update={"requirements": loaded.requirements}))
