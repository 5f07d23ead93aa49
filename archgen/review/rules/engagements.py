"""Outside parties engaged on a case: the grant an outside party reads under has a source some record carries and
an operation with a body, someone engages the party, and a wait on someone outside stops the deadline clock."""

from __future__ import annotations

from archgen.common.english import join
from archgen.design.relations import granting_relation
from archgen.knowledge.engagements import engagements
from archgen.requirements.relations import external
from archgen.review.engine import Found, Problem, Subject, rule


def _outside(subject: Subject) -> dict[str, set[str]]:
    """Each outside role (a firm, a contractor) with the records its use cases act on."""
    roles = {r.name for r in subject.req.users.roles if r.kind == "person" and external(r)}
    acts: dict[str, set[str]] = {}
    for case in subject.req.use_cases:
        if case.actor in roles:
            acts.setdefault(case.actor, set()).update([*case.reads, *case.writes])
    return acts


def _names(field: str, role: str) -> bool:
    """Whether a field names a party of the role (loss_assessor, assessor_firm for loss_assessor)."""
    last = role.split("_")[-1]
    return role in field or field.startswith(last) or field.endswith(last)


def _engaged(subject: Subject, role: str, grant: str | None) -> bool:
    """Whether staff have a use case that engages the role: it writes the grant, or a field of a record it writes
    names the role."""
    for case in subject.req.use_cases:
        if case.actor in (None, role):
            continue
        if grant is not None and grant in case.writes:
            return True
        for name in case.writes:
            entity = subject.entities.get(name)
            if entity is not None and any(
                _names(f.name, role) for f in entity.fields if f.type == "uuid" or f.type.startswith("ref[")
            ):
                return True
    return False


@rule("SEC093", "error", "security", "Grant with no source record or no body")
def grant_without_source(subject: Subject) -> Found:
    """Outside parties read a case's records under a grant the design says is derived from the records that name
    who handles what, yet no record names that party and nobody engages it: the grant has nothing to come from.
    Or a grant operation takes no body, so it names no grantee and no expiry. Keep an engagement on the case made
    by staff (party, firm, case, period) as the grant's source, and give every grant operation a grantee, an
    expiry, a scope and a reason."""
    grant = granting_relation(subject.design.entities)
    name = grant.name if grant is not None else None
    derived = [u for u in subject.req.use_cases if name is not None and name in u.writes and u.actor is None]
    for role in sorted(_outside(subject)) if derived else []:
        if not _engaged(subject, role, name):
            yield Problem(
                element=f"{name}: {role}",
                at=("entities",),
                message=f"grants to {role} are said to follow the records that name who handles what, and no "
                f"record names a {role.replace('_', ' ')} nor does any operation engage one",
                fix=f"let staff engage the {role.replace('_', ' ')} on the case (party, firm, period) and derive "
                "the grant from that engagement",
            )
    body = engagements().grant_body
    for at, service, endpoint in subject.endpoints():
        last = endpoint.path.rstrip("/").rsplit("/", 1)[-1]
        if endpoint.method != "POST" or not last.endswith("grants"):
            continue
        given = {f.name for f in endpoint.request.fields} if endpoint.request is not None else set()
        if endpoint.request is None and endpoint.entity is not None and endpoint.entity in subject.entities:
            given = {f.name for f in subject.entities[endpoint.entity].fields if f.set_by == "client"}
        missing = [k for k, words in (("grantee", body.grantee), ("expiry", body.expiry)) if not given & set(words)]
        if missing:
            yield Problem(
                element=f"{service.name}: {endpoint.method} {endpoint.path}",
                at=(*at, "request"),
                message=f"issues a grant with no {join(missing)} in its request",
                fix="take the grantee, the scope (records or the whole tenant), the expiry and the reason in the "
                "request body, and bound the expiry on the server",
            )


@rule("API198", "error", "api", "Outside party works on cases nobody engages it on")
def outside_role_never_engaged(subject: Subject) -> Found:
    """A role from another organisation (an assessor firm, a contractor) has use cases on a case's records, and no
    operation lets staff engage it on a case or release it: nothing puts the party on the case, so its use cases
    cannot be carried out, or are carried out on every case. Add the operation by which staff engage and release
    the party on one case, and let its grant follow from it."""
    grant = granting_relation(subject.design.entities)
    name = grant.name if grant is not None else None
    for role, records in sorted(_outside(subject).items()):
        if records and not _engaged(subject, role, name):
            yield Problem(
                element=role,
                at=("requirements", "use_cases"),
                message=f"{role} acts on {join(sorted(records))}, and no operation engages it on a case",
                fix=f"add an operation by which staff engage a {role.replace('_', ' ')} on one case and release "
                "it, recording the party, its firm and the period",
            )


@rule("FLOW128", "error", "flows", "Wait on someone outside while the deadline clock runs")
def wait_without_pause(subject: Subject) -> Found:
    """A step asks someone outside the team for more (information, documents) on a case that carries a deadline
    clock, and it has no state for waiting: the clock keeps running while the answer is outside anyone's
    control, and the case shows as overdue through no fault of the team. Add a waiting state that stops the clock,
    and resume it, pushed back by the wait, when the reply comes."""
    known = engagements().waits
    for case in subject.req.use_cases:
        if not any(w in case.name.lower() for w in known.asks):
            continue
        for name in case.writes:
            entity = subject.entities.get(name)
            if entity is None:
                continue
            fields = {f.name: f.type for f in entity.fields}
            clock = next((f for f in fields if f in known.clocks), None)
            status = fields.get("status", "")
            if clock is None or not status.startswith("enum["):
                continue
            if not any(w in status for w in known.waiting):
                yield Problem(
                    element=f"{case.name}: {name}",
                    at=("entities",),
                    message=f"waits on a reply from outside while {name}.{clock} keeps running, and {name} has no "
                    "waiting state",
                    fix=f"add a waiting state to {name} that stops the {clock} clock, and resume it, pushed back "
                    "by the wait, when the reply arrives",
                )
