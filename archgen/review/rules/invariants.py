"""Invariants of capacity and lifecycle carried by the store: a counted resource has its CHECK and every writer of
its counters, a claim holds across time partitions, a hold is consumed once by what it becomes, and the system's
moves leave other people's records alone."""

from __future__ import annotations

from archgen.design import invariants as inv
from archgen.knowledge.invariants import invariants
from archgen.review.engine import Found, Problem, Subject, rule


def _at(subject: Subject, name: str, part: str) -> tuple[str | int, ...]:
    i = next(k for k, e in enumerate(subject.design.entities) if e.name == name)
    return ("entities", i, part)


@rule("FLOW120", "error", "flows", "A capacity invariant with no mechanism the store holds")
def unguarded_capacity(subject: Subject) -> Found:
    """A record counts a resource (rooms of a type on one night: a total beside what is sold, held or blocked)
    with no CHECK that keeps the counters within the total, a counter named for another record's state
    (rooms out of order) is typed by a caller instead of kept by the moves into and out of that state, or an
    exclusive claim is a unique index on a time-partitioned table that leaves the partition key out. Overselling
    then hangs on every writer getting its arithmetic right, capacity taken out of service stays on sale, or the
    index cannot be built across partitions. Put the CHECK on the row, keep the counter in the moves'
    transaction, and hold the claim in a table of its own."""
    stores = {s.name: s for s in subject.design.stores}
    for entity in subject.design.entities:
        found = inv.counted(entity)
        if found is not None and inv.guard_of(entity) is None:
            yield Problem(
                element=entity.name,
                at=_at(subject, entity.name, "indexes"),
                message=f"{entity.name} counts {', '.join(found.taken)} against {found.total} with no CHECK on "
                "the row: nothing in the store stops an oversold count",
                fix=f"add CHECK ({found.check}) to the {entity.name} row and name it among its constraints",
            )
        if found is not None:
            for record, state, counter in inv.removals(subject.design.entities, found):
                moves = (
                    [t for t in record.state_machine.transitions if t.target == state] if record.state_machine else []
                )
                loose = [t.name for t in moves if entity.name not in t.guard]
                if loose or not moves:
                    yield Problem(
                        element=f"{entity.name}.{counter}",
                        at=_at(subject, record.name, "state_machine"),
                        message=f"{entity.name}.{counter} counts {record.name}s in {state}, and "
                        f"{', '.join(loose) or 'no move'} into {state} changes it: the capacity stays on sale",
                        fix=f"let the move into {state} add to {entity.name}.{counter} in its transaction and "
                        f"the move out take it back",
                    )
        for index, field in inv.split_claims(entity, stores.get(entity.store)):
            yield Problem(
                element=f"{entity.name}.{index.name}",
                at=_at(subject, entity.name, "indexes"),
                message=f"{index.name} is a unique claim on {entity.name}, which is partitioned by {field}: a "
                "unique index on a partitioned table must include the partition key, so it holds per partition "
                "only or cannot be built",
                fix=f"hold the claim in a narrow table of its own keyed by {index.fields[0]}, written in the "
                "transaction of the move that takes it",
            )


@rule("FLOW121", "error", "flows", "A hold not consumed by one transition of what it becomes")
def loose_hold(subject: Subject) -> Found:
    """A record that lapses (a hold with an expiry) becomes another (a booking), and either more than one of the
    other may name the same hold, or no move of the hold says it is consumed where the other is
    created. A retried confirmation then books twice, or the units are released by the hold's timer and taken
    again by the booking, so for a moment they are on sale twice. Make the reference unique and consume the
    hold in the transaction that makes what it becomes."""
    marks = invariants().consumed.marks
    for found in inv.consumptions(subject.design.entities):
        hold, entity = found.hold.name, found.entity.name
        if inv.unique_on(found.entity, found.field) is None:
            yield Problem(
                element=f"{entity}.{found.field}",
                at=_at(subject, entity, "indexes"),
                message=f"{entity}.{found.field} is not unique: two {entity} records can consume one {hold}",
                fix=f"add a unique index on {entity}.{found.field}",
            )
        if found.move is None or not any(m in found.move.guard.lower() for m in marks):
            name = found.move.name if found.move is not None else "no move"
            yield Problem(
                element=f"{hold}.{name}",
                at=_at(subject, hold, "state_machine"),
                message=f"{hold} becomes a {entity} through {name}, which does not say it is consumed in the "
                f"transaction that makes the {entity}",
                fix=f"consume the {hold} in the {entity}'s transaction: what it held passes to the {entity}, and "
                "an expired one is checked and claimed again rather than refused",
            )


@rule("FLOW122", "error", "flows", "A system move that ends other people's records")
def acts_on_others(subject: Subject) -> Found:
    """A move the system makes on one record (a loan going overdue) also ends other records of its kind (the
    later loans of the same item), which belong to other people and which the questionnaire never said the
    system may end: a colleague loses an approved booking because someone else was late, and nobody tells them.
    Let the system tell those people and the staff, and leave the ending to them."""
    for entity in subject.design.entities:
        for move, clause in inv.acting_on_others(entity):
            yield Problem(
                element=f"{entity.name}.{move.name}",
                at=_at(subject, entity.name, "state_machine"),
                message=f'{entity.name}\'s {move.name} move ends other {entity.name} records: "{clause}"',
                fix="leave other records as they are: tell their holders and the staff, and let them decide",
            )
