"""What a stream is keyed by: the record whose order its consumers rely on, and the same key everywhere it is said."""

from __future__ import annotations

from archgen.design.model import Design, EntityDesign
from archgen.knowledge.patterns import scope_field
from archgen.review.engine import Found, Problem, Subject, rule
from archgen.review.rules.records import stream_keys


def _own_id(entity: EntityDesign, key: str | None) -> bool:
    """Whether a key is the record's own identity (or nothing), which orders no two records of it."""
    return key in (None, "id") or [key] == entity.primary_key


def _keepers(design: Design, names: set[str]) -> set[str]:
    """The services holding a store with any of these entities (the owner's or a copy): state kept per record."""
    return {s for store in design.stores if names & set(store.entities) for s in store.services}


@rule("FLOW100", "error", "flows", "Records of a parent streamed under their own id")
def keyed_by_own_id(subject: Subject) -> Found:
    """An event carries records that are only appended and belong to a parent (a driver's positions, a meter's
    readings, a channel's messages), a consumer keeps state per parent (the newest position, a running total), and
    the event is keyed by each record's own id: one parent's records land on different partitions and are applied
    out of order, so an older record overwrites a newer one."""
    for i, event in enumerate(subject.design.events):
        entity = subject.entities.get(event.entity or "")
        if entity is None or entity.mutability != "append_only" or not _own_id(entity, event.ordering_key):
            continue
        parent = scope_field(entity)
        if parent is None:
            continue
        referenced = next((f.type[4:-1] for f in entity.fields if f.name == parent), "")
        keeping = sorted(set(event.consumers) & _keepers(subject.design, {entity.name, referenced}))
        if keeping:
            yield Problem(
                element=event.name,
                at=("events", i, "ordering_key"),
                message=f"{event.name} carries {entity.name} records, which belong to a {parent}, keyed by "
                f"{event.ordering_key or 'nothing'}: {', '.join(keeping)} keep state per {parent} and see one "
                f"{parent}'s records out of order",
                fix=f"key {event.name} by {parent}, so one {parent}'s records stay in one partition in the order "
                "they were written",
            )


def _about(design: Design, stream: str, decision_id: str) -> list[EntityDesign]:
    """The entities a decision's stream statement speaks of: the one it is named after, else the records only ever
    appended that the decision is driven by (the stream of positions a matching decision weighs)."""
    named = [e for e in design.entities if e.name.lower() == stream.replace(" ", "").replace("-", "")]
    if named:
        return named
    decision = next(d for d in design.decisions if d.id == decision_id)
    said = " ".join(decision.drivers)
    return [e for e in design.entities if e.mutability == "append_only" and f"[{e.name}]" in said]


@rule("FLOW101", "error", "flows", "A stream keyed one way in its events and another in a decision")
def key_disagrees(subject: Subject) -> Found:
    """A decision says a topic is keyed by one thing (a city, a driver) and the events that carry its records are
    keyed by another (their own id): the team builds one of the two, and whichever consumer relies on the other sees
    records out of order."""
    design = subject.design
    for stream, keys in stream_keys(design).items():
        for key, ids in keys.items():
            for entity in _about(design, stream, ids[0]):
                fields = {f.name for f in entity.fields}
                for i, event in enumerate(design.events):
                    if event.entity != entity.name or event.ordering_key == key:
                        continue
                    if key in fields or _own_id(entity, event.ordering_key):
                        yield Problem(
                            element=event.name,
                            at=("events", i, "ordering_key"),
                            message=f"{', '.join(ids)} says the {stream} topic is keyed by {key}, but "
                            f"{event.name} ({entity.name}) is keyed by {event.ordering_key or 'nothing'}",
                            fix="key the stream once, by the record whose order its consumers rely on, and name "
                            "that key in the events and every decision that speaks of it",
                        )
