"""The writer: atomic, and never loses a file the user edited or added."""

from __future__ import annotations

from pathlib import Path

import pytest

from archgen.common.errors import InputError
from archgen.write import notes, writer
from archgen.write.writer import write_files


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
    with pytest.raises(InputError, match=r"cannot write there \(disk full\); nothing was changed"):
        write_files(tmp_path, {"a.md": b"v2", "b.md": b"v2", "c.md": b"new", "new/d.md": b"new"})
    monkeypatch.undo()
    assert tree(tmp_path) == before
    assert not (tmp_path / "new").exists()  # folders the commit created are gone too
    assert sorted(p.name for p in (tmp_path / writer.STATE_DIR).iterdir()) == [writer.LOCK, writer.MANIFEST]


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


def test_state_folder_must_not_lead_outside_or_be_a_file(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / writer.STATE_DIR).symlink_to(outside)
    with pytest.raises(InputError, match="is a link that leads outside"):
        write_files(linked, {"a.md": b"x"})
    assert not list(outside.iterdir()) and not (linked / "a.md").exists()
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / writer.STATE_DIR).write_text("mine")
    with pytest.raises(InputError, match="is a file where archgen keeps its state; move it away"):
        write_files(blocked, {"a.md": b"x"})


def test_a_file_where_a_folder_goes_and_a_folder_where_a_file_goes(tmp_path: Path) -> None:
    (tmp_path / "docs").write_text("my notes")
    with pytest.raises(InputError, match=r"docs: is a file where archgen needs a folder; move it away"):
        write_files(tmp_path, {"index.md": b"x", "docs/a.md": b"x"})
    assert sorted(p.name for p in tmp_path.iterdir()) == [writer.STATE_DIR, "docs"]
    other = tmp_path / "other"
    (other / "docs" / "a.md").mkdir(parents=True)
    with pytest.raises(InputError, match=r"a.md: is a folder where archgen writes a file; move it away"):
        write_files(other, {"docs/a.md": b"x"})


def test_a_second_run_cannot_roll_back_a_run_that_is_still_writing(tmp_path: Path) -> None:
    write_files(tmp_path, {"a.md": b"v1"})
    with writer.locked(tmp_path), pytest.raises(InputError, match="another archgen run is writing here"):
        write_files(tmp_path, {"a.md": b"v2"})
    assert (tmp_path / "a.md").read_bytes() == b"v1"


@pytest.mark.parametrize(
    "journal",
    [
        "{not json",
        '{"staging": "stage-1", "backup": "../../elsewhere", "folders": [], "moves": [], "removals": []}',
        '{"staging": "stage-1", "backup": "backup-1", "folders": [], "moves": [["../../etc/passwd", true]], '
        '"removals": []}',
        '{"staging": "stage-1", "backup": "backup-1"}',
    ],
)
def test_a_damaged_journal_is_refused_and_nothing_is_touched(tmp_path: Path, journal: str) -> None:
    out = tmp_path / "out"
    write_files(out, {"a.md": b"v1"})
    (out / writer.STATE_DIR / writer.JOURNAL).write_text(journal)
    with pytest.raises(InputError, match=r"journal.json: is damaged, so archgen cannot undo the run it records"):
        write_files(out, {"a.md": b"v2"})
    assert (out / "a.md").read_bytes() == b"v1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_swap_refuses_a_file_where_the_site_goes(tmp_path: Path) -> None:
    write_files(tmp_path, {"a.md": b"x"})
    (tmp_path / "site").write_text("not a site")
    with pytest.raises(InputError, match="site: is a file where archgen builds the site"):
        writer.swap_in(tmp_path, "site", writer.new_build_folder(tmp_path))
    assert (tmp_path / "site").read_text() == "not a site"


PAGE = "# {title}\n\n{body}\n\n" + notes.block()


def page(title: str = "Risks", body: str = "Generated text.") -> bytes:
    return PAGE.format(title=title, body=body).encode("utf-8")


def with_note(content: bytes, note: str) -> bytes:
    end = b"<!-- archgen:notes:end -->"
    return content.replace(end, note.encode("utf-8") + b"\n" + end)


def test_notes_survive_when_the_page_around_them_changes(tmp_path: Path) -> None:
    write_files(tmp_path, {"docs/risks.md": page(body="v1")})
    mine = with_note((tmp_path / "docs/risks.md").read_bytes(), "Agreed in the meeting: R-002 is accepted.")
    (tmp_path / "docs/risks.md").write_bytes(mine)
    report = write_files(tmp_path, {"docs/risks.md": page(body="v2")})
    assert report.updated == ["docs/risks.md"] and not report.kept
    text = (tmp_path / "docs/risks.md").read_text()
    assert "v2" in text and "v1" not in text
    assert "Agreed in the meeting: R-002 is accepted.\n<!-- archgen:notes:end -->" in text
    assert not (tmp_path / "docs/risks.md.new").exists()


def test_a_note_alone_is_not_an_edit_and_needs_no_rewrite(tmp_path: Path) -> None:
    write_files(tmp_path, {"a.md": page()})
    (tmp_path / "a.md").write_bytes(with_note(page(), "my note"))
    report = write_files(tmp_path, {"a.md": page()})
    assert report.unchanged == ["a.md"] and not report.changed
    assert b"my note" in (tmp_path / "a.md").read_bytes()


def test_edits_outside_the_blocks_are_kept_and_the_new_version_carries_the_notes(tmp_path: Path) -> None:
    write_files(tmp_path, {"a.md": page(body="v1")})
    edited = with_note(page(body="v1"), "my note").replace(b"Generated", b"Hand-edited")
    edited = edited.replace(b"v1", b"v1 and my own paragraph")
    (tmp_path / "a.md").write_bytes(edited)
    report = write_files(tmp_path, {"a.md": page(body="v2")})
    assert report.kept == ["a.md"] and (tmp_path / "a.md").read_bytes() == edited
    offered = (tmp_path / "a.md.new").read_text()
    assert "v2" in offered and "my note" in offered
    # once the page is archgen's again (here: forced), the stale .new goes away by itself
    write_files(tmp_path, {"a.md": page(body="v2")}, force=True)
    assert not (tmp_path / "a.md.new").exists()
    assert b"my note" in (tmp_path / "a.md").read_bytes()


def test_notes_are_never_dropped_with_a_block_or_a_page(tmp_path: Path) -> None:
    write_files(tmp_path, {"a.md": page(), "gone.md": page()})
    (tmp_path / "a.md").write_bytes(with_note(page(), "keep me"))
    (tmp_path / "gone.md").write_bytes(with_note(page(), "keep me too"))
    # the new a.md has no notes block any more, and gone.md is no longer generated
    report = write_files(tmp_path, {"a.md": b"# Risks\n\nGenerated text.\n"})
    assert sorted(report.kept) == ["a.md", "gone.md"] and not report.removed
    assert b"keep me" in (tmp_path / "a.md").read_bytes()
    assert b"keep me too" in (tmp_path / "gone.md").read_bytes()


def test_state_files_are_committed_with_the_rest(tmp_path: Path) -> None:
    write_files(tmp_path, {"a.md": b"A"}, state={"design.yaml": b"d1"})
    assert (tmp_path / writer.STATE_DIR / "design.yaml").read_bytes() == b"d1"
    report = write_files(tmp_path, {"a.md": b"A"}, state={"design.yaml": b"d2"})
    assert not report.changed and (tmp_path / writer.STATE_DIR / "design.yaml").read_bytes() == b"d2"
