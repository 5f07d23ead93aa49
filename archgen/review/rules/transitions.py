"""Transition rules: each move of a lifecycle can carry the work of the use case that drives it, from every state
where that work makes sense, for the people the work belongs to.

A step of written work takes what is written at that stage, a move that ends the record starts from every live
state it can end, a subject's own stage is moved on by its subject and a use case's caller may call its moves,
every step a person takes has an operation, and what follows a revised state follows the revision too.
"""

from __future__ import annotations

from collections.abc import Iterator

from archgen.common import english
from archgen.design.model import EntityDesign
from archgen.design.steps import (
    SYSTEM,
    content_fields,
    content_moves,
    edits_others_work,
    endable,
    is_subject_stage,
    leaving_moves,
    live_states,
    named_for_step,
    subject_roles,
    untriggered,
)
from archgen.knowledge.operations import operation_words
from archgen.review.engine import Found, Problem, Subject, rule


def transitions_at(i: int) -> tuple[str | int, ...]:
    """Where the transitions of the `i`th entity's state machine are in the design."""
    return ("entities", i, "state_machine", "transitions")


def with_machines(subject: Subject) -> Iterator[tuple[int, EntityDesign]]:
    """The entities that have a state machine, with their index in the design."""
    return ((i, e) for i, e in enumerate(subject.design.entities) if e.state_machine is not None)


@rule("API120", "error", "api", "A step of written work that takes only a reason")
def step_without_content(subject: Subject) -> Found:
    """A use case writes a record's content (a review's text and rating, an assessment's amount) and carries the
    record through its stages, yet the transition of a stage accepts only a reason: nothing can be written once
    the record leaves its first state."""
    for i, entity in with_machines(subject):
        content = {f.name for f in content_fields(entity)}
        for move, use_case in content_moves(subject.req, entity):
            for _, _, endpoint in subject.endpoints():
                if endpoint.entity != entity.name or endpoint.transition != move.name:
                    continue
                stated = endpoint.request
                taken = {f.name for f in stated.fields} if stated is not None else named_for_step(entity, move)
                # a derived body that takes the step's own fields (the condition at return) carries its work
                if not taken & content and (stated is not None or not taken):
                    yield Problem(
                        element=f"{entity.name}: {move.name}",
                        at=transitions_at(i),
                        message=f"{use_case.name} writes {english.join(sorted(content))} at the {move.name} step, "
                        f"but {endpoint.method} {endpoint.path} accepts only a reason",
                        fix=f"let {move.name} take the fields written at that stage ({english.join(sorted(content))})"
                        " as well as the reason",
                    )


@rule("API121", "error", "api", "A move that starts from too few states")
def from_too_few_states(subject: Subject) -> Found:
    """A move that ends a record wherever it stands (terminate, deprovision, close, dismiss, cancel before it is
    committed) starts from a single live state: an active employee cannot be terminated without first going on
    leave, an active account cannot be deprovisioned, a false alarm cannot be dismissed. Or a move leads on from
    a revision (amended) but not from what it revises (signed): a visit signed once is never billed."""
    yield from _ending_from_one_state(subject)
    yield from _revision_only(subject)


def _ending_from_one_state(subject: Subject) -> Found:
    withdrawn = operation_words().states.by_maker  # what its maker calls off, not a timer's or a refusal's end
    for i, entity in with_machines(subject):
        machine = entity.state_machine
        assert machine is not None
        leaving = leaving_moves(machine)
        for move in [*leaving, *(t for t in machine.transitions if t.target.lower() in withdrawn and t not in leaving)]:
            # every move into the same end counts (a maker's cancel and a timer's expiry both cancel a booking)
            sources = {s for t in machine.transitions if t.target == move.target for s in t.source}
            live = [s for s in move.source if s in live_states(machine)]
            missed = [s for s in endable(machine, move) if s not in sources]
            if len(live) == 1 and missed:
                yield Problem(
                    element=f"{entity.name}.{machine.field}: {move.name}",
                    at=transitions_at(i),
                    message=f"{move.name} ends it only from {live[0]}, so a record that is "
                    f"{english.join(missed, 'or')} cannot be {move.target}",
                    fix=f"start {move.name} from every live state it can end ({english.join([*live, *missed])})",
                )


@rule("API122", "error", "api", "A step its people cannot take")
def step_for_the_wrong_people(subject: Subject) -> Found:
    """The use case that carries a move names a caller the operation performing it does not admit, or a stage
    that is its subject's own (a self-review) is left only by others: the employee never submits their
    self-review, the adjuster cannot call the step given to them."""
    by_name = {u.name: u for u in subject.req.use_cases}
    people = {r.name for r in subject.req.users.roles if r.kind == "person"}
    for i, entity in with_machines(subject):
        machine = entity.state_machine
        assert machine is not None
        for _, _, endpoint in subject.endpoints():
            move = next((t for t in machine.transitions if t.name == endpoint.transition), None)
            if endpoint.entity != entity.name or move is None:
                continue
            use_case = by_name.get(move.use_case or "")
            actor = use_case.actor if use_case is not None else None
            if actor in people and actor in move.roles and actor not in endpoint.roles:
                yield Problem(
                    element=f"{entity.name}: {move.name}",
                    at=transitions_at(i),
                    message=f"{move.use_case} gives {move.name} to {actor}, but {endpoint.method} {endpoint.path} "
                    f"admits only {english.join(endpoint.roles) or 'nobody'}",
                    fix=f"let {actor} call {endpoint.path}",
                )
        subjects = subject_roles(subject.req, entity)
        for state in (s for s in live_states(machine) if is_subject_stage(s) and subjects):
            out = [t for t in machine.transitions if state in t.source and t.target != state]
            into = [t for t in machine.transitions if t.target == state]
            roles = {r for t in out + into for r in t.roles} - {SYSTEM}
            if out and not roles & set(subjects):
                yield Problem(
                    element=f"{entity.name}.{machine.field}: {state}",
                    at=transitions_at(i),
                    message=f"{state} is the stage of the person the record is about ({english.join(subjects)}), "
                    f"but only {english.join(sorted(roles)) or 'the system'} enter or leave it",
                    fix=f"let {english.join(subjects)} take the move out of {state} (submit their part)",
                )


@rule("API123", "error", "api", "A person's step that no operation performs")
def step_without_operation(subject: Subject) -> Found:
    """A use case moves a record it does not lead with through several steps in a row (start the assessment,
    then assess), but its operations can trigger fewer steps than that: the first steps have no endpoint and the
    record cannot leave the state before them (no way from triaged to in_assessment)."""
    endpoints = [e for _, _, e in subject.endpoints()]
    for i, entity in with_machines(subject):
        machine = entity.state_machine
        assert machine is not None
        for move, use_case in untriggered(subject.req, entity, endpoints):
            yield Problem(
                element=f"{entity.name}.{machine.field}: {move.name}",
                at=transitions_at(i),
                message=f"{use_case.name} moves it from {english.join(move.source, 'or')} to {move.target} "
                "and on again, but no operation performs that first step",
                fix=f"add POST …/{{id}}/{move.name} for {use_case.actor}",
            )


@rule("API153", "error", "api", "A lifecycle step people take with no operation performing it")
def step_nobody_can_call(subject: Subject) -> Found:
    """The lifecycle gives a move to people (an adjuster assesses the claim), but no operation performs that
    transition on the record: writing another record in the same use case says neither which record moves nor
    that it moves, so the record never reaches the target state and every step after it is dead."""
    people = {r.name for r in subject.req.users.roles if r.kind == "person"}
    done = {(e.entity, e.transition) for _, _, e in subject.endpoints() if e.transition}
    for i, entity in with_machines(subject):
        machine = entity.state_machine
        assert machine is not None
        for move in machine.transitions:
            callers = [r for r in move.roles if r in people]
            if not callers or (entity.name, move.name) in done:
                continue
            after = [t.name for t in machine.transitions if move.target in t.source and t.target != move.target]
            yield Problem(
                element=f"{entity.name}.{machine.field}: {move.name}",
                at=transitions_at(i),
                message=f"{english.join(callers)} {move.name} {english.a(entity.name)} "
                f"({english.join(move.source, 'or')} to {move.target}), but no operation performs {move.name}"
                + (f", so {english.join(after, 'and')} can never happen" if after else ""),
                fix=f"add POST …/{{id}}/{move.name} admitting {english.join(callers)}",
            )


def _revision_only(subject: Subject) -> Found:
    revisions = operation_words().states.revisions
    for i, entity in with_machines(subject):
        machine = entity.state_machine
        assert machine is not None
        for move in (t for t in machine.transitions if t.target.lower() in revisions):
            revised = [s for s in move.source if s != move.target and s not in machine.terminal]
            for onward in machine.transitions:
                if move.target not in onward.source or onward.target == move.target:
                    continue
                missing = [s for s in revised if s not in onward.source]
                if missing and onward.target.lower() not in revisions:
                    yield Problem(
                        element=f"{entity.name}.{machine.field}: {onward.name}",
                        at=transitions_at(i),
                        message=f"{onward.name} starts from {move.target} but not from {english.join(missing)}, "
                        f"which {move.target} only revises",
                        fix=f"start {onward.name} from {english.join(missing)} too",
                    )


@rule("API124", "error", "api", "An acknowledgement that edits what others wrote")
def acknowledged_by_editing(subject: Subject) -> Found:
    """A use case acknowledges or signs off a record that others make (a physician acknowledging a lab's result)
    and is carried by an edit of its content: the acknowledgement rewrites the writer's text, and nothing records
    who acknowledged it or when."""
    endpoints = [e for _, _, e in subject.endpoints()]
    for path, service, endpoint in subject.endpoints():
        entity = subject.entities.get(endpoint.entity or "")
        verb = edits_others_work(subject.req, entity, endpoint, endpoints) if entity is not None else ""
        if verb and entity is not None:
            yield Problem(
                element=f"{service.name}: {endpoint.method} {endpoint.path}",
                at=path,
                message=f"{english.join(endpoint.use_cases)} is carried by an edit of the {entity.name} others "
                "write, so acknowledging it rewrites their content",
                fix=f"carry it by POST …/{{id}}/{verb}, whose caller and time the server stamps (a transition or a "
                "decision), and leave the content to its writer",
            )
