"""Whether anything makes the records of an entity the questionnaire says arrive: an operation that makes them, a
use case that creates them, or a writer that does more than move one along its lifecycle."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from archgen.design.model import PUSH_REGISTRATION, Endpoint, EntityDesign
from archgen.requirements.intent import audit_trail, creates
from archgen.requirements.model import Requirements, UseCase

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
