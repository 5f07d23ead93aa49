"""API rules: authentication, bounded lists, idempotent payments and every use case reachable."""

from __future__ import annotations

import re

from archgen.design import embeds
from archgen.design.later import empty_at_create
from archgen.design.model import Endpoint, EntityDesign, StoredField
from archgen.design.read_models import composes, connected, is_bookkeeping, read_only_cases, readable_in
from archgen.design.views import has_period
from archgen.design.work_requests import requested
from archgen.knowledge.operations import operation_words
from archgen.knowledge.protocols import Convention, protocols
from archgen.requirements.grouping import groupings, narrows
from archgen.requirements.intent import is_role_record
from archgen.review.engine import Found, Problem, Subject, rule

VERSIONED = re.compile(r"^/v\d+(/|$)")
LISTS = ("list", "search", "nearby")  # actions that return rows; an aggregate returns a bounded summary


def _label(service: str, method: str, path: str) -> str:
    return f"{service}: {method} {path}"


@rule("API001", "error", "api", "Public endpoint that changes data")
def public_write(subject: Subject) -> Found:
    """An endpoint anyone may call without authentication creates, changes or deletes data. An event people make
    without an account (a click, a view) may be recorded when it carries the signed value issued with its page
    (SEC011 checks what else the client may set)."""
    token = operation_words().reads.event_token
    landings = {p for name in ("oidc", "saml") for p in protocols().protocols[name].callback_paths}
    for path, service, endpoint in subject.endpoints():
        entity = subject.entities.get(endpoint.entity or "")
        if entity is not None and any(f.name == token and f.set_by == "client" for f in entity.fields):
            continue
        if endpoint.path in landings:
            continue  # a sign-in's landing takes the identity provider's signed answer: no token exists before it
        if endpoint.auth == "public" and endpoint.method != "GET":
            yield Problem(
                element=_label(service.name, endpoint.method, endpoint.path),
                at=(*path, "auth"),
                message="changes data without authentication",
                fix="require a caller (auth: user); accept anonymous input only through a rate-limited form",
            )


@rule("API002", "error", "api", "Public endpoint exposing personal data")
def public_pii(subject: Subject) -> Found:
    """An endpoint without authentication returns personal fields of an entity: any but what people chose to
    publish (a post's text, a video's title), which a projection does not hold back from anonymous callers."""
    for path, service, endpoint in subject.endpoints():
        entity = subject.entities.get(endpoint.entity or "")
        if endpoint.auth != "public" or entity is None:
            continue
        found = subject.personal.get(entity.name)
        kinds = found.fields if found else {}
        exposed = [
            f.name
            for f in entity.fields
            if (f.pii or f.name in kinds)
            and not f.readers
            and kinds.get(f.name) != "content"
            # the author of what is published for everyone (a visible comment) is shown with it
            and not (kinds.get(f.name) == "link" and _published(subject, entity.name))
        ]
        if exposed:
            yield Problem(
                element=_label(service.name, endpoint.method, endpoint.path),
                at=(*path, "auth"),
                message=f"returns {entity.name}'s personal fields ({', '.join(exposed)}) without authentication",
                fix="require a caller (auth: user), or return a public projection without personal fields (readers)",
            )


def _published(subject: Subject, entity: str) -> bool:
    """Whether an entity's records have a state in which everyone may see them (a visible comment)."""
    states = operation_words().reads.published_states
    found = subject.req.entity(entity) if any(e.name == entity for e in subject.req.data.entities) else None
    return found is not None and any(k.kind == "enum" and set(k.values) & states for k in found.fields.values())


def _exempt(endpoint: Endpoint, convention: Convention) -> bool:
    """Whether a standard the operation follows sets this house convention aside (SCIM pages by startIndex and
    is versioned by its own /scim/v2)."""
    protocol = protocols().of_path(endpoint.path)
    return protocol is not None and convention in protocol.exempt


@rule("API003", "warning", "api", "Unbounded list")
def unbounded_list(subject: Subject) -> Found:
    """A list, search or nearby endpoint is not paginated: one call can return every row."""
    for path, service, endpoint in subject.endpoints():
        if endpoint.action in LISTS and not endpoint.paginated and not _exempt(endpoint, "cursor_pages"):
            yield Problem(
                element=_label(service.name, endpoint.method, endpoint.path),
                at=(*path, "paginated"),
                message="returns a list without pagination; it grows with the data",
                fix="paginate it (paginated: true) with a bounded limit and a cursor",
            )


def _payment_use_cases(subject: Subject) -> set[str]:
    """Use cases that call a payments integration."""
    payments = {i.name for i in subject.req.integrations if "pay" in i.kind.lower()}
    return {u.name for u in subject.req.use_cases if payments & set(u.calls)}


@rule("API004", "error", "api", "Payment without idempotency")
def payment_idempotency(subject: Subject) -> Found:
    """A POST that takes a payment accepts no idempotency key: a retried request charges twice."""
    paying = _payment_use_cases(subject)
    for path, service, endpoint in subject.endpoints():
        if endpoint.method == "POST" and paying & set(endpoint.use_cases) and not endpoint.idempotency_key:
            yield Problem(
                element=_label(service.name, endpoint.method, endpoint.path),
                at=(*path, "idempotency_key"),
                message=f"serves {', '.join(sorted(paying & set(endpoint.use_cases)))}, which takes a payment, "
                "but accepts no Idempotency-Key: a retry charges twice",
                fix="accept an Idempotency-Key header (idempotency_key: true) and pass it on to the payment provider",
            )


@rule("API005", "warning", "api", "Create without idempotency")
def create_idempotency(subject: Subject) -> Found:
    """A POST that creates something accepts no idempotency key: a retried request creates a duplicate."""
    paying = _payment_use_cases(subject)
    for path, service, endpoint in subject.endpoints():
        payment = paying & set(endpoint.use_cases)
        if (
            endpoint.method == "POST"
            and endpoint.action == "create"
            and not endpoint.idempotency_key
            and not payment
            and not _exempt(endpoint, "idempotency_key")
        ):
            yield Problem(
                element=_label(service.name, endpoint.method, endpoint.path),
                at=(*path, "idempotency_key"),
                message="a retried request creates a duplicate",
                fix="accept an Idempotency-Key header (idempotency_key: true)",
            )


@rule("API006", "warning", "api", "Unversioned path")
def versioned_path(subject: Subject) -> Found:
    """An endpoint's path does not start with a major version such as /v1."""
    for path, service, endpoint in subject.endpoints():
        if not VERSIONED.match(endpoint.path) and not _exempt(endpoint, "versioned_path"):
            yield Problem(
                element=_label(service.name, endpoint.method, endpoint.path),
                at=(*path, "path"),
                message="has no version in its path; a breaking change cannot be introduced beside it",
                fix="prefix the path with its major version, e.g. /v1",
            )


@rule("API008", "warning", "api", "Asynchronous use case answered synchronously")
def async_use_case(subject: Subject) -> Found:
    """A use case the questionnaire marks asynchronous writes through endpoints that all answer synchronously."""
    for use_case in subject.req.use_cases:
        if not use_case.async_ or not use_case.writes:
            continue
        writers = [
            (path, e)
            for path, _, e in subject.endpoints()
            if use_case.name in e.use_cases and e.method not in ("GET", "DELETE")
        ]
        if writers and not any(e.async_ for _, e in writers):
            yield Problem(
                element=use_case.name,
                at=(*writers[0][0], "async"),
                message="is asynchronous in the questionnaire, but every endpoint that runs it waits for completion",
                fix="accept the request (202) and finish the work from a queue (async: true)",
            )


SERVER_WORDS = ("created_at", "updated_at", "created_by", "updated_by", "tenant_id", "balance", "total", "fare")


@rule("API009", "error", "api", "Client can set a field the server owns")
def server_owned(subject: Subject) -> Found:
    """An input schema (create or update) accepts a field only the server may set: the id, the state of a state
    machine, timestamps it stamps, computed amounts, the acting user or the tenant."""
    for i, entity in enumerate(subject.design.entities):
        writable = [f for f in entity.fields if f.set_by == "client" and f.name not in entity.primary_key]
        machine = entity.state_machine.field if entity.state_machine else None
        inputs = [
            e
            for _, _, e in subject.endpoints()
            if e.entity == entity.name and e.action in ("create", "update", "replace", "ingest")
        ]
        if not inputs:
            continue
        for j, field in enumerate(entity.fields):
            if field not in writable:
                continue
            owned = field.name == machine or field.name in SERVER_WORDS or field.name == "id"
            if owned:
                yield Problem(
                    element=f"{entity.name}.{field.name}",
                    at=("entities", i, "fields", j, "set_by"),
                    message="clients can set it through "
                    + ", ".join(sorted({f"{e.method} {e.path}" for e in inputs}))
                    + ("; it is the state of the state machine" if field.name == machine else ""),
                    fix="mark it set_by: server and say who sets it (source); change a state only through transitions",
                )


@rule("API010", "error", "api", "State changed by an update instead of a transition")
def state_by_update(subject: Subject) -> Found:
    """An entity with a state machine has no transition operation, so its state can only change by editing it."""
    for i, entity in enumerate(subject.design.entities):
        machine = entity.state_machine
        if machine is None or not machine.transitions:
            continue
        # transitions a caller starts on this entity itself (not as a side effect of changing another record,
        # nor the service's own work right after it)
        started = {
            u.name: u.actor
            for u in subject.req.use_cases
            if u.interaction == "request" and u.writes[:1] == [entity.name]
        }
        by_callers = [t for t in machine.transitions if t.use_case in started and started[t.use_case] in t.roles]
        transitions = [e for _, _, e in subject.endpoints() if e.entity == entity.name and e.action == "transition"]
        if by_callers and not transitions:
            yield Problem(
                element=entity.name,
                at=("entities", i, "state_machine"),
                message=f"its {machine.field} has {len(machine.transitions)} transitions but no operation "
                "performs them",
                fix="add POST …/{id}/{transition} for each transition a caller starts",
            )


@rule("SEC007", "error", "security", "Tenant taken from the request")
def tenant_parameter(subject: Subject) -> Found:
    """In a multi-tenant system an operation takes the tenant from a path or query parameter (or the client sets it
    in the body), so a caller can name another tenant."""
    tenancy = subject.req.system.tenancy
    if tenancy is None or tenancy.model != "multi":
        return
    words = ("tenant", "organisation", "organization", "workspace_id", "account_id")
    for path, service, endpoint in subject.endpoints():
        named = [f.name for f in endpoint.filters if any(w in f.name.lower() for w in words)]
        named += [p for p in re.findall(r"\{([^{}]+)\}", endpoint.path) if any(w in p.lower() for w in words)]
        if named:
            yield Problem(
                element=f"{service.name}: {endpoint.method} {endpoint.path}",
                at=path,
                message=f"takes the tenant from the request ({', '.join(named)})",
                fix="take the tenant from the caller's token; never accept it as a parameter",
            )
    for i, entity in enumerate(subject.design.entities):
        for j, field in enumerate(entity.fields):
            if field.set_by == "client" and field.name in ("tenant_id", "tenant"):
                yield Problem(
                    element=f"{entity.name}.{field.name}",
                    at=("entities", i, "fields", j, "set_by"),
                    message="the client sets the tenant of a record",
                    fix="set it from the caller's token (set_by: server)",
                )


READS = ("get", "list", "search", "nearby")
WRITES = ("create", "update", "replace", "ingest")


def _subject_roles(subject: Subject, entity: str) -> set[str]:
    """The person roles a record is about (Employee: employee)."""
    return embeds.subject_roles(subject.req, subject.personal, entity)


def _keepers(subject: Subject, entity: str) -> set[str]:
    """The roles that keep an entity's records for others."""
    return embeds.keepers(subject.req, subject.personal, entity)


@rule("API011", "error", "api", "Personal field returned to a role outside its owners")
def private_fields_read(subject: Subject) -> Found:
    """A read operation returns a contact or sensitive field (an email, an address, a salary, a national id) to a
    role that does not own it: every caller of the record sees it, with no projection for the others (a member
    reading another member's profile gets their phone), or the field names a reader that neither keeps the record
    nor, for contact details only, is staff."""
    roles = {r.name: r for r in subject.req.users.roles}
    for path, service, endpoint in subject.endpoints():
        entity = subject.entities.get(endpoint.entity or "")
        found = subject.personal.get(endpoint.entity or "")
        if endpoint.action not in READS or entity is None or found is None or endpoint.auth == "public":
            continue
        keepers = _keepers(subject, entity.name)
        # the other party of a record they share (the rider of the driver's trip) may read where the person is
        sharing = embeds.participants(subject.req, subject.personal, entity.name)
        exposed: dict[str, list[str]] = {}
        # staff whose use case reads the record act on it (release it, review it): named readers, they read it
        acting = {u.actor for u in subject.req.use_cases if entity.name in u.reads}
        for f in entity.fields:
            kind = found.fields.get(f.name)
            if kind not in ("contact", "sensitive"):
                continue
            for name in endpoint.roles:
                role = roles.get(name)
                if role is None or role.kind != "person" or name in keepers:
                    continue
                staff_may = (kind == "contact" and (role.internal or name in sharing)) or (
                    role.internal and name in acting and name in f.readers
                )
                if (not f.readers and not staff_may) or (name in f.readers and not staff_may):
                    exposed.setdefault(name, []).append(f.name)
        people = _subject_roles(subject, entity.name)
        for name, fields in exposed.items():
            what = f"{entity.name}'s {', '.join(fields)}"
            yield Problem(
                element=f"{_label(service.name, endpoint.method, endpoint.path)} ({name})",
                at=(*path, "roles"),
                message=f"returns {what} of any record to every {name}, not only to the person it is about"
                if name in people
                else f"returns {what} to {name}, who neither keeps the record nor is the person it is about",
                fix="give the fields readers (self and the roles that keep the record) so other callers get a "
                "projection "
                "without them",
            )


@rule("API012", "error", "api", "Person sets a field only the record's keepers may set")
def private_fields_written(subject: Subject) -> Found:
    """A create or update lets the person a record is about set a field the organisation records for them (a
    salary, a national id, a diagnosis): an employee could give themselves a raise."""
    from archgen.requirements.personal import custodian_only

    for path, service, endpoint in subject.endpoints():
        entity = subject.entities.get(endpoint.entity or "")
        found = subject.personal.get(endpoint.entity or "")
        if endpoint.action not in WRITES or entity is None or found is None:
            continue
        people = _subject_roles(subject, entity.name) & set(endpoint.roles)
        fields = [
            f.name
            for f in entity.fields
            if f.set_by == "client"
            and found.fields.get(f.name) == "sensitive"
            and custodian_only(f.name)
            and (("self" in f.writers or people & set(f.writers)) or (not f.writers and people))
        ]
        if fields:
            yield Problem(
                element=_label(service.name, endpoint.method, endpoint.path),
                at=(*path, "roles"),
                message=f"lets {', '.join(sorted(people)) or 'the person it is about'} set {', '.join(fields)} "
                "of their own "
                f"{entity.name}",
                fix="give the fields writers (the roles that keep the record), and a body per role without them",
            )


@rule("API013", "error", "api", "Operation that takes no input")
def empty_input(subject: Subject) -> Found:
    """An operation that creates or changes something has an input with no properties: the server sets every
    field, so a caller cannot say what to create (a device event without its kind or time, a follow without whom),
    and an update that must not be empty can be satisfied by no body at all."""
    clock = operation_words().fields.clock
    # a request for later work the client starts with nothing to say (a processing run): its worker fills the rest
    requests = {name for u in subject.req.use_cases if (name := requested(subject.req, u)) is not None}
    for path, service, endpoint in subject.endpoints():
        entity = subject.entities.get(endpoint.entity or "")
        on_collection = endpoint.method == "POST" and "{" not in endpoint.path
        makes = endpoint.action in ("create", "ingest") or (endpoint.action == "command" and on_collection)
        changes = endpoint.action in ("update", "replace")
        if entity is None or not (makes or changes) or endpoint.link == "export":
            continue
        # a new record's input names the parts of its key the caller knows (a comment's post); a change never moves it
        inputs = [f for f in entity.fields if f.set_by == "client" and (makes or f.name not in entity.primary_key)]
        # a record of nothing but its id, the time it was stored and who made it has nothing to send when it is made
        # nor a key column the server derives to spread or bucket the rows (a shard, the hour of created_at)
        derived = {p for index in entity.indexes for p in index.partition}
        content = [
            f
            for f in entity.fields
            if f.name not in entity.primary_key
            and f.name not in clock
            and not _token_set(f)
            and not (f.set_by == "server" and f.name in derived)
        ]
        if makes and entity.name in requests and all(f.set_by != "client" for f in content):
            continue
        if not inputs and (content or changes):
            yield Problem(
                element=_label(service.name, endpoint.method, endpoint.path),
                at=path,
                message=f"its input for {entity.name} has no properties: every field is set by the server"
                + ("; no body can satisfy an update that must change something" if changes else ""),
                fix="mark the fields the caller knows set_by: client (what it chooses, whom it names, when it observed "
                "something); only ids, clocks, the caller's own reference and computed values are the server's",
            )


def _token_set(field: StoredField) -> bool:
    """Set from who the caller is (not from the tenant their token belongs to)."""
    source = field.source.lower()
    return field.set_by == "server" and "token" in source and "tenant" not in source


@rule("API014", "error", "api", "Another party's reference taken from the caller's token")
def other_party_from_token(subject: Subject) -> Found:
    """A reference is set from the caller's token although it names someone other than the caller: two references
    to the same kind of record both from the token (a transfer's sender and recipient), or a reference to an
    entity none of the record's writers is (a follow's followee set to the follower)."""
    names = [e.name for e in subject.req.data.entities]
    for i, entity in enumerate(subject.design.entities):
        writers = {u.actor for u in subject.req.use_cases if entity.name in u.writes and u.actor}
        # the kind of record each writer is, when the questionnaire keeps its members (rider → Rider)
        kinds = {a: next((n for n in names if is_role_record(a, n)), None) for a in writers}
        known = bool(kinds) and all(kinds.values())
        by_target: dict[str, list[str]] = {}
        for j, field in enumerate(entity.fields):
            target = _ref_target(field.type)
            if target is None or not _token_set(field) or "transition" in field.source:
                continue  # a transition's caller (the approver) is a different moment's caller
            by_target.setdefault(target, []).append(field.name)
            if len(by_target[target]) > 1 or (known and target not in kinds.values()):
                yield Problem(
                    element=f"{entity.name}.{field.name}",
                    at=("entities", i, "fields", j, "set_by"),
                    message="is taken from the caller's token, but it names "
                    + (
                        f"another {target} than {by_target[target][0]} does"
                        if len(by_target[target]) > 1
                        else f"a {target}, which none of its writers ({', '.join(sorted(writers))}) is"
                    ),
                    fix="take only the acting party's own reference from the token; the caller names every other "
                    "party in the input (set_by: client)",
                )


def _ref_target(kind: str) -> str | None:
    found = re.fullmatch(r"(?:list\[)?ref\[(\w+)\]\]?", kind)
    return found.group(1) if found else None


@rule("API015", "error", "api", "Client decides what the server must")
def client_decides(subject: Subject) -> Found:
    """An input accepts a value the server must decide: a computed amount (a total, a fee), a value its rules set
    (a fraud score, a service-level deadline, an approver's authority), the marks of an edit or a deletion, or who
    approved or released something.
    A caller could then approve their own claim above their limit or set their own price."""
    known = operation_words().fields
    for i, entity in enumerate(subject.design.entities):
        inputs = sorted(
            {
                f"{e.method} {e.path}"
                for _, _, e in subject.endpoints()
                if e.entity == entity.name and e.action in ("create", "update", "replace", "ingest")
            }
        )
        if not inputs:
            continue
        for j, field in enumerate(entity.fields):
            parts = field.name.lower().removesuffix("_id").split("_")
            decided = set(parts) & (known.computed | known.policy) or field.name in known.edits | known.tombstones
            acting = parts[-1] in known.actor or "_".join(parts) in known.actor
            if field.set_by != "client" or not (decided or acting):
                continue
            yield Problem(
                element=f"{entity.name}.{field.name}",
                at=("entities", i, "fields", j, "set_by"),
                message=f"clients set it through {', '.join(inputs)}, but "
                + ("the server computes or decides it by its rules" if decided else "it names who acted"),
                fix="mark it set_by: server and say where it comes from (computed, read from the approver's record, "
                "the caller's token)",
            )


@rule("API016", "error", "api", "Client sets a tally other records keep")
def client_sets_tally(subject: Subject) -> Found:
    """A whole number that tallies what other records did (rooms sold and held against a night, seats booked) is
    set by clients, though use cases that make those other records change it: a caller could free capacity that
    does not exist by sending a lower count, and nothing keeps the tally equal to the records it counts."""
    known = operation_words().fields
    for i, entity in enumerate(subject.design.entities):
        beside = [u.name for u in subject.req.use_cases if entity.name in u.writes[1:]]
        if not beside:
            continue
        for j, field in enumerate(entity.fields):
            parts = set(field.name.lower().split("_"))
            if field.set_by != "client" or field.type != "int" or not parts & known.counters:
                continue
            yield Problem(
                element=f"{entity.name}.{field.name}",
                at=("entities", i, "fields", j, "set_by"),
                message=f"clients set this tally, though {beside[0]} changes it beside the record it makes",
                fix="mark it set_by: server, kept by the operations that make the records it counts (a conditional "
                "update in their transaction), never taken from a body",
            )


def _narrowing(entity: EntityDesign) -> list[str]:
    """The fields a query over an entity can narrow by besides words: its choices (enumerations, flags)."""
    return [f.name for f in entity.fields if f.type.startswith("enum[") or f.type == "bool"]


@rule("API017", "error", "api", "Search that takes nothing but words")
def words_only_search(subject: Subject) -> Found:
    """A search answers an untyped object, or takes no filter though its records have choices to narrow by (a
    condition, a category, a status): a client cannot browse a category, count facets or render the results, and
    the search use case cannot be carried out as people do it."""
    for path, service, endpoint in subject.endpoints():
        if endpoint.action != "search":
            continue
        entity = subject.entities.get(endpoint.entity or "")
        label = _label(service.name, endpoint.method, endpoint.path)
        if entity is None:
            yield Problem(
                element=label,
                at=(*path, "entity"),
                message="answers an untyped object: no record, total or facet a client could render",
                fix="name the entity it searches (entity), so its results are that entity's records",
            )
        elif _narrowing(entity) and not endpoint.filters:
            yield Problem(
                element=label,
                at=(*path, "filters"),
                message=f"takes only words, though {entity.name} has {', '.join(_narrowing(entity)[:3])} to narrow by",
                fix="add equality filters for its choices and access patterns (facets) and ranges for its amounts "
                "and dates",
            )


@rule("API018", "error", "api", "Report without a window of time or groups")
def shapeless_report(subject: Subject) -> Found:
    """A report (aggregate read) over records that carry a date takes no range of it, or takes no field to narrow
    and group by: it can only total everything ever recorded in one figure, so a dashboard cannot show a period,
    compare stores or rank the top items."""
    for path, service, endpoint in subject.endpoints():
        entity = subject.entities.get(endpoint.entity or "")
        if endpoint.action != "aggregate" or entity is None:
            continue
        times = {f.name for f in entity.fields if f.type in ("date", "timestamp")}
        windowed = has_period(endpoint, entity)
        # a report on one record (a listing's performance) is grouped by it already
        grouped = any(f.kind == "eq" for f in endpoint.filters) or "{" in endpoint.path
        missing = [w for w, ok in (("window of time", windowed or not times), ("field to group by", grouped)) if not ok]
        if missing:
            yield Problem(
                element=_label(service.name, endpoint.method, endpoint.path),
                at=(*path, "filters"),
                message=f"totals {entity.name} with no {' and no '.join(missing)}",
                fix="add a range filter on its date (the window) and equality filters on its choices and "
                "references (the groups the report totals by)",
            )


@rule("API019", "error", "api", "Paying request with no way to say how to pay")
def no_payment_method(subject: Subject) -> Found:
    """A person's request that charges through a payment provider (confirm a booking with its deposit, place an
    order) creates its own record none of whose client fields carries the provider's token for the card or wallet: the
    client cannot say how to pay, short of sending a card number the system must never see."""
    from archgen.design.paying import has_payment_token, paying_cases

    paying = paying_cases(subject.req)
    for path, service, endpoint in subject.endpoints():
        entity = subject.entities.get(endpoint.entity or "")
        leads = {u.name for u in subject.req.use_cases if u.writes[:1] == [endpoint.entity]}
        cases = [u for u in endpoint.use_cases if u in paying & leads]
        if endpoint.action != "create" or entity is None or not cases or has_payment_token(entity):
            continue
        yield Problem(
            element=_label(service.name, endpoint.method, endpoint.path),
            at=(*path, "entity"),
            message=f"carries {cases[0]}, which charges through a payment provider, but {entity.name} takes no "
            "payment method",
            fix="add a client field for the provider's token (payment_method: the id its SDK or hosted fields make), "
            "never a card number",
        )


_ANSWERS = ("get", "list", "search", "nearby")  # reads that answer with records (an aggregate answers totals)


def _read_cases(subject: Subject, endpoint: Endpoint) -> list[str]:
    return [u.name for u in read_only_cases(endpoint, subject.req.use_cases)]


@rule("API030", "error", "api", "Read use case answered with an untyped object")
def untyped_answer(subject: Subject) -> Found:
    """A use case that only reads is carried by an operation that names no entity: its answer is a free-form
    object, so no client can render it and no contract says what it holds (a timeline of no posts)."""
    for path, service, endpoint in subject.endpoints():
        cases = _read_cases(subject, endpoint)
        if endpoint.method != "GET" or endpoint.entity is not None or endpoint.link is not None or not cases:
            continue
        yield Problem(
            element=_label(service.name, endpoint.method, endpoint.path),
            at=(*path, "entity"),
            message=f"answers {cases[0]} with an untyped object",
            fix="name the entity it answers with and the related ones its answer carries (entity, includes)",
        )


@rule("API031", "error", "api", "Anonymous read exposing the owner's bookkeeping")
def public_bookkeeping(subject: Subject) -> Found:
    """An operation anyone may call answers with raw records whose counters tally how their capacity is spent
    (rooms sold and held against a night): the owner's internal state, which shows competitors the sales and
    callers what to race for. A read model (includes) shows what is left instead."""
    for path, service, endpoint in subject.endpoints():
        entity = subject.entities.get(endpoint.entity or "")
        anyone = endpoint.auth == "public" or "public" in endpoint.other_callers
        if not anyone or endpoint.method != "GET" or entity is None or endpoint.includes:
            continue
        kept = [f.name for f in entity.fields if is_bookkeeping(f) and not f.readers]
        if kept:
            yield Problem(
                element=_label(service.name, endpoint.method, endpoint.path),
                at=(*path, "entity"),
                message=f"returns {entity.name}'s bookkeeping ({', '.join(kept)}) to anonymous callers",
                fix="answer with a read model of what the caller needs (includes), or restrict those fields (readers)",
            )


@rule("API032", "error", "api", "Use case reading several records answered with one")
def single_record_answer(subject: Subject) -> Found:
    """A use case that reads several related records to answer one question (room types with their rates, posts
    with their authors) is carried by an operation whose answer holds only one entity's rows: the client must
    call once per related record, and the contract does not say what the use case returns."""
    for path, service, endpoint in subject.endpoints():
        if endpoint.action not in _ANSWERS or endpoint.link is not None or endpoint.includes:
            continue
        # what the service can read: a record it cannot reach is a question of its boundaries, not of this answer
        can = readable_in(subject.design, service)
        near = [n for n in composes(subject.entities, endpoint, subject.req.use_cases) if n in can]
        # others' records a list may not carry to its callers are no part of its answer
        others = embeds.others_embedded(
            subject.req, subject.personal, subject.entities, endpoint.model_copy(update={"includes": near})
        )
        near = [n for n in near if n not in others]
        wanted = connected(subject.entities, endpoint.entity, near) if endpoint.entity else []
        if wanted:
            yield Problem(
                element=_label(service.name, endpoint.method, endpoint.path),
                at=(*path, "includes"),
                message=f"answers {', '.join(_read_cases(subject, endpoint))} with {endpoint.entity} alone, "
                f"though it reads {', '.join(wanted)} with it",
                fix="compose the answer: list the related entities it carries with each record (includes)",
            )


@rule("API152", "error", "api", "A list read by a group it cannot be filtered by")
def list_without_group_filter(subject: Subject) -> Found:
    """A use case reads a list by a group ("View team calendar", "Rooms by building") and its list operation takes
    no filter on the field that says which group a record is in (its own, or that of the record it belongs to):
    the caller pages through everyone's records to find their team's."""
    cases = {u.name: u for u in subject.req.use_cases}
    for path, service, endpoint in subject.endpoints():
        if endpoint.method != "GET" or endpoint.action not in ("list", "search") or endpoint.entity is None:
            continue
        have = [f.field for f in endpoint.filters]
        for name in endpoint.use_cases:
            case = cases.get(name)
            missing = [g for g in groupings(subject.req, case, endpoint.entity) if not narrows(g, have)] if case else []
            if missing:
                yield Problem(
                    element=f"{service.name}: {endpoint.method} {endpoint.path}",
                    at=(*path, "filters"),
                    message=f"serves {name}, which reads {endpoint.entity} by "
                    f"{', '.join(g.word for g in missing)}, and takes no filter on "
                    f"{' or '.join(p for g in missing for p in g.fields)}",
                    fix=f"take a filter on {missing[0].fields[0]} (kept in each {endpoint.entity}'s index or joined in "
                    "the query)",
                )


@rule("API170", "error", "api", "A field filled after the record is made promised on every record")
def required_before_its_step(subject: Subject) -> Found:
    """A field is required though something later fills it: a transition the create does not run sets it (when an
    item was handed out, who approved), a later step supplies it (the condition noted on return), or it is a
    provider's answer to the call the committed intent makes, a copy taken once something is verified, the moment
    of an edit, or the act of a person on a record no person makes. The record just made, and every list of those
    not yet moved on, cannot carry it, so the create's answer and every read break their own contract (and a column
    that takes no nulls rejects the insert)."""
    for i, entity in enumerate(subject.design.entities):
        later = empty_at_create(subject.req, subject.design.services, entity)
        for j, field in enumerate(entity.fields):
            if field.required and field.name in later:
                yield Problem(
                    element=f"{entity.name}.{field.name}",
                    at=("entities", i, "fields", j, "required"),
                    message=f"is required, but only {later[field.name]} fills it, after the record is made",
                    fix="make it optional (null until then), and say so where it is returned",
                )
