"""The operations other services call: a service that reads another's record while it works asks the owner's
get-by-id operation with its own service identity, so the owner offers one that accepts it."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.common import english
from archgen.common.naming import words_of
from archgen.design.model import Endpoint


def service_read(draft: Draft, owner: str, name: str) -> Endpoint:
    """The owner's operation that answers one record of `name` to another service. An existing get by id serves:
    the owner's reads accept the mutual-TLS identity of the services that depend on it; when the owner has none, an
    internal one is added, callable by services only."""
    from archgen.architects.rules.operations import _read_endpoint

    service = draft.service(owner)
    assert service is not None, owner
    path = _read_endpoint(draft.req.entity(name), "get", "", "service", []).path
    for endpoint in service.endpoints:
        if endpoint.method == "GET" and endpoint.path == path:
            return endpoint
    thing = words_of(name)
    endpoint = _read_endpoint(
        draft.req.entity(name),
        "get",
        f"Internal: {english.a(thing)} by id for the services that read it while they work (service token only)",
        "service",
        [],
    )
    endpoint.use_cases = []
    service.endpoints.append(endpoint)
    return endpoint
