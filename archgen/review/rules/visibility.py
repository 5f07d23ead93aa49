"""Who sees which fields: the party who must act on a record sees what acting needs (the driver of a trip where to
pick up, the officer releasing a note its body), only of the records they serve, and nobody sees more (a report's
reader gets totals, not the people inside them); what a search must read is searchable."""

from __future__ import annotations

from archgen.common.english import join
from archgen.design.embeds import picks_out_person, subject_roles
from archgen.design.model import EntityDesign
from archgen.requirements import personal
from archgen.requirements.relations import oversees
from archgen.review.engine import Found, Problem, Subject, rule

SELF_WORDS = "the person it is about"


def _withholdable(entity: EntityDesign, found: personal.Personal) -> list[str]:
    """The personal fields a reader may be kept from for cause: contact details and sensitive values, not the link
    to an account (no one acts on it) nor the organisation's own assessment (kept from outsiders on purpose)."""
    return [
        f.name
        for f in entity.fields
        if f.readers
        and found.fields.get(f.name) in ("contact", "sensitive")
        and not personal.identity_link(f.name)
        and not personal.internal_assessment(f.name)
    ]


def _acting_staff(subject: Subject, entity: str) -> dict[str, list[str]]:
    """The staff roles that read one record of a kind to act on it, each with its use cases: a use case of theirs
    reads it, and an operation other than a report's totals answers them with it."""
    tenancy = subject.req.system.tenancy
    if tenancy is not None and tenancy.model == "multi":
        return {}  # the staff serve the tenants, not the tenants' people
    roles = {r.name: r for r in subject.req.users.roles}
    answered = {
        (role, case)
        for _, _, e in subject.endpoints()
        if e.entity == entity and e.method == "GET" and e.action != "aggregate"
        for role in e.roles
        for case in e.use_cases
    }
    out: dict[str, list[str]] = {}
    for u in subject.req.use_cases:
        role = roles.get(u.actor or "")
        if role is None or role.kind != "person" or not role.internal or entity not in u.reads:
            continue
        if (role.name, u.name) in answered:
            out.setdefault(role.name, []).append(u.name)
    return out


@rule("SEC059", "error", "security", "Staff who act on a record kept from its personal fields")
def staff_kept_from_what_they_act_on(subject: Subject) -> Found:
    """A staff role's use case reads a record to act on it (a records officer releasing a clinical note, an agent
    looking up a trip), yet the record's contact or sensitive fields are returned only to others: the officer
    releases notes without their body. The role that serves the person reads what acting needs, scoped to the
    records it serves."""
    for i, entity in enumerate(subject.design.entities):
        found = subject.personal.get(entity.name)
        if found is None:
            continue
        held = _withholdable(entity, found)
        selves = subject_roles(subject.req, subject.personal, entity.name)
        for role, cases in sorted(_acting_staff(subject, entity.name).items()):
            kept = [n for n in held if role not in next(f for f in entity.fields if f.name == n).readers]
            if not kept or role in selves:
                continue
            yield Problem(
                element=f"{entity.name} for {role}",
                at=("entities", i, "fields"),
                message=f"{role} reads it in {join(cases)} to act on it, yet gets none of {join(kept)}",
                fix=f"add {role} to the readers of {join(kept)}, and say that they read them only of the records "
                "in their assignment (the people they serve, the case they handle), a read outside it being a "
                "break-glass access",
            )


@rule("SEC060", "error", "security", "Record about several people says its fields go to 'the person it is about'")
def ambiguous_self(subject: Subject) -> Found:
    """A record names several people (a trip's rider and driver, a note's patient and author), and the security
    design returns its fields to that one person only: a reader cannot tell that the driver
    sees where to pick the rider up, and an implementer filtering on one of them hides it from the other."""
    entities = {e.name: e for e in subject.design.entities}
    for i, handling in enumerate(subject.design.security.pii):
        if handling.entity not in entities:
            continue
        selves = sorted(subject_roles(subject.req, subject.personal, handling.entity))
        said = [c for c in handling.controls if SELF_WORDS in c]
        if len(selves) < 2 or not said:
            continue
        yield Problem(
            element=handling.entity,
            at=("security", "pii", i, "controls"),
            message=f"names {join(selves)}, yet says fields are returned only to {SELF_WORDS}, which leaves "
            "unsaid which of them reads them",
            fix=f"name each party that reads them (the {join(selves)} it names) and what each reads",
        )


@rule("SEC061", "error", "security", "A person's identifier in a report's totals")
def people_in_totals(subject: Subject) -> Found:
    """A report or dashboard (an aggregate operation) is filtered or grouped by a personal field of the records it
    totals (a loyalty id, a customer, an email): its readers need totals, and a group of one person is that person's
    purchases, handed to a store manager with no use for them."""
    for path, service, endpoint in subject.endpoints():
        entity = subject.entities.get(endpoint.entity or "")
        if endpoint.action != "aggregate" or entity is None:
            continue
        found = subject.personal.get(entity.name)
        cut = [f.field for f in endpoint.filters if picks_out_person(found, entity, f.field, endpoint.roles)]
        if cut:
            yield Problem(
                element=f"{service.name}: {endpoint.method} {endpoint.path}",
                at=(*path, "filters"),
                message=f"totals {entity.name} records for {join(endpoint.roles) or 'its callers'} and may be "
                f"filtered or grouped by {join(cut)}, which picks out one person's records",
                fix=f"drop {join(cut)} from the report's filters and groups; a use case that needs one person's "
                "records reads them through an operation scoped to that person",
            )


@rule("SEC062", "error", "security", "A search over what no search can read")
def search_over_sealed_fields(subject: Subject) -> Found:
    """A record is searched by its text (the questionnaire asks for it, or a full-text index names the field), yet
    the text is encrypted per field, so no index can read it: an index on ciphertext finds nothing, and a
    record whose every text field is sealed cannot be searched at all. Either index it where the store's own
    encryption and the readers protect it (or on tokens), or keep it out of search and say so."""
    for i, entity in enumerate(subject.design.entities):
        sealed = {f.name for f in entity.fields if f.encrypted}
        if not sealed:
            continue
        indexed = [n for x in entity.indexes if x.kind == "fulltext" for n in x.fields if n in sealed]
        if indexed:
            yield Problem(
                element=entity.name,
                at=("entities", i, "indexes"),
                message=f"full-text indexes {join(sorted(set(indexed)))}, which is encrypted at field level: the "
                "index holds ciphertext and finds nothing",
                fix="index the field where the store's encryption and its readers protect it, or index keyed "
                "tokens of it, or keep it out of the index and say so",
            )
            continue
        wanted = subject.req.entity(entity.name) if entity.name in {e.name for e in subject.req.data.entities} else None
        if wanted is None or "search" not in wanted.access:
            continue
        text = [f.name for f in entity.fields if f.type in ("string", "text") and f.name != "id"]
        searchable = entity.search_index or any(x.kind == "fulltext" for x in entity.indexes)
        if text and set(text) <= sealed and not searchable and not _kept_out_said(subject, entity.name):
            yield Problem(
                element=entity.name,
                at=("entities", i, "fields"),
                message=f"is searched by its text, yet all of it ({join(text)}) is encrypted at field level and "
                "nothing indexes it: the search cannot work",
                fix="index the text where the store's encryption and its readers protect it (or on keyed tokens), "
                "or keep it out of search and say so in the security design",
            )


def _kept_out_said(subject: Subject, entity: str) -> bool:
    """Whether the security design says a record is kept out of search on purpose."""
    return any(
        "kept out of search" in c or "not searchable" in c
        for p in subject.design.security.pii
        if p.entity == entity
        for c in p.controls
    )


@rule("SEC063", "error", "security", "Staff read every person's record of a kind")
def staff_unscoped(subject: Subject) -> Found:
    """Staff are named readers of a record's contact or sensitive fields, and nothing in the security design limits
    them to the records of the people they serve (their assignment, the patients they treat, the case they
    handle): every nurse reads every patient's notes. The relationship scopes the reading; a read outside it is a
    break-glass access with a reason."""
    roles = {r.name: r for r in subject.req.users.roles}
    words = personal.vocabulary().staff_scope_words
    handled = {p.entity: p for p in subject.design.security.pii}
    for i, entity in enumerate(subject.design.entities):
        found = subject.personal.get(entity.name)
        if found is None or entity.name not in handled or found.contacts_only:
            continue  # a way to reach someone who is no record of the system: no one is assigned to them
        selves = subject_roles(subject.req, subject.personal, entity.name)
        staff = sorted(
            {
                r
                for n in _withholdable(entity, found)
                for r in next(f for f in entity.fields if f.name == n).readers
                if r in roles and roles[r].kind == "person" and roles[r].internal and r not in selves
            }
        )
        said = " ".join(handled[entity.name].controls).lower()
        # oversight roles (audit, finance over payments) read the whole population, read-only and logged
        staff = [r for r in staff if not (oversees(roles[r]) and "read-only" in said and "logged" in said)]
        if staff and not any(w in said for w in words):
            yield Problem(
                element=f"{entity.name} for {join(staff)}",
                at=("entities", i, "fields"),
                message=f"{join(staff)} read its personal fields, and nothing limits them to the records of the "
                "people they serve",
                fix="say that staff read them only of the records in their assignment (the people they serve, the "
                "case they handle), and that a read outside it is a break-glass access with a reason, audited",
            )
