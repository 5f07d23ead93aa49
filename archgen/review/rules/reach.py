"""Reach rules: every use case's actor can carry out the whole use case through operations open to their role.

A person's use case is carried by an operation their role may call, and each record it picks to write about (the
patient an appointment is for) is readable by their role, or the person cannot name it.
"""

from __future__ import annotations

from archgen.capacity.load import actor_kind
from archgen.common import english
from archgen.common.naming import words_of
from archgen.design.reach import member_made, memberships, opens_to, parents, picked, reads_it
from archgen.knowledge.operations import operation_words
from archgen.requirements.intent import is_role_record
from archgen.review.engine import Found, Problem, Subject, rule

COLLECTIONS = ("list", "search", "nearby", "aggregate")


@rule("API164", "error", "api", "A use case its actor cannot carry out")
def actor_cannot_reach(subject: Subject) -> Found:
    """A person's use case is carried only by operations closed to the person's role (a patient's results read
    through a list only staff may call), or it names a record the role cannot read (front desk schedules an
    appointment for a patient they cannot look up)."""
    endpoints = [e for _, _, e in subject.endpoints()]
    for use_case in subject.req.use_cases:
        role = use_case.actor
        if use_case.interaction != "request" or not role or actor_kind(subject.req, use_case) != "person":
            continue
        carried = [e for e in endpoints if use_case.name in e.use_cases]
        if carried and not any(opens_to(e, role) for e in carried):
            yield Problem(
                element=use_case.name,
                at=("services",),
                message=f"{role} runs {use_case.name}, but every operation that carries it is closed to {role} "
                f"(only {english.join(sorted({r for e in carried for r in e.roles}))} may call it)",
                fix=f"carry {use_case.name} by an operation {role} may call, scoped to what {role} may see",
            )
            continue
        unread = [
            r for r in picked(subject.req, use_case) if not any(reads_it(e, r) and opens_to(e, role) for e in endpoints)
        ]
        if unread:
            yield Problem(
                element=use_case.name,
                at=("services",),
                message=f"{role} runs {use_case.name}, which names {english.join(unread)}, but no operation open to "
                f"{role} reads {english.join(unread)}, so {role} cannot find the record to name",
                fix=f"let {role} look up {english.join(unread)} (read by id and the list or search staff use)",
            )


@rule("API165", "error", "api", "A person's own memberships answered as the whole tenant's")
def memberships_unscoped(subject: Subject) -> Found:
    """A use case reads what the caller belongs to (their channels, through their memberships), but it is carried
    by a list of every container of the tenant (the workspace's newest channels): the caller gets others' private
    spaces and misses their own older ones."""
    endpoints = [e for _, _, e in subject.endpoints()]
    for use_case in subject.req.use_cases:
        for membership, container in memberships(subject.req, use_case):
            wrong = {container, *parents(subject.req, container)}
            for endpoint in (e for e in endpoints if use_case.name in e.use_cases):
                if endpoint.action in COLLECTIONS and endpoint.entity in wrong and "/me" not in endpoint.path:
                    yield Problem(
                        element=use_case.name,
                        at=("services",),
                        message=f"{use_case.name} reads the {container} records {use_case.actor} belongs to, but "
                        f"{endpoint.method} {endpoint.path} lists the tenant's {endpoint.entity} records, not the "
                        f"caller's {membership} records",
                        fix=f"carry it by a list of the caller's own {membership} records (under /v1/me, scoped "
                        f"by the token) that carries each {container}",
                    )


@rule("API166", "error", "api", "What members make between themselves only others may create")
def member_made_by_others(subject: Subject) -> Found:
    """A container has kinds its members make between themselves (a direct message, a group DM) and a membership
    links them to it, but only other roles may create it: no member can start a conversation."""
    endpoints = [e for _, _, e in subject.endpoints()]
    names = operation_words().memberships.names
    for entity in subject.req.data.entities:
        kinds = member_made(subject.req, entity.name)
        if not kinds:
            continue
        joiners = {
            role.name: other.name
            for other in subject.req.data.entities
            if set(words_of(other.name).split()) & names and entity.name in parents(subject.req, other.name)
            for role in subject.req.users.roles
            if any(is_role_record(role.name, t) for t in parents(subject.req, other.name))
        }
        creates = [e for e in endpoints if e.entity == entity.name and e.action == "create"]
        makers = {r for e in creates for r in e.roles}
        for role in sorted(set(joiners) - makers):
            yield Problem(
                element=entity.name,
                at=("services",),
                message=f"{role} joins {entity.name} records through {joiners[role]}, and its "
                f"{english.join(kinds)} kinds are made by members between themselves, but only "
                f"{english.join(sorted(makers)) or 'no one'} may create one",
                fix=f"let {role} create {entity.name} records of the {english.join(kinds, 'or')} kinds (the "
                "creator and the people named become its members)",
            )
