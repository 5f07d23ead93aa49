"""System-record rules: what a worker produces from another record stays the worker's, every role the data says
reports something can file it, a decision names the outcome it chose and applies that one, and an operation that
sends its caller elsewhere answers with where to go."""

from __future__ import annotations

from archgen.design.produced import CLIENT_WRITES, produced
from archgen.review.engine import Found, Problem, Subject, rule


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
