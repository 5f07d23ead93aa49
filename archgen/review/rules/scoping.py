"""Who may reach other people's records, and who decides it: staff held to their unit first, oversight roles reading
the whole population read-only, and grants no one issues to themselves, ended by revocation rather than deletion."""

from __future__ import annotations

from archgen.common.english import join
from archgen.design.model import Endpoint, EntityDesign
from archgen.design.relations import granting_relation, membership_unit
from archgen.knowledge.access import access_knowledge
from archgen.knowledge.access_scopes import access_scopes
from archgen.requirements import personal
from archgen.requirements.relations import oversees
from archgen.review.engine import Found, Problem, Subject, rule


def _grantee_roles(subject: Subject, grant: EntityDesign) -> set[str]:
    """The roles a grant names: the values of its role field, else the staff its security text limits by it."""
    roles = {r.name for r in subject.req.users.roles}
    named = {
        v.strip()
        for f in grant.fields
        if f.type.startswith("enum[") and "role" in f.name
        for v in f.type[5:-1].split(",")
        if v.strip() in roles
    }
    if named:
        return named
    scope = personal.vocabulary().staff_scope
    return {
        r
        for p in subject.design.security.pii
        for c in p.controls
        for part in c.split(";")
        if scope in part
        for r in roles
        if f"{r} " in part.split(scope)[0]
    }


@rule("SEC074", "error", "security", "Staff limited to their assignment grant it to themselves")
def self_granted(subject: Subject) -> Found:
    """Staff read records only where a grant names them, and the same role creates those grants: a receptionist,
    a support agent or a moderator writes their own grant for any record, so the control restricts nobody. Let
    another party issue a grant (a supervisor, the customer's own administrator) or derive it from the data that
    says who handles what (the assignment, the appointment, the queue), with the grantee from the approved
    request."""
    grant = granting_relation(subject.design.entities)
    if grant is None:
        return
    grantees = _grantee_roles(subject, grant)
    for at, service, endpoint in subject.endpoints():
        if endpoint.entity != grant.name or endpoint.method != "POST" or endpoint.action != "create":
            continue
        selves = sorted(grantees & set(endpoint.roles) - _others_only(endpoint))
        if selves:
            yield Problem(
                element=f"{service.name}: {endpoint.method} {endpoint.path}",
                at=(*at, "roles"),
                message=f"{join(selves)} create the {grant.name} records that limit their own reads, naming any "
                "grantee they like",
                fix="let another party approve each grant (a supervisor, the tenant's administrator) or make it "
                "from the assignment the data already holds; the grantee comes from the approved request",
            )


def _others_only(endpoint: Endpoint) -> set[str]:
    """The callers a grant operation's body keeps from naming themselves: its grantee role admits only other roles
    (staff engaging an outside party)."""
    fixed = next(
        (f.type for f in (endpoint.request.fields if endpoint.request else []) if f.name == "grantee_role"), ""
    )
    admitted = {v.strip() for v in fixed[5:-1].split(",")} if fixed.startswith("enum[") else None
    return set(endpoint.roles) - admitted if admitted is not None else set()


def _unit_roles(subject: Subject) -> dict[str, list[str]]:
    """The staff roles each unit of the data model holds (a hotel's reception staff), by their descriptions."""
    names = {e.name.lower(): e.name for e in subject.design.entities}
    out: dict[str, list[str]] = {}
    for role in (r for r in subject.req.users.roles if r.kind == "person" and r.internal):
        said = " " + " ".join(personal.name_words(role.description or "")) + " "
        unit = next((names[w] for w in access_scopes().units if f" {w} " in said and w in names), None)
        if unit is not None:
            out.setdefault(unit, []).append(role.name)
    return out


def _membership(subject: Subject, unit: str) -> bool:
    """Whether the design keeps which staff work in a unit, with the period: its own membership, or any record
    referring to the unit with a period and a member."""
    period = access_knowledge().period
    for entity in subject.design.entities:
        if membership_unit(entity) == unit:
            return True
        names = {f.name for f in entity.fields}
        refers = any(f.type == f"ref[{unit}]" for f in entity.fields)
        member = any(w in n for n in names for w in ("member", "staff", "employee"))
        if refers and member and names & set(period.starts) and names & set(period.ends):
            return True
    return False


@rule("SEC075", "error", "security", "Staff of a unit not held to it, or oversight forced through grants")
def unscoped_units(subject: Subject) -> Found:
    """Staff work inside a unit (a hotel, a clinic, a store) and nothing in the data model says which one, so a
    receptionist in one city lists the bookings of every other; or an oversight role (internal audit, finance over
    payments) reads only records a per-record grant names, which blocks the population testing its job is. Keep a
    membership of staff to unit with its period and filter every list by it first; give oversight roles
    population-wide read-only access, logged."""
    for unit, roles in sorted(_unit_roles(subject).items()):
        if not _membership(subject, unit):
            yield Problem(
                element=join(roles),
                at=("entities",),
                message=f"{join(roles)} work inside a {unit}, and no record says which {unit} a staff member "
                "belongs to: their lists reach every one",
                fix=f"keep a membership (staff member, {unit}, role, valid from and until) and hold every list and "
                "read of those roles to their own unit",
            )
    grant = granting_relation(subject.design.entities)
    if grant is None:
        return
    overseers = sorted(
        r.name for r in subject.req.users.roles if oversees(r) and r.name in _grantee_roles(subject, grant)
    )
    if overseers:
        yield Problem(
            element=join(overseers),
            at=("entities", subject.design.entities.index(grant)),
            message=f"{join(overseers)} oversee the whole population, yet read only records a {grant.name} names: "
            "every sample needs a grant or a break-glass access",
            fix="give oversight roles population-wide read-only access, every read logged and reviewed by someone "
            "else, and keep per-record grants for work that is genuinely per case",
        )


@rule("SEC076", "error", "security", "An access grant deleted, or its revocation set by the client")
def grant_erased(subject: Subject) -> Found:
    """A grant record can be deleted, or the time it was revoked is required when it is made or set by whoever
    writes it. Deleting a grant erases the evidence of whether an access was allowed at the time, and a client-set
    revocation lets a grant be back-dated. Revoke a grant by a transition that stamps the time, leave that field
    empty until then, and never delete a grant."""
    grant = granting_relation(subject.design.entities)
    if grant is None:
        return
    at = ("entities", subject.design.entities.index(grant))
    for path, service, endpoint in subject.endpoints():
        if endpoint.entity == grant.name and endpoint.method == "DELETE":
            yield Problem(
                element=f"{service.name}: {endpoint.method} {endpoint.path}",
                at=path,
                message=f"deletes {grant.name} records, the evidence of whether a past access was allowed",
                fix="revoke a grant by a transition that stamps its revocation time, and keep every grant",
            )
    word = access_scopes().revoked.field
    for j, field in enumerate(grant.fields):
        if field.name == word and (field.required or field.set_by == "client"):
            yield Problem(
                element=f"{grant.name}.{field.name}",
                at=(*at, "fields", j),
                message="is "
                + ("required when the grant is made" if field.required else "set by the client")
                + ", so a grant is born revoked or back-dated at will",
                fix="leave it empty until the revoke transition stamps it from the server's clock",
            )


@rule("SEC084", "error", "security", "Routine staff work reached only by break-glass")
def break_glass_routine(subject: Subject) -> Found:
    """Staff read records only where a per-record grant names them, while the records of their daily work are
    kept by unit (the clinic of each appointment) and nothing holds staff to theirs. Every check-in and every
    chart opened becomes a break-glass access, so the one that matters (a relative looked up) drowns in the noise,
    and a walk-in cannot be found to register. Scope routine work by a membership of staff to their unit, and keep
    break-glass for reads outside it."""
    grant = granting_relation(subject.design.entities)
    if grant is None:
        return
    units = {e.name for e in subject.design.entities if e.name.lower() in access_scopes().units}
    worked: dict[str, set[str]] = {}
    for use_case in subject.req.use_cases:
        if use_case.actor:
            worked.setdefault(use_case.actor, set()).update([*use_case.reads, *use_case.writes])
    for role in sorted(_grantee_roles(subject, grant)):
        kept_in = sorted(
            u
            for e in subject.design.entities
            if e.name in worked.get(role, set())
            for f in e.fields
            for u in units
            if f.type == f"ref[{u}]" and not _membership(subject, u)
        )
        if kept_in:
            yield Problem(
                element=role,
                at=("entities", subject.design.entities.index(grant)),
                message=f"{role} reach the records of their daily work only through a {grant.name} or "
                f"break-glass, though those records are kept by {kept_in[0]}",
                fix=f"hold {role} to their own {kept_in[0]} by a membership with its period, and keep break-glass "
                "for reads outside it",
            )
