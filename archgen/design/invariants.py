"""Invariants the store must carry: a counted resource's CHECK, a claim that holds across time partitions, a hold
consumed once by the record it becomes, and system moves that leave other records of their kind alone."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from archgen.design import holds
from archgen.design.model import DataStore, EntityDesign, Index, StoredField, Transition
from archgen.knowledge.invariants import invariants

SYSTEM = "system"


@dataclass(frozen=True)
class Counted:
    """A record that counts a resource per row: its total and the counters that use it up."""

    entity: EntityDesign
    total: str
    taken: tuple[str, ...]

    @property
    def check(self) -> str:
        """The constraint's expression."""
        each = " AND ".join(f"{f} >= 0" for f in self.taken)
        return f"{' + '.join(self.taken)} <= {self.total} AND {each}"


def counted(entity: EntityDesign) -> Counted | None:
    """The counted resource a record keeps, when it has a total and counters that use it up."""
    words = invariants().counted
    ints = [f.name for f in entity.fields if f.type == "int"]
    total = next((f for f in ints if f in words.totals), None)
    taken = tuple(f for f in ints if f in words.taken)
    return Counted(entity, total, taken) if total is not None and taken else None


def guard_of(entity: EntityDesign) -> Index | None:
    """The constraint that carries a counted resource's guard, if the record has one."""
    marks = invariants().counted.marks
    return next((i for i in entity.indexes if any(m in i.serves.lower() for m in marks)), None)


def _refs(entity: EntityDesign) -> set[str]:
    return {f.type for f in entity.fields if f.type.startswith("ref[")}


def removals(entities: list[EntityDesign], found: Counted) -> Iterator[tuple[EntityDesign, str, str]]:
    """Each record (a room) whose state a counter is named for (out_of_order), sharing a reference with the
    counting record (the room type): the record, the state and the counter."""
    for other in entities:
        machine = other.state_machine
        if other is found.entity or machine is None or not _refs(other) & _refs(found.entity):
            continue
        for field in found.taken:
            if field in machine.states:
                yield other, field, field


def partition_field(entity: EntityDesign, store: DataStore | None) -> str | None:
    """The time field a record's rows are partitioned on, if it is kept in time partitions."""
    from archgen.design.history import time_partitioned

    if store is None or not entity.partition_key or not time_partitioned(entity, store):
        return None
    first = entity.partition_key.split()[0]
    return first if any(f.name == first for f in entity.fields) else None


def split_claims(entity: EntityDesign, store: DataStore | None) -> Iterator[tuple[Index, str]]:
    """Each unique claim on a time-partitioned record that leaves out the partition key: PostgreSQL cannot build
    it across partitions, and per partition it proves nothing."""
    field = partition_field(entity, store)
    if field is None:
        return
    for index in entity.indexes:
        if index.kind in ("unique", "exclusion") and holds.claiming(index) and field not in index.fields:
            yield index, field


@dataclass(frozen=True)
class Consumption:
    """A hold (a record that lapses) and the record it becomes, through its reference."""

    hold: EntityDesign
    entity: EntityDesign
    field: str
    move: Transition | None


def consumptions(entities: list[EntityDesign]) -> Iterator[Consumption]:
    """Each hold another record names and consumes: the hold has an expiry field and a state it is consumed
    into; the move into that state, if any."""
    words = invariants().consumed
    by_name = {e.name: e for e in entities}
    for entity in entities:
        for field in entity.fields:
            hold = by_name.get(field.type[4:-1]) if field.type.startswith("ref[") else None
            machine = hold.state_machine if hold is not None else None
            if hold is None or hold is entity or machine is None:
                continue
            states = [s for s in machine.states if s in words.states]
            if not states or not any(f.name in words.expiry for f in hold.fields):
                continue
            move = next((t for t in machine.transitions if t.target in states), None)
            yield Consumption(hold, entity, field.name, move)


def unique_on(entity: EntityDesign, field: str) -> Index | None:
    """A unique index over exactly one field of a record."""
    return next((i for i in entity.indexes if i.kind == "unique" and i.fields == [field]), None)


def expiry_field(entity: EntityDesign) -> StoredField | None:
    """A hold's expiry field."""
    return next((f for f in entity.fields if f.name in invariants().consumed.expiry), None)


def _said(text: str, words: tuple[str, ...]) -> bool:
    return any(re.search(rf"\b{re.escape(w)}\b", text) for w in words)


def acting_on_others(entity: EntityDesign) -> Iterator[tuple[Transition, str]]:
    """Each system move whose guard ends other records of its kind (the later loans of one item), with the
    clause that says so."""
    words = invariants().others
    machine = entity.state_machine
    if machine is None:
        return
    for move in machine.transitions:
        if SYSTEM not in move.roles and move.use_case is not None:
            continue
        for clause in move.guard.lower().split(";"):
            named = _said(clause, words.records) and entity.name.lower() in clause
            if named and _said(clause, words.ending) and not _said(clause, words.kept):
                yield move, clause.strip()
