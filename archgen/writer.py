"""The one writer: puts rendered files on disk atomically, keeping every file the user edited or added.

A manifest (`.archgen/manifest.json`) records the hash of every file archgen wrote. On the next run a file whose
content still matches the manifest is archgen's to update; a file that differs was edited by the user and is
kept (the new version goes beside it as `<name>.new`, itself recorded so it is cleared once no longer needed),
unless `force` is set. Notes written inside a page's marked blocks (see `archgen.notes`) are not edits: they
are carried into every new version. Files the user added are never touched. All new content is first staged
inside the output folder, then moved into place with renames; a journal lets an interrupted commit be rolled
back, so a failed run leaves the folder as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from archgen import notes
from archgen.errors import InputError

STATE_DIR = ".archgen"
MANIFEST = "manifest.json"
JOURNAL = "journal.json"


@dataclass
class Report:
    """What a write did, path by path."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether anything on disk changed."""
        return bool(self.created or self.updated or self.removed or self.kept)


def digest(content: bytes) -> str:
    """The content hash recorded in the manifest."""
    return hashlib.sha256(content).hexdigest()


def safe_relative(path: str) -> PurePosixPath:
    """A relative path that stays inside the output folder (no absolute paths, no `..`)."""
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts or path.startswith("~"):
        raise ValueError(f"refusing to write outside the output folder: {path!r}")
    return pure


def prepare_out(out: Path) -> None:
    """Make sure `out` is a folder archgen can write into (creating it), or fail with one clear line."""
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: is a file; give --out a folder (it will be created if missing)")
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".archgen-probe-"):
            pass
    except OSError as exc:
        raise InputError(f"{out}: cannot write there ({exc.strerror}); choose another --out folder") from None


def read_manifest(out: Path) -> dict[str, str]:
    """The manifest of the previous run (empty when there was none or it is unreadable)."""
    try:
        data = json.loads((out / STATE_DIR / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files", {}) if isinstance(data, dict) else {}
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def write_files(
    out: Path, files: dict[str, bytes], force: bool = False, state: dict[str, bytes] | None = None
) -> Report:
    """Bring `out` to `files`: create, update or remove archgen's files, keep the user's.

    Notes people wrote inside a page's marked blocks are carried into the new version of the page, and the
    manifest hashes pages with their blocks emptied, so a note alone never counts as an edit. `state` holds
    files for archgen's own folder (e.g. the design last published), committed in the same step.
    """
    prepare_out(out)
    recover(out)
    previous = read_manifest(out)
    report = Report()
    writes: dict[PurePosixPath, bytes] = {}
    manifest: dict[str, str] = {}
    for name, content in sorted(files.items()):
        rel = safe_relative(name)
        target = _target(out, rel)
        manifest[name] = owned_digest(content)
        if not target.exists():
            writes[rel] = content
            report.created.append(name)
            continue
        own = target.read_bytes()
        merged = _carry_notes(own, content)
        if merged == own:
            report.unchanged.append(name)
        elif force or (previous.get(name) == owned_digest(own) and not _orphaned_notes(own, content)):
            writes[rel] = merged
            report.updated.append(name)
        else:
            # the user edited this file (or it was never ours): keep theirs, offer ours beside it
            offered = name + ".new"
            writes[safe_relative(offered)] = merged
            manifest[offered] = owned_digest(merged)
            report.kept.append(name)
            manifest[name] = previous.get(name, manifest[name])
    removals = []
    for name, old_hash in sorted(previous.items()):
        if name in manifest:
            continue
        target = _target(out, safe_relative(name))
        if not target.is_file():
            continue
        own = target.read_bytes()
        # a page archgen no longer makes goes, unless it was edited (and not forced) or holds notes; an
        # offered `.new` only holds copies of the notes in the page beside it
        notes_left = not name.endswith(".new") and _orphaned_notes(own, b"")
        if (force or owned_digest(own) == old_hash) and not notes_left:
            removals.append(safe_relative(name))
            report.removed.append(name)
        elif not name.endswith(".new"):
            report.kept.append(name)
    state_writes = {
        PurePosixPath(STATE_DIR, name): content
        for name, content in sorted((state or {}).items())
        if _read(out / STATE_DIR / name) != content
    }
    manifest_bytes = (json.dumps({"files": manifest}, indent=2, sort_keys=True) + "\n").encode("utf-8")
    if report.changed or previous != manifest or state_writes:
        writes[PurePosixPath(STATE_DIR, MANIFEST)] = manifest_bytes
        writes.update(state_writes)
        _commit(out, writes, removals)
    return report


def owned_digest(content: bytes) -> str:
    """The hash of the part of a file archgen owns: all of it, less what people wrote in its notes blocks."""
    text = _notes_text(content)
    return digest(content if text is None else notes.strip(text).encode("utf-8"))


def _notes_text(content: bytes) -> str | None:
    """The content as text when it has notes markers (pages), else None (diagrams, YAML, binaries)."""
    if b"<!-- archgen:notes:" not in content:
        return None
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _carry_notes(own: bytes, rendered: bytes) -> bytes:
    """The rendered file with the notes the user wrote in `own` carried into its blocks."""
    text, mine = _notes_text(rendered), _notes_text(own)
    if text is None or mine is None:
        return rendered
    return notes.carry(mine, text).encode("utf-8")


def _orphaned_notes(own: bytes, rendered: bytes) -> list[str]:
    """Blocks of `own` holding notes that the rendered file has no place for."""
    mine = _notes_text(own)
    if mine is None:
        return []
    return notes.orphaned(mine, _notes_text(rendered) or "")


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _target(out: Path, rel: PurePosixPath) -> Path:
    """The path of `rel` under `out`, refusing any route through a symlink that leaves `out`."""
    target = out.joinpath(*rel.parts)
    root = out.resolve()
    resolved = target.resolve()
    if resolved != root and root not in resolved.parents:
        raise InputError(f"{target}: is a link that leads outside {out}; remove it and run again")
    return target


def _commit(out: Path, writes: dict[PurePosixPath, bytes], removals: list[PurePosixPath]) -> None:
    """Stage every file, then move all into place; an interruption is rolled back by `recover`."""
    state = out / STATE_DIR
    state.mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="stage-", dir=state))
    backup = Path(tempfile.mkdtemp(prefix="backup-", dir=state))
    try:
        ordered = sorted(writes.items())
        staged = [staging / str(index) for index in range(len(ordered))]
        # one fsync after another waits for the disk once per file; issued together, they are flushed together
        with ThreadPoolExecutor(max_workers=16) as pool:
            list(pool.map(_write_synced, staged, [content for _, content in ordered]))
        moves = [(str(path), str(rel)) for path, (rel, _) in zip(staged, ordered, strict=True)]
        journal = {
            "staging": staging.name,
            "backup": backup.name,
            "moves": moves,
            "removals": [str(r) for r in removals],
        }
        _write_atomic(state / JOURNAL, json.dumps(journal).encode("utf-8"))
        for index, (staged_name, rel_name) in enumerate(moves):
            target = _target(out, PurePosixPath(rel_name))
            if target.exists():
                target.replace(backup / f"m{index}")
            target.parent.mkdir(parents=True, exist_ok=True)
            Path(staged_name).replace(target)
        for index, rel_path in enumerate(removals):
            target = _target(out, rel_path)
            if target.exists():
                target.replace(backup / f"r{index}")
        (state / JOURNAL).unlink()
    except BaseException:
        recover(out)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(backup, ignore_errors=True)


def recover(out: Path) -> None:
    """Roll back a commit that was interrupted (its journal is still there): restore every file it replaced."""
    state = out / STATE_DIR
    journal_path = state / JOURNAL
    if not journal_path.is_file():
        return
    try:
        journal = json.loads(journal_path.read_text("utf-8"))
    except ValueError:
        journal_path.unlink()
        return
    backup = state / journal["backup"]
    for index, (_, rel) in enumerate(journal["moves"]):
        target = out.joinpath(*PurePosixPath(rel).parts)
        saved = backup / f"m{index}"
        if saved.exists():
            saved.replace(target)
        elif target.exists() and not (state / journal["staging"] / str(index)).exists():
            target.unlink()  # it was created by the interrupted run
    for index, rel in enumerate(journal["removals"]):
        saved = backup / f"r{index}"
        if saved.exists():
            saved.replace(out.joinpath(*PurePosixPath(rel).parts))
    shutil.rmtree(state / journal["staging"], ignore_errors=True)
    shutil.rmtree(backup, ignore_errors=True)
    journal_path.unlink()


def _write_synced(path: Path, content: bytes) -> None:
    """Write `path` and wait until it is on disk."""
    with path.open("wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())


def _write_atomic(path: Path, content: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    _write_synced(tmp, content)
    tmp.replace(path)
