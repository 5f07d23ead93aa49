"""A run killed at any point of writing (SIGKILL, no chance to clean up) leaves the previous site exactly as it
was once the folder is next used; a run killed after its commit leaves the new site. The kill points are chosen
from the file operations of a real run, counted by tests/killed_run.py."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from archgen.pipeline import generate
from archgen.write.writer import recover
from tests.conftest import ROOT, example

pytestmark = pytest.mark.slow

HARNESS = ROOT / "tests" / "killed_run.py"
NEXT = example("expenses")  # differs from the previous site in almost every file: creations, updates, removals


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder under `folder`, archgen's own state included."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))
    }


def run(folder: Path, pattern: str, kill_at: int, *args: str | Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(HARNESS), str(folder), pattern, str(kill_at), *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("previous") / "site"
    generate(example("minimal"), folder)
    return folder


@pytest.fixture(scope="module")
def clean_run(previous: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], dict[str, bytes | None]]:
    """The counted file operations of an uninterrupted run over a copy of the previous site, and what it leaves."""
    folder = shutil.copytree(previous, tmp_path_factory.mktemp("clean") / "site")
    result = run(folder, "", 0, "new", "-r", NEXT, "-o", folder)
    assert result.returncode == 0, result.stderr
    operations = [line for line in result.stderr.splitlines() if line.startswith(("replace: ", "unlink: "))]
    return operations, snapshot(folder)


def kill_points(operations: list[str]) -> dict[str, int]:
    """Named moments of the run, as 1-based positions in its list of file operations."""
    journal = next(
        i for i, op in enumerate(operations, 1) if op.startswith("replace: ") and op.endswith("journal.json")
    )
    committed = next(
        i for i, op in enumerate(operations, 1) if op.startswith("unlink: ") and op.endswith("journal.json")
    )
    return {
        "before anything": 1,
        "writing the journal": journal,
        "one file moved aside, its new version not in yet": journal + 2,
        "midway": (journal + committed) // 2,
        "last rename": committed - 1,
        "removing the journal": committed,
        "cleaning up after the commit": committed + 1,
    }


@pytest.mark.parametrize(
    "moment",
    [
        "before anything",
        "writing the journal",
        "one file moved aside, its new version not in yet",
        "midway",
        "last rename",
        "removing the journal",
    ],
)
def test_a_run_killed_before_its_commit_ends_leaves_the_previous_site(
    moment: str, previous: Path, clean_run: tuple[list[str], dict[str, bytes | None]], tmp_path: Path
) -> None:
    folder = shutil.copytree(previous, tmp_path / "site")
    killed = run(folder, "", kill_points(clean_run[0])[moment], "new", "-r", NEXT, "-o", folder)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    recover(folder)
    assert snapshot(folder) == snapshot(previous)


def test_a_run_killed_after_its_commit_leaves_the_new_site(
    previous: Path, clean_run: tuple[list[str], dict[str, bytes | None]], tmp_path: Path
) -> None:
    operations, after = clean_run
    folder = shutil.copytree(previous, tmp_path / "site")
    killed = run(folder, "", kill_points(operations)["cleaning up after the commit"], "new", "-r", NEXT, "-o", folder)
    assert killed.returncode == -signal.SIGKILL
    recover(folder)
    assert snapshot(folder) == after


def test_the_next_command_rolls_back_before_it_reads_the_folder(
    cli, previous: Path, clean_run: tuple[list[str], dict[str, bytes | None]], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    folder = shutil.copytree(previous, tmp_path / "site")
    killed = run(folder, "", kill_points(clean_run[0])["midway"], "new", "-r", NEXT, "-o", folder)
    assert killed.returncode == -signal.SIGKILL
    # the killed run had already moved its design.yaml in: render must read the previous one
    result = cli("render", folder / "design.yaml")
    assert result.exit_code == 0, result.output
    assert snapshot(folder) == snapshot(previous)


def test_a_rollback_that_is_itself_killed_can_run_again(
    previous: Path, clean_run: tuple[list[str], dict[str, bytes | None]], tmp_path: Path
) -> None:
    folder = shutil.copytree(previous, tmp_path / "site")
    killed = run(folder, "", kill_points(clean_run[0])["midway"], "new", "-r", NEXT, "-o", folder)
    assert killed.returncode == -signal.SIGKILL
    # `build` rolls the folder back first; kill it after it has put back one file
    killed_again = run(folder, "", 2, "build", folder)
    assert killed_again.returncode == -signal.SIGKILL
    recover(folder)
    assert snapshot(folder) == snapshot(previous)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("built") / "site"
    generate(example("minimal"), folder, build=True)
    return folder


@pytest.mark.parametrize(
    ("moment", "pattern"),
    [("before the old site moves aside", r"replaced-site$"), ("between the two renames", r"/site$")],
)
def test_a_build_killed_while_swapping_sites_leaves_the_previous_site(
    moment: str, pattern: str, built: Path, tmp_path: Path
) -> None:
    folder = shutil.copytree(built, tmp_path / "site", symlinks=True)
    killed = run(folder, pattern, 1, "build", folder)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert (folder / "site").exists() == (moment == "before the old site moves aside")
    recover(folder)
    assert snapshot(folder) == snapshot(built)
