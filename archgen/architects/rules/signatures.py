"""Two signatures in fields of their own (approved_by, released_by): the later move is refused to the person who
made the earlier one, read from the record on the server (archgen/knowledge/payment_batches.yaml)."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from archgen.knowledge.payment_batches import payment_batches

if TYPE_CHECKING:
    from archgen.architects.rules.lifecycle import _Plan

SYSTEM = "system"


def _signed_by(plan: _Plan) -> dict[str, str]:
    """Each state a person's move reaches that the record keeps its signer for: state → field."""
    out: dict[str, str] = {}
    for name, kind in plan.entity.fields.items():
        if kind.kind != "ref" or not name.endswith("_by"):
            continue
        state = name.removesuffix("_by")
        if state in plan.lifecycle:
            out[state] = name
    return out


def distinct_signers(plan: _Plan) -> None:
    """Guard the later of two people's signatures against the earlier signer."""
    signed = _signed_by(plan)
    if len(signed) < 2:
        return
    moves = {t.target: t for t in plan.moves.values() if t.roles and SYSTEM not in t.roles and t.target in signed}
    ordered = sorted(moves, key=plan.lifecycle.index)
    for first, later in itertools.pairwise(ordered):
        move = moves[later]
        said = payment_batches().distinct_guard.format(field=signed[first], move=moves[first].name)
        if said not in move.guard:
            move.guard = "; ".join(g for g in (said, move.guard) if g)
