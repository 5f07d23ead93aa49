"""Ctrl-C at any phase of a run ends it with one true line: it says what the output folder holds at that moment,
and the folder holds exactly that. Each phase is interrupted in a real run (tests/interrupted_run.py sends SIGINT
at a chosen call or file operation); the run ends through the console script, as a user's would."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from archgen.pipeline import generate
from tests.conftest import ROOT, example

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("interrupted")]

HARNESS = ROOT / "tests" / "interrupted_run.py"
NEXT = example("expenses")  # another system: every page, the design and the site differ from the previous ones
INTERRUPTED = 130


def snapshot(folder: Path, *parts: str) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder under `folder`, or under the given parts of it."""
    roots = [folder / part for part in parts] if parts else [folder]
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
        for root in roots
        for p in sorted([root, *root.rglob("*")] if root.is_dir() else [root])
        if p.exists() and p != folder
    }


def interrupt(folder: Path, when: str, n: int, *args: str | Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(HARNESS), str(folder), when, str(n), *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding another system's design and its built site."""
    folder = tmp_path_factory.mktemp("previous") / "design"
    generate(example("minimal"), folder, build=True)
    return folder


@pytest.fixture(scope="module")
def finished(previous: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """What an uninterrupted `new --build` leaves in a copy of `previous`, and its file operations in order."""
    folder = shutil.copytree(previous, tmp_path_factory.mktemp("finished") / "design", symlinks=True)
    done = interrupt(folder, "op:", 0, "new", "-r", NEXT, "-o", folder, "--build")
    assert done.returncode == 0, done.stderr
    return folder, [line for line in done.stderr.splitlines() if line.startswith(("replace: ", "unlink: "))]


def position(operations: list[str], test: str, after: int = 0) -> int:
    """The 1-based position of the first operation after `after` that contains `test`."""
    return next(i for i, op in enumerate(operations, 1) if i > after and test in op)


def moments(operations: list[str]) -> dict[str, tuple[str, int]]:
    """The moments of `new --build` to press Ctrl-C at: (what to count, which one)."""
    journal = position(operations, "journal.json")  # moved into place: the renames start
    committed = next(
        i for i, op in enumerate(operations, 1) if op.startswith("unlink: ") and op.endswith("journal.json")
    )
    swapped_aside = position(operations, "replaced-site", committed)
    return {
        "loading the questionnaire": ("call:archgen.requirements:load_requirements", 1),
        "designing": ("call:archgen.architects.rules:RulesArchitect.design", 1),
        "rendering": ("call:archgen.render.site:render_site", 1),
        "writing the journal": ("op:", journal),
        "moving files into place": ("op:", (journal + committed) // 2),
        "removing the journal": ("op:", committed),
        "cleaning up after the write": ("op:", committed + 1),
        "summing up the run": ("call:archgen.pipeline:Result", 1),
        "starting the build": ("call:archgen.pipeline:_build", 1),
        "building the site": ("call:mkdocs.commands.build:build", 1),
        "moving the previous site aside": ("op:", swapped_aside),
        "putting the new site in place": ("op:", swapped_aside + 1),
        "discarding the previous site": ("op:", swapped_aside + 2),
        "remembering the run": ("call:archgen.write.uptodate:remember", 1),
        "printing the summary": ("call:archgen.cli:_print_summary", 1),
    }


AS_IT_WAS = "{folder} is as it was: nothing was written"
NEW_FILES = (
    "{folder}: design.yaml and docs/ hold the new design, but site/ still holds the previous build; "
    "build it with `archgen build {folder}`"
)
NEW_SITE = "{folder} holds the new design and its newly built site"

EXPECTED = {
    "loading the questionnaire": AS_IT_WAS,
    "designing": AS_IT_WAS,
    "rendering": AS_IT_WAS,
    "writing the journal": AS_IT_WAS,
    "moving files into place": AS_IT_WAS,
    "removing the journal": AS_IT_WAS,
    "cleaning up after the write": NEW_FILES,
    "summing up the run": NEW_FILES,
    "starting the build": NEW_FILES,
    "building the site": NEW_FILES,
    "moving the previous site aside": NEW_FILES,
    "putting the new site in place": NEW_FILES,
    "discarding the previous site": NEW_SITE,
    "remembering the run": NEW_SITE,
    "printing the summary": NEW_SITE,
}


@pytest.mark.parametrize("moment", list(EXPECTED))
def test_ctrl_c_says_exactly_what_the_folder_holds(
    moment: str, previous: Path, finished: tuple[Path, list[str]], tmp_path: Path
) -> None:
    done, operations = finished
    folder = shutil.copytree(previous, tmp_path / "design", symlinks=True)
    when, n = moments(operations)[moment]
    stopped = interrupt(folder, when, n, "new", "-r", NEXT, "-o", folder, "--build")
    assert stopped.returncode == INTERRUPTED, stopped.stderr
    assert "Traceback" not in stderr_of(stopped)
    said = EXPECTED[moment].format(folder=folder)
    assert stderr_of(stopped) == [f"interrupted: {said}"]
    # and the folder holds what the line says, with no further command run on it
    if said == AS_IT_WAS.format(folder=folder):
        assert snapshot(folder) == snapshot(previous)
    else:
        assert snapshot(folder, "design.yaml", "docs", "mkdocs.yml") == snapshot(
            done, "design.yaml", "docs", "mkdocs.yml"
        )
        if said == NEW_FILES.format(folder=folder):
            assert snapshot(folder, "site") == snapshot(previous, "site")
        else:
            assert "Expense Claims" in (folder / "site" / "index.html").read_text()


def stderr_of(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def test_ctrl_c_during_a_build_keeps_the_previous_site_and_says_so(previous: Path, tmp_path: Path) -> None:
    folder = shutil.copytree(previous, tmp_path / "design", symlinks=True)
    stopped = interrupt(folder, "call:mkdocs.commands.build:build", 1, "build", folder)
    assert stopped.returncode == INTERRUPTED
    assert stderr_of(stopped) == [f"interrupted: {folder}/site still holds the previous build"]
    assert snapshot(folder, "site") == snapshot(previous, "site")


def test_ctrl_c_that_a_plugin_swallows_still_stops_the_build(previous: Path, tmp_path: Path) -> None:
    # the print-site plugin fixes each page's links inside a bare `except:`, which catches Ctrl-C too
    folder = shutil.copytree(previous, tmp_path / "design", symlinks=True)
    before = snapshot(folder, "site")
    stopped = interrupt(folder, "call:mkdocs_print_site_plugin.urls:fix_href_links", 1, "build", folder)
    assert stopped.returncode == INTERRUPTED
    assert stderr_of(stopped) == [f"interrupted: {folder}/site still holds the previous build"]
    assert "Could not fix page" not in stopped.stdout and snapshot(folder, "site") == before


def test_ctrl_c_during_a_render_leaves_the_folder_as_it_was(previous: Path, tmp_path: Path) -> None:
    folder = shutil.copytree(previous, tmp_path / "design", symlinks=True)
    design = folder / "design.yaml"
    design.write_text(design.read_text().replace("  zones_per_region: 3", "  zones_per_region: 2"))
    before = snapshot(folder)
    stopped = interrupt(folder, "call:archgen.render.site:render_site", 1, "render", design)
    assert stopped.returncode == INTERRUPTED
    assert stderr_of(stopped) == [f"interrupted: {folder} is as it was: nothing was written"]
    assert snapshot(folder) == before


@pytest.mark.parametrize(
    "when",
    [
        "call:archgen.pipeline:_own_comments",
        "call:archgen.capacity.remeasure:replaced",
        "call:archgen.pipeline:publish",
    ],
    ids=["keeping the file as written", "naming what was recomputed", "starting the write"],
)
def test_ctrl_c_between_the_phases_of_a_render_says_the_folder_is_as_it_was(
    when: str, previous: Path, tmp_path: Path
) -> None:
    folder = shutil.copytree(previous, tmp_path / "design", symlinks=True)
    design = folder / "design.yaml"
    design.write_text(design.read_text().replace("  zones_per_region: 3", "  zones_per_region: 2"))
    before = snapshot(folder)
    stopped = interrupt(folder, when, 1, "render", design)
    assert stopped.returncode == INTERRUPTED
    assert stderr_of(stopped) == [f"interrupted: {folder} is as it was: nothing was written"]
    assert snapshot(folder) == before


EDITED_FILES = (
    "{folder}: docs/ and design.yaml.new hold the new design, but site/ still holds the previous build; design.yaml "
    "still holds your edited design; build it with `archgen build {folder}`"
)
EDITED_SITE = (
    "{folder}: docs/ and design.yaml.new hold the new design and site/ its newly built site; design.yaml still holds "
    "your edited design"
)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [("building the site", EDITED_FILES), ("discarding the previous site", EDITED_SITE), ("designing", AS_IT_WAS)],
)
def test_ctrl_c_after_a_hand_edit_says_where_the_new_design_is(
    moment: str, expected: str, previous: Path, finished: tuple[Path, list[str]], tmp_path: Path
) -> None:
    folder = shutil.copytree(previous, tmp_path / "design", symlinks=True)
    design = folder / "design.yaml"
    edited = design.read_text().replace("  zones_per_region: 3", "  zones_per_region: 2")
    design.write_text(edited)
    when, n = moments(finished[1])[moment]
    stopped = interrupt(folder, when, n, "new", "-r", NEXT, "-o", folder, "--build")
    assert stopped.returncode == INTERRUPTED, stopped.stderr
    assert stderr_of(stopped) == [f"interrupted: {expected.format(folder=folder)}"]
    assert design.read_text() == edited  # the person's design, as the line says
    if expected != AS_IT_WAS:
        assert "Expense Claims" in (folder / "design.yaml.new").read_text()


def test_ctrl_c_while_archgen_starts_says_nothing_was_written(previous: Path, tmp_path: Path) -> None:
    folder = shutil.copytree(previous, tmp_path / "design", symlinks=True)
    stopped = interrupt(folder, "import:archgen.cli", 1, "new", "-r", NEXT, "-o", folder, "--build")
    assert stopped.returncode == INTERRUPTED
    assert stderr_of(stopped) == ["interrupted while starting: nothing was written"]
    assert snapshot(folder) == snapshot(previous)


def test_ctrl_c_once_the_command_is_done_changes_nothing(previous: Path, tmp_path: Path) -> None:
    folder = shutil.copytree(previous, tmp_path / "design", symlinks=True)
    done = interrupt(folder, "exit:", 1, "new", "-r", NEXT, "-o", folder)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "interrupted" not in done.stderr
    assert "Expense Claims" in (folder / "design.yaml").read_text()


def test_ctrl_c_while_a_command_loads_what_it_needs_says_nothing_was_written(previous: Path, tmp_path: Path) -> None:
    folder = shutil.copytree(previous, tmp_path / "design", symlinks=True)
    stopped = interrupt(folder, "import:archgen.pipeline", 1, "new", "-r", NEXT, "-o", folder, "--build")
    assert stopped.returncode == INTERRUPTED
    assert stderr_of(stopped) == ["interrupted: nothing was written"]
    assert snapshot(folder) == snapshot(previous)
