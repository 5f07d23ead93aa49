"""A run of `archgen new` whose output is already on disk has nothing to do, and says so at once.

The rules architect is deterministic, so what a run writes depends only on its inputs: the questionnaire (its
bytes, and its path as given, which warnings quote), the price table, template and catalog folders given, archgen's own
code and templates, the installed packages, Python and Graphviz. A run's fingerprint covers all of them. After a
run that kept no edits, its fingerprint, the size and modification time of every file it left in the output
folder (archgen's records there included) and its summary are kept in the user's cache folder, under the output
folder's path. A later run with the same fingerprint into that folder, where none of those files changed, would
write the same bytes again, so it only repeats the summary. The output folder itself holds nothing of this.

Files archgen ships (and Graphviz) are recognised by size and modification time, as Python recognises its own
compiled files; what the user gives is recognised by content. Nothing heavy is imported here: a run that has
nothing to do never loads the design model.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path

from archgen.common.cache_dir import cache_dir
from archgen.common.shipped import PACKAGE, builtin_templates
from archgen.render.graphviz import dot_executable
from archgen.summary import Summary
from archgen.write.writer import JOURNAL, STATE_DIR, digest, read_manifest

MAX_RECORDS = 200  # output folders remembered; the least recently written are forgotten

Signatures = dict[str, list[int]]  # relative path → [size, modification time in ns]


def fingerprint(
    requirements: Path, prices: Path | None, templates: Path | None, catalog: Path | None = None
) -> str | None:
    """The fingerprint of a rules-architect run, or None when an input cannot be read (the run then says why)."""
    try:
        if catalog is not None and not catalog.is_dir():
            return None
        inputs = {
            "questionnaire": [str(requirements), digest(requirements.read_bytes())],
            "prices": digest(prices.read_bytes()) if prices is not None else None,
            "templates": {name: digest((templates / name).read_bytes()) for name in _tree(templates)}
            if templates is not None
            else None,
            "catalog": {name: digest((catalog / name).read_bytes()) for name in _tree(catalog)}
            if catalog is not None
            else None,
            "archgen": [_tree(PACKAGE), _tree(builtin_templates())],
            "graphviz": _signature(Path(dot_executable()).resolve()),
        }
    except OSError:
        return None
    inputs.update(packages=_installed(), python=sys.version)
    return digest(json.dumps(inputs, sort_keys=True).encode("utf-8"))


def previous_run(out: Path, run: str) -> Summary | None:
    """The summary of the last run into `out`, when it had the fingerprint `run` and no file it left has changed."""
    try:
        record = json.loads(_record(out).read_text("utf-8"))
        if record["fingerprint"] != run or record["files"] != _left(out):
            return None
        return Summary.from_data(record["summary"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remember(out: Path, run: str, summary: Summary) -> None:
    """Keep the fingerprint and summary of the run that just wrote `out`; a failure only costs the next run."""
    with contextlib.suppress(OSError):
        record = {"fingerprint": run, "files": _left(out), "summary": summary.as_data()}
        target = _record(out)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(".tmp")
        temporary.write_text(json.dumps(record, sort_keys=True) + "\n", encoding="utf-8")
        temporary.replace(target)
        for stale in sorted(target.parent.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)[MAX_RECORDS:]:
            stale.unlink(missing_ok=True)


def _record(out: Path) -> Path:
    """Where the last run into `out` is remembered."""
    return cache_dir("runs") / f"{digest(str(out.resolve()).encode('utf-8'))}.json"


def _left(out: Path) -> Signatures:
    """The signature of every file archgen's last write left in `out`: its files and its own records."""
    state = out / STATE_DIR
    if (state / JOURNAL).exists():
        raise OSError("a write was interrupted")  # the next write rolls it back; nothing is as it was left
    records = [f"{STATE_DIR}/{entry.name}" for entry in os.scandir(state) if entry.is_file()]
    return {name: _signature(out / name) for name in sorted([*read_manifest(out), *records])}


def _tree(folder: Path) -> Signatures:
    """The signature of every file under `folder` (compiled Python aside), by relative path."""
    found: Signatures = {}
    for root, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if name != "__pycache__"]
        for name in files:
            path = Path(root, name)
            found[path.relative_to(folder).as_posix()] = _signature(path)
    return dict(sorted(found.items()))


def _signature(path: Path) -> list[int]:
    status = path.stat()
    return [status.st_size, status.st_mtime_ns]


def _installed() -> list[str]:
    """The installed distributions and their versions, as the names of their metadata folders."""
    names: set[str] = set()
    for entry in sys.path:
        with contextlib.suppress(OSError):
            names.update(p.name for p in Path(entry or ".").iterdir() if p.name.endswith((".dist-info", ".egg-info")))
    return sorted(names)
