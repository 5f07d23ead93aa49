"""Every use case's actor can carry it out through operations open to their role: a use case carried only by
operations closed to its actor moves to the read of the same records that is open to them, and a record a use case
names is readable by the role that names it."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.capacity.load import actor_kind
from archgen.design import model as m
from archgen.design.reach import opens_to, picked, reads_it


def plan_reach(draft: Draft) -> None:
    """Open each person's use case to its actor, and the records it names to the role naming them."""
    roles = {r.name: r for r in draft.req.users.roles}
    endpoints = [e for s in draft.services for e in s.endpoints]
    for use_case in draft.req.use_cases:
        role = use_case.actor
        if use_case.interaction != "request" or not role or actor_kind(draft.req, use_case) != "person":
            continue
        carried = [e for e in endpoints if use_case.name in e.use_cases]
        if carried and not any(opens_to(e, role) for e in carried):
            _carry_for(endpoints, carried, use_case.name, role)
        for entity in picked(draft.req, use_case):
            if any(reads_it(e, entity) and opens_to(e, role) for e in endpoints):
                continue
            # staff find the record in the collection; anyone else reads the one they were given by id
            reads = [e for e in endpoints if e.method == "GET" and e.entity == entity and e.link is None]
            shared = [e for e in reads if e.path.startswith("/v1/") and not e.path.startswith("/v1/me")]
            by_id = [e for e in shared if e.action == "get" and e.path.count("{") == 1 and e.path.endswith("/{id}")]
            found = [e for e in shared if "{" not in e.path and e.action in ("list", "search")]
            for endpoint in by_id[:1] + (found if roles[role].internal else []):
                endpoint.roles.append(role)


def _carry_for(endpoints: list[m.Endpoint], carried: list[m.Endpoint], use_case: str, role: str) -> None:
    """Move the use case to a read of the same records open to the role (a person's own, then one by id); with
    none, the role may call the operation that carries it."""
    entities = {e.entity for e in carried if e.method == "GET"}
    open_reads = [
        e for e in endpoints if e.method == "GET" and e.entity in entities and e.link is None and role in e.roles
    ]
    chosen = sorted(open_reads, key=lambda e: (not e.path.startswith("/v1/me"), not e.path.endswith("/{id}")))
    if chosen:
        for endpoint in carried:
            if endpoint.method == "GET" and endpoint.entity == chosen[0].entity:
                endpoint.use_cases.remove(use_case)
        chosen[0].use_cases.append(use_case)
        return
    for endpoint in carried:
        endpoint.roles.append(role)
