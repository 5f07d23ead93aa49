"""The pipeline the commands run: load → architect → render → write (→ build). No printing here."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archgen.errors import InputError, Problem
from archgen.summary import Summary
from archgen.timings import stage
from archgen.writer import Report, prepare_out, read_manifest

if TYPE_CHECKING:
    from archgen.architects.claude.usage import Usage
    from archgen.design.model import Design
    from archgen.requirements import Loaded

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    """The default progress callback: say nothing."""


@dataclass
class Result:
    """What a run produced, for the CLI's summary."""

    out: Path
    summary: Summary
    report: Report
    design: Design | None = None  # None when the folder already held this run's output, so nothing was designed
    site: Path | None = None
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
    **claude: Any,
) -> Result:
    """`archgen new`: questionnaire → design → site files in `out` (and the built site with `build`).

    `claude` holds the Claude architect's further options (platform, effort, max_cost, accept_findings,
    keep_prompts).

    A run with the rules architect into a folder that already holds its output (see `archgen.uptodate`) does
    nothing but build the site when asked.
    """
    _check_templates(templates)
    _require_graphviz()
    run = None
    if agent == "rules" and out is not None:
        from archgen.uptodate import fingerprint, previous_run

        run = fingerprint(requirements, prices, templates)
        summary = previous_run(out, run) if run is not None else None
        if summary is not None:
            progress(f"nothing to do: {out} holds this run's output")
            report = Report(unchanged=sorted(read_manifest(out)))
            return Result(out=out, summary=summary, report=report, site=_build(out, progress) if build else None)

    from archgen.architects import get_architect
    from archgen.requirements import load_requirements

    progress("loading the questionnaire")
    with stage("load"):
        loaded = load_requirements(requirements)
    architect = get_architect(
        agent, prices=prices, model=model, refine=refine, use_cache=use_cache, progress=progress, **claude
    )
    created = _missing_folders(out) if out is not None else []
    if out is not None:
        prepare_out(out)  # before the architect, which may take minutes and cost money
    progress(f"designing with the {agent} architect")
    try:
        with stage("architect"):
            design = architect.design(loaded)
    except BaseException:
        for folder in created:  # leave the output folder as it was: the probe left the new ones empty
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    extra = getattr(architect, "prompt_files", None)  # the prompts Claude was sent, with --keep-prompts
    result = publish(design, out or default_out(design), templates, force, build, progress, loaded=loaded, extra=extra)
    result.usage = getattr(architect, "usage", None)
    if run is not None and not result.report.kept:
        from archgen.uptodate import remember

        remember(result.out, run, result.summary)
    return result


def plan(
    requirements: Path,
    folder: Path,
    prices: Path | None = None,
    progress: Progress = _quiet,
    model: str | None = None,
    refine: bool = False,
    **claude: Any,
) -> list[str]:
    """`archgen new --agent anthropic --dry-run FOLDER`: the requests Claude would be sent, written to `folder`,
    with their input tokens and the most the run can cost; no design is asked for. Returns the report's lines."""
    from archgen.architects import get_architect
    from archgen.architects.claude import ClaudeArchitect
    from archgen.architects.claude.dryrun import dry_run
    from archgen.requirements import load_requirements

    loaded = load_requirements(requirements)
    architect = get_architect("anthropic", prices=prices, model=model, refine=refine, progress=progress, **claude)
    assert isinstance(architect, ClaudeArchitect)
    return dry_run(architect, loaded, folder)


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
    from archgen.design.files import load_saved
    from archgen.writer import recover

    _check_templates(templates)
    _require_graphviz()
    progress("loading the design")
    recover(design_path.parent)  # the design may sit in a folder a killed run left half-written
    design, source = load_saved(design_path)
    # the design file is the source of truth: it is copied as it is, never reformatted
    original = design_path.read_bytes()
    upgraded = [Problem(f"upgraded on reading: {note}", file=source.file) for note in source.notes]
    return publish(
        design, out or design_path.resolve().parent, templates, force, build, progress, original, warnings=upgraded
    )


def _check_templates(templates: Path | None) -> None:
    if templates is not None and not templates.is_dir():
        raise InputError(f"{templates}: no such folder; --templates takes a folder of templates to override")


def _require_graphviz() -> None:
    """Fail before any work (an architect may take minutes, or cost money) when Graphviz cannot draw the diagrams."""
    from archgen.render.graphviz import dot_executable

    dot_executable()


def publish(
    design: Design,
    out: Path,
    templates: Path | None,
    force: bool,
    build: bool,
    progress: Progress,
    design_file: bytes | None = None,
    loaded: Loaded | None = None,
    warnings: list[Problem] | None = None,
    extra: dict[str, bytes] | None = None,
) -> Result:
    """Render every file in memory, then hand them to the writer in one go; `extra` files are written with them."""
    from archgen.design.files import dump_design
    from archgen.history import history
    from archgen.render.site import render_site
    from archgen.writer import recover, write_files

    prepare_out(out)
    recover(out)  # the record of the last published design must not be one a killed run left
    progress("rendering pages, diagrams and OpenAPI documents")
    with stage("pages"):  # diagrams and OpenAPI documents are stages of their own inside
        design_text = dump_design(design)
        past = history(out, design, design_text)
        files = render_site(design, templates, past.changes, design_text)
    if design_file is not None:
        files["design.yaml"] = design_file
    files.update(extra or {})
    progress(f"writing {out}")
    with stage("write"):
        report = write_files(out, files, force=force, state=past.state)
    summary = Summary.of(
        design,
        loaded.assumptions if loaded else (),
        past.changes,
        [*(loaded.warnings if loaded else ()), *(warnings or ()), *past.warnings],
    )
    site = _build(out, progress) if build else None
    return Result(out=out, summary=summary, report=report, design=design, site=site)


def _build(out: Path, progress: Progress) -> Path:
    """Build the HTML site of `out` with mkdocs."""
    from archgen.site_build import build_site

    progress("building the site with mkdocs")
    with stage("build"):
        return build_site(out)
