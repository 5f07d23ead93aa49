"""System-record rules: what a worker produces from another record stays the worker's, every role the data says
reports something can file it, a decision names the outcome it chose and applies that one, and an operation that
sends its caller elsewhere answers with where to go."""

from __future__ import annotations

import re

from archgen.common import english
from archgen.design.bodies import success_status
from archgen.design.decisions import wrongly_dismissed
from archgen.design.model import Endpoint
from archgen.design.produced import CLIENT_WRITES, produced
from archgen.design.redirects import SEE_OTHER, redirects
from archgen.design.reporting import reporters
from archgen.review.engine import Found, Problem, Subject, rule

_OPERATION = re.compile(r"^(GET|POST|PUT|PATCH|DELETE) (/[^\s?]+)")


@rule("API192", "error", "api", "A client writes a record a worker produces")
def client_writes_produced(subject: Subject) -> Found:
    """A record a worker makes from another (a video's renditions, a file's thumbnails, a call's transcript) can
    be created, edited or deleted by a client, or takes a value only the worker knows (where the output lies, its
    size, its resolution) from the client's input. Anyone may then point a rendition at any file, or remove the
    outputs the product serves. Clients ask for the work on the parent record; the worker writes what it made."""
    index = {e.name: i for i, e in enumerate(subject.design.entities)}
    for made in produced(subject.req):
        if made.entity not in index:
            continue
        for path, _, endpoint in subject.endpoints():
            if endpoint.entity == made.entity and endpoint.action in CLIENT_WRITES and endpoint.auth != "service":
                yield Problem(
                    element=made.entity,
                    at=path,
                    message=f"{endpoint.method} {endpoint.path} lets a client {endpoint.action} {made.entity}, which "
                    f"the worker of {made.use_case.name} produces from its {made.parent}",
                    fix=f"remove it; ask for the work on the {made.parent} (POST …/{{id}}/<verb>) and let the "
                    "worker write what it made",
                )
        entity = subject.design.entities[index[made.entity]]
        for j, field in enumerate(entity.fields):
            if field.set_by == "client":
                yield Problem(
                    element=f"{made.entity}.{field.name}",
                    at=("entities", index[made.entity], "fields", j, "set_by"),
                    message=f"{made.entity}.{field.name} is set by the client, but the worker of "
                    f"{made.use_case.name} produces it",
                    fix="set it by the worker (set_by: server, naming the worker as its source)",
                )


@rule("API193", "error", "api", "A person who files or is sent elsewhere cannot do so")
def unfiled_or_unsent(subject: Subject) -> Found:
    """The data says a role reports or files a record (an incident reported by a rider or a driver, a case
    from a viewer's report), yet no create operation lets that role file one; or a use case sends the person to
    another site (a click-out to the seller's shop) and its operation answers with a body, so the browser stays
    put. Give each reporting role the create (it starts at the first state of the record's lifecycle), and answer
    a redirect with 303 See Other and a Location taken from an address a record holds."""
    creates = [(path, e) for path, _, e in subject.endpoints() if e.action == "create"]
    for i, entity in enumerate(subject.design.entities):
        for role in reporters(subject.req, entity.name):
            if not any(e.entity == entity.name and role in e.roles for _, e in creates):
                yield Problem(
                    element=entity.name,
                    at=("entities", i),
                    message=f"the {role} files {english.plural(entity.name)}, by what the data says, yet no "
                    "operation lets them create one",
                    fix=f"give the {role} POST on the {entity.name} collection (rate-limited per caller); the "
                    "record starts at the first state of its lifecycle",
                )
    sending = {u.name for u in subject.req.use_cases if redirects(u)}
    for path, endpoint in creates:
        if sending & set(endpoint.use_cases) and success_status(endpoint) not in (302, SEE_OTHER):
            yield Problem(
                element=endpoint.operation_id,
                at=path,
                message=f"{endpoint.method} {endpoint.path} sends the caller elsewhere "
                f"({english.join(sorted(sending & set(endpoint.use_cases)))}) but answers with a body",
                fix="answer 303 See Other with Location, the address a record holds (ask for one if none does)",
            )


@rule("FLOW124", "error", "flows", "A decision applies an outcome other than the one chosen")
def decision_applies_another_outcome(subject: Subject) -> Found:
    """A flow decides a reported record with several outcomes (a moderation case actioned or dismissed) and
    leads with the dismissal, then blocks or removes the record the decision is about. Built as drawn, every
    decision both dismisses the case and takes the content down. Lead with the outcome that acts, and apply to
    the content only what that outcome chose."""
    endpoints = [e for _, _, e in subject.endpoints()]
    by_call: dict[tuple[str, str], Endpoint] = {(e.method, e.path): e for e in endpoints}
    for i, flow in enumerate(subject.design.flows):
        called: list[tuple[str, str]] = []
        for step in flow.steps:
            named = _OPERATION.match(step.message)
            endpoint = by_call.get((named.group(1), named.group(2))) if named else None
            if endpoint is not None and endpoint.entity and endpoint.transition:
                called.append((endpoint.entity, endpoint.transition))
        why = wrongly_dismissed(subject.design.entities, flow.use_case, called)
        if why:
            yield Problem(
                element=flow.use_case,
                at=("flows", i),
                message=f"{flow.use_case}: {why}",
                fix="lead with the outcome that acts (or take the outcome as a choice) and apply only that one",
            )
