"""What records' lifecycles leave to policy: timers that move a record on with no period given, and open records
that name one of the staff, who may leave. The architect asks about them; the review checks any design does."""

from __future__ import annotations

import re

from archgen.common.naming import words_of
from archgen.design.lifecycle_needs import person_entities
from archgen.design.model import EntityDesign, StateMachine, Transition
from archgen.knowledge.lifecycle_questions import lifecycle_questions
from archgen.requirements.intent import words
from archgen.requirements.model import Requirements

_PERIOD = re.compile(r"\d")


def timer_moves(machine: StateMachine) -> list[Transition]:
    """The moves the system makes by itself, on no use case: a timer's."""
    return [t for t in machine.transitions if t.roles == ["system"] and not t.use_case]


def unperiodic_timers(entities: list[EntityDesign]) -> list[tuple[EntityDesign, Transition]]:
    """Timer moves whose guard gives neither a period nor a deadline the record keeps: left to policy."""
    return [
        (e, t)
        for e in entities
        if e.state_machine
        for t in timer_moves(e.state_machine)
        if not _PERIOD.search(t.guard) and not _deadline(e, t.guard, entities)
    ]


def _deadline(entity: EntityDesign, guard: str, entities: list[EntityDesign]) -> bool:
    """Whether the guard times the move by a date the record keeps (its respond_by), or one a record it refers to
    keeps (the expiry of the hold it was made from)."""
    referred = {f.type[4:-1] for f in entity.fields if f.type.startswith("ref[")}
    kept = [entity, *(e for e in entities if e.name in referred)]
    return any(f.type in ("date", "timestamp") and re.search(rf"\b{f.name}\b", guard) for e in kept for f in e.fields)


def open_states(machine: StateMachine) -> list[str]:
    """The states a record may still be acted on in."""
    return [s for s in machine.states if s not in machine.terminal]


def staff_records(req: Requirements) -> set[str]:
    """The records of the organisation's own people: of a role marked internal, or named as staff are."""
    internal = {r.name for r in req.users.roles if r.internal}
    if not internal:
        return set()
    named = lifecycle_questions().staff_records
    staff = {name for name, roles in person_entities(req).items() if set(roles) & internal}
    return staff | {e.name for e in req.data.entities if words(e.name)[:1] and words(e.name)[0] in named}


def staff_references(req: Requirements, entities: list[EntityDesign]) -> dict[str, list[tuple[EntityDesign, str]]]:
    """Staff record → (record, field): records with open states whose field names who the record is for or with,
    one of the staff; not who took a step on it (a transition's caller, an `_by` stamp), nor staff records
    themselves."""
    staff = staff_records(req)
    designed = {e.name: e for e in entities}
    found: dict[str, list[tuple[EntityDesign, str]]] = {}
    for entity in req.data.entities:
        design = designed.get(entity.name)
        if design is None or design.state_machine is None or entity.name in staff:
            continue
        if not open_states(design.state_machine):
            continue
        stored = {f.name: f for f in design.fields}
        for field, spec in entity.fields.items():
            stamp = field.endswith("_by") or "transition" in (stored[field].source if field in stored else "")
            if spec.references in staff and field in stored and not stamp:
                found.setdefault(spec.references, []).append((design, field))
    return found


def person_words(person: str) -> str:
    """A staff record as the people it records are called: StaffMember → staff member."""
    return words_of(person).lower()
