"""What an anonymous list may not be filtered by: a moderation or lifecycle state other than the published one (a
removed comment, a rejected listing) and the person a record links to (every comment one viewer wrote). Anyone
sees only what is published, and a history of one person's records is theirs to read, not everyone's. The
architect drops such filters, the review finds them in any design."""

from __future__ import annotations

from collections.abc import Mapping

from archgen.design.model import Endpoint, EntityDesign, Filter
from archgen.knowledge.operations import operation_words


def _state_field(entity: EntityDesign, name: str) -> bool:
    """Whether a field is the record's state: its lifecycle's field, or a choice among which one is published."""
    if entity.state_machine is not None and entity.state_machine.field == name:
        return True
    field = next((f for f in entity.fields if f.name == name), None)
    if field is None or not field.type.startswith("enum["):
        return False
    values = {v.strip().lower() for v in field.type[5:-1].split(",")}
    return bool(values & set(operation_words().reads.published_states)) and len(values) > 1


def _person_link(entity: EntityDesign, name: str, entities: Mapping[str, EntityDesign]) -> bool:
    """Whether a field links the record to a person's own record (a comment's author)."""
    field = next((f for f in entity.fields if f.name == name), None)
    if field is None or not field.type.startswith("ref["):
        return False
    target = entities.get(field.type[4:-1])
    return target is not None and target.pii and field.pii


def staff_states(endpoint: Endpoint, entity: EntityDesign | None, staff: frozenset[str] = frozenset()) -> set[str]:
    """The lifecycle field of a list that staff call beside others (moderators finding what waits for them, on an
    anonymous list or one members also call): the filter on it is theirs, and anyone else gets only the published
    records."""
    machine = entity.state_machine if entity is not None else None
    if machine is None:
        return set()
    if endpoint.auth == "public":
        return {machine.field} if "user" in endpoint.other_callers else set()
    roles = set(endpoint.roles)
    mixed = endpoint.auth == "user" and roles & staff and roles - staff
    return {machine.field} if mixed and _published_among(machine.states) else set()


def _published_among(states: list[str]) -> bool:
    return bool({s.lower() for s in states} & set(operation_words().reads.published_states))


def hidden(endpoint: Endpoint, entity: EntityDesign, entities: Mapping[str, EntityDesign]) -> list[Filter]:
    """The filters of an anonymous operation on states others may not see or on the person a record links to
    (a state filter that only signed-in staff may use is theirs)."""
    if endpoint.auth != "public" or endpoint.method != "GET":
        return []
    staff = staff_states(endpoint, entity)
    return [
        f
        for f in endpoint.filters
        if "." not in f.field
        and f.field not in staff
        and (_state_field(entity, f.field) or _person_link(entity, f.field, entities))
    ]
