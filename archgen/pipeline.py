"""The pipeline the commands run: load → architect → render → write (→ build). No printing here."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from archgen.design.diff import Changelog
from archgen.design.model import Design
from archgen.errors import InputError, Problem
from archgen.requirements.resolve import Assumption
from archgen.writer import Report, prepare_out

if TYPE_CHECKING:
    from archgen.architects.claude.usage import Usage

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    """The default progress callback: say nothing."""


@dataclass
class Result:
    """What a run produced, for the CLI's summary."""

    out: Path
    design: Design
    report: Report
    assumptions: list[Assumption] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    site: Path | None = None
    changes: Changelog | None = None
    usage: Usage | None = None  # Claude's calls, tokens and cost, with --agent anthropic


def default_out(design: Design) -> Path:
    """The default output folder: the system's slug in the current directory."""
    return Path(design.system.slug)


def generate(
    requirements: Path,
    out: Path | None = None,
    agent: str = "rules",
    prices: Path | None = None,
    templates: Path | None = None,
    force: bool = False,
    build: bool = False,
    progress: Progress = _quiet,
    model: str | None = None,
    refine: bool = False,
    use_cache: bool = True,
) -> Result:
    """`archgen new`: questionnaire → design → site files in `out` (and the built site with `build`)."""
    from archgen.architects import get_architect
    from archgen.requirements import load_requirements

    _check_templates(templates)
    _require_graphviz()
    progress("loading the questionnaire")
    loaded = load_requirements(requirements)
    architect = get_architect(agent, prices=prices, model=model, refine=refine, use_cache=use_cache, progress=progress)
    created = _missing_folders(out) if out is not None else []
    if out is not None:
        prepare_out(out)  # before the architect, which may take minutes and cost money
    progress(f"designing with the {agent} architect")
    try:
        design = architect.design(loaded)
    except BaseException:
        for folder in created:  # leave the output folder as it was: the probe left the new ones empty
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    result = publish(design, out or default_out(design), templates, force, build, progress)
    result.assumptions, result.warnings = loaded.assumptions, [*loaded.warnings, *result.warnings]
    result.usage = getattr(architect, "usage", None)
    return result


def _missing_folders(out: Path) -> list[Path]:
    """The folders `prepare_out` will create for `out`, deepest first."""
    return [folder for folder in (out, *out.parents) if not folder.exists()]


def rerender(
    design_path: Path,
    out: Path | None = None,
    templates: Path | None = None,
    force: bool = False,
    build: bool = False,
    progress: Progress = _quiet,
) -> Result:
    """`archgen render`: a saved (possibly hand-edited) design → site files, without any architect."""
    from archgen.design.files import load_design
    from archgen.writer import recover

    _check_templates(templates)
    _require_graphviz()
    progress("loading the design")
    recover(design_path.parent)  # the design may sit in a folder a killed run left half-written
    design = load_design(design_path)
    # the design file is the source of truth: it is copied as it is, never reformatted
    original = design_path.read_bytes()
    return publish(design, out or design_path.resolve().parent, templates, force, build, progress, original)


def _check_templates(templates: Path | None) -> None:
    if templates is not None and not templates.is_dir():
        raise InputError(f"{templates}: no such folder; --templates takes a folder of templates to override")


def _require_graphviz() -> None:
    """Fail before any work (an architect may take minutes, or cost money) when Graphviz cannot draw the diagrams."""
    from archgen.render.diagrams.svg import dot_executable

    dot_executable()


def publish(
    design: Design,
    out: Path,
    templates: Path | None,
    force: bool,
    build: bool,
    progress: Progress,
    design_file: bytes | None = None,
) -> Result:
    """Render every file in memory, then hand them to the writer in one go."""
    from archgen.design.files import dump_design
    from archgen.history import history
    from archgen.render.site import render_site
    from archgen.writer import recover, write_files

    prepare_out(out)
    recover(out)  # the record of the last published design must not be one a killed run left
    past = history(out, design, dump_design(design))
    progress("rendering pages, diagrams and OpenAPI documents")
    files = render_site(design, templates, past.changes)
    if design_file is not None:
        files["design.yaml"] = design_file
    progress(f"writing {out}")
    report = write_files(out, files, force=force, state=past.state)
    site = None
    if build:
        from archgen.site_build import build_site

        progress("building the site with mkdocs")
        site = build_site(out)
    return Result(out=out, design=design, report=report, site=site, warnings=past.warnings, changes=past.changes)
