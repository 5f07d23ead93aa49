"""The one writer: puts rendered files on disk atomically, keeping every file the user edited or added.

A manifest (`.archgen/manifest.json`) records the hash of every file archgen wrote. On the next run a file whose
content still matches the manifest is archgen's to update; a file that differs was edited by the user and is
kept (the new version goes beside it as `<name>.new`, itself recorded so it is cleared once no longer needed),
unless `force` is set. Deleting an offered `.new` says "I have taken what I want from it": its version becomes
the one the kept file is measured against, so the file is no longer stale (see `offered`). A file the user gave
archgen to copy (`theirs`: the design file `archgen render` reads) is copied but never becomes archgen's. Notes
written inside a page's marked blocks (see `archgen.write.notes`) are not edits: they are carried into every new
version. Files the user added are never touched. All new content is first staged inside the output folder, then
moved into place with renames; a journal lets an interrupted commit be rolled back, so a failed or killed run
leaves the folder as it was. The built HTML site is swapped in whole. Every command that writes a folder first
takes its lock and rolls back what an interrupted run left (a command that only reads it rolls back only when
something was left), and no path is followed through a link that leaves the folder.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from archgen.common.errors import InputError
from archgen.write import notes

STATE_DIR = ".archgen"
MANIFEST = "manifest.json"
JOURNAL = "journal.json"
LOCK = "lock"
PROBE = ".archgen-probe-"
# Work folders inside STATE_DIR: staged files, replaced files, a site being built, the site it replaces
_WORK_FOLDER = re.compile(r"^(stage|backup|build)-[A-Za-z0-9_]+$")
_REPLACED = "replaced-"


@dataclass
class Report:
    """What a write did, path by path."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    handed_over: list[str] = field(default_factory=list)  # archgen's offers left to the user (see `write_files`)

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
        with tempfile.NamedTemporaryFile(dir=out, prefix=PROBE):
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
    out: Path,
    files: dict[str, bytes],
    force: bool = False,
    state: dict[str, bytes] | None = None,
    theirs: frozenset[str] = frozenset(),
    rewrite: frozenset[str] = frozenset(),
) -> Report:
    """Bring `out` to `files`: create, update or remove archgen's files, keep the user's.

    Notes people wrote inside a page's marked blocks are carried into the new version of the page, and the
    manifest hashes pages with their blocks emptied, so a note alone never counts as an edit. `state` holds
    files for archgen's own folder (e.g. the design last published), committed in the same step. The files
    named in `theirs` hold the user's own content: they are written like the others, but the manifest never
    records them as archgen's, so a later run keeps them as edits. The files named in `rewrite` replace the
    user's edited file, as their content carries those edits.
    """
    prepare_out(out)
    with locked(out):
        return _write(out, files, force, state, theirs, rewrite)


def _write(
    out: Path,
    files: dict[str, bytes],
    force: bool,
    state: dict[str, bytes] | None,
    theirs: frozenset[str],
    rewrite: frozenset[str] = frozenset(),
) -> Report:
    previous = read_manifest(out)
    report = Report()
    writes: dict[PurePosixPath, bytes] = {}
    manifest: dict[str, str] = {}
    for name, content in sorted(files.items()):
        rel = safe_relative(name)
        target = _target(out, rel)
        base = _base(out, previous, name)
        # a file of theirs keeps what archgen last wrote there (or nothing) as its record, never its own hash
        manifest[name] = (base or "") if name in theirs else owned_digest(content)
        if not target.exists():
            writes[rel] = content
            report.created.append(name)
            continue
        own = _read_own(target)
        merged = _carry_notes(own, content)
        if merged == own:
            report.unchanged.append(name)
        elif force or name in rewrite or (base == owned_digest(own) and not _orphaned_notes(own, content)):
            writes[rel] = merged
            report.updated.append(name)
        else:
            # the user edited this file (or it was never ours): keep theirs, offer ours beside it
            offered = name + ".new"
            writes[safe_relative(offered)] = merged
            manifest[offered] = owned_digest(merged)
            report.kept.append(name)
            manifest[name] = base if base is not None else manifest[name]
    removals = []
    for name, old_hash in sorted(previous.items()):
        if name in manifest:
            continue
        target = _target(out, safe_relative(name))
        if not target.is_file():
            continue
        if name.removesuffix(".new") in theirs and name.endswith(".new") and not force:
            # archgen's design offered beside theirs: rendering theirs answers the offer for the pages, but the
            # person may not have read it yet, so it stays, no longer archgen's to track (`new` offers it again)
            report.handed_over.append(name)
            continue
        own = _read_own(target)
        # a page archgen no longer makes goes, unless it was edited (and not forced) or holds notes; an
        # offered `.new` only holds copies of the notes in the page beside it
        notes_left = not name.endswith(".new") and _orphaned_notes(own, b"")
        if (force or owned_digest(own) == old_hash) and not notes_left:
            removals.append(safe_relative(name))
            report.removed.append(name)
        elif not name.endswith(".new"):
            report.kept.append(name)
    if force:  # archgen's version taken: an offer of it handed over earlier (see above) has nothing left to offer
        for name in files:
            offered = name + ".new"
            if offered not in manifest and offered not in previous and _target(out, safe_relative(offered)).is_file():
                removals.append(safe_relative(offered))
                report.removed.append(offered)
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


def _base(out: Path, previous: dict[str, str], name: str) -> str | None:
    """The hash of archgen's version that the file on disk is measured against: what archgen last wrote there, or,
    once the user has deleted the `.new` archgen offered beside it, that offered version."""
    offered = previous.get(name + ".new")
    if offered is not None and not os.path.lexists(_target(out, safe_relative(name + ".new"))):
        return offered
    return previous.get(name)


@dataclass(frozen=True)
class Offer:
    """A file the user edited and kept, with archgen's newer version of it beside it as `<name>.new`."""

    name: str
    stale: bool  # archgen's version changed since the one the user's edit started from


def offered(out: Path) -> list[Offer]:
    """The kept files of `out` that have archgen's version beside them, as the last run left them."""
    manifest = read_manifest(out)
    found = []
    for name, offer in sorted(manifest.items()):
        if name.endswith(".new") and (out / name).is_file():
            kept = name.removesuffix(".new")
            found.append(Offer(kept, stale=manifest.get(kept) != offer))
    return found


def _read_own(target: Path) -> bytes:
    """A file archgen is about to compare or replace; one clear line when it cannot be read."""
    try:
        return target.read_bytes()
    except IsADirectoryError:
        raise InputError(f"{target}: is a folder where archgen writes a file; move it away and run again") from None
    except OSError as exc:
        raise InputError(f"{target}: cannot be read ({exc.strerror}); check its permissions") from None


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
    """The path of `rel` under `out`, refusing a route through a link that leaves `out` or through a file."""
    target = out.joinpath(*rel.parts)
    root = out.resolve()
    resolved = target.resolve()
    if resolved != root and root not in resolved.parents:
        raise InputError(f"{target}: is a link that leads outside {out}; remove it and run again")
    for parent in list(target.parents)[: len(rel.parts) - 1]:
        if parent.exists() and not parent.is_dir():
            raise InputError(f"{parent}: is a file where archgen needs a folder; move it away and run again")
    return target


def _state(out: Path) -> Path:
    """The folder archgen keeps its own files in, checked like any other path it writes."""
    state = _target(out, PurePosixPath(STATE_DIR))
    if state.exists() and not state.is_dir():
        raise InputError(f"{state}: is a file where archgen keeps its state; move it away and run again")
    return state


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold the folder's lock, after rolling back whatever an interrupted run left in it.

    The lock keeps a second run from rolling back a commit that is still going on. The operating system drops it
    when its process dies, however it dies, so a killed run never blocks the next one.
    """
    state = _state(out)
    try:
        state.mkdir(exist_ok=True)
        handle = (state / LOCK).open("a")
    except OSError as exc:
        raise InputError(
            f"{out}: cannot write there ({exc.strerror}); archgen keeps its lock and records in {STATE_DIR}/ and "
            "writes its output into this folder: copy the folder somewhere you can write"
        ) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InputError(f"{out}: another archgen run is writing here; wait for it to finish") from None
        _roll_back(out)
        yield


def _commit(out: Path, writes: dict[PurePosixPath, bytes], removals: list[PurePosixPath]) -> None:
    """Stage every file, then move all into place; an interruption is rolled back by `recover`."""
    state = _state(out)
    staging = Path(tempfile.mkdtemp(prefix="stage-", dir=state))
    backup = Path(tempfile.mkdtemp(prefix="backup-", dir=state))
    try:
        ordered = sorted(writes.items())
        # one fsync after another waits for the disk once per file; issued together, they are flushed together
        with ThreadPoolExecutor(max_workers=16) as pool:
            list(pool.map(_write_synced, [staging / str(i) for i in range(len(ordered))], [c for _, c in ordered]))
        moves: list[tuple[str, bool]] = []
        folders: set[PurePosixPath] = set()
        for rel, _ in ordered:
            target = _target(out, rel)
            moves.append((str(rel), os.path.lexists(target)))
            folders.update(p for p in rel.parents if p.parts and not out.joinpath(*p.parts).exists())
        journal = {
            "staging": staging.name,
            "backup": backup.name,
            "folders": sorted(map(str, folders)),
            "moves": moves,
            "removals": [str(r) for r in removals],
        }
        _write_atomic(state / JOURNAL, json.dumps(journal).encode("utf-8"))
        for folder in sorted(folders):
            out.joinpath(*folder.parts).mkdir()
        for index, (rel_name, existed) in enumerate(moves):
            target = _target(out, PurePosixPath(rel_name))
            if existed:
                target.replace(backup / f"m{index}")
            (staging / str(index)).replace(target)
        for index, rel_path in enumerate(removals):
            _target(out, rel_path).replace(backup / f"r{index}")
        (state / JOURNAL).unlink()
    except OSError as exc:
        _roll_back(out)
        reason = exc.strerror or str(exc)
        raise InputError(f"{exc.filename or out}: cannot write there ({reason}); nothing was changed") from None
    except BaseException:
        _roll_back(out)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(backup, ignore_errors=True)


def recover(out: Path) -> None:
    """Roll back whatever an interrupted run left in `out` (nothing to do after a clean run).

    A folder with nothing to roll back is left untouched, lock included, so a read-only folder can be read.
    """
    if _left_over(out):
        with locked(out):
            pass


def _left_over(out: Path) -> bool:
    """Whether an interrupted run (or one still writing) left a journal, a swapped site or work files in `out`."""
    state = _state(out)
    if not state.is_dir():
        return False
    leftovers = [p.name for p in state.iterdir()] + [p.name for p in out.glob(f"{PROBE}*")]
    return any(
        name in (JOURNAL, JOURNAL + ".tmp") or name.startswith((_REPLACED, PROBE)) or _WORK_FOLDER.match(name)
        for name in leftovers
    )


def _roll_back(out: Path) -> None:
    """Undo an interrupted commit from its journal, finish or undo a site swap, and clear work folders.

    Each step checks the disk before acting, so a rollback that is itself interrupted can simply run again.
    """
    state = _state(out)
    if not state.is_dir():
        return
    journal_path = state / JOURNAL
    if journal_path.is_file():
        _undo_commit(out, state, _read_journal(journal_path))
        journal_path.unlink()
    for previous in sorted(p for p in state.glob(f"{_REPLACED}*") if p.is_dir()):
        name = previous.name.removeprefix(_REPLACED)
        target = _target(out, safe_relative(name))
        if os.path.lexists(target):
            _discard(previous)  # the swap finished; only the old copy was left
        else:
            previous.replace(target)  # killed between the two renames: put the old one back
    for leftover in [*state.iterdir(), *out.glob(f"{PROBE}*")]:
        if _WORK_FOLDER.match(leftover.name) or leftover.name == JOURNAL + ".tmp" or leftover.name.startswith(PROBE):
            _discard(leftover)


def _undo_commit(out: Path, state: Path, journal: dict[str, Any]) -> None:
    backup, staging = state / journal["backup"], state / journal["staging"]
    for index, (rel, existed) in enumerate(journal["moves"]):
        target = _target(out, safe_relative(rel))
        saved = backup / f"m{index}"
        if existed and os.path.lexists(saved):
            saved.replace(target)
        elif not existed and os.path.lexists(target) and not (staging / str(index)).exists():
            target.unlink()  # the interrupted run created it
    for index, rel in enumerate(journal["removals"]):
        saved = backup / f"r{index}"
        if os.path.lexists(saved):
            saved.replace(_target(out, safe_relative(rel)))
    for folder in reversed(journal["folders"]):
        with contextlib.suppress(OSError):  # only folders the run created, and only when empty again
            _target(out, safe_relative(folder)).rmdir()


def _read_journal(path: Path) -> dict[str, Any]:
    """The journal of an interrupted commit, refused unless every name in it stays inside the folder."""
    try:
        journal = json.loads(path.read_text("utf-8"))
        names = [journal["staging"], journal["backup"]]
        paths = [*journal["folders"], *journal["removals"], *(rel for rel, _ in journal["moves"])]
        valid = all(isinstance(n, str) and _WORK_FOLDER.match(n) for n in names) and all(
            isinstance(existed, bool) for _, existed in journal["moves"]
        )
        for rel in paths:
            safe_relative(rel)
    except (OSError, ValueError, TypeError, KeyError):
        valid = False
    if not valid:
        raise InputError(
            f"{path}: is damaged, so archgen cannot undo the run it records; check the folder, then delete the file"
        )
    return dict(journal)


def _discard(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def new_build_folder(out: Path) -> Path:
    """An empty folder inside `out` to build the HTML site in, before `swap_in` puts it in place. It gets the
    mode any folder the user makes gets (a temporary folder is private, and `rsync -a` would carry that to a web
    root, where the web server could not read the site)."""
    folder = Path(tempfile.mkdtemp(prefix="build-", dir=_state(out)))
    mask = os.umask(0)
    os.umask(mask)
    folder.chmod(0o777 & ~mask)
    return folder


def swap_in(out: Path, name: str, built: Path) -> Path:
    """Replace the folder `out/name` with `built` (from `new_build_folder`) by two renames; `recover` finishes or
    undoes a swap that was interrupted between them."""
    target = _target(out, safe_relative(name))
    if os.path.lexists(target) and not target.is_dir():
        raise InputError(f"{target}: is a file where archgen builds the site; move it away and run again")
    previous = _state(out) / f"{_REPLACED}{name}"
    if os.path.lexists(target):
        target.replace(previous)
    built.replace(target)
    if os.path.lexists(previous):
        _discard(previous)
    return target


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
