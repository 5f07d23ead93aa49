"""Invariants carried by the store: a counted resource gets its CHECK and every counter that removes capacity is
kept by the move that removes it, a claim on a time-partitioned record moves to a table of its own, and a hold is
consumed once, in the transaction that makes what it becomes (archgen/knowledge/invariants.yaml)."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.common.naming import slug
from archgen.design import invariants as inv
from archgen.design.model import EntityDesign, Index
from archgen.knowledge.invariants import invariants


def plan_invariants(draft: Draft) -> None:
    """Give each invariant of capacity and lifecycle the mechanism that carries it."""
    for entity in draft.entities:
        found = inv.counted(entity)
        if found is not None:
            _guard_counts(draft, found)
        _split_claims(draft, entity)
    for consumed in inv.consumptions(draft.entities):
        _consume_once(consumed)


def _append(text: str, said: str) -> str:
    return "; ".join(p for p in (text, said) if p) if said not in text else text


def _guard_counts(draft: Draft, found: inv.Counted) -> None:
    """The row's key carries the CHECK; the counters never go negative; a counter named for another record's
    state is kept by that record's moves."""
    words = invariants().counted
    entity = found.entity
    if inv.guard_of(entity) is None:
        key = next((i for i in entity.indexes if i.kind == "unique"), None) or next(
            i for i in entity.indexes if i.kind == "primary"
        )
        key.serves += words.serves.format(check=found.check, entity=entity.name)
    for field in entity.fields:
        if field.name in found.taken:
            field.minimum = 0
            field.description = _append(field.description, words.taken_says.format(total=found.total))
    for record, state, counter in inv.removals(draft.entities, found):
        field = next(f for f in entity.fields if f.name == counter)
        field.set_by = "server"
        field.source = words.removal_source.format(record=record.name, state=state)
        machine = record.state_machine
        assert machine is not None
        said = words.removal_guard.format(field=counter, entity=entity.name, state=state)
        for move in machine.transitions:
            if move.target == state:
                move.guard = _append(move.guard, said)


def _split_claims(draft: Draft, entity: EntityDesign) -> None:
    """A claim a partitioned table cannot hold moves to a narrow claim table keyed by the resource."""
    words = invariants().partitioned
    store = next((s for s in draft.stores if s.name == entity.store), None)
    for index, field in list(inv.split_claims(entity, store)):
        resource = index.fields[0]
        states = index.serves.split(" in (", 1)[1].split(")", 1)[0] if " in (" in index.serves else "its live states"
        name = slug(entity.name, "entity")
        entity.indexes[entity.indexes.index(index)] = Index(
            name=words.name.format(entity=name, resource=resource),
            fields=[resource],
            kind="claim",
            serves=words.serves.format(entity=entity.name, resource=resource, states=states, partition=field),
        )


def _consume_once(consumed: inv.Consumption) -> None:
    """One record per hold, made in the transaction that consumes the hold; the hold's expiry releases its own."""
    words = invariants().consumed
    hold, entity = consumed.hold, consumed.entity
    index = inv.unique_on(entity, consumed.field)
    if index is None:
        index = Index(
            name=f"{slug(entity.name, 'entity')}_{consumed.field}_key",
            fields=[consumed.field],
            kind="unique",
            serves=words.serves.format(entity=entity.name, hold=hold.name),
        )
        entity.indexes.append(index)
    move, machine, expiry = consumed.move, hold.state_machine, inv.expiry_field(hold)
    if move is None or machine is None or expiry is None:
        return
    step = move.use_case or "consuming"
    values = {"entity": entity.name, "hold": hold.name, "index": index.name, "step": step, "expiry": expiry.name}
    move.guard = _append(move.guard, words.guard.format(**values))
    live = " or ".join(move.source)
    for lapse in machine.transitions:
        lapses = lapse.target in machine.terminal and bool(set(lapse.source) & set(move.source))
        if lapse is not move and lapses and inv.SYSTEM in lapse.roles and lapse.use_case != move.use_case:
            lapse.guard = _append(lapse.guard, words.expiry_guard.format(hold=hold.name, live=live, step=step))
