"""Whether anything makes the records of an entity the questionnaire says arrive: an operation that makes them, a
use case that creates them, or a writer that does more than move one along its lifecycle."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from archgen.common import english
from archgen.design.model import PUSH_REGISTRATION, Endpoint, EntityDesign
from archgen.requirements.intent import audit_trail, creates, write_kind
from archgen.requirements.model import Entity, Requirements, UseCase

MAKES = ("create", "replace", "ingest")  # operations that bring a record into being by themselves


def makes(endpoint: Endpoint) -> bool:
    """Whether an operation brings records of its entity into being (a PUT makes the record or replaces it)."""
    put = endpoint.method == "PUT" and endpoint.action == "command"
    return endpoint.action in MAKES or put or endpoint.operation_id == PUSH_REGISTRATION


def _makes_records(use_case: UseCase, entity: EntityDesign, endpoints: list[Endpoint]) -> bool:
    """Whether a use case that writes an entity makes records of it: one that moves none along its lifecycle
    (a consumer that opens a case, a booking that takes a deposit), or the system's own job or delivery whose moves
    start from the first state (it makes the payouts it sends in the same run). A person's request or an outside
    system's call that only moves records makes none."""
    machine = entity.state_machine
    if machine is None:
        return True
    carried = {e.transition for e in endpoints if e.entity == entity.name and use_case.name in e.use_cases}
    moves = [t for t in machine.transitions if t.use_case == use_case.name or t.name in carried]
    if not moves:
        return True
    own = use_case.interaction in ("scheduled", "push")
    return own and any(machine.initial in t.source for t in moves)


def edits_only(use_case: UseCase, entity: EntityDesign, endpoints: list[Endpoint]) -> bool:
    """Whether a use case that writes an entity moves none of its records along its lifecycle: it changes their
    fields (a check-in confirming a patient's details), so whoever makes the records, it is not by a transition."""
    machine = entity.state_machine
    carried = {e.transition for e in endpoints if e.entity == entity.name and use_case.name in e.use_cases}
    return machine is None or not [t for t in machine.transitions if t.use_case == use_case.name or t.name in carried]


def uncreated(
    req: Requirements, entity: EntityDesign, endpoints: Iterable[Endpoint], runs: Callable[[str], bool] = bool
) -> bool:
    """Whether records of an entity arrive (it grows) while no operation makes one, no use case the design runs
    (`runs`, by name) creates one and no writer does more than move one. An audit trail is written by the server
    from the acting call."""
    source = next((e for e in req.data.entities if e.name == entity.name), None)
    if source is None or not source.growth_per_day or audit_trail(entity.name):
        return False
    ops = [e for e in endpoints if e.entity == entity.name]
    if any(makes(e) for e in ops) or any(runs(u.name) for u in creates(req, source)):
        return False
    writers = [u for u in req.use_cases if entity.name in u.writes and runs(u.name)]
    return not any(_makes_records(u, entity, ops) for u in writers)


FEEDS = ("webhook", "stream", "batch")  # an outside system or device hands records in


def made_by_use_case(req: Requirements, use_case: UseCase, entity: EntityDesign, endpoints: list[Endpoint]) -> bool:
    """Whether a use case brings records of an entity into being: a request that makes them (the lead it creates,
    the entries it posts beside it), a feed from another system, or the system's own job or delivery that makes
    them. A person's request that only edits or moves a record makes none."""
    if use_case.interaction in FEEDS:
        return True
    source = req.entity(entity.name)
    if use_case.interaction == "request":
        return write_kind(use_case, source).kind == "create" or _made_beside(use_case, source)
    return _makes_records(use_case, entity, endpoints)


def _made_beside(use_case: UseCase, entity: Entity) -> bool:
    """Whether a request makes a record beside its own work: one it does not read that refers to another record it
    writes (the moderation case automated checks open on the video being transcoded)."""
    others = set(use_case.writes) - {entity.name}
    refers = any(k.kind == "ref" and k.target in others for k in entity.fields.values())
    return use_case.writes[:1] != [entity.name] and entity.name not in use_case.reads and refers


def unmade(
    req: Requirements, entity: EntityDesign, endpoints: Iterable[Endpoint], runs: Callable[[str], bool] = bool
) -> bool:
    """Whether nothing brings records of an entity into being: no operation makes one and no use case the design
    runs (`runs`, by name) makes one. An audit trail is written by the server from the acting call."""
    if audit_trail(entity.name) or not any(e.name == entity.name for e in req.data.entities):
        return False
    ops = [e for e in endpoints if e.entity == entity.name]
    if any(makes(e) or e.action == "webhook" for e in ops):
        return False
    writers = [u for u in req.use_cases if entity.name in u.writes and runs(u.name)]
    return not any(made_by_use_case(req, u, entity, ops) for u in writers)


def used(req: Requirements, entity: str) -> str | None:
    """How use cases depend on an entity's records, in words: a use case reads them, or a record use cases read or
    write refers to them; None when none does."""
    readers = [u.name for u in req.use_cases if entity in u.reads]
    if readers:
        more = f" and {english.count(len(readers) - 1, 'other use case', words=True)}" if len(readers) > 1 else ""
        return f"read by {readers[0]}{more}"
    touched = {n for u in req.use_cases for n in (*u.reads, *u.writes)}
    referring = [
        e.name
        for e in req.data.entities
        if e.name in touched
        and e.name != entity
        and any(k.kind == "ref" and k.target == entity for k in e.fields.values())
    ]
    return f"referred to by {english.join(referring)}" if referring else None
