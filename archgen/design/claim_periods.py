"""Which dates a claim for a period binds on, what it holds once live past its end, and when a unit it names is
assigned (the words: archgen/knowledge/claim_periods.yaml). The rules architect builds claims by these and the
review checks any design against them."""

from __future__ import annotations

from archgen.design.model import EntityDesign, StoredField, Transition
from archgen.knowledge.claim_periods import claim_periods
from archgen.knowledge.holds import hold_words
from archgen.knowledge.operations import operation_words
from archgen.requirements.model import Requirements

SYSTEM = "system"


def _ends_in(field: str, terms: tuple[str, ...]) -> bool:
    low = field.lower()
    return any(low == t or low.endswith("_" + t) for t in terms)


def proposed(field: StoredField) -> bool:
    """Whether a date field holds what one party proposes and another decides (the dates a requester asks for)."""
    said = field.description.lower()
    return field.type in ("date", "timestamp") and any(m in said for m in claim_periods().proposed_marks)


def proposals(entity: EntityDesign) -> list[StoredField]:
    """The proposed date fields of a record, starts before ends."""
    return [f for f in entity.fields if proposed(f)]


def deciding_step(entity: EntityDesign, req: Requirements) -> Transition | None:
    """The people's step that moves a record on from its first state other than refusing it (an approval): the
    one that decides the dates a proposal asked for."""
    machine = entity.state_machine
    if machine is None:
        return None
    known = operation_words().states
    people = {r.name for r in req.users.roles if r.kind == "person"}
    refusals = known.cancel | known.declines
    return next(
        (
            t
            for t in machine.transitions
            if machine.initial in t.source and t.target.lower() not in refusals and set(t.roles) & people
        ),
        None,
    )


def bound_ends(entity: EntityDesign) -> dict[str, StoredField]:
    """The fields a later step binds the period by, by end ('start', 'end'): dates a deciding role writes, named
    as a period's start or end, not proposals."""
    words = hold_words()
    decided = [f for f in entity.fields if f.type in ("date", "timestamp") and f.writers and not proposed(f)]
    out: dict[str, StoredField] = {}
    for field in decided:
        if _ends_in(field.name, words.starts):
            out.setdefault("start", field)
        elif _ends_in(field.name, words.ends):
            out.setdefault("end", field)
    return out


def bound_period(entity: EntityDesign) -> tuple[str, str] | None:
    """The period that binds a record whose dates are proposed: the fields the deciding step sets."""
    if not proposals(entity):
        return None
    ends = bound_ends(entity)
    return (ends["start"].name, ends["end"].name) if "start" in ends and "end" in ends else None


def past_end(entity: EntityDesign) -> list[str]:
    """The live states that say a claim outlived its period (a loan overdue): reached by the clock's move from
    another live state, and named so."""
    machine = entity.state_machine
    if machine is None:
        return []
    words = claim_periods().past_end_states
    live = {s for s in machine.states if s not in machine.terminal}
    return sorted(
        {
            t.target
            for t in machine.transitions
            if SYSTEM in t.roles and t.target in live and set(t.source) & live and t.target.lower() in words
        }
    )


def letting_go(entity: EntityDesign, states: list[str]) -> Transition | None:
    """The move that ends a claim still in one of `states` (an approved loan's lapse, else its cancel)."""
    machine = entity.state_machine
    if machine is None:
        return None
    out = [t for t in machine.transitions if set(t.source) & set(states) and t.target in machine.terminal]
    return next((t for t in out if SYSTEM in t.roles), out[0] if out else None)


def _makers(entity: EntityDesign, req: Requirements) -> list[str]:
    """The use cases that make a record (they write it and take no step of it past its first state)."""
    machine = entity.state_machine
    later = (
        {t.use_case for t in machine.transitions if machine.initial not in t.source and t.use_case}
        if machine is not None
        else set()
    )
    return [u.name for u in req.use_cases if entity.name in u.writes and u.name not in later]


def assigned_by(entity: EntityDesign, resource: str, req: Requirements) -> Transition | None:
    """The later step that assigns the unit a reference names (the room a check-in assigns), when none of the
    use cases that make the record reads or writes that unit: the reference is empty until then."""
    machine = entity.state_machine
    field = next((f for f in entity.fields if f.name == resource), None)
    if machine is None or field is None or not field.type.startswith("ref["):
        return None
    target = field.type[4:-1]
    cases = {u.name: u for u in req.use_cases}
    makers = [cases[n] for n in _makers(entity, req)]
    if not makers or any(target in (*u.reads, *u.writes) for u in makers):
        return None
    for move in machine.transitions:
        case = cases.get(move.use_case or "")
        if case is not None and machine.initial not in move.source and target in case.writes:
            return move
    return None


def from_step(entity: EntityDesign, move: Transition) -> list[str]:
    """The live states a record is in from a step on: its target and what live moves lead on to."""
    machine = entity.state_machine
    if machine is None:
        return []
    found = [move.target]
    for state in found:
        for t in machine.transitions:
            if state in t.source and t.target not in machine.terminal and t.target not in found:
                found.append(t.target)
    return [s for s in machine.states if s in found and s not in machine.terminal]


def counter(entity: EntityDesign, entities: list[EntityDesign], req: Requirements) -> EntityDesign | None:
    """The record whose counts per type and night guard a sale by count (a room type's inventory per night):
    written by the use cases that make the record, keyed by a date and a reference the record also has, and
    holding whole-number counts."""
    makers = set(_makers(entity, req))
    written = {n for u in req.use_cases if u.name in makers for n in u.writes} - {entity.name}
    mine = {f.type for f in entity.fields if f.type.startswith("ref[")}
    for other in (e for e in entities if e.name in written):
        kinds = {f.name: f.type for f in other.fields}
        counts = [f for f in other.fields if f.type == "int" and f.set_by == "server"]
        for index in other.indexes:
            keyed = [kinds.get(n, "") for n in index.fields]
            if index.kind == "unique" and "date" in keyed and set(keyed) & mine and counts:
                return other
    return None


def repair_state(entity: EntityDesign) -> str | None:
    """The state a resource is repaired in, if its lifecycle has one."""
    machine = entity.state_machine
    states = claim_periods().repair.states
    return next((s for s in machine.states if s.lower() in states), None) if machine is not None else None


def damaged_values(field: StoredField) -> list[str]:
    """The values of a reported enum that mean the resource needs repair."""
    if not field.type.startswith("enum["):
        return []
    values = [v.strip() for v in field.type[5:-1].split(",")]
    return [v for v in values if v.lower() in claim_periods().repair.values]


def free_states() -> frozenset[str]:
    """The states of being free to take."""
    return frozenset(operation_words().states.free)
