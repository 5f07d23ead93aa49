"""The writer: atomic, and never loses a file the user edited or added."""

from __future__ import annotations

from pathlib import Path

import pytest

from archgen import writer
from archgen.errors import InputError
from archgen.writer import write_files


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".archgen" not in p.parts
    }


def test_first_write_creates_and_second_changes_nothing(tmp_path: Path) -> None:
    files = {"a.md": b"A", "docs/b.md": b"B"}
    report = write_files(tmp_path, files)
    assert report.created == ["a.md", "docs/b.md"]
    mtime = (tmp_path / "a.md").stat().st_mtime_ns
    again = write_files(tmp_path, files)
    assert again.unchanged == ["a.md", "docs/b.md"] and not again.changed
    assert (tmp_path / "a.md").stat().st_mtime_ns == mtime  # not rewritten


def test_hand_edits_are_kept_and_the_new_version_goes_beside(tmp_path: Path) -> None:
    write_files(tmp_path, {"a.md": b"v1", "b.md": b"v1"})
    (tmp_path / "a.md").write_bytes(b"my notes")
    (tmp_path / "mine.txt").write_bytes(b"user file")
    report = write_files(tmp_path, {"a.md": b"v2", "b.md": b"v2"})
    assert report.kept == ["a.md"] and report.updated == ["b.md"]
    assert (tmp_path / "a.md").read_bytes() == b"my notes"
    assert (tmp_path / "a.md.new").read_bytes() == b"v2"
    assert (tmp_path / "b.md").read_bytes() == b"v2"
    assert (tmp_path / "mine.txt").read_bytes() == b"user file"
    forced = write_files(tmp_path, {"a.md": b"v3", "b.md": b"v2"}, force=True)
    assert forced.updated == ["a.md"] and (tmp_path / "a.md").read_bytes() == b"v3"


def test_files_archgen_no_longer_makes_are_removed_unless_edited(tmp_path: Path) -> None:
    write_files(tmp_path, {"old.md": b"x", "edited.md": b"x", "keep.md": b"k"})
    (tmp_path / "edited.md").write_bytes(b"changed by hand")
    report = write_files(tmp_path, {"keep.md": b"k"})
    assert report.removed == ["old.md"] and report.kept == ["edited.md"]
    assert not (tmp_path / "old.md").exists() and (tmp_path / "edited.md").exists()


def test_a_failure_midway_leaves_the_folder_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path, {"a.md": b"v1", "b.md": b"v1"})
    before = tree(tmp_path)
    real = Path.replace
    calls = {"n": 0}

    def flaky(self: Path, target: Path) -> Path:  # fail on the third move of the commit
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        return real(self, target)

    monkeypatch.setattr(Path, "replace", flaky)
    with pytest.raises(OSError, match="disk full"):
        write_files(tmp_path, {"a.md": b"v2", "b.md": b"v2", "c.md": b"new"})
    monkeypatch.undo()
    assert tree(tmp_path) == before
    assert not (tmp_path / writer.STATE_DIR / writer.JOURNAL).exists()


def test_paths_outside_the_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="outside the output folder"):
        write_files(tmp_path, {"../escape.md": b"x"})
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (tmp_path / "docs").symlink_to(outside)
    with pytest.raises(InputError, match="leads outside"):
        write_files(tmp_path, {"docs/a.md": b"x"})
    assert not (outside / "a.md").exists()


def test_out_pointing_at_a_file_is_a_clear_error(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(InputError, match="is a file; give --out a folder"):
        write_files(target, {"a.md": b"x"})
