"""What each transition of a lifecycle must carry and who must be able to do it, read from the design and the
questionnaire: a step of the work a use case writes takes the content written at that stage, a move that ends
the record starts from every live state, and a stage that is its subject's own is moved on by its subject. The
architect plans by these; the review checks any design against them."""

from __future__ import annotations

import re

from archgen.capacity.load import actor_kind
from archgen.design.binding import committed
from archgen.design.fixed import fixed_references
from archgen.design.lifecycle_needs import person_entities
from archgen.design.model import Endpoint, EntityDesign, StateMachine, StoredField, Transition
from archgen.knowledge.lifecycles import lifecycle_knowledge
from archgen.knowledge.operations import operation_words
from archgen.requirements.intent import is_role_record, words
from archgen.requirements.model import Requirements, UseCase

SYSTEM = "system"


def decider_field(references: list[str], roles: list[str]) -> tuple[str, str] | None:
    """Of a record's reference fields, the one that names the one person who decides it for a move these roles
    make, with the role it binds ('' for every one of them): its approver or reviewer, or assigned_<role> for one
    of the roles (lifecycles.yaml `deciders`); None when none does."""
    deciders = lifecycle_knowledge().guards.deciders
    for name in references:
        if name in deciders:
            return name, ""
        role = next((r for r in roles if name == f"assigned_{r}"), None)
        if role is not None:
            return name, role
    return None


def content_fields(entity: EntityDesign) -> list[StoredField]:
    """The fields a person writes as a record's content (text, scores, amounts, files): set by the client, of a
    content kind, never its status or a clock, nor what the record was committed to when it was made (where a trip
    goes) or the references that fix what it is about: a later step never rewrites those."""
    known = operation_words()
    fixed = set(committed(entity)) | set(fixed_references(entity))
    status = entity.state_machine.field if entity.state_machine is not None else ""
    kinds = known.states.content_kinds
    clock = known.fields.clock
    return [
        f
        for f in entity.fields
        if f.set_by == "client"
        and f.type in kinds
        and f.name != status
        and f.name not in clock
        and f.name != "id"
        and f.name not in fixed
    ]


def named_for_step(entity: EntityDesign, move: Transition) -> set[str]:
    """The fields a transition's derived body takes when it states none: the client's fields named for the step
    (the condition recorded at return)."""
    verb = move.name.replace("-", "_")
    named = {verb, move.target, verb + "ed", verb + "d"}
    return {
        f.name
        for f in entity.fields
        if f.set_by == "client"
        and f.type not in ("date", "timestamp")
        and set(f.name.split("_")) & named
        and f.name != verb
    }


def writes_content(req: Requirements, use_case: UseCase) -> bool:
    """Whether a use case is a person's request that writes a record's content (write a review, assess a claim)."""
    said = set(words(use_case.name)) & operation_words().states.content_verbs
    return bool(said) and use_case.interaction == "request" and actor_kind(req, use_case) == "person"


def content_moves(req: Requirements, entity: EntityDesign) -> list[tuple[Transition, UseCase]]:
    """The moves of an entity that are steps of work a person writes: carried by a use case that writes the
    record's content, done by people, and not ending, refusing or suspending it (those take only a reason)."""
    machine = entity.state_machine
    if machine is None or not content_fields(entity):
        return []
    known = operation_words().states
    quiet = known.cancel | known.declines | known.leaving | known.enforcement | known.paused
    by_name = {u.name: u for u in req.use_cases if entity.name in u.writes}
    out = []
    for move in machine.transitions:
        use_case = by_name.get(move.use_case or "")
        if use_case is None or not writes_content(req, use_case) or set(move.roles) <= {SYSTEM}:
            continue
        if use_case.writes[0] != entity.name:  # its content goes to the record it leads with (the assessment)
            continue
        if move.target.lower() not in quiet:
            out.append((move, use_case))
    return out


def live_states(machine: StateMachine) -> list[str]:
    """The states a record can still leave."""
    return [s for s in machine.states if s not in machine.terminal]


def leaving_moves(machine: StateMachine) -> list[Transition]:
    """The moves that end a record wherever it stands (terminate, deprovision, close, dismiss)."""
    leaving = operation_words().states.leaving
    return [t for t in machine.transitions if t.target.lower() in leaving]


def endable(machine: StateMachine, move: Transition) -> list[str]:
    """The live states a move that ends the record can end: every one but its target, and but those past the
    point where the record is committed when it abandons it (cancel before checked in)."""
    known = operation_words().states
    live = [s for s in live_states(machine) if s != move.target]
    if move.target.lower() in known.cancel:
        committed = next((i for i, s in enumerate(machine.states) if s.lower() in known.commitment), None)
        live = [s for s in live if committed is None or machine.states.index(s) < committed]
    return live


def is_subject_stage(state: str) -> bool:
    """Whether a state is the stage its subject works on (self_review)."""
    return bool(set(re.split(r"[_\W]+", state.lower())) & operation_words().states.subject_stages)


def subject_roles(req: Requirements, entity: EntityDesign) -> list[str]:
    """The person roles a record is about: those whose own record one of its references names (a review's
    employee), never the reference to who works on it (its reviewer)."""
    people = person_entities(req)
    out: list[str] = []
    for f in entity.fields:
        target = f.type[4:-1] if f.type.startswith("ref[") else ""
        if target in people and any(f.name == r or f.name == target.lower() for r in people[target]):
            out.extend(r for r in people[target] if r not in out)
    return out


def untriggered(req: Requirements, entity: EntityDesign, endpoints: list[Endpoint]) -> list[tuple[Transition, UseCase]]:
    """The steps a person's use case takes through a record it does not lead with that none of its operations can
    trigger: it moves the record several steps in a row (start the assessment, then assess) while its operations
    trigger fewer, so the first steps need their own."""
    machine = entity.state_machine
    if machine is None:
        return []
    people = {r.name for r in req.users.roles if r.kind == "person"}
    known = operation_words().states
    quiet = known.cancel | known.declines | known.leaving
    done = {(e.entity, e.transition) for e in endpoints if e.action == "transition"}
    out: list[tuple[Transition, UseCase]] = []
    for use_case in req.use_cases:
        if not use_case.writes or use_case.writes[0] == entity.name or use_case.actor not in people:
            continue
        moves = [
            t
            for t in machine.transitions
            if t.use_case == use_case.name and use_case.actor in t.roles and (entity.name, t.name) not in done
        ]
        # a step followed by another forward step of the same work (not by the refusal beside it)
        chained = [
            t
            for t in moves
            if any(
                t.target in o.source and o.target.lower() not in quiet and _later(machine, o.target, t.target)
                for o in moves
            )
        ]
        ops = [e for e in endpoints if use_case.name in e.use_cases and e.entity != entity.name]
        out.extend((t, use_case) for t in chained[: max(0, len(chained) + 1 - len(ops))])
    return out


def _later(machine: StateMachine, state: str, than: str) -> bool:
    return machine.states.index(state) > machine.states.index(than)


def acknowledging(use_case: UseCase) -> str | None:
    """The word by which a use case acknowledges or signs off a record (acknowledge), if it does."""
    return next((w for w in words(use_case.name) if w in operation_words().states.acknowledgements), None)


def edits_others_work(req: Requirements, entity: EntityDesign, endpoint: Endpoint, endpoints: list[Endpoint]) -> str:
    """The acknowledging word, when an edit (PATCH) carries only use cases that acknowledge a record whose callers
    make none of it (a physician acknowledging the lab's result by rewriting its report); else ""."""
    if endpoint.entity != entity.name or endpoint.action not in ("update", "replace"):
        return ""
    by_name = {u.name: u for u in req.use_cases}
    cases = [by_name[n] for n in endpoint.use_cases if n in by_name]
    said = [acknowledging(u) for u in cases]
    if not cases or None in said:
        return ""
    makers = {r for e in endpoints if e.entity == entity.name and e.action in ("create", "ingest") for r in e.roles}
    if any(u.actor in makers or u.actor is None or is_role_record(u.actor, entity.name) for u in cases):
        return ""
    return said[0] or ""
