"""The operations other services call: a service that reads another's record while it works asks the owner's
get-by-id operation with its own service identity, so the owner offers one that accepts it."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.common import english
from archgen.common.naming import words_of
from archgen.design.addressing import Address
from archgen.design.model import Endpoint, Filter


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


def service_list(draft: Draft, caller: str, owner: str, name: str, address: Address) -> Endpoint:
    """The owner's list operation that answers the records of `name` linked to one the caller holds, or a page's
    records in one call: the existing list gains the filter (a page of values for a batch) and the caller's
    identity; without a list, an internal one callable by services only is added."""
    from archgen.architects.rules.operations import _read_endpoint, collection

    service = draft.service(owner)
    assert service is not None, owner
    path = collection(name)
    endpoint = next((e for e in service.endpoints if e.method == "GET" and e.path == path and e.action == "list"), None)
    if endpoint is None:
        endpoint = _read_endpoint(
            draft.req.entity(name),
            "list",
            f"Internal: {english.plural(words_of(name))} for the services that read them "
            "while they work (service token only)",
            "service",
            [],
        )
        endpoint.use_cases, endpoint.filters = [], []
        service.endpoints.append(endpoint)
    wanted = address.filter_name()
    if address.kind in ("link", "batch") and not any(f.name == wanted for f in endpoint.filters):
        endpoint.filters.append(Filter(name=wanted, field=address.field, kind="eq"))
    calling = draft.service(caller)
    mtls = calling is not None and owner in calling.depends_on and endpoint.auth == "user"
    if not mtls and "service" not in (endpoint.auth, *endpoint.other_callers):
        endpoint.other_callers.append("service")
    return endpoint
