"""The operations other services call: a service that reads another's record while it works asks the owner's
get-by-id operation with its own service identity, so the owner offers one that accepts it."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.common import english
from archgen.common.naming import words_of
from archgen.design.model import Endpoint


def service_read(draft: Draft, caller: str, owner: str, name: str) -> Endpoint:
    """The owner's operation that answers one record of `name` to another service. An existing get by id serves:
    the owner's reads accept the mutual-TLS identity of the services that depend on it; when the owner has none, an
    internal one is added, callable by services only. A caller that does not depend on the owner (no mutual-TLS
    route to it) is let in by its service token."""
    from archgen.architects.rules.operations import _read_endpoint

    service = draft.service(owner)
    assert service is not None, owner
    path = _read_endpoint(draft.req.entity(name), "get", "", "service", []).path
    for endpoint in service.endpoints:
        if endpoint.method == "GET" and endpoint.path == path:
            calling = draft.service(caller)
            mtls = calling is not None and owner in calling.depends_on and endpoint.auth == "user"
            if not mtls and "service" not in (endpoint.auth, *endpoint.other_callers):
                endpoint.other_callers.append("service")  # people and this service share it
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
