"""Records a worker produces from another record (a video's renditions, a document's thumbnails, a call's
transcript): only background use cases make them, each reading the record they belong to. No client makes,
edits or deletes one, and the worker sets what it holds. Read from the questionnaire; the rules architect plans
no client writes for them and the review engine flags any."""

from __future__ import annotations

from dataclasses import dataclass

from archgen.requirements.model import Requirements, UseCase

CLIENT_WRITES = ("create", "update", "replace", "delete")  # what a client may not do to a produced record


@dataclass(frozen=True)
class Producer:
    """The use case whose worker makes records of `entity` from the `parent` record it reads."""

    entity: str
    parent: str
    use_case: UseCase


def producer(req: Requirements, entity: str) -> Producer | None:
    """The worker that produces `entity`, or None: every use case that writes it runs later (async, no person
    waits) and reads, without writing it first, a record `entity` refers to, which it does not read itself."""
    found = next((e for e in req.data.entities if e.name == entity), None)
    writers = [u for u in req.use_cases if entity in u.writes]
    if found is None or not writers:
        return None
    parents = {k.target for k in found.fields.values() if k.kind == "ref" and k.target and k.target != entity}
    made: Producer | None = None
    for use_case in writers:
        read = [p for p in use_case.reads if p in parents]
        background = use_case.async_ and use_case.interaction == "request"
        if not background or not read or entity in use_case.reads or use_case.writes[0] in use_case.reads:
            return None
        made = made or Producer(entity, read[0], use_case)
    return made


def produced(req: Requirements) -> list[Producer]:
    """Every record a worker produces, with its producer."""
    return [p for e in req.data.entities if (p := producer(req, e.name)) is not None]
