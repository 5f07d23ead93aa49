"""Review files on disk: a questionnaire and a design, as `archgen review` takes them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from archgen.design.files import read_design
from archgen.requirements import load_requirements
from archgen.review.engine import Finding, review


@dataclass(frozen=True)
class Reviewed:
    """The findings of a review, and what reading the design changed (the migrations of an older file)."""

    findings: list[Finding]
    upgraded: list[str]


def review_files(requirements: Path, design: Path) -> Reviewed:
    """Findings of `design` judged against the questionnaire `requirements`, located by design.yaml line.

    The design is validated but not cross-checked on loading: a broken reference is a finding (CON001) with
    its line, like every other, rather than a refusal to review.
    """
    loaded = load_requirements(requirements)
    saved, source = read_design(design)
    return Reviewed(review(saved, loaded.requirements, source.line_of), source.notes)
