"""What each step of a lifecycle takes and who may take it: a transition that is a step of work a person writes
(a review written stage by stage) accepts the content written at that stage, but never what the record was
committed to when it was made (where a trip goes); its use case's caller may call it, a stage that is its subject's
own (a self-review) is moved on by its subject, and the step that decides a record sets the deadline it binds its
maker to (the approval of a loan its due date)."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.architects.rules.lifecycle import named_actor
from archgen.common.naming import identifier, pascal
from archgen.design import model as m
from archgen.design.binding import deadlines
from archgen.design.claim_periods import bound_ends
from archgen.design.holds import timer_fields
from archgen.design.later import empty_at_create
from archgen.design.steps import (
    content_fields,
    content_moves,
    edits_others_work,
    is_subject_stage,
    named_for_step,
    subject_roles,
    untriggered,
)
from archgen.knowledge.operations import operation_words
from archgen.requirements.intent import is_role_record

QUEUES = ("list", "search", "get")  # the reads that find and open the records waiting for someone
REASON = m.BodyField(name="reason", type="string", description="Why the step is taken, kept in the record's history.")


def plan_steps(draft: Draft) -> None:
    """Give every content step its body and its callers, and every subject's stage its subject."""
    _trigger_steps(draft)
    _acknowledgements(draft)
    _queues(draft)
    for entity in draft.entities:
        machine = entity.state_machine
        if machine is None:
            continue
        moves = {t.name: t for t in machine.transitions}
        ops = [
            e
            for s in draft.services
            for e in s.endpoints
            if e.entity == entity.name and e.action == "transition" and e.transition in moves
        ]
        content = content_fields(entity)
        _decisions(entity, ops, {f.name for f, _ in timer_fields(draft.req, entity)})
        for move, use_case in content_moves(draft.req, entity):
            for endpoint in (e for e in ops if e.transition == move.name):
                # a step whose own fields its derived body takes (the condition at return) keeps that body
                if endpoint.request is None and not named_for_step(entity, move):
                    endpoint.request = m.Body(
                        description=f"What the {move.name.replace('-', ' ')} step writes; the state itself is set "
                        "by the server.",
                        fields=[_carried(entity.name, f) for f in content] + [REASON],
                    )
                if use_case.actor and use_case.actor not in endpoint.roles and use_case.actor in move.roles:
                    endpoint.roles.append(use_case.actor)  # a step named for others (a self-review) stays theirs
        subjects = subject_roles(draft.req, entity)
        people = [r.name for r in draft.req.users.roles if r.kind == "person"]
        for move in (t for t in machine.transitions if any(is_subject_stage(s) for s in t.source)):
            if named_actor(move.name, people, subjects):
                continue  # a step named for its people (manager-review) stays theirs
            # the person the record is about finishes their own stage (submits the self-review)
            for role in (r for r in subjects if r not in move.roles):
                move.roles.append(role)
                for endpoint in (e for e in ops if e.transition == move.name and role not in e.roles):
                    endpoint.roles.append(role)
                # who writes their stage reads the record they write it on
                for read in (e for s in draft.services for e in s.endpoints if e.entity == entity.name):
                    if read.action == "get" and role not in read.roles:
                        read.roles.append(role)


def _decisions(entity: m.EntityDesign, ops: list[m.Endpoint], timed: set[str]) -> None:
    """The step that moves a record on from its first state, taken by the roles that decide its deadlines (an
    approval), takes them: the party the deadline binds never sets it. A deadline a job reads (the due date an
    overdue job compares) is required there, so no record reaches the job without one."""
    machine = entity.state_machine
    # the dates that bind a proposed period are decided there too, and the claim on them needs both
    ends = bound_ends(entity)
    binds = [ends[k] for k in ("start", "end") if k in ends and ends[k].set_by == "client"]
    decided = [*binds, *(f for f in deadlines(entity) if f.writers and f not in binds)]
    timed = timed | {f.name for f in binds}
    if machine is None or not decided:
        return
    known = operation_words().states
    refusals = known.cancel | known.declines  # (a refusal binds nobody to anything)
    for move in (t for t in machine.transitions if machine.initial in t.source and t.target.lower() not in refusals):
        for endpoint in (e for e in ops if e.transition == move.name and e.request is None):
            mine = [f for f in decided if set(endpoint.roles) & set(f.writers)]
            for field in mine:  # decided after the record is made: empty until then, as its row allows
                field.required = False
            if mine:
                endpoint.request = m.Body(
                    description=f"What the {move.name.replace('-', ' ')} step decides; the state itself is set by "
                    "the server.",
                    fields=[_carried(entity.name, f, f.name in timed) for f in mine] + [REASON],
                )


def settle_later_fields(draft: Draft) -> None:
    """A value filled after the record is made (the condition noted on return, the provider's reference, who
    acknowledged a result) is empty until then: the stored field may be null, as the API's schema says."""
    for entity in draft.entities:
        later = empty_at_create(draft.req, draft.services, entity)
        for field in entity.fields:
            if field.name in later:
                field.required = False


def _queues(draft: Draft) -> None:
    """Who acts on records they do not make finds the ones waiting for them: the entity's list and read admit
    every person who takes one of its steps, and the list filters by state."""
    people = {r.name for r in draft.req.users.roles if r.kind == "person"}
    for entity in draft.entities:
        machine = entity.state_machine
        if machine is None:
            continue
        # a person's own record (a driver going online) is theirs to read, not a queue
        actors = {r for t in machine.transitions for r in t.roles if r in people and not is_role_record(r, entity.name)}
        # a caller's own records (/me/…) stay theirs: the queue is the entity's own list and read
        reads = [
            e
            for s in draft.services
            for e in s.endpoints
            if e.entity == entity.name and e.action in QUEUES and "/me/" not in e.path
        ]
        for endpoint in reads:
            endpoint.roles += sorted(actors - set(endpoint.roles))
            if endpoint.auth == "public" and "user" not in endpoint.other_callers:
                # the staff sign in to find what waits for them; anyone else sees only what is published (API180)
                endpoint.other_callers.append("user")
            if endpoint.action != "get" and not any(f.field == machine.field for f in endpoint.filters):
                endpoint.filters.append(m.Filter(name=machine.field, field=machine.field, kind="eq"))


def _trigger_steps(draft: Draft) -> None:
    """A step a person's use case takes through another record that none of its operations triggers (the
    adjuster starts the assessment before assessing) gets its own POST …/{id}/{verb} on the record's owner."""
    from archgen.architects.rules.operations import collection

    for entity in draft.entities:
        endpoints = [e for s in draft.services for e in s.endpoints]
        for move, use_case in untriggered(draft.req, entity, endpoints):
            draft.service_of(entity.name).endpoints.append(
                m.Endpoint(
                    method="POST",
                    path=f"{collection(entity.name)}/{{id}}/{move.name}",
                    operation_id=identifier(f"{move.name} {pascal(entity.name)}"),
                    summary=f"{use_case.name}: {move.name.replace('-', ' ')}",
                    action="transition",
                    transition=move.name,
                    idempotency_key=True,
                    entity=entity.name,
                    use_cases=[use_case.name],
                    roles=[use_case.actor] if use_case.actor else list(move.roles),
                )
            )


def _acknowledgements(draft: Draft) -> None:
    """An edit that only acknowledges what others wrote (a physician acknowledging a lab's result) becomes the
    decision it is: POST …/{id}/{verb}, whose caller and time the server stamps; the content stays its writer's."""
    from archgen.architects.rules.operations import collection

    endpoints = [e for s in draft.services for e in s.endpoints]
    for entity in draft.entities:
        for endpoint in endpoints:
            verb = edits_others_work(draft.req, entity, endpoint, endpoints)
            if not verb:
                continue
            endpoint.method = "POST"
            endpoint.path = f"{collection(entity.name)}/{{id}}/{verb}"
            endpoint.operation_id = identifier(f"{verb} {pascal(entity.name)}")
            endpoint.action = "command"
            endpoint.idempotency_key = True
            endpoint.request = None


def _carried(entity: str, stored: m.StoredField, required: bool = False) -> m.BodyField:
    return m.BodyField(
        name=stored.name,
        type=stored.type,
        description=stored.description,
        field=f"{entity}.{stored.name}",
        required=required,
    )
