"""Actor rules: the people who act on records (approve, review, release) are the ones the step is named for, find
the records waiting for them, and never approve their own.

A step named for a role (a manager review) or for the record's subject (a self-review) is theirs alone; every
approval a person gives excludes who the record is about and who made it; every person who takes a step on
records they do not make can list them by state; a list filtered by who must act is filled before they act.
"""

from __future__ import annotations

from archgen.common import english
from archgen.common.naming import slug
from archgen.design.queues import worked_values
from archgen.design.steps import SYSTEM, decider_field, subject_roles
from archgen.knowledge.lifecycles import lifecycle_knowledge
from archgen.knowledge.operations import operation_words
from archgen.requirements.intent import is_role_record
from archgen.review.engine import Found, Problem, Subject, rule
from archgen.review.rules.transitions import transitions_at, with_machines


def _people(subject: Subject) -> list[str]:
    return [r.name for r in subject.req.users.roles if r.kind == "person"]


@rule("API140", "error", "api", "A step named for one role given to another")
def step_named_for_others(subject: Subject) -> Found:
    """A move's name says whose step it is (manager-review, self-review) but its roles are others, or others
    beside them: the manager submits the employee's self-review, the employee writes the manager's review."""
    people = _people(subject)
    stages = operation_words().states.subject_stages
    for i, entity in with_machines(subject):
        machine = entity.state_machine
        assert machine is not None
        selves = subject_roles(subject.req, entity)
        for move in machine.transitions:
            named = [r for r in people if move.name.startswith(slug(r.replace("_", "-")) + "-")]
            if not named and move.name.split("-")[0] in stages and "-" in move.name:
                named = selves
            given = [r for r in move.roles if r != SYSTEM]
            if named and given and set(given) != set(named):
                yield Problem(
                    element=f"{entity.name}.{machine.field}: {move.name}",
                    at=transitions_at(i),
                    message=f"{move.name} is named for {english.join(named, 'or')} but is given to "
                    f"{english.join(given)}",
                    fix=f"give {move.name} to {english.join(named, 'or')} alone (and its operation too)",
                )


@rule("API141", "error", "api", "An approval its subject or maker may give")
def own_approval(subject: Subject) -> Found:
    """A person approves a record (leave, an expense, a payment) and the guard never says the approver is not who
    the record is about or who made it: a manager approves their own leave."""
    marks = lifecycle_knowledge().guards.own_marks
    approvals = lifecycle_knowledge().guards.sign_offs
    people = set(_people(subject))
    for i, entity in with_machines(subject):
        machine = entity.state_machine
        assert machine is not None
        selves = [f.name for f in entity.fields if f.type.startswith("ref[") and f.name in people]
        for move in (t for t in machine.transitions if t.target.lower() in approvals):
            if not set(move.roles) & people:
                continue
            guard = f" {move.guard.lower()} "
            if not any(w in guard for w in marks) and not any(f" {f} " in guard for f in selves):
                yield Problem(
                    element=f"{entity.name}.{machine.field}: {move.name}",
                    at=transitions_at(i),
                    message=f"{english.join(move.roles)} {move.name} it, and nothing stops them approving a record "
                    "that is about them or that they made",
                    fix=f"guard {move.name}: the caller is neither the record's subject nor who created it "
                    "(four eyes), and check it in the flow",
                )


@rule("SEC096", "error", "security", "A decision any member of a role may take while the record names its decider")
def decider_unbound(subject: Subject) -> Found:
    """A record names the one person who decides it (its approver, its reviewer, its assigned adjuster), yet the
    sign-off and the decisions that go with it are guarded only by role: any manager approves anyone's leave, any
    adjuster decides a claim assigned to a colleague. The guard says the caller is the person the record names."""
    guards = lifecycle_knowledge().guards
    for i, entity in with_machines(subject):
        machine = entity.state_machine
        assert machine is not None
        references = [f.name for f in entity.fields if f.type.startswith("ref[")]
        deciding = {t.use_case for t in machine.transitions if t.target.lower() in guards.sign_offs and t.use_case}
        for move in machine.transitions:
            if SYSTEM in move.roles or not move.roles or move.use_case not in deciding:
                continue
            named = decider_field(references, move.roles)
            if named is not None and named[0].replace("_", " ") not in move.guard and named[0] not in move.guard:
                yield Problem(
                    element=f"{entity.name}.{machine.field}: {move.name}",
                    at=transitions_at(i),
                    message=f"the record names its {named[0].replace('_', ' ')}, yet any "
                    f"{english.join([named[1]] if named[1] else move.roles, 'or')} may {move.name} it",
                    fix=f"guard {move.name}: the caller is its {named[0].replace('_', ' ')}",
                )


@rule("API142", "error", "api", "Pending work its people cannot list")
def pending_work_unlisted(subject: Subject) -> Found:
    """A person takes a step on records (approves, reviews, releases) but no list admits them with a filter on
    the record's state: they cannot find the records waiting for them."""
    people = set(_people(subject))
    endpoints = [e for _, _, e in subject.endpoints()]
    for i, entity in with_machines(subject):
        machine = entity.state_machine
        assert machine is not None
        lists = [e for e in endpoints if e.entity == entity.name and e.action in ("list", "search")]
        makers = {r for e in endpoints if e.entity == entity.name and e.action == "create" for r in e.roles}
        actors = {r for t in machine.transitions for r in t.roles if r in people and not is_role_record(r, entity.name)}
        for role in sorted(actors - makers):
            if not any(role in e.roles and any(f.field == machine.field for f in e.filters) for e in lists):
                moves = [t.name for t in machine.transitions if role in t.roles]
                yield Problem(
                    element=f"{entity.name}.{machine.field}",
                    at=transitions_at(i),
                    message=f"{role} {english.join(moves, 'and')} {entity.name} records, but no list lets them "
                    f"find the ones waiting for them (by {machine.field})",
                    fix=f"let {role} list {entity.name} filtered by {machine.field} (and by who must act)",
                )


@rule("API143", "error", "api", "Who must act is known only once they act")
def assignee_set_by_acting(subject: Subject) -> Found:
    """A list filters by the person who must act (an approver), but that field is set only by the person's own
    step: before they act it is empty, so the filter never finds what waits for them."""
    endpoints = [e for _, _, e in subject.endpoints()]
    people = set(_people(subject))
    for i, entity in with_machines(subject):
        machine = entity.state_machine
        assert machine is not None
        # a decision someone particular must make (an approval), not work anyone of a role may claim (a trip)
        approvals = operation_words().states.approvals
        by_people = [t.name for t in machine.transitions if set(t.roles) & people and t.target.lower() in approvals]
        filtered = {f.field for e in endpoints if e.entity == entity.name and e.action == "list" for f in e.filters}
        for stored in (f for f in entity.fields if f.name in filtered and f.type.startswith("ref[")):
            move = next((t for t in by_people if f"the {t} transition" in stored.source), None)
            if move is not None:
                yield Problem(
                    element=f"{entity.name}.{stored.name}",
                    at=("entities", i, "fields"),
                    message=f"lists filter by {stored.name}, but it is set only by the {move} transition, so the "
                    "records waiting for that person are not found by it",
                    fix=f"set {stored.name} when the record is made or routed, from a relationship the data holds "
                    "(the subject's manager), on the server",
                )


@rule("FLOW085", "error", "flows", "An approval whose flow never checks its guard")
def approval_guard_unchecked(subject: Subject) -> Found:
    """An approval's guard (not the record's subject or maker, within a limit) is stated on the transition, but the
    flow of the use case that approves never checks it: the sequence a team builds from skips the four eyes."""
    approvals = lifecycle_knowledge().guards.sign_offs
    people = set(_people(subject))
    flows = {f.use_case: (k, f) for k, f in enumerate(subject.design.flows)}
    for entity in (e for e in subject.design.entities if e.state_machine is not None):
        machine = entity.state_machine
        assert machine is not None
        for move in machine.transitions:
            found = flows.get(move.use_case or "")
            if found is None or not move.guard or move.target.lower() not in approvals or not set(move.roles) & people:
                continue
            k, flow = found
            if not any(move.guard.lower() in s.message.lower() for s in flow.steps):
                yield Problem(
                    element=f"flow {flow.use_case}",
                    at=("flows", k, "steps"),
                    message=f"{move.name} on {entity.name} is guarded ({move.guard}), but the flow never checks it",
                    fix=f"check the {move.name} guard on the record read, before anything is written",
                )


@rule("API144", "error", "api", "A category people work from with no filter")
def worked_category_unfiltered(subject: Subject) -> Found:
    """A use case is named for records holding a value of a field (correct estimated reads, export approved
    claims), but no list its people can read filters by that field: they page through everything to find them."""
    endpoints = [e for _, _, e in subject.endpoints()]
    for use_case in subject.req.use_cases:
        for entity, field, value in worked_values(subject.req, use_case):
            lists = [e for e in endpoints if e.entity == entity and e.action in ("list", "search")]
            readable = [e for e in lists if not use_case.actor or use_case.actor in e.roles or e.auth != "user"]
            if not any(f.field == field for e in readable for f in e.filters):
                yield Problem(
                    element=f"{entity}.{field}",
                    at=("use_cases",),
                    message=f"{use_case.name} works from {entity} records that are {value}, but no list "
                    f"{use_case.actor or 'its caller'} can read filters by {field}",
                    fix=f"add a {field} filter to the {entity} list and let {use_case.actor or 'its caller'} call it",
                )
