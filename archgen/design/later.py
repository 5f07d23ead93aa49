"""The fields of a record that a later step sets, read from the design: empty on a record just made, so no
response may promise them (the time and caller of its hand-out, before it is handed out)."""

from __future__ import annotations

import re

from archgen.design.model import EntityDesign

_TRANSITION = re.compile(r"\bthe ([a-z][a-z0-9_-]*) transition\b")
# a move its create runs in the same request sets its fields at once (lifecycle's guard for such a move)
AT_CREATE = "right after"


def later_moves(entity: EntityDesign) -> set[str]:
    """The transitions of an entity that its create does not run."""
    machine = entity.state_machine
    if machine is None:
        return set()
    return {t.name for t in machine.transitions if not t.guard.startswith(AT_CREATE)}


def set_later(entity: EntityDesign) -> dict[str, str]:
    """The server's fields whose source is a transition the create does not run, each with that transition."""
    moves = later_moves(entity)
    out: dict[str, str] = {}
    for field in entity.fields:
        if field.set_by != "server" or entity.state_machine is None or field.name == entity.state_machine.field:
            continue
        found = _TRANSITION.search(field.source)
        # what the create also sets (the status, a counter it starts) is there from the start
        if found is not None and found.group(1) in moves and not field.source.startswith("its clock"):
            out[field.name] = found.group(1)
    return out
