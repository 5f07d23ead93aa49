"""Which earlier design a folder's "changes since the previous version" page compares with.

archgen records the design it last published in the folder's state (`.archgen/design.yaml`) and, once that
changes, the one before it (`.archgen/previous-design.yaml`). A run that publishes the same design again keeps
the page as it was, so a no-change run changes nothing; a folder made before these records existed starts from
its `design.yaml`. It also records the elements any earlier version had that this one lacks
(`.archgen/removed-elements.txt`), so text still naming a service merged away two renders ago stays flagged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from archgen.common.errors import ArchgenError, Problem
from archgen.design.diff import Changelog, diff_designs, element_names, removed_elements
from archgen.design.files import fingerprint, read_design
from archgen.design.model import Design
from archgen.write.writer import STATE_DIR

LAST = "design.yaml"
BEFORE = "previous-design.yaml"
REMOVED = "removed-elements.txt"


@dataclass
class History:
    """The changes since the previous version (if any), what to record for the next run, and any warning."""

    changes: Changelog | None
    state: dict[str, bytes]
    warnings: list[Problem] = field(default_factory=list)
    removed: frozenset[str] = frozenset()  # elements an earlier version had and this one lacks


def history(out: Path, design: Design, design_text: str) -> History:
    """The previous version of `design` (saved as `design_text`) in the folder `out`, and this run's record."""
    past = _since_last(out, design, design_text)
    try:
        recorded = set((out / STATE_DIR / REMOVED).read_text("utf-8").split())
    except (OSError, UnicodeDecodeError):
        recorded = set()
    past.removed = frozenset((recorded | removed_elements(past.changes)) - element_names(design))
    past.state[REMOVED] = "".join(f"{name}\n" for name in sorted(past.removed)).encode("utf-8")
    return past


def _since_last(out: Path, design: Design, design_text: str) -> History:
    current = design_text.encode("utf-8")
    state_dir = out / STATE_DIR
    last = state_dir / LAST
    if not last.is_file():
        base = out / "design.yaml"  # a folder made before archgen kept records
    elif last.read_bytes() == current:
        base = state_dir / BEFORE  # the same design again: keep comparing with the one before it
    else:
        base = last
    if not base.is_file() or base.read_bytes() == current:
        return History(None, {LAST: current})
    try:
        previous, _ = read_design(base)
    except ArchgenError as exc:
        reason = exc.problems[0] if exc.problems else "unreadable"
        return History(None, {LAST: current}, [Problem(f"no changes page: the previous design is unusable ({reason})")])
    if previous == design:
        return History(None, {LAST: current})
    before = base.read_bytes()
    changes = diff_designs(
        previous,
        design,
        f"design {fingerprint(before.decode('utf-8', 'replace'))}",
        f"design {fingerprint(design_text)}",
    )
    return History(changes, {LAST: current, BEFORE: before})


def removed_since(design_path: Path, design: Design) -> frozenset[str]:
    """The elements the design file in an archgen folder no longer has that an earlier version had (a service
    merged away): text still naming them is stale. Empty outside such a folder."""
    try:
        return history(design_path.parent, design, design_path.read_text("utf-8")).removed
    except (OSError, UnicodeDecodeError):
        return frozenset()
