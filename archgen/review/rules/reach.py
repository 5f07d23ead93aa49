"""Reach rules: every use case's actor can carry out the whole use case through operations open to their role.

A person's use case is carried by an operation their role may call, and each record it picks to write about (the
patient an appointment is for) is readable by their role, or the person cannot name it.
"""

from __future__ import annotations

from archgen.capacity.load import actor_kind
from archgen.common import english
from archgen.design.reach import opens_to, picked, reads_it
from archgen.review.engine import Found, Problem, Subject, rule


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
