"""Input rules: a client sends only what it knows when it sends it. The time the server witnesses, who the caller
is, what a provider answers, amounts derived from a computed total, what is measured while the work happens and
what a later move assigns are the server's to set; asking a client for them lets it lie or makes it guess. A create
input requires only what every record has, names the caller's own party never, and lets another system name
records by the keys it knows."""

from __future__ import annotations

from collections.abc import Iterator

from archgen.design.later import carried_by_moves, unsent
from archgen.design.model import Endpoint, EntityDesign, StoredField
from archgen.design.natural_keys import external_key
from archgen.design.series import device_keyed
from archgen.design.supplied import chosen_by, keeps_file, optional_reference, produced_later, target_word
from archgen.design.supplied import parts as supplied_parts
from archgen.knowledge.operations import operation_words
from archgen.requirements.intent import verbs
from archgen.review.engine import Found, KeyPath, Problem, Subject, rule


def _client_fields(subject: Subject) -> Iterator[tuple[KeyPath, EntityDesign, StoredField]]:
    """Every field a client sets, with its key path."""
    for i, entity in enumerate(subject.design.entities):
        for j, field in enumerate(entity.fields):
            if field.set_by == "client":
                yield ("entities", i, "fields", j, "set_by"), entity, field


def _base(field: StoredField) -> str:
    return field.type.split("[", 1)[0]


def _parts(field: StoredField) -> list[str]:
    return field.name.lower().split("_")


@rule("API040", "error", "api", "Input asks for the time the record is made")
def client_stamps_creation(subject: Subject) -> Found:
    """A client sets the time a record is made (requested_at on a record born requested, created_at): the server
    witnesses that moment, and a client's clock can be wrong or lie."""
    known = operation_words().fields
    for at, entity, field in _client_fields(subject):
        machine = entity.state_machine
        born = machine is not None and field.name.lower() == f"{machine.initial.lower()}_at"
        stamped = field.name.lower() in known.clock | known.stamped
        if device_keyed(entity, field.name):  # the device took the reading then: the server only received it
            continue
        if _base(field) == "timestamp" and (born or stamped) and field.name.lower() not in known.scheduled:
            yield Problem(
                element=f"{entity.name}.{field.name}",
                at=at,
                message="the client sets the time the record is made, which the server witnesses",
                fix="set it from the server's clock when it stores the record (set_by: server)",
            )


@rule("API041", "error", "api", "Input names who acted")
def client_names_the_actor(subject: Subject) -> Found:
    """A client names who did something to a record (acknowledged_by, approved_by) or when: anyone could act in
    someone else's name. The caller is known from the token, the time from the server's clock."""
    known = operation_words().fields
    for at, entity, field in _client_fields(subject):
        name = field.name.lower()
        actor = name.endswith("_by") and _base(field) not in ("timestamp", "date") and name not in known.named_by_caller
        stem = name.rsplit("_", 1)[0]
        partner = name.endswith("_at") and any(
            f.name.lower() == f"{stem}_by" and f.name.lower() not in known.named_by_caller for f in entity.fields
        )
        if actor or partner:
            yield Problem(
                element=f"{entity.name}.{field.name}",
                at=at,
                message="the client says who acted" if actor else "the client says when the act it names happened",
                fix="take the caller from the token and the time from the server's clock (set_by: server)",
            )


@rule("API042", "error", "api", "Input asks for a provider's answer")
def client_invents_provider_answer(subject: Subject) -> Found:
    """A client sets a value the payment or delivery provider answers with (provider_reference, psp_id): it cannot
    know it before the server calls the provider."""
    known = operation_words().fields
    for at, entity, field in _client_fields(subject):
        parts = _parts(field)
        if len(parts) > 1 and parts[0] in known.provider and parts[-1] in known.provider_answers:
            yield Problem(
                element=f"{entity.name}.{field.name}",
                at=at,
                message="the client sets what the provider answers",
                fix="store it from the provider's answer when the server calls it (set_by: server)",
            )


@rule("API043", "error", "api", "Input asks for an amount derived from a computed total")
def client_sets_derived_amount(subject: Subject) -> Found:
    """A client sets an amount (a deposit, a discount) beside a total the server computes from its rates: the client
    could pay any deposit it likes."""
    known = operation_words().fields
    for at, entity, field in _client_fields(subject):
        writers = [u for u in subject.req.use_cases if entity.name in u.writes]
        if writers and all(u.interaction in ("stream", "batch", "webhook") for u in writers):
            continue  # copied in from another system (a till's sales): its amounts are that system's
        parts = set(_parts(field))
        qualified = bool(parts & known.money) and bool(parts - known.money)
        computed = [
            f.name
            for f in entity.fields
            if f.set_by == "server" and _base(f) == "decimal" and set(_parts(f)) & known.computed
        ]
        if _base(field) == "decimal" and qualified and computed and not parts & known.chosen:
            yield Problem(
                element=f"{entity.name}.{field.name}",
                at=at,
                message=f"the client sets an amount beside {computed[0]}, which the server computes",
                fix="compute it by the same rules as the total (set_by: server)",
            )


@rule("API044", "error", "api", "Input asks up front for a measure of work not yet done")
def client_sets_measurement(subject: Subject) -> Found:
    """A client sets, when it asks for the work, a quantity measured while the work happens (the distance driven,
    how long it took): it cannot know it yet, and the price is computed from it."""
    known = operation_words().fields
    under_way = set(verbs().states.get("start", ()))
    for at, entity, field in _client_fields(subject):
        machine = entity.state_machine
        works = machine is not None and any(s.lower() in under_way for s in machine.states)
        if works and _base(field) in ("int", "decimal") and set(_parts(field)) & known.measured:
            yield Problem(
                element=f"{entity.name}.{field.name}",
                at=at,
                message="the client sets, up front, a quantity measured while the work happens",
                fix="set it by the move that ends the work, from what was measured (set_by: server)",
            )


@rule("API045", "error", "api", "Input asks for a reference a later move assigns")
def client_picks_what_is_assigned(subject: Subject) -> Found:
    """A client names a record that comes with a party a later move assigns (the vehicle of the driver who accepts
    a trip): the client cannot know it when it makes the record."""
    entities = {e.name: e for e in subject.design.entities}
    for at, entity, field in _client_fields(subject):
        if not field.type.startswith("ref["):
            continue
        target = field.type[4:-1]
        for assigned in entity.fields:
            if (
                assigned.set_by != "server"
                or not assigned.type.startswith("ref[")
                or "transition" not in assigned.source
            ):
                continue
            party = entities.get(assigned.type[4:-1])
            if party is not None and any(f.type == f"ref[{target}]" for f in party.fields):
                yield Problem(
                    element=f"{entity.name}.{field.name}",
                    at=at,
                    message=f"the client names the {target} that comes with {assigned.name}, which a later move "
                    "assigns",
                    fix=f"set it from the {assigned.name}'s own record when that move assigns it (set_by: server)",
                )
                break


# --- what a create input may require of its callers ----------------------------------------------------------------

MAKES = ("create", "ingest")
SYSTEMS = ("device", "service")


def _asked(subject: Subject) -> Iterator[tuple[KeyPath, Endpoint, EntityDesign, StoredField]]:
    """Every client field an operation that makes records asks of its callers (those it does not leave to other
    roles), when it does not state its own request body."""
    for path, _, endpoint in subject.endpoints():
        entity = subject.entities.get(endpoint.entity or "")
        if endpoint.action not in MAKES or entity is None or endpoint.request is not None:
            continue
        for field in entity.fields:
            if field.set_by == "client" and (not field.writers or set(field.writers) & set(endpoint.roles)):
                yield (*path, "entity"), endpoint, entity, field


def _reported(subject: Subject, entity: EntityDesign) -> bool:
    """Whether every use case writing the entity copies records in from another system (a till, a feed)."""
    writers = [u for u in subject.req.use_cases if entity.name in u.writes]
    return bool(writers) and all(u.interaction in ("stream", "batch", "webhook") for u in writers)


def _target(field: StoredField) -> str:
    return field.type[4:-1] if field.type.startswith("ref[") else ""


@rule("API100", "error", "api", "Create input requires what most records lack")
def requires_optional_reference(subject: Subject) -> Found:
    """A create input requires a reference most records lack (the promotion on every till line, the loyalty member
    on every receipt) or one only some kinds of the record have (the merchant of a consumer's payout): callers must
    invent one, and the record cannot be made as the domain has it."""
    for at, endpoint, entity, field in _asked(subject):
        if not field.required or field.name == "id":
            continue
        chooser = chosen_by(entity, field)
        if chooser is None and not optional_reference(field):
            continue
        why = f"only a record whose {chooser[0]} is {chooser[1]} has it" if chooser else "most records have none"
        yield Problem(
            element=f"{entity.name}.{field.name}",
            at=at,
            message=f"{endpoint.operation_id} requires {field.name}, yet {why}",
            fix="make it optional (required: false) and say when it is sent",
        )


@rule("API101", "error", "api", "Create input asks for what a later step produces")
def asks_for_later_output(subject: Subject) -> Found:
    """The fields sent to make a record include a value only known afterwards: a time named after that moment
    (finished_at, last_alerted_at), a run's output, or what the server measures from an uploaded file (its width,
    its blurhash). The caller cannot know it when it makes the record."""
    said = {
        "time": "a time a later step stamps",
        "output": "what the run produces",
        "measure": "what the server measures from the uploaded file",
    }
    for at, endpoint, entity, field in _asked(subject):
        found = produced_later(entity, field, _reported(subject, entity), keeps_file(entity))
        if found:
            yield Problem(
                element=f"{entity.name}.{field.name}",
                at=at,
                message=f"{endpoint.operation_id} asks its caller for {field.name}, {said[found]}",
                fix="let the step that produces it set it (set_by: server, with its source)",
            )


@rule("API102", "error", "api", "Create input names the caller's own party")
def names_own_party(subject: Subject) -> Found:
    """A system that makes records names the party it calls as (a seller's feed its seller, a store's server its
    store): any caller could write as another. The party comes from the credential it calls with."""
    roles = {r.name: r for r in subject.req.users.roles}
    for at, endpoint, entity, field in _asked(subject):
        target = _target(field)
        if not target or sum(f.type == field.type for f in entity.fields) > 1:
            continue
        own = target_word(target)
        systems = [
            r
            for r in endpoint.roles
            if r in roles
            and roles[r].kind in SYSTEMS
            and r.lower().split("_")[0] == own
            and (not field.writers or r in field.writers)
        ]
        if systems:
            yield Problem(
                element=f"{entity.name}.{field.name}",
                at=at,
                message=f"{endpoint.operation_id} lets the {systems[0]} name the {target} it calls as",
                fix="take it from the caller's credential (set_by: server), or leave it to the other callers (writers)",
            )


@rule("API103", "error", "api", "Integration must name records by this system's ids")
def integration_names_internal_ids(subject: Subject) -> Found:
    """Another system uploading records must name the records they refer to by this system's ids (a store's server
    naming products by UUID): it knows only its own keys (a SKU, a store code). Each referenced record needs a key
    the sender knows, which the server resolves."""
    roles = {r.name: r for r in subject.req.users.roles}
    for at, endpoint, entity, field in _asked(subject):
        target = subject.entities.get(_target(field))
        if endpoint.action != "ingest" or target is None or not field.required or target.name == entity.name:
            continue
        if not endpoint.roles or any(roles[r].kind not in SYSTEMS for r in endpoint.roles if r in roles):
            continue  # (people using this system's own apps were handed its ids)
        if external_key(target) is None:
            yield Problem(
                element=f"{entity.name}.{field.name}",
                at=at,
                message=f"{endpoint.operation_id} makes another system name each {target.name} by this system's id, "
                f"and {target.name} has no key that system knows",
                fix=f"give {target.name} a key the sender knows (a code, a number) and resolve it on arrival, or take "
                "it from the caller's credential",
            )


@rule("API104", "error", "api", "Maker asked for what others decide later")
def maker_decides_for_others(subject: Subject) -> Found:
    """The person who makes a record is asked for what the roles that move it on decide (a claim's severity,
    reserve and adjuster, from the policyholder reporting it). Only those roles may set it."""
    people = {r.name for r in subject.req.users.roles}
    undo = operation_words().states.cancel
    for at, endpoint, entity, field in _asked(subject):
        machine = entity.state_machine
        if machine is None or not supplied_parts(field.name) & operation_words().fields.assessed:
            continue
        movers = {
            r
            for t in machine.transitions
            if machine.initial in t.source and t.target.lower() not in undo
            for r in t.roles
            if r in people
        }
        makers = [
            r for r in endpoint.roles if r in people and r not in movers and (not field.writers or r in field.writers)
        ]
        if movers and makers:
            yield Problem(
                element=f"{entity.name}.{field.name}",
                at=at,
                message=f"{endpoint.operation_id} asks the {makers[0]} for {field.name}, which "
                f"{' and '.join(sorted(movers))} decide once it is made",
                fix=f"let only those who decide it set it (writers: {', '.join(sorted(movers))}) and leave it out of "
                "the maker's input",
            )


@rule("API105", "error", "api", "Server-set field with no stated supplier")
def server_field_without_source(subject: Subject) -> Found:
    """A field no client may set says nothing of who sets it (the token, a transition, a job, a provider's
    answer): nobody can build it, and no reader can tell whether it can be trusted."""
    for i, entity in enumerate(subject.design.entities):
        for j, field in enumerate(entity.fields):
            if field.set_by == "server" and not field.source.strip():
                yield Problem(
                    element=f"{entity.name}.{field.name}",
                    at=("entities", i, "fields", j, "source"),
                    message="set by the server, and nothing says from what",
                    fix="state its one supplier in source (the token, the clock, a transition, a job, a provider)",
                )


@rule("API197", "error", "api", "Client's field that no operation accepts")
def client_field_never_sent(subject: Subject) -> Found:
    """A field the client sets on a record people make or edit, which no create, edit or move lets its writers
    send: the create leaves it to others, the edit holds it fixed, and no step of theirs carries it. The reserve an
    adjuster sets on a filed claim then never gets a value, and everything computed from it is empty."""
    services = subject.design.services
    for i, entity in enumerate(subject.design.entities):
        carried = {f.name for fields in carried_by_moves(subject.req, services, entity).values() for f in fields}
        for field in unsent(services, entity):
            if field.name in carried:
                continue
            who = f" ({', '.join(field.writers)})" if field.writers else ""
            yield Problem(
                element=f"{entity.name}.{field.name}",
                at=("entities", i, "fields", entity.fields.index(field), "set_by"),
                message=f"is the client's to set{who}, but no create, edit or move lets its writers send it",
                fix="let the operation its writers use carry it (the edit, or the step that decides it), or make it "
                "the server's and say from what",
            )
