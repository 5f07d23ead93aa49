"""Review files on disk: a questionnaire and a design, as `archgen review` takes them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from archgen.common import yamlio
from archgen.common.errors import ArchgenError, InputError
from archgen.design.checks import unknown_technologies
from archgen.design.files import is_questionnaire, read_design
from archgen.requirements import load_requirements
from archgen.review.engine import Finding, review
from archgen.write.history import removed_since


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
    try:
        loaded = load_requirements(requirements)
    except InputError:
        if _kind(requirements) == "design" and _kind(design) == "questionnaire":
            raise InputError(
                f"{requirements} is a design file and {design} a questionnaire: the questionnaire comes first; "
                f"run `archgen review {design} {requirements}`"
            ) from None
        raise
    saved, source = read_design(design)
    unknown = unknown_technologies(saved)
    if unknown:
        raise InputError(*(source.problem(path, message) for path, message in unknown))
    removed = removed_since(design, saved)  # in an archgen folder: what an edit took out since the last version
    return Reviewed(review(saved, loaded.requirements, source.line_of, removed), source.notes)


def _kind(path: Path) -> str:
    """ "design" or "questionnaire" by the keys at the top of the file, or "" when it is neither or unreadable."""
    try:
        data = yamlio.load(path, "file", yamlio.DESIGN_FILE_BYTES, yamlio.DESIGN_NODES).data
    except ArchgenError:
        return ""
    if "format_version" in data:
        return "design"
    return "questionnaire" if is_questionnaire(data) else ""
