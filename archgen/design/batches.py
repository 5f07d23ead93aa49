"""Batches: a call that hands over many records and is answered 202 is followed by reading the batch back, item by
item (which were stored, which failed and why); when the records carry files, the receipt hands out where each
file goes. The architect plans by it and the review checks any design against it."""

from __future__ import annotations

from archgen.design.model import Body, BodyField, BodyObject, Endpoint

ITEM = "BatchItem"
UPLOAD = "BatchUpload"
_OUTCOMES = "enum[accepted, stored, failed]"
_STATES = "enum[accepted, processing, done, failed]"


def is_batch(endpoint: Endpoint) -> bool:
    """Whether an operation takes many records in one call and answers before they are processed (202)."""
    return endpoint.batch and endpoint.async_ and endpoint.method == "POST"


def status_path(batch: Endpoint) -> str:
    """Where a batch is read back: under the path it was posted to."""
    return f"{batch.path}/{{id}}"


def follows(batch: Endpoint, endpoint: Endpoint) -> bool:
    """Whether an operation reads a batch back: a GET of one batch under the batch's path."""
    return endpoint.method == "GET" and endpoint.path.startswith(f"{batch.path}/{{") and endpoint.path.endswith("}")


def outcome_items(body: Body | None) -> bool:
    """Whether an answer states a list of items, each with its outcome."""
    if body is None:
        return False
    listed = {f.type.removeprefix("list[object[").removesuffix("]]") for f in body.fields if "list[object[" in f.type}
    return any(o.name in listed and any(f.name == "status" for f in o.fields) for o in body.objects)


def hands_upload_urls(body: Body | None) -> bool:
    """Whether an answer states where each record's file is uploaded."""
    if body is None:
        return False
    return any("upload_url" in f.name for o in body.objects for f in o.fields)


def _batch_fields(entity: str, items: str) -> list[BodyField]:
    return [
        BodyField(name="id", type="uuid", required=True, read_only=True, description="The batch's id."),
        BodyField(name="status", type=_STATES, required=True, read_only=True, description="Where the batch is."),
        BodyField(name="accepted", type="int", read_only=True, description="Records taken for processing."),
        BodyField(
            name="items",
            type=f"list[object[{items}]]",
            read_only=True,
            description=f"One entry per {entity} record sent, in the order sent.",
        ),
    ]


def receipt(entity: str) -> Body:
    """A batch's receipt when its records carry files: where each file goes, signed and short-lived."""
    upload = BodyObject(
        name=UPLOAD,
        description="Where one record's file is uploaded: a signed URL the file is PUT to before it expires.",
        fields=[
            BodyField(name="index", type="int", required=True, description="The record's position in the batch."),
            BodyField(name="status", type=_OUTCOMES, required=True, description="Whether the record was taken."),
            BodyField(name="upload_url", type="text", description="The signed URL to PUT the file to."),
            BodyField(name="upload_expires_at", type="timestamp", description="When the URL stops working."),
        ],
    )
    return Body(
        description="The batch as accepted, with where each record's file is uploaded.",
        fields=_batch_fields(entity, UPLOAD),
        objects=[upload],
    )


def status(entity: str) -> Body:
    """A batch as read back: its state and every item's outcome."""
    item = BodyObject(
        name=ITEM,
        description="One record of the batch and what became of it.",
        fields=[
            BodyField(name="index", type="int", required=True, description="The record's position in the batch."),
            BodyField(name="status", type=_OUTCOMES, required=True, description="What became of the record."),
            BodyField(name="record", type=f"ref[{entity}]", description="The record made, once stored."),
            BodyField(name="error", type="string", description="Why the record failed, when it did."),
        ],
    )
    return Body(description="The batch and each record's outcome.", fields=_batch_fields(entity, ITEM), objects=[item])
