"""The fields of a record that a later step sets, read from the design: empty on a record just made, so no
response may promise them (the time and caller of its hand-out, before it is handed out)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from archgen.design.fixed import changeable, writable
from archgen.design.model import Endpoint, EntityDesign, Service, StoredField
from archgen.design.obtaining import SELF
from archgen.requirements.model import Requirements

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


# a value the server sets from something that happens after the record is made: a provider's answer to the call
# the committed intent makes, a bank account once verified, an edit, a person's act on what others made
LATER_SOURCES = (
    ("when it calls the provider", "the provider's answer"),
    ("has moved that record to verified", "the verification"),
    ("when an update applies an edit", "the first edit"),
)
ACTS = ("when they act on it", "when the caller's act is stored")


def carried_by_moves(
    req: Requirements, services: Iterable[Service], entity: EntityDesign
) -> dict[str, list[StoredField]]:
    """The data each transition of an entity takes besides why: a record its use case links the entity to that
    the create did not name (the room assigned at check-in; the first step that links it, later ones find it on
    the record), and the fields named for the step (the condition recorded at return, the amount approved). A
    transition done right after creation takes the create's body instead."""
    machine = entity.state_machine
    if machine is None:
        return {}
    use_cases = {u.name: u for u in req.use_cases}
    linked, listed = touched_at_create(req, services, entity)
    out: dict[str, list[StoredField]] = {}
    for move in machine.transitions:
        case = use_cases.get(move.use_case or "")
        if case is None or move.guard.startswith(AT_CREATE):
            continue
        verb = move.name.replace("-", "_")
        named = {verb, move.target, verb + "ed", verb + "d"}
        # a record the step changes as it links it (the room it assigns), where the create lists the records it
        # links and this is not one of them
        refs = [
            f
            for f in entity.fields
            if listed and f.type.startswith("ref[") and f.type[4:-1] in set(case.writes) - {entity.name}
        ]
        fields = [
            f
            for f in entity.fields
            if f.set_by == "client"
            and (
                (f in refs and f.name not in linked)
                or (f.type not in ("date", "timestamp") and set(f.name.split("_")) & named and f.name != verb)
            )
        ]
        linked |= {f.name for f in fields}
        if fields:
            out[move.name] = fields
    _unsent_to_first_move(services, entity, out)
    return out


def _unsent_to_first_move(services: Iterable[Service], entity: EntityDesign, out: dict[str, list[StoredField]]) -> None:
    """A client's field that neither the create nor an edit lets its writers send (the reserve an adjuster sets on
    a claim the policyholder files; money a lifecycle fixes) is supplied by the first move its writers make."""
    machine = entity.state_machine
    if machine is None:
        return
    carried = {f.name for fields in out.values() for f in fields}
    for field in unsent(services, entity):
        if field.name in carried:
            continue
        who = set(field.writers)
        move = next(
            (
                t
                for t in machine.transitions
                if not t.guard.startswith(AT_CREATE) and t.roles and (not who or who & set(t.roles))
            ),
            None,
        )
        if move is not None:
            out.setdefault(move.name, []).append(field)


def unsent(services: Iterable[Service], entity: EntityDesign) -> list[StoredField]:
    """The client's fields of a record people make that no create or edit lets their writers send."""
    writes = [
        e
        for s in services
        for e in s.endpoints
        if e.entity == entity.name and e.action in ("create", "replace", "update")
    ]
    if not any(e.action in ("create", "replace") for e in writes):
        return []  # a record the system makes (a notification) gets its fields from whatever makes it
    editable = {f.name for f in changeable(entity)}
    named = {w for f in writable(entity) for w in f.writers}

    def sent(field: StoredField, endpoint: Endpoint) -> bool:
        if endpoint.action == "update" and field.name not in editable:
            return False
        # a caller no field names writes as the person the record is about (its projections say the same)
        callers = {r if r in named else SELF for r in endpoint.roles or [SELF]}
        return not field.writers or bool(set(field.writers) & callers)

    return [f for f in writable(entity) if not any(sent(f, e) for e in writes)]


def supplied_later(req: Requirements, services: Iterable[Service], entity: EntityDesign) -> dict[str, str]:
    """The client's fields a transition supplies and the create does not ask for, each with the step that does."""
    services = list(services)
    named = touched_at_create(req, services, entity)[0]
    moves = carried_by_moves(req, services, entity)
    return {f.name: move for move, fields in moves.items() for f in fields if f.name not in named}


def touched_at_create(req: Requirements, services: Iterable[Service], entity: EntityDesign) -> tuple[set[str], bool]:
    """The references the use cases that create an entity fill themselves: those to records they read or write (a
    booking confirms the hold it names), which stay in the create's body; and whether they list any record besides
    the one they make (one that lists none leaves its links to its fields)."""
    endpoints: list[Endpoint] = [e for s in services for e in s.endpoints]
    makers = {u for e in endpoints if e.entity == entity.name and e.action in ("create", "ingest") for u in e.use_cases}
    cases = [u for u in req.use_cases if u.name in makers]
    touched = {n for u in cases for n in (*u.reads, *u.writes)} - {entity.name}
    return {f.name for f in entity.fields if f.type.startswith("ref[") and f.type[4:-1] in touched}, bool(touched)


def empty_at_create(req: Requirements, services: Iterable[Service], entity: EntityDesign) -> dict[str, str]:
    """Every field a record just made cannot carry yet, each with what fills it later: a later transition's value,
    what a later step supplies, a provider's answer, a verified copy, an edit, or the act of a person on a record
    no person makes."""
    services = list(services)
    out = {name: f"the {move} transition" for name, move in set_later(entity).items()}
    out |= {name: f"the {move} step" for name, move in supplied_later(req, services, entity).items()}
    made_by_people = any(
        e.entity == entity.name and e.action in ("create", "replace") and e.roles for s in services for e in s.endpoints
    )
    for field in entity.fields:
        if field.set_by != "server" or field.name in out:
            continue
        said = next((what for marker, what in LATER_SOURCES if marker in field.source), None)
        if said is None and not made_by_people and any(a in field.source for a in ACTS):
            said = "the act of the person it names"
        if said is not None:
            out[field.name] = said
    return out
