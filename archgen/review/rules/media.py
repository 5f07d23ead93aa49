"""Media rules: media people upload is ready before what shows it is published, its record says when processing
failed and why, a declared file set has a record field locating its files, and a stated cap on media per record is
the schema's."""

from __future__ import annotations

from archgen.architects.rules.media_records import media_parents, processed_records, stated_limit, unkeyed_sets
from archgen.knowledge.media_records import media_records
from archgen.render.openapi.schemas import field_schema
from archgen.review.engine import Found, Problem, Subject, rule


def _index(subject: Subject) -> dict[str, int]:
    return {e.name: i for i, e in enumerate(subject.design.entities)}


@rule("FLOW125", "error", "flows", "A record published before its media can be ready")
def published_before_media(subject: Subject) -> Found:
    """Media is uploaded for a record another use case makes (photos for a post), and the media names that record
    while the record's create takes no media ids. The client must create the record first and upload afterwards, so
    the record is published and fanned out seconds or minutes before its media is checked and converted, and a
    failed upload leaves it published without them. Upload first, then let the record's create take the media ids
    and refuse any that are not ready."""
    index = _index(subject)
    for media, field, parent in media_parents(subject.req):
        if media not in index or parent not in index:
            continue
        owner = subject.design.entities[index[parent]]
        if any(f"ref[{media}]" in f.type and f.type.startswith("list[") for f in owner.fields):
            continue
        yield Problem(
            element=parent,
            at=("entities", index[parent]),
            message=f"{media} names its {parent} ({media}.{field}) and the create of {parent} takes no {media} "
            f"ids, so a {parent} is published before its media can be ready",
            fix=f"upload {media} first (its record starts in uploading), give {parent} a list[ref[{media}]] field "
            f"its create takes, refused unless each is ready, and let {media}.{field} be set by that create",
        )


@rule("DAT116", "error", "data", "Processed media that cannot fail, or files no record locates")
def media_unaccounted(subject: Subject) -> Found:
    """A record whose media a pipeline converts has no failed state, or no field keeping why it failed: a file
    that cannot be decoded or that a check refuses stays in processing for ever, and its uploader never learns
    why. Or the questionnaire declares a file set named after a record and no record keeps the keys of those
    files, so nothing receives them and no page can show them. Give the media record a failed state and a
    reason, and the named record a field locating its files."""
    known = media_records()
    index = _index(subject)
    for media in processed_records(subject.req):
        if media not in index:
            continue
        entity = subject.design.entities[index[media]]
        machine = entity.state_machine
        fails = machine is not None and any(s.lower() in known.failed_words for s in machine.states)
        reason = any(w in f.name for f in entity.fields for w in known.reason_words)
        if fails and reason:
            continue
        lacks = " and ".join(x for x, ok in (("a failed state", fails), ("a failure reason", reason)) if not ok)
        yield Problem(
            element=media,
            at=("entities", index[media]),
            message=f"a pipeline converts {media}'s media and the record has no {lacks}",
            fix=f"give {media} a status the pipeline moves (uploading, processing, ready, failed) and a "
            f"{known.reason} field the uploader is shown",
        )
    for file_set, entity, word in unkeyed_sets(subject.req, subject.design.entities):
        yield Problem(
            element=entity.name,
            at=("entities", index[entity.name]),
            message=f"the questionnaire declares {file_set.name} ({file_set.growth_per_day:,} a day) and neither "
            f"{entity.name} nor a record referring to it keeps the keys of those files",
            fix=f"add {known.keys_name.format(word=word)} to {entity.name} and say how the files arrive (an "
            "upload or a fetch from the feed's URLs) and which sizes they are resized into",
        )


@rule("API196", "error", "api", "A stated cap on media per record the schema does not enforce")
def media_cap_unenforced(subject: Subject) -> Found:
    """The questionnaire caps the media one record takes ("up to four photos") and the record's list of media ids
    accepts more in its schema. A client that sends more is accepted, pages built for the cap break, and storage
    and delivery grow past what was sized. State the cap in the field so its schema's maxItems follows it."""
    limit = stated_limit(subject.req)
    index = _index(subject)
    if limit is None:
        return
    for media, _, parent in media_parents(subject.req):
        if parent not in index:
            continue
        owner = subject.design.entities[index[parent]]
        for field in (f for f in owner.fields if f.type == f"list[ref[{media}]]"):
            allowed = field_schema(parent, field).get("maxItems")
            if allowed is not None and allowed <= limit:
                continue
            yield Problem(
                element=f"{parent}.{field.name}",
                at=("entities", index[parent]),
                message=f"the questionnaire allows up to {limit} media per {parent} and {parent}.{field.name} "
                f"accepts {allowed or 'any number of'} ids",
                fix=f"say 'at most {limit}' in {parent}.{field.name}'s description so its schema's maxItems is {limit}",
            )
