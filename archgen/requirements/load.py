"""Load a questionnaire file into resolved, cross-checked Requirements, or fail with located problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from archgen.common import yamlio
from archgen.common.errors import InputError, Problem, quoted
from archgen.common.validation import problems_from
from archgen.requirements.checks import check
from archgen.requirements.model import SUPPORTED_VERSIONS, Requirements
from archgen.requirements.resolve import Assumption, resolve

WHAT = "questionnaire"


@dataclass
class Loaded:
    """A questionnaire that passed every check: the resolved model, what was assumed, and any warnings."""

    requirements: Requirements
    assumptions: list[Assumption]
    warnings: list[Problem] = field(default_factory=list)
    source: str = ""


def load_requirements(path: Path) -> Loaded:
    """Read, validate, cross-check and resolve the questionnaire at `path`."""
    return parse_requirements(yamlio.load(path, WHAT))


def parse_requirements(source: yamlio.Located) -> Loaded:
    """Validate already-parsed YAML (see `load_requirements`)."""
    data = source.data
    version = data.get("version")
    if "format_version" in data and version is None:
        raise InputError(
            f"{source.file}: this is a design file (it has format_version), not a questionnaire; "
            f"regenerate its site with `archgen render {source.file}`"
        )
    if version is None:
        raise InputError(source.problem(("version",), f"is required; add `version: {SUPPORTED_VERSIONS[-1]}`"))
    if version not in SUPPORTED_VERSIONS or not isinstance(version, int) or isinstance(version, bool):
        supported = ", ".join(map(str, SUPPORTED_VERSIONS))
        shown = version if isinstance(version, int) else quoted(version)
        message = f"format version {shown} is not supported; supported: {supported}"
        raise InputError(source.problem(("version",), message))
    try:
        requirements = Requirements.model_validate(data)
    except ValidationError as exc:
        raise InputError(*problems_from(exc, source, Requirements)) from None
    findings = check(requirements)
    errors = [source.problem(f.path, f.message) for f in findings if f.severity == "error"]
    if errors:
        raise InputError(*errors)
    resolved, assumptions = resolve(requirements)
    warnings = [source.problem(f.path, f.message) for f in findings if f.severity == "warning"]
    return Loaded(resolved, assumptions, warnings, source.file)
