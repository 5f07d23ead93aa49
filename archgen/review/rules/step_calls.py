"""Step-call rules: every step of a flow calls an operation that can do what the step is for. A status change goes
through the transition its use case performs, and of several moves the one the use case is named for leads."""

from __future__ import annotations

import re

from archgen.design.model import Endpoint
from archgen.design.step_calls import better_call
from archgen.review.engine import Found, Problem, Subject, rule

_OPERATION = re.compile(r"^(GET|POST|PUT|PATCH|DELETE) (/[^\s?]+)")


@rule("API187", "error", "api", "A flow step changes a status through the wrong operation")
def step_through_wrong_operation(subject: Subject) -> Found:
    """A flow step moves a record's status by a PATCH, which by the API's own rule never sets one, or by a
    transition that is not its use case's (checking a guest in by marking a no-show). Built as drawn, the status
    never moves or moves to the wrong state. Call the transition operation the use case performs."""
    endpoints = [e for _, _, e in subject.endpoints()]
    by_call: dict[tuple[str, str], Endpoint] = {(e.method, e.path): e for e in endpoints}
    entities = subject.design.entities
    for i, flow in enumerate(subject.design.flows):
        for j, step in enumerate(flow.steps):
            named = _OPERATION.match(step.message)
            called = by_call.get((named.group(1), named.group(2))) if named else None
            why = better_call(entities, endpoints, flow.use_case, called) if called else ""
            if called is None or not why:
                continue
            yield Problem(
                element=flow.use_case,
                at=("flows", i, "steps", j),
                message=f"{step.source} calls {called.method} {called.path} in {flow.use_case}, but {why}",
                fix="call the transition operation the use case performs (POST …/{id}/<move>)",
            )
