"""The pipeline the commands run: load → architect → render → write (→ build). No printing here.

Ctrl-C at any moment ends a run with `Interrupted`, whose line says what the output folder holds at that moment:
the folder is looked at (after rolling back a write cut short), not assumed.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from archgen.common.errors import ArchgenError, InputError, Interrupted, Problem
from archgen.common.progress import Progress, quiet
from archgen.common.timings import stage
from archgen.summary import Summary
from archgen.write.writer import STATE_DIR, Report, digest, prepare_out, read_manifest

if TYPE_CHECKING:
    from archgen.architects import Options as Options
    from archgen.architects.claude.usage import Usage
    from archgen.capacity.remeasure import Measured
    from archgen.common.yamlio import Located
    from archgen.design.model import Design
    from archgen.requirements import Loaded

DESIGN_FILE = "design.yaml"


@dataclass
class Result:
    """What a run produced, for the CLI's summary."""

    out: Path
    summary: Summary
    report: Report
    design: Design | None = None  # None when the folder already held this run's output, so nothing was designed
    site: Path | None = None
    usage: Usage | None = None  # Claude's calls, tokens and cost, with --agent anthropic
    measured: Measured | None = None  # with `render`: what re-measuring the saved design changed in it
    folder: Folder | None = None  # what the output folder held before the write, to describe an interruption


def default_out(design: Design) -> Path:
    """The default output folder: the system's slug in the current directory."""
    return Path(design.system.slug)


class Phase:
    """What Ctrl-C would find at this moment of a run: the run sets `describe` as it moves from one phase to the
    next, inside one `_interrupts` block that spans the whole run, so no moment between two phases is left where a
    Ctrl-C escapes without a true line."""

    def __init__(self, describe: Callable[[], str]) -> None:
        self.describe = describe

    def __call__(self) -> str:
        return self.describe()


@contextlib.contextmanager
def _interrupts(describe: Callable[[], str]) -> Iterator[None]:
    """Turn Ctrl-C inside the block into `Interrupted`, with what `describe` finds in the folder at that moment."""
    try:
        yield
    except (KeyboardInterrupt, Interrupted):
        raise Interrupted(describe()) from None


def generate(
    requirements: Path,
    out: Path | None = None,
    agent: str = "rules",
    options: Options | None = None,
    templates: Path | None = None,
    force: bool = False,
    build: bool = False,
    progress: Progress = quiet,
) -> Result:
    """`archgen new`: questionnaire → design → site files in `out` (and the built site with `build`).

    A run with the rules architect into a folder that already holds its output (see `archgen.write.uptodate`) does
    nothing but build the site when asked.
    """
    from archgen.architects import Options

    options = options or Options()
    _check_templates(templates)
    _require_graphviz()
    run = None
    if agent == "rules" and out is not None:
        from archgen.write.uptodate import fingerprint, previous_run

        run = fingerprint(requirements, options.prices, templates, options.catalog)
        summary = previous_run(out, run) if run is not None else None
        if summary is not None:
            progress(f"nothing to do: {out} holds this run's output")
            report = Report(unchanged=sorted(read_manifest(out)))
            folder = Folder(out)
            folder.look()
            with _interrupts(folder.after_build):
                site = _build(out, progress) if build else None
            return Result(out=out, summary=summary, report=report, site=site, folder=folder)

    from archgen.architects import get_architect
    from archgen.requirements import load_requirements

    phase = Phase(Folder(out).as_it_was if out is not None else _nothing_written)
    with _interrupts(phase):
        progress("loading the questionnaire")
        with stage("load"):
            loaded = load_requirements(requirements)
        architect = get_architect(agent, options, progress)
        created = _missing_folders(out) if out is not None else []
        with _removed_on_failure(created):  # leave the output folder as it was: the probe left the new ones empty
            if out is not None:
                prepare_out(out)  # before the architect, which may take minutes and cost money
            progress(f"designing with the {agent} architect")
            with stage("architect"):
                design = architect.design(loaded)
            extra = getattr(architect, "prompt_files", None)  # the prompts Claude was sent, with --keep-prompts
            result = publish(
                design,
                out or default_out(design),
                templates,
                force,
                build,
                progress,
                loaded=loaded,
                extra=extra,
                phase=phase,
            )
        result.usage = getattr(architect, "usage", None)
        if run is not None and not result.report.kept:
            from archgen.write.uptodate import remember

            remember(result.out, run, result.summary)
    return result


def plan(requirements: Path, folder: Path, options: Options | None = None, progress: Progress = quiet) -> list[str]:
    """`archgen new --agent anthropic --dry-run FOLDER`: the requests Claude would be sent, written to `folder`,
    with their input tokens and the most the run can cost; no design is asked for. Returns the report's lines."""
    from archgen.architects import get_architect
    from archgen.architects.claude import ClaudeArchitect
    from archgen.architects.claude.dryrun import dry_run
    from archgen.requirements import load_requirements

    loaded = load_requirements(requirements)
    architect = get_architect("anthropic", options, progress)
    assert isinstance(architect, ClaudeArchitect)
    return dry_run(architect, loaded, folder)


def _nothing_written() -> str:
    return "nothing was written"


def _missing_folders(out: Path) -> list[Path]:
    """The folders `prepare_out` will create for `out`, deepest first."""
    return [folder for folder in (out, *out.parents) if not folder.exists()]


@contextlib.contextmanager
def _removed_on_failure(created: list[Path]) -> Iterator[None]:
    """Remove the (still empty) folders made for the output when the run stops before writing into them."""
    try:
        yield
    except BaseException:
        for made in created:
            with contextlib.suppress(OSError):
                made.rmdir()
        raise


def rerender(
    design_path: Path,
    out: Path | None = None,
    templates: Path | None = None,
    force: bool = False,
    build: bool = False,
    progress: Progress = quiet,
    prices: Path | None = None,
) -> Result:
    """`archgen render`: a saved (possibly hand-edited) design → site files, without any architect.

    Every derived value (figures, rates, sizes, instances, cost lines) is recomputed from the design's own
    structure and requirements, so an edit shows in every number it implies; the instance bounds written are kept
    (see `archgen.capacity.remeasure`). The design file is copied as it is when nothing derived changed; otherwise
    it is rewritten with the recomputed values and the user's edits, so it agrees with the pages. When it differs
    from what archgen last wrote, it stays the user's.
    """
    from archgen.capacity.remeasure import remeasure, replaced, set_bounds, unpriced_sizes
    from archgen.common.yamlio import parse
    from archgen.design.checks import unknown_technologies
    from archgen.design.comments import keep_comments
    from archgen.design.files import HEADER, dump_design, load_saved
    from archgen.write.writer import recover

    _check_templates(templates)
    _require_graphviz()
    folder = design_path.parent
    phase = Phase(Folder(folder).as_it_was)
    with _interrupts(phase):
        progress("loading the design")
        recover(folder)  # the design may sit in a folder a killed run left half-written
        design, source = load_saved(design_path)
        original = design_path.read_bytes()
        edited = read_manifest(folder).get(design_path.name) != digest(original)
        progress("recomputing the figures, sizes and cost from the design")
        unpriced = unpriced_sizes(design, prices)
        if unpriced:
            raise InputError(*(source.problem(path, message) for path, message in unpriced))
        published, pinned = _published(folder)
        measured = remeasure(design, prices, set_bounds(design, published, pinned))
        kept_text: dict[str, bytes] = {}
        written = None if measured.changed else original  # recomputed values go back into the file, with the edits
        if measured.changed and _own_comments(original):
            # the recomputed values go into the file around the comments a person wrote in it; where that cannot be
            # done faithfully, the file as they left it is kept, and the warning says where
            commented = keep_comments(original.decode("utf-8", "replace"), dump_design(measured.design), HEADER)
            written = commented.encode("utf-8") if commented is not None else None
            kept_text[AS_WRITTEN] = original
        upgraded = [Problem(f"upgraded on reading: {note}", file=source.file) for note in source.notes]
        # lines are those of the file as render leaves it, where the person will look for them
        shown = parse((written or dump_design(measured.design).encode()).decode("utf-8", "replace"), source.file)
        upgraded += [shown.problem(path, message) for path, message in unknown_technologies(design, typos=False)]
        if measured.shipped_prices:
            upgraded.append(
                Problem(
                    f"priced with the shipped {design.requirements.constraints.cloud} table, as the design's own table "
                    f"{design.cost.price_table!r} had no price for them: {', '.join(measured.shipped_prices)}; "
                    "pass --prices to price them yourself",
                    key="cost",
                    file=source.file,
                )
            )
        upgraded += [Problem(line, file=source.file) for line in measured.short]
        upgraded += _stale_text(design_path, measured.design, shown)
        if overwritten := replaced(published, design, measured):
            # a computed value written by hand cannot be kept (it would disagree with what it is computed from): say so
            upgraded.append(
                Problem(
                    f"{'these values are' if len(overwritten) > 1 else 'this value is'} computed from the design and "
                    f"its load, so render recomputed what you wrote: {'; '.join(overwritten)} (size a store by its "
                    "shards, read_replicas or node_class, a deployable by its min_instances or max_instances)",
                    file=source.file,
                )
            )
        if written is None and AS_WRITTEN in kept_text:
            upgraded.append(
                Problem(
                    f"rewritten with the recomputed figures; the comments you wrote in it are not in the new "
                    f"text: the file as you left it is {STATE_DIR}/{AS_WRITTEN}",
                    file=source.file,
                )
            )
        result = publish(
            measured.design,
            out or design_path.resolve().parent,
            templates,
            force,
            build,
            progress,
            written,
            warnings=upgraded,
            design_is_theirs=edited,
            rewrite_design=measured.changed,
            bounds=measured.set_by_you,
            state=kept_text,
            phase=phase,
        )
        result.measured = measured
    return result


def _stale_text(design_path: Path, design: Design, source: Located) -> list[Problem]:
    """One warning per text that still names an element the edit removed (the review's CON010), with its line."""
    from archgen.review.engine import Subject
    from archgen.review.rules.prose import removed_still_named
    from archgen.write.history import removed_since

    removed = removed_since(design_path, design)
    if not removed:
        return []
    return [
        source.problem(p.at, f"{p.message} (CON010; {p.fix})")
        for p in removed_still_named(Subject(design, removed=removed))
    ]


BOUNDS_FILE = "bounds.json"  # in the folder's state: the sizes a person set, kept by later renders
AS_WRITTEN = "design-as-you-wrote-it.yaml"  # in the folder's state: an edited design.yaml before render rewrote it


def _own_comments(text: bytes) -> bool:
    """Whether a design file holds comments besides the header archgen writes: whole lines or ends of lines (a `#`
    inside a quoted or block text, or in `C#`, is no comment, so YAML's own scanner decides)."""
    import re

    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.tokens import CommentToken

    from archgen.design.files import HEADER

    body = text.decode("utf-8", "replace").removeprefix(HEADER)
    if not re.search(r"(^|\s)#", body):  # no `#` that could start a comment: spare the scan of a large file
        return False
    try:
        return any(isinstance(token, CommentToken) or token.comment for token in YAML().scan(body))
    except YAMLError:  # cannot happen for a file that loaded; keep the file as written all the same
        return True


def _published(folder: Path) -> tuple[Design | None, dict[str, dict[str, int | str]]]:
    """The design archgen last published in `folder` and the instance bounds a person set there (if recorded)."""
    from archgen.design.files import read_design
    from archgen.write.history import LAST
    from archgen.write.writer import STATE_DIR

    state = folder / STATE_DIR
    try:
        published = read_design(state / LAST)[0] if (state / LAST).is_file() else None
    except ArchgenError:
        published = None
    try:
        pinned = json.loads((state / BOUNDS_FILE).read_text()) if (state / BOUNDS_FILE).is_file() else {}
    except (OSError, ValueError):
        pinned = {}
    return published, pinned if isinstance(pinned, dict) else {}


def _check_templates(templates: Path | None) -> None:
    """Fail before any work when the override folder is missing or one of its templates does not compile."""
    if templates is not None and not templates.is_dir():
        what = "is a file, not a folder" if templates.exists() else "no such folder"
        raise InputError(f"{templates}: {what}; --templates takes a folder of templates to override")
    if templates is not None:
        from archgen.render.environment import check_templates

        check_templates(templates)


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
    design_is_theirs: bool = False,
    extra: dict[str, bytes] | None = None,
    rewrite_design: bool = False,
    bounds: dict[str, dict[str, int | str]] | None = None,
    state: dict[str, bytes] | None = None,
    phase: Phase | None = None,
) -> Result:
    """Render every file in memory, then hand them to the writer in one go; `extra` files are written with them.

    `design_file` is the design file as the user gave it (`archgen render`), written instead of archgen's own
    text; `design_is_theirs` says it holds their edits, so it never becomes archgen's to overwrite;
    `rewrite_design` replaces it all the same, as `design` carries those edits. `bounds` (the instance bounds a
    person set) are recorded for the next render; `state` holds more files for the folder's state. `phase` is the
    caller's, when its own `_interrupts` spans this call.
    """
    from archgen.design.files import dump_design
    from archgen.render.site import render_site
    from archgen.review import review
    from archgen.review.report import counts
    from archgen.write.history import history
    from archgen.write.writer import recover, write_files

    folder = Folder(out)
    phase = phase or Phase(folder.as_it_was)
    phase.describe = folder.as_it_was
    created = _missing_folders(out)
    with _interrupts(phase):
        with _removed_on_failure(created):
            prepare_out(out)
            recover(out)  # the record of the last published design must not be one a killed run left
            folder.look()
            progress("rendering pages, diagrams and OpenAPI documents")
            with stage("pages"):  # diagrams and OpenAPI documents are stages of their own inside
                design_text = dump_design(design)
                past = history(out, design, design_text)
                findings = review(design, removed=past.removed)
                files = render_site(design, templates, past.changes, design_text, past.removed, findings)
            if design_file is not None:
                files[DESIGN_FILE] = design_file
            files.update(extra or {})
        # from here the folder is looked at, not assumed: a write cut short is rolled back, then described
        phase.describe = folder.after_write
        progress(f"writing {out}")
        with stage("write"):
            theirs = frozenset({DESIGN_FILE} if design_is_theirs else ())
            rewrite = frozenset({DESIGN_FILE} if rewrite_design else ())
            kept = {
                **past.state,
                **(state or {}),
                BOUNDS_FILE: (json.dumps(bounds or {}, sort_keys=True) + "\n").encode(),
            }
            report = write_files(out, files, force=force, state=kept, theirs=theirs, rewrite=rewrite)
        phase.describe = folder.after_build
        summary = Summary.of(
            design,
            design.assumptions if loaded else (),  # the questionnaire's and the architect's, as the site lists
            past.changes,
            [*(loaded.warnings if loaded else ()), *(warnings or ()), *past.warnings],
            counts(findings),
            [f"{f.rule} {f.element}: {f.message}" for f in findings if f.severity == "error" and f.waived is None],
        )
        result = Result(out=out, summary=summary, report=report, design=design, folder=folder)
        if build:
            result.site = _build(out, progress)
    return result


def _build(out: Path, progress: Progress) -> Path:
    """Build the HTML site of `out` with mkdocs (inside the caller's `_interrupts`)."""
    from archgen.site.build import build_site

    progress("building the site with mkdocs")
    with stage("build"):
        return build_site(out)


class Folder:
    """What an output folder held before a run wrote to it, to say truly what it holds when the run is stopped."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.manifest: dict[str, str] = {}
        self.site: int | None = None

    def look(self) -> None:
        """Note the folder's files and built site before writing."""
        self.manifest = read_manifest(self.out)
        self.site = _site_id(self.out)

    def as_it_was(self) -> str:
        """Stopped before anything was written."""
        return f"{self.out} is as it was: nothing was written"

    def after_write(self) -> str:
        """Stopped while writing: a write cut short is rolled back, so the folder holds either version whole."""
        _roll_back(self.out)
        if read_manifest(self.out) == self.manifest:
            return self.as_it_was()
        return self._new_files()

    def after_build(self) -> str:
        """Stopped after the write: the files are new; the site is new only if its build was swapped in."""
        return self._new_files()

    def _new_files(self) -> str:
        _roll_back(self.out)  # a site swap cut short is finished or undone
        site = _site_id(self.out)
        offered = f"{DESIGN_FILE}.new"
        # the write kept an edited design.yaml when it offered archgen's beside it (the manifest lists the offer)
        kept = offered in read_manifest(self.out) and (self.out / offered).is_file()
        holders = f"docs/ and {offered}" if kept else f"{DESIGN_FILE} and docs/"
        yours = f"; {DESIGN_FILE} still holds your edited design" if kept else ""
        if site is not None and site != self.site:
            if kept:
                return f"{self.out}: {holders} hold the new design and site/ its newly built site{yours}"
            return f"{self.out} holds the new design and its newly built site"
        built = "site/ still holds the previous build" if site is not None else "no site was built"
        return (
            f"{self.out}: {holders} hold the new design, but {built}{yours}; build it with `archgen build {self.out}`"
        )


def _roll_back(out: Path) -> None:
    """Undo what a write or site swap cut short left (best effort: the next command does it anyway)."""
    from archgen.write.writer import recover

    with contextlib.suppress(ArchgenError, OSError):
        recover(out)


def _site_id(out: Path) -> int | None:
    """Which built site `out/site` is (its folder's inode: a new build is swapped in as a new folder), or None."""
    try:
        return (out / "site").stat().st_ino if (out / "site").is_dir() else None
    except OSError:
        return None
