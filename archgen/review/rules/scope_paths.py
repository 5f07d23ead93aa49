"""Data-level authorisation the data model can enforce: every record a role reaches carries the field (or the
required parent) that says whose it is, and every list a scoped role calls is held to that scope by default."""

from __future__ import annotations

from archgen.common.english import join
from archgen.design.relations import membership_unit
from archgen.design.scope_paths import (
    decides_access,
    held_by_parent,
    made_by_people,
    own_record_field,
    scope_path,
    scoped_lists,
    tenant_entities,
    unit_path,
)
from archgen.knowledge.access_scopes import access_scopes
from archgen.knowledge.tenancy import tenant_column
from archgen.requirements.personal import name_words
from archgen.review.engine import Found, Problem, Subject, rule

COPY = "query its copy of "  # how a flow says a service reads the copy it keeps of another's records


@rule("DAT110", "error", "data", "A record in a role's scope that names no owner, tenant or parent")
def unscoped_records(subject: Subject) -> Found:
    """People make records of an entity, or the tenants of a shared schema keep them, and the record carries no
    field that says whose it is: no owner set from the caller's token, no tenant column, and no required parent
    that has one. The ownership check and the row policy then have nothing to compare, so one user reads another's
    records by guessing ids. Add the owner (created_by from the token) or the tenant column, or make the parent
    reference required so the check joins to the parent's owner."""
    shared = subject.design.tenancy is not None and subject.design.tenancy.isolation == "shared-schema"
    tenants = tenant_entities(subject.design.entities)
    for i, entity in enumerate(subject.design.entities):
        makers = made_by_people(subject.req, entity)
        if makers and scope_path(subject.design.entities, entity, makers) is None:
            yield Problem(
                element=entity.name,
                at=("entities", i, "fields"),
                message=f"{join(makers)} make its records, yet no field says whose each one is (no owner from "
                "the token, no required parent that has one)",
                fix="add created_by, set by the server from the caller's token, or make the reference to the "
                "owning parent required, and hold every read and list to it",
            )
        for unit in _claimed_units(subject, entity.name):
            lower = " ".join(name_words(unit))
            if unit_path(subject.design.entities, entity, unit) is None:
                yield Problem(
                    element=entity.name,
                    at=("entities", i, "fields"),
                    message=f"its reads are held to the caller's {lower}, yet it names no {lower}, no required "
                    f"parent does, and no record of a {lower} names it",
                    fix=f"give it the {lower} (or a required parent that has one), or let a record of the {lower} "
                    "name it (the appointment, the encounter of the treatment relationship)",
                )
        columns = [(f.name, f.type) for f in entity.fields]
        if shared and entity.name not in tenants and tenant_column(entity.name, columns) is None:
            yield Problem(
                element=entity.name,
                at=("entities", i, "fields"),
                message="lives in the shared schema of every tenant, yet carries no tenant column: the row policy "
                "has nothing to filter on",
                fix="add the tenant column, set by the server from the token, and lead its indexes with it",
            )


@rule("SEC089", "error", "security", "A list a scoped role calls that is not held to its scope")
def unheld_lists(subject: Subject) -> Found:
    """A role that reaches only its own records (or its own tenant's) calls a list whose scope is an optional
    filter or missing: a list of child records that takes their parent as optional answers every parent's children,
    and listing the tenants themselves lets a tenant's user enumerate every customer. Make the
    parent a required parameter the server checks the caller may read, and leave listing every tenant to the
    platform's own staff."""
    for owner, endpoint, path, makers in scoped_lists(subject.design, subject.req):
        if not held_by_parent(endpoint, path):
            yield Problem(
                element=f"{owner}: {endpoint.method} {endpoint.path}",
                at=("services",),
                message=f"{join(makers)} list records held to them through `{path.parents[0]}`, which the list "
                "takes as optional: without it, the page holds every owner's records",
                fix=f"make `{path.parents[0]}` required and answer only when the caller may read that "
                f"{path.parents[0].replace('_', ' ')}",
            )
    if subject.design.tenancy is None:
        return
    outside = {r.name for r in subject.req.users.roles if r.kind == "person" and not r.internal}
    tenants = tenant_entities(subject.design.entities)
    for at, service, endpoint in subject.endpoints():
        if endpoint.entity not in tenants or endpoint.action not in ("list", "search"):
            continue
        tenants_users = sorted(outside & set(endpoint.roles))
        if tenants_users:
            yield Problem(
                element=f"{service.name}: {endpoint.method} {endpoint.path}",
                at=(*at, "roles"),
                message=f"{join(tenants_users)} belong to one tenant, yet may list every tenant",
                fix="let only the platform's own staff list tenants; a tenant's users read their own tenant by "
                "its id from the token",
            )


@rule("SEC095", "error", "security", "A read held to the caller's own record that lets them name another's")
def chosen_owners(subject: Subject) -> Found:
    """Every role calling a list, search or report reaches only the records that name its own record (a seller's
    feed imports, a guest's bookings), yet the operation takes that reference as a filter the caller sets: a
    seller passes another seller's id and reads its imports, or the server must silently override what the
    caller asked. Take the caller's own record from the token and drop the filter."""
    for at, service, endpoint in subject.endpoints():
        entity = subject.entities.get(endpoint.entity or "")
        owner = own_record_field(subject.req, subject.design.entities, entity, endpoint) if entity else None
        if owner is not None and any(f.field == owner for f in endpoint.filters):
            yield Problem(
                element=f"{service.name}: {endpoint.method} {endpoint.path}",
                at=(*at, "filters"),
                message=f"{join(endpoint.roles)} reach only the records whose `{owner}` is theirs, yet the caller "
                f"sets `{owner}` as a filter",
                fix=f"fill `{owner}` from the caller's token and remove the filter",
            )


@rule("SEC090", "error", "security", "A check of who may reach what that reads an event-fed copy")
def lagging_checks(subject: Subject) -> Found:
    """A use case decides whether the caller may act (a membership, an assignment, a grant) by reading a copy of
    that relation its service keeps from the owner's events. A removal reaches the copy only when the event does,
    so a member who left keeps sending and reading until the copy catches up, and "leaving ends access at once"
    cannot hold. Read the owner's state in the request (its operation or its table), or keep a copy the owner
    writes in the same request as its change."""
    for i, flow in enumerate(subject.design.flows):
        for j, step in enumerate(flow.steps):
            said = step.message
            if not said.startswith(COPY) or "events)" not in said:
                continue
            entity = said[len(COPY) :].split(" (", 1)[0]
            if decides_access(entity):
                yield Problem(
                    element=f"{flow.use_case}: {step.source}",
                    at=("flows", i, "steps", j),
                    message=f"decides access from its copy of {entity}, fed by events: a removal lets the "
                    "caller in until the copy catches up",
                    fix=f"read {entity} from its owner during the request, or have the owner write the copy in "
                    "the same request as the change",
                )


def _claimed_units(subject: Subject, entity: str) -> list[str]:
    """The units the security page holds an entity's reads to (a clinic), by its personal-data controls."""
    template = access_scopes().membership.filter
    said = " ".join(c for p in subject.design.security.pii if p.entity == entity for c in p.controls)
    units = {membership_unit(e) for e in subject.design.entities} - {None}
    before, after = template.split("{unit_lower}")
    return sorted(u for u in units if u and before + " ".join(name_words(u)) + after[:5] in said)
