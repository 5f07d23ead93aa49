"""The restore drill's cadence, from one place: the cadence a decision chose (its chosen option or rationale), or
the default. The backups table is written from it, and the review compares every sentence about a restore with it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from archgen.design.model import Decision
from archgen.knowledge.drills import drills


def decided(decisions: Sequence[Decision]) -> Iterator[tuple[int, str, str]]:
    """(decision index, where, cadence) for each chosen option or rationale that sets a restore drill's cadence."""
    known = drills()
    for i, d in enumerate(decisions):
        chosen = next((o for o in d.options if o.name == d.decision), None)
        for where, text in (
            ("decision", d.decision),
            ("summary", chosen.summary if chosen else ""),
            ("rationale", d.rationale),
        ):
            cadence = known.cadence(text)
            if cadence is not None:
                yield i, where, cadence


def drill_cadence(decisions: Sequence[Decision]) -> str:
    """The cadence of the restore drill: the first a decision chose, else the default."""
    return next((c for _, _, c in decided(decisions)), drills().default)
