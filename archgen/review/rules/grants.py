"""Access that runs on data: a scope the security page promises has a record that grants it, an account is bound to
the record it claims by proof, who holds a place holds it for a period, and hidden media stays hidden at the edge."""

from __future__ import annotations

from archgen.common.english import join
from archgen.design.relations import (
    assigned_by_reference,
    binding_keys,
    granting_relation,
    media_keys,
    membership_unit,
    taken_down,
    visible_entities,
)
from archgen.knowledge.access import access_knowledge
from archgen.requirements import personal
from archgen.requirements.relations import external, held_over_time, periods_of
from archgen.review.engine import Found, Problem, Subject, rule


@rule("SEC070", "error", "security", "Access scoped to an assignment no record holds")
def scope_without_relation(subject: Subject) -> Found:
    """The security page says staff read records only of the people they serve, or outside parties (an assessor
    firm) reach the records, yet nothing in the data model says who serves whom: no care team, assignment or grant
    with a period, and no reference on the record to who handles it. The check has no rows to run on and will be
    improvised in code. Model the relation (party, record, valid from and until) and filter lists by it."""
    kept = subject.design.entities
    if granting_relation(kept) is not None or any(membership_unit(e) for e in kept):
        return
    words = personal.vocabulary().staff_scope_words
    for i, handled in enumerate(subject.design.security.pii):
        entity = subject.entities.get(handled.entity)
        said = " ".join(handled.controls).lower()
        if entity is None or not any(w in said for w in words) or assigned_by_reference(entity):
            continue
        yield Problem(
            element=entity.name,
            at=("security", "pii", i, "controls"),
            message="its readers are limited to their assignment, and no record in the data model says who is "
            "assigned to whom",
            fix="model the relation that grants access (party, record, valid_from, valid_until), name it in the "
            "security page and join it on every list and search",
        )
    outside = {r.name for r in subject.req.users.roles if r.kind == "person" and external(r)}
    reached: dict[str, set[str]] = {}
    for _, _, endpoint in subject.endpoints():
        if endpoint.method == "GET" and endpoint.entity in subject.personal:
            for role in outside & set(endpoint.roles):
                reached.setdefault(role, set()).add(endpoint.entity)
    for role, entities in sorted(reached.items()):
        yield Problem(
            element=role,
            at=("services",),
            message=f"an outside party reads {join(sorted(entities))}, and nothing limits it to the records it "
            "was engaged on",
            fix="keep a grant per engagement (party, record, period) and answer outside parties only the records "
            "a live grant names",
        )


@rule("SEC071", "error", "security", "Sign-up claims an existing record from what the person types")
def unbound_sign_up(subject: Subject) -> Found:
    """A person's record exists before they sign up (a contract holder, a patient, a customer of the billing
    system), and the sign-up takes the number that names it from the request with no proof: anyone who knows or
    guesses a contract number claims that household. Bind the account by a one-time activation code or a second
    fact of the record, both checked against the system of record, and let the server copy the number."""
    verified = access_knowledge().binding.verified
    for at, service, endpoint in subject.endpoints():
        entity = subject.entities.get(endpoint.entity or "")
        found = subject.personal.get(endpoint.entity or "")
        if entity is None or found is None or not found.person or endpoint.method != "POST":
            continue
        # the caller's own record (/v1/me, /v1/me/patient), not an operation under it (an export)
        own = endpoint.path.strip("/").split("/")
        if own[1:2] != ["me"] or len(own) > 3 or endpoint.action not in ("create", "command"):
            continue
        keys = binding_keys(subject.req, entity.name, [f.name for f in entity.fields])
        taken = [f.name for f in entity.fields if f.name in keys and f.set_by == "client"]
        proved = any(w in endpoint.summary.lower() for w in verified)
        if keys and (taken or not proved):
            yield Problem(
                element=f"{service.name}: {endpoint.method} {endpoint.path}",
                at=at,
                message=f"makes the {entity.name} record from the request ({join(taken or keys)} included) while "
                "such records exist before their people sign up; nothing proves the caller holds it",
                fix="bind the account instead: find the record by its number and prove it with an activation code "
                "or a second fact checked against the system of record; the server sets the number",
            )


@rule("SEC072", "error", "security", "Hidden media reachable by key or from the edge")
def hidden_media_exposed(subject: Subject) -> Found:
    """Records whose owner may make them private or unlisted, or that staff block, have files whose keys an
    anonymous caller is answered, or whose takedown leaves the CDN's copies in place (cached for long, under keys
    that never change). Anyone holding a key fetches a private or blocked video. Answer keys only to signed-in
    callers, serve the segments with short-lived signed cookies that cover the whole set, and purge the edge on
    takedown."""
    visible = visible_entities(subject.design.entities)
    for at, service, endpoint in subject.endpoints():
        entity = subject.entities.get(endpoint.entity or "")
        keys = media_keys(entity, visible) if entity is not None else []
        if keys and endpoint.method == "GET" and endpoint.auth == "public":
            yield Problem(
                element=f"{service.name}: {endpoint.method} {endpoint.path}",
                at=(*at, "auth"),
                message=f"answers {join(keys)} of {entity.name if entity else ''} records to anonymous callers, "
                "including those of private, unlisted and blocked items",
                fix="require a signed-in caller (or the playback operation's signed cookies) and check the item's "
                "visibility before answering where its files are",
            )
    down = taken_down(subject.design.entities)
    purges = access_knowledge().media.purges
    for i, cache in enumerate(subject.design.caches):
        if down and cache.placement == "cdn" and not any(w in cache.invalidation.lower() for w in purges):
            yield Problem(
                element=cache.name,
                at=("caches", i, "invalidation"),
                message=f"{join(down)} can be taken down, and nothing purges the copies this CDN keeps",
                fix="purge the item's path prefix (or its cache tag) at the edge when it is blocked, deleted or "
                "made private, and stop issuing its signed cookies",
            )


@rule("DAT102", "error", "data", "Who holds a place is kept without the period they hold it")
def holder_without_period(subject: Subject) -> Found:
    """A place or an asset (a premise, a vehicle) names the person holding it, and nothing records from when
    until when: the next tenant inherits the last one's readings, and the last one keeps reading the new tenant's.
    Keep the period (move-in and move-out, start and end of contract) and limit reads to it."""
    period = access_knowledge().period
    people = {n for n, p in subject.personal.items() if p.person}
    for i, entity in enumerate(subject.design.entities):
        names = {f.name for f in entity.fields}
        refs = {f.name: f.type[4:-1] for f in entity.fields if f.type.startswith("ref[")}
        for ref in held_over_time(entity.name, entity.description, refs, people):
            own = set(periods_of(ref)) <= names
            shared = bool(names & set(period.starts)) and bool(names & set(period.ends))
            if not own and not shared:
                yield Problem(
                    element=f"{entity.name}.{ref}",
                    at=("entities", i, "fields"),
                    message=f"names who holds the {entity.name} now, with no period: a later {ref} inherits "
                    "the earlier one's records",
                    fix=f"keep when the {ref} began and stopped holding it ({join(list(periods_of(ref)))}) and "
                    "limit their reads to that period",
                )
