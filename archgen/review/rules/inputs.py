"""Input rules: a client sends only what it knows when it sends it. The time the server witnesses, who the caller
is, what a provider answers, amounts derived from a computed total, what is measured while the work happens and
what a later move assigns are the server's to set; asking a client for them lets it lie or makes it guess."""

from __future__ import annotations

from collections.abc import Iterator

from archgen.design.model import EntityDesign, StoredField
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
