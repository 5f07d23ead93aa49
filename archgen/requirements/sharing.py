"""Which records people share, and what unit may home them in a cell.

A cell keeps the data of what it homes and serves no request from another cell. That holds only when every record
two people share lives with both of them: in their tenant's cell (a workspace's conversations), or in the cell of
the place where it happens (a trip in its city). A record shared by people homed apart (a follow, a video watched
from another continent) cannot be kept in one user's cell, so the design may not home people by themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from archgen.requirements.model import Requirements
from archgen.requirements.personal import Fields, is_natural_person, vocabulary


@dataclass(frozen=True)
class Homing:
    """The unit a cell homes and what it follows: 'tenant' (Workspace), 'place' (Trip.city) or 'none'."""

    unit: str
    key: str
    shared: tuple[str, ...]


def shared_records(req: Requirements) -> list[str]:
    """Entities two people share: one that refers to two people, or one people of one role write and people of
    another role read."""
    entities: dict[str, Fields] = {e.name: e.fields for e in req.data.entities}
    people = {name for name in entities if is_natural_person(name)}
    persons = {r.name for r in req.users.roles if r.kind == "person"}
    writers: dict[str, set[str]] = {}
    readers: dict[str, set[str]] = {}
    for use_case in req.use_cases:
        if use_case.actor not in persons:
            continue
        for name in use_case.writes:
            writers.setdefault(name, set()).add(use_case.actor)
        for name in use_case.reads:
            readers.setdefault(name, set()).add(use_case.actor)
    out = []
    for name, fields in entities.items():
        refs = [t.references for t in fields.values() if t.references in people]
        crossed = bool(writers.get(name)) and bool(readers.get(name, set()) - writers.get(name, set()))
        if len(refs) >= 2 or crossed:
            out.append(name)
    return out


def place_key(entities: Mapping[str, Fields], shared: list[str]) -> str:
    """The field that places every shared record where it happens (Trip.city), when each one carries one or refers
    to a record that does (a Payment of a Trip)."""
    words = vocabulary().place_fields

    def place(name: str, depth: int = 0) -> str:
        fields = entities.get(name, {})
        found = next((f for f in fields if f.lower() in words), None)
        if found is not None:
            return f"{name}.{found}"
        if depth >= 2:
            return ""
        for kind in fields.values():
            if kind.references and (reached := place(kind.references, depth + 1)):
                return reached
        return ""

    keys = [place(name) for name in shared]
    if not keys or not all(keys):
        return ""
    # the place of the record that ties most others together (a trip's city, not its driver's or rider's)
    return max(keys, key=lambda k: sum(1 for t in entities[k.split(".")[0]].values() if t.references))


def homing(req: Requirements, tenant: str = "") -> Homing:
    """What a cell may home: the tenant when the system serves many (`tenant` names its entity), the place when
    every shared record carries one, or nothing when people share records across areas."""
    shared = shared_records(req)
    if req.system.tenancy is not None and req.system.tenancy.model == "multi":
        return Homing("tenant", tenant or "tenant", tuple(shared))
    if not shared:
        person = next((e.name for e in req.data.entities if is_natural_person(e.name)), "user")
        return Homing("person", person, ())
    key = place_key({e.name: e.fields for e in req.data.entities}, shared)
    return Homing("place" if key else "none", key, tuple(shared))
