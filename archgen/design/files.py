"""design.yaml: the saved Design, loaded with the same located errors as a questionnaire."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pydantic import ValidationError

from archgen.common import yamlio
from archgen.common.errors import InputError
from archgen.common.validation import problems_from
from archgen.design.checks import check, kept_only_in_memory, unknown_technologies
from archgen.design.migrations import supported, upgrade
from archgen.design.model import Design

WHAT = "design file"
HEADER = (
    "# The architecture design archgen produced. Edit it by hand if you like, then run\n"
    "# `archgen render design.yaml` to regenerate the site, or `archgen review` to check it.\n"
)


def fingerprint(design_text: str) -> str:
    """A short fingerprint of a saved design, shown in the site's footer and on its changes page."""
    return hashlib.sha256(design_text.encode("utf-8")).hexdigest()[:12]


def dump_design(design: Design) -> str:
    """The design as deterministic YAML text."""
    return HEADER + yamlio.dump(design.model_dump(mode="json", by_alias=True))


def load_design(path: Path) -> Design:
    """Read, validate and cross-check a design file."""
    return load_saved(path)[0]


def load_saved(path: Path) -> tuple[Design, yamlio.Located]:
    """Read, validate and cross-check a design file; the source says which migrations upgraded it."""
    design, source = read_design(path)
    problems = check(design) + unknown_technologies(design) + kept_only_in_memory(design)
    if problems:
        raise InputError(*(source.problem(p, message) for p, message in problems))
    return design, source


def is_questionnaire(data: dict[str, object]) -> bool:
    """Whether parsed YAML is a questionnaire (its `version` and `system`) rather than a design file."""
    return "format_version" not in data and "version" in data and "system" in data


def read_design(path: Path) -> tuple[Design, yamlio.Located]:
    """Read, upgrade and validate a design file without the cross-checks; the source locates keys by line.

    A design saved by an earlier archgen is upgraded first; `source.notes` says which migrations ran.
    """
    source = yamlio.load(path, WHAT, yamlio.DESIGN_FILE_BYTES, yamlio.DESIGN_NODES)
    version = source.data.get("format_version")
    if version is None and is_questionnaire(source.data):
        raise InputError(
            f"{source.file}: this is a questionnaire, not a design file; use `archgen new -r {source.file}` "
            "to design from it"
        )
    if version is None:
        raise InputError(
            f"{source.file}: not a design file (it has no format_version); give the design.yaml archgen wrote"
        )
    if version not in supported() or isinstance(version, bool):
        known = ", ".join(map(str, supported()))
        newer = isinstance(version, int) and version > max(supported())
        hint = "; it was written by a newer archgen: upgrade archgen" if newer else ""
        raise InputError(
            source.problem(("format_version",), f"design format {version!r} is not supported (known: {known}){hint}")
        )
    source.data, source.notes = upgrade(source.data)
    try:
        return Design.model_validate(source.data), source
    except ValidationError as exc:
        raise InputError(*problems_from(exc, source, Design)) from None
