"""Media that people upload is processed before anyone sees it: its record moves uploading → processing → ready |
failed (with the reason the uploader is shown), and a declared file set named after a record is keyed on it."""

from __future__ import annotations

import re

from archgen.architects.rules.draft import Draft
from archgen.architects.rules.field_sources import is_file_key
from archgen.capacity import media
from archgen.common import english
from archgen.common.naming import slug
from archgen.design.model import EntityDesign, StateMachine, StoredField, Transition
from archgen.knowledge.access import access_knowledge
from archgen.knowledge.media_records import media_records
from archgen.requirements.intent import status_field, words
from archgen.requirements.model import FileSet, Requirements

SYSTEM = "system"


def processed_records(req: Requirements) -> dict[str, str]:
    """The records people upload media for that a pipeline converts, each with the use case that converts it: the
    first record an upload writes, when a converting use case (the upload itself, or a later step) touches it."""
    uploads = media_records().upload_words
    out: dict[str, str] = {}
    for converting, _ in media.processing(req):
        touched = {*converting.reads, *converting.writes}
        for use_case in req.use_cases:
            made = use_case.writes[:1]
            if made and made[0] in touched and set(words(use_case.name)) & set(uploads):
                out.setdefault(made[0], converting.name)
    return out


def media_parents(req: Requirements) -> list[tuple[str, str, str]]:
    """(media record, the field naming its parent, the parent): a processed media record with no status of its own
    that refers to a record another use case makes (a photo to its post). The media is uploaded first and the
    parent's create takes its ids."""
    out: list[tuple[str, str, str]] = []
    for name in processed_records(req):
        entity = next(e for e in req.data.entities if e.name == name)
        if status_field(entity) is not None:
            continue  # a record published in its own right (a video on its channel)
        for field, kind in entity.fields.items():
            made = [u for u in req.use_cases if kind.kind == "ref" and u.writes[:1] == [kind.target]]
            if kind.target != name and any(name not in u.writes for u in made):
                out.append((name, field, kind.target))
    return out


def stated_limit(req: Requirements) -> int | None:
    """The most media one record takes, as the questionnaire says it ("up to four photos")."""
    known = media_records()
    count = r"(\d+|" + "|".join(known.numbers) + ")"
    texts = [req.system.summary, *(e.description for e in req.data.entities), *(u.description for u in req.use_cases)]
    for text in texts:
        for found in re.finditer(rf"\bup to {count} ([a-z]+)", (text or "").lower()):
            if english.singular(found.group(2)) in known.limit_words:
                said = found.group(1)
                return int(said) if said.isdigit() else known.numbers.index(said)
    return None


def keys_files(req: Requirements, entity: EntityDesign) -> bool:
    """Whether a record has a field that locates a stored file."""
    known = set(access_knowledge().media.keys)
    return any(f.name in known or is_file_key(req, f.name) for f in entity.fields)


def unkeyed_sets(req: Requirements, entities: list[EntityDesign]) -> list[tuple[FileSet, EntityDesign, str]]:
    """Declared file sets named after a record (listing-images after Listing) whose files no record keys: neither
    that record nor one that refers to it has a field locating a file. Each with the set's word for one file."""
    out: list[tuple[FileSet, EntityDesign, str]] = []
    for file_set in req.data.files:
        said = [english.singular(w) for w in re.split(r"[^a-z0-9]+", file_set.name.lower()) if w]
        for entity in entities:
            own = english.singular(entity.name.lower())
            if own not in said:
                continue
            near = [e for e in entities if e is entity or f"ref[{entity.name}]" in {f.type for f in e.fields}]
            if not any(keys_files(req, e) for e in near):
                others = [w for w in said if w != own]
                out.append((file_set, entity, others[-1] if others else "file"))
    return out


def plan_media_records(draft: Draft) -> None:
    """Give each processed media record its lifecycle and failure reason, and key each declared file set's files on
    the record it is named after."""
    known = media_records()
    for name, converting in processed_records(draft.req).items():
        entity = next((e for e in draft.entities if e.name == name), None)
        if entity is not None:
            _lifecycle(entity, converting)
            if not any(w in f.name for f in entity.fields for w in known.reason_words):
                entity.fields.append(
                    StoredField(
                        name=known.reason,
                        type="string",
                        required=False,
                        set_by="server",
                        source=known.reason_source,
                    )
                )
    limit = stated_limit(draft.req)
    for name, field, parent in media_parents(draft.req):
        _uploaded_first(draft, name, field, parent, limit)
    for file_set, entity, word in unkeyed_sets(draft.req, draft.entities):
        entity.fields.append(
            StoredField(
                name=known.keys_name.format(word=word),
                type="list[string]",
                required=False,
                set_by="server",
                source=known.keys_source.format(set=file_set.name),
                description=known.keys_says.format(set=file_set.name),
            )
        )


def _lifecycle(entity: EntityDesign, converting: str) -> None:
    """A status the pipeline moves, or a failed state added to the one the record has."""
    known = media_records()
    machine = entity.state_machine
    if machine is None:
        if any(f.name == "status" for f in entity.fields):
            return  # a status the questionnaire keeps for something else: its moves are not the pipeline's
        states = list(known.states)
        entity.fields.append(
            StoredField(
                name="status",
                type=f"enum[{', '.join(states)}]",
                set_by="server",
                source="the state machine",
                description=known.status_says,
            )
        )
        entity.state_machine = StateMachine(
            states=states,
            initial=states[0],
            terminal=list(known.terminal),
            transitions=[
                Transition(
                    name=m.name,
                    source=list(m.source),
                    target=m.target,
                    use_case=converting,
                    roles=[SYSTEM],
                    guard=m.guard,
                )
                for m in known.moves
            ],
        )
        return
    if any(s.lower() in known.failed_words for s in machine.states):
        return
    ready = next((s for s in machine.states if s.lower() == known.ready), None)
    before = machine.states[: machine.states.index(ready)] if ready else [machine.initial]
    fail = next(m for m in known.moves if m.target == known.failed)
    machine.states.append(known.failed)
    machine.terminal.append(known.failed)
    machine.transitions.append(
        Transition(
            name=fail.name, source=before, target=known.failed, use_case=converting, roles=[SYSTEM], guard=fail.guard
        )
    )
    field = next(f for f in entity.fields if f.name == machine.field)
    field.type = f"enum[{', '.join(machine.states)}]"


def _uploaded_first(draft: Draft, name: str, field: str, parent: str, limit: int | None) -> None:
    """The media names its parent only once the parent's create took it; the parent's create takes the media ids."""
    known = media_records()
    media = next((e for e in draft.entities if e.name == name), None)
    owner = next((e for e in draft.entities if e.name == parent), None)
    if media is None or owner is None:
        return
    for stored in (f for f in media.fields if f.name == field):
        stored.required = False
        stored.set_by = "server"
        stored.source = known.child_source.format(parent=parent)
    if any(f.type == f"list[ref[{name}]]" for f in owner.fields):
        return
    taken = {f.name for f in owner.fields}
    owner.fields.append(
        StoredField(
            name=known.parent_field
            if known.parent_field not in taken
            else f"{slug(name, 'media').replace('-', '_')}_ids",
            type=f"list[ref[{name}]]",
            required=False,
            description=known.parent_says.format(
                media=name, limit=known.limit_says.format(count=limit) if limit else ""
            ),
        )
    )
