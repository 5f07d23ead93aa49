"""Binding rules: nobody sets what binds them. A deadline or a limit is never set by the party it binds, an
identifier the server issues and the channel a request came by never come from the client, where a customer's data
lives and what it pays for change through their own operations, and a later step never rewrites what a record was
committed to when it was made."""

from __future__ import annotations

from collections.abc import Iterator

from archgen.common import english
from archgen.design.binding import assigned, committed, is_channel, is_deadline, placement, terms
from archgen.design.fixed import changeable, fixed_references, writable
from archgen.design.model import Endpoint, EntityDesign, Service, StoredField
from archgen.requirements.intent import is_role_record
from archgen.review.engine import Found, KeyPath, Problem, Subject, rule

WRITES = ("create", "update", "replace", "transition", "command")


def _taken(endpoint: Endpoint, entity: EntityDesign) -> list[StoredField]:
    """The stored fields an operation takes from its caller: those its stated body carries, else those the
    rendered body would (a create's writable fields, an update's changeable ones; a transition's none)."""
    by_name = {f.name: f for f in entity.fields}
    if endpoint.request is not None and endpoint.request.fields:
        out = []
        for body in endpoint.request.fields:
            owner, _, stored = body.field.partition(".")
            name = stored if stored and owner == entity.name else "" if stored else body.name
            if not body.read_only and name in by_name:
                out.append(by_name[name])
        return out
    derived = {"create": writable, "update": changeable, "replace": writable}.get(endpoint.action)
    return derived(entity) if derived is not None else []


def _writes(subject: Subject) -> Iterator[tuple[KeyPath, Service, Endpoint, EntityDesign, list[StoredField]]]:
    """Every operation a caller writes a record through with its own credential (a sender's signed event states
    what the sender decided), with the fields it takes."""
    for at, service, endpoint in subject.endpoints():
        entity = subject.entities.get(endpoint.entity or "")
        if entity is not None and endpoint.action in WRITES and endpoint.auth != "signature":
            yield at, service, endpoint, entity, _taken(endpoint, entity)


def _named(entity: EntityDesign, role: str) -> bool:
    """Whether a record names the role that writes it (a loan its borrower)."""
    return any(is_role_record(role, f.type[4:-1]) for f in entity.fields if f.type.startswith("ref["))


def _where(service: Service, endpoint: Endpoint) -> str:
    return f"{service.name}: {endpoint.method} {endpoint.path}"


@rule("API145", "error", "api", "A party sets the deadline or limit that binds it")
def deadline_set_by_bound(subject: Subject) -> Found:
    """An input lets a caller set a time or a limit it must act by or within (the merchant a dispute's respond_by,
    a borrower a loan's due date, an adjuster their approval limit): it extends its own deadline or raises its own
    limit, and the control the field stands for is gone."""
    for at, service, endpoint, entity, taken in _writes(subject):
        for field in (f for f in taken if is_deadline(f)):
            if endpoint.request is None and field.writers:
                continue  # (a derived body offers it to its writers alone)
            callers = [r for r in endpoint.roles if r not in field.writers]
            if endpoint.action == "create":
                # the maker of a record that names it is the party the deadline binds
                callers = [r for r in callers if _named(entity, r)]
            if callers:
                yield Problem(
                    element=_where(service, endpoint),
                    at=at,
                    message=f"{endpoint.method} {endpoint.path} lets {english.join(callers)} set {entity.name}'s "
                    f"{field.name}, the deadline or limit it is held to",
                    fix="take it out of that input: the party that imposes it sets it (the sender of the record, or "
                    "the role that decides it, named in the field's writers), and an extension is its own decision",
                )


@rule("API146", "error", "api", "An identifier or channel the server assigns taken from the client")
def assigned_by_client(subject: Subject) -> Found:
    """A record's reference (the code people quote) or the channel its request came by is set by the client: two
    bookings share a reference, a guest's website booking claims to come from the front desk, and every report by
    channel is what the callers chose to say."""
    for i, entity in enumerate(subject.design.entities):
        makes = [e for _, _, e in subject.endpoints() if e.entity == entity.name and e.action == "create"]
        people = [e for e in makes if e.auth == "user" and not e.batch]
        for field in (f for f in entity.fields if f.set_by == "client"):
            issued = assigned(entity.name, field)
            said = (issued == "named" and people) or (issued == "own" and people and len(people) == len(makes))
            channel = is_channel(field) and bool(makes)
            if said or channel:
                what = "the channel the request came by" if channel else "an identifier the server issues"
                yield Problem(
                    element=f"{entity.name}.{field.name}",
                    at=("entities", i),
                    message=f"{entity.name}.{field.name} ({what}) is set by the client",
                    fix="set it on the server: issue the reference when the record is made (unique, short, "
                    "unguessable), and take the channel from the credential the request arrives with",
                )


@rule("API147", "error", "api", "Placement or commercial terms changed by an update")
def placement_edited(subject: Subject) -> Found:
    """An update lets the customer's own users change where its data lives (its home region, its cell) or what it
    pays for (its plan): the first leaves the data in the old place while the record says otherwise, the second is
    billing nobody confirms."""
    for at, service, endpoint, entity, taken in _writes(subject):
        if endpoint.action not in ("update", "replace"):
            continue
        names = {f.name for f in taken}
        moved = [n for n in placement(entity) if n in names]
        billed = [n for n in terms(entity) if n in names]
        if moved or billed:
            yield Problem(
                element=_where(service, endpoint),
                at=at,
                message=f"{endpoint.method} {endpoint.path} lets {english.join(endpoint.roles) or 'its callers'} "
                f"change {entity.name}'s {', '.join(moved + billed)}",
                fix="take them out of the update: a move is its own operation the operators run (an export and "
                "an import), and a plan change goes through billing (the provider's checkout or the staff who "
                "sell it)",
            )


@rule("API148", "error", "api", "A later step rewrites what the record was committed to")
def committed_rewritten(subject: Subject) -> Found:
    """A transition of a record's lifecycle takes what it was made for (where a trip goes, which nights a booking
    holds, whom it is about): a driver arriving changes the destination the fare was quoted on, with no new quote
    and nothing the party who asked for it agreed to."""
    for at, service, endpoint, entity, taken in _writes(subject):
        if endpoint.action != "transition":
            continue
        fixed = set(committed(entity)) | set(fixed_references(entity))
        rewritten = [f.name for f in taken if f.name in fixed]
        if rewritten:
            yield Problem(
                element=_where(service, endpoint),
                at=at,
                message=f"the {endpoint.transition or 'transition'} step ({endpoint.method} {endpoint.path}) lets "
                f"{english.join(endpoint.roles) or 'its callers'} rewrite {entity.name}'s {', '.join(rewritten)}, "
                "fixed when it was made",
                fix="take them out of the step's body; a change of what was agreed is its own request, made by "
                "the party who asked for it and checked again (a new quote, a new availability check)",
            )
