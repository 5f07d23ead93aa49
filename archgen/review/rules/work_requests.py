"""Work-request rules: a request for work done later (an import, a processing run) is a record the client makes
with only what it knows and then follows: its status, the error it can read, the id of what the work produced and
a read to poll. What the worker produces is the worker's to write, never the client's, and a value the server
issues for its client to send back is in an answer the client reads."""

from __future__ import annotations

from archgen.common import english
from archgen.design import page_tokens
from archgen.design.model import EntityDesign
from archgen.design.work_requests import requested
from archgen.knowledge.work_requests import work_requests
from archgen.requirements.model import UseCase
from archgen.review.engine import Found, Problem, Subject, rule


def _requests(subject: Subject) -> list[tuple[int, EntityDesign, UseCase]]:
    """Each record made as a request for later work, with its index and the use case that makes it."""
    index = {e.name: i for i, e in enumerate(subject.design.entities)}
    found = []
    for use_case in subject.req.use_cases:
        name = requested(subject.req, use_case)
        if name is not None and name in index:
            found.append((index[name], subject.design.entities[index[name]], use_case))
    return found


def _products(entity: EntityDesign, use_case: UseCase) -> list[str]:
    """The fields of a request that name a record its work makes."""
    return [f.name for f in entity.fields if f.type in {f"ref[{n}]" for n in use_case.writes[1:]}]


@rule("FLOW119", "error", "flows", "A request for later work its client cannot follow")
def unfollowable_request(subject: Subject) -> Found:
    """A use case accepts work to do later (an import, a processing run) as a record, but the record lacks what
    its client follows it by: a status moved from accepted through running to succeeded or failed, the error a
    person can read when it fails, the id of what the work made, or a read by id to poll. The client never
    learns the outcome, and each failure becomes an operator's ticket."""
    errors = set(work_requests().error_words)
    reads = {e.entity for _, _, e in subject.endpoints() if e.action == "get"}
    for i, entity, use_case in _requests(subject):
        missing = []
        if entity.state_machine is None:
            missing.append("a status")
        if not any(f.name in errors or set(f.name.split("_")) & errors for f in entity.fields):
            missing.append("an error its client can read")
        if not _products(entity, use_case):
            missing.append(f"the id of the {english.join(use_case.writes[1:], 'or')} it made")
        if entity.name not in reads:
            missing.append("a read by id to poll")
        if missing:
            yield Problem(
                element=entity.name,
                at=("entities", i),
                message=f"{use_case.name} accepts {entity.name} for later work, but it lacks {english.join(missing)}",
                fix=f"give {entity.name} a status ({english.join(list(work_requests().states))}), an error field "
                "and a reference to what it made, set by the worker, and a GET by id",
            )


@rule("API188", "error", "api", "The client writes what a request's worker produces")
def client_writes_the_product(subject: Subject) -> Found:
    """A request for later work takes, from its client, what only the work produces: the id of the record the
    work makes or a time of the run (when the page was fetched). The client cannot know either when it asks, so
    it must invent them. The worker sets them once it has run; the request takes only what the client knows."""
    for i, entity, use_case in _requests(subject):
        produced = set(_products(entity, use_case))
        for j, field in enumerate(entity.fields):
            run_time = field.type in ("timestamp", "date") and not field.name.startswith(("created", "requested"))
            if field.set_by == "client" and (field.name in produced or run_time):
                yield Problem(
                    element=f"{entity.name}.{field.name}",
                    at=("entities", i, "fields", j, "set_by"),
                    message=f"{use_case.name} asks its client for {field.name}, which its worker produces",
                    fix="set it by the worker (set_by: server, with its source), optional until the work has run",
                )


@rule("API189", "error", "api", "A required input no answer or person supplies")
def unobtainable_input(subject: Subject) -> Found:
    """An operation requires a value the server issues for its client to send back (the signature of the page a
    click-out came from, a token), yet no answer its caller reads carries one: no page it reads issues it. No
    client can call the operation. Return the value in the answer of the page that leads to the call."""
    pages = page_tokens.issuing_pages(subject.design.entities)
    read = {e.entity for _, _, e in subject.endpoints() if e.action in ("get", "search", "list")}
    issued_for = {(taker, token) for page, (token, taker) in pages.items() if page in read}
    for path, _, endpoint in subject.endpoints():
        entity = subject.entities.get(endpoint.entity or "")
        if entity is None or endpoint.action not in ("create", "ingest"):
            continue
        for field in entity.fields:
            wanted = field.set_by == "client" and field.required and page_tokens.is_issued(field)
            if wanted and (entity.name, field.name) not in issued_for:
                yield Problem(
                    element=f"{entity.name}.{field.name}",
                    at=path,
                    message=f"{endpoint.operation_id} requires {field.name}, which no answer its caller reads carries",
                    fix=f"issue {field.name} in the answer of the page that leads to the call (the record a field "
                    f"of {entity.name} says the value names), or take it out of the input",
                )
