"""JSON Schemas of entities and their fields, bounded in every dimension, each with an example value."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from archgen.common.english import a, article
from archgen.common.naming import pascal
from archgen.design.aggregates import additive, measurable
from archgen.design.fixed import changeable, writable
from archgen.design.later import set_later
from archgen.design.model import EntityDesign, StoredField
from archgen.design.money import lowest
from archgen.render.openapi.projections import located
from archgen.requirements.fieldtypes import FieldType, parse_field_type

Json = dict[str, Any]

MAX_PAGE = 100
MAX_BATCH = 1_000
MAX_BATCH_SIZE = 1_000_000  # the largest batch_size a questionnaire may state
MAX_STRING = 255
MAX_EMAIL = 254
MAX_URL = 2048  # what browsers and CDNs accept in practice
MAX_TEXT = 10_000
MAX_LIST = 100
LIST_CAP = re.compile(r"\bat most (\d+)\b")  # how a list field's description states its own cap
MAX_JSON_PROPERTIES = 100
MAX_INT = 2**53 - 1  # the largest integer a JSON number carries exactly in every client
DECIMAL_PATTERN = r"^-?\d{1,15}(\.\d{1,6})?$"
UNSIGNED_PATTERN = r"^\d{1,15}(\.\d{1,6})?$"  # an amount that is never negative (a refund's, a payment's)
# Free text may hold any printable character; control characters (log and header injection) are refused.
SINGLE_LINE = r"^[^\u0000-\u001F\u007F]*$"
MULTI_LINE = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$"
CURSOR_PATTERN = r"^[A-Za-z0-9_-]+$"  # opaque, URL-safe base64
EXAMPLE_DAY = "2025-03-14"
EXAMPLE_TIME = "2025-03-14T09:30:00Z"
# Example ids are derived from names, so every document shows the same id for the same record.
_EXAMPLE_IDS = uuid.UUID("6f1c4bde-3f0a-4e55-9c57-2b5d1f0a8e11")


def example_id(entity: str) -> str:
    """A stable example id for a record of `entity`."""
    return str(uuid.uuid5(_EXAMPLE_IDS, entity))


def field_schema(entity: str, field: StoredField) -> Json:
    """The JSON Schema of one stored field, with its description and an example."""
    try:
        kind = parse_field_type(field.type)
    except ValueError:
        kind = FieldType("string")
    schema = _type_schema(kind, entity, field.name, lowest(field))
    notes = [field.description.rstrip(".")] if field.description else []
    if kind.references:
        notes.append(f"The id of the {kind.references} it refers to")
    if field.pii:
        notes.append("Personal data")
    if field.encrypted:
        notes.append("Encrypted at field level")
    sets = bool(field.writers) and field.set_by == "client"
    if field.readers and sets and set(field.readers) == set(field.writers) and _who(field.readers):
        notes.append("Returned only to and set only by " + _who(field.readers))
    else:
        if field.readers:
            readers = _who(field.readers)
            notes.append(f"Returned only to {readers}" if readers else "Never returned (kept for the record)")
        if sets:
            notes.append("Set only by " + _who(field.writers))
    if field.set_by == "server":
        notes.append(f"Set by the server: {field.source}" if field.source else "Set by the server")
    if notes:
        schema = {"description": ". ".join(notes) + ".", **schema}
    if field.set_by == "server":
        schema["readOnly"] = True
    capped = LIST_CAP.search(field.description) if kind.item is not None else None
    if capped:  # a list the design caps in words ("at most 4") is capped in the schema too
        schema["maxItems"] = min(int(capped.group(1)), MAX_LIST)
    return schema


def _who(roles: list[str]) -> str:
    from archgen.common.english import join

    said = {"self": "the person it is about"}
    readers = [said.get(r, r) for r in roles if r != "system"]  # "system": kept for the record, read by nobody
    return join(readers)


def _type_schema(kind: FieldType, entity: str, name: str, low: float | None = None) -> Json:
    if kind.item is not None:
        item = _type_schema(kind.item, entity, name, low)
        return {"type": "array", "items": item, "maxItems": MAX_LIST, "examples": [item["examples"]]}
    if kind.kind == "string" and (name == "email" or name.endswith("_email")):
        return {"type": "string", "format": "email", "maxLength": MAX_EMAIL, "examples": ["someone@example.com"]}
    if kind.kind == "string" and (name == "url" or name.endswith("_url")):
        # an address people paste (a recipe's source, a shop's page) is often far longer than a name
        return {"type": "string", "format": "uri", "maxLength": MAX_URL, "examples": ["https://example.com/page"]}
    if kind.kind == "enum":
        return {"type": "string", "enum": list(kind.values), "examples": [kind.values[0]]}
    if kind.kind == "ref":
        return {"type": "string", "format": "uuid", "maxLength": 36, "examples": [example_id(kind.target)]}
    label = name.replace("_", " ")
    scalars: dict[str, Json] = {
        "uuid": {"type": "string", "format": "uuid", "maxLength": 36, "examples": [example_id(entity)]},
        "string": {"type": "string", "maxLength": MAX_STRING, "pattern": SINGLE_LINE, "examples": [f"Example {label}"]},
        "text": {"type": "string", "maxLength": MAX_TEXT, "pattern": MULTI_LINE, "examples": [f"A longer {label}."]},
        "int": {
            "type": "integer",
            "format": "int64",
            # a count (rooms, seats, quantity) is never negative; only a change or an offset may be
            "minimum": -MAX_INT if low is None else max(-MAX_INT, int(low)),
            "maximum": MAX_INT,
            "examples": [42],
        },
        "decimal": {
            "type": "string",
            "pattern": UNSIGNED_PATTERN if low is not None and low >= 0 else DECIMAL_PATTERN,
            "maxLength": 24,
            "examples": ["19.99"],
        },
        "bool": {"type": "boolean", "examples": [True]},
        "date": {"type": "string", "format": "date", "maxLength": 10, "examples": [EXAMPLE_DAY]},
        "timestamp": {"type": "string", "format": "date-time", "maxLength": 35, "examples": [EXAMPLE_TIME]},
        "json": {"type": "object", "maxProperties": MAX_JSON_PROPERTIES, "examples": [{}]},
    }
    return scalars[kind.kind]


def batch_schema(entity: EntityDesign, largest: int = 1) -> Json:
    """Many records uploaded in one call: at least the usual cap, and the largest batch a use case sends."""
    return {
        "type": "object",
        "description": f"A batch of {entity.name} records, each as a client sends it; processed asynchronously.",
        "properties": {
            "items": {
                "type": "array",
                "items": {"$ref": f"#/components/schemas/{pascal(entity.name)}Input"},
                "minItems": 1,
                "maxItems": max(MAX_BATCH, largest),
            }
        },
        "required": ["items"],
        "additionalProperties": False,
    }


def push_registration_schema() -> Json:
    """What a phone registers to be reached by push: the provider and the token it issued (a credential, so it
    travels in the body, never in a URL that logs keep)."""
    return {
        "type": "object",
        "description": "The push provider and the token it issued to this installation of the app.",
        "required": ["platform", "push_token"],
        "additionalProperties": False,
        "properties": {
            "platform": {"type": "string", "enum": ["apns", "fcm"], "examples": ["fcm"]},
            "push_token": {
                "type": "string",
                "minLength": 1,
                "maxLength": 4096,
                "pattern": "^[A-Za-z0-9_:.-]+$",  # APNs tokens are hex, FCM's URL-safe characters and colons
                "writeOnly": True,
                "examples": ["fcm-registration-token"],
            },
        },
    }


def receipt_schema() -> Json:
    """What an accepted asynchronous request answers: where to follow it."""
    return {
        "type": "object",
        "description": "The request was accepted; processing continues in the background.",
        "properties": {
            "id": {"type": "string", "format": "uuid", "maxLength": 36, "examples": [example_id("receipt")]},
            "status": {"type": "string", "enum": ["accepted"], "examples": ["accepted"]},
            "accepted": {
                "type": "integer",
                "format": "int32",
                "minimum": 0,
                "maximum": MAX_BATCH_SIZE,
                "examples": [500],
            },
        },
        "required": ["id", "status"],
        "additionalProperties": False,
    }


def event_schema(event: str) -> Json:
    """A notification an external system sends: its own id (the idempotency key), type, time and payload."""
    return {
        "type": "object",
        "description": "The sender's event; its `id` makes the handling idempotent.",
        "properties": {
            "id": {"type": "string", "maxLength": 255, "pattern": SINGLE_LINE, "examples": ["evt_1PcN2e"]},
            "type": {"type": "string", "maxLength": 255, "pattern": SINGLE_LINE, "examples": [event]},
            "created": {"type": "string", "format": "date-time", "maxLength": 35, "examples": [EXAMPLE_TIME]},
            "data": {"type": "object", "maxProperties": MAX_JSON_PROPERTIES, "examples": [{}]},
        },
        "required": ["id", "type"],
        "additionalProperties": True,
        "maxProperties": MAX_JSON_PROPERTIES,
    }


def transition_schema(entity: EntityDesign, carried: list[StoredField] | None = None, move: str = "") -> Json:
    """The body of a state transition: what the step supplies (the room assigned, the condition recorded), all of
    it required, since supplying it is what the step is for (the stored field may be empty until then), and why it
    happens."""
    properties = {f.name: field_schema(entity.name, f) for f in carried or []}
    properties["reason"] = {
        "type": "string",
        "maxLength": MAX_STRING,
        "pattern": SINGLE_LINE,
        "examples": ["Requested"],
    }
    what = f"What the {move} step supplies" if carried else f"Details of the change to the {entity.name}'s state"
    schema: Json = {
        "type": "object",
        "description": f"{what}; the state itself is set by the server.",
        "properties": properties,
        "additionalProperties": False,
    }
    required = [f.name for f in carried or []]
    if required:
        schema["required"] = required
    return schema


def read_schema(
    entity: EntityDesign,
    fields: list[StoredField] | None = None,
    audience: str = "",
    later: dict[str, str] | None = None,
) -> Json:
    """An entity as the API returns it: every field, or the projection `fields` that `audience` gets; a field a
    later step supplies (`later`: field → step) is null until that step."""
    chosen = entity.fields if fields is None else fields
    later = later or {}
    description = entity.description or f"{article(entity.name).capitalize()} {entity.name}."
    if audience:
        description = f"{description.rstrip('.')}, as {audience} {'see' if ' and ' in audience else 'sees'} it."
    properties = {f.name: field_schema(entity.name, f) for f in chosen}
    # what a later step sets is null on a record just made; an optional field is null when nobody sent it
    absent = {f.name: "when it was not sent" for f in chosen if f.set_by == "client" and not f.required}
    absent |= {name: f"until the {step} step" for name, step in {**set_later(entity), **later}.items()}
    for name, when in absent.items():
        if name in properties:
            schema = properties[name]
            schema["type"] = [schema["type"], "null"] if isinstance(schema["type"], str) else schema["type"]
            if "enum" in schema and None not in schema["enum"]:
                schema["enum"] = [*schema["enum"], None]
            said = schema.get("description", "").rstrip(".")
            if f"{when.removeprefix('until the ').removesuffix(' step')} transition" in said:
                when = "until then"  # its source already names the step
            schema["description"] = f"{said}. Null {when}." if said else f"Null {when}."
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": [f.name for f in chosen if f.required],
        "additionalProperties": False,
    }


def input_schema(
    entity: EntityDesign,
    fields: list[StoredField] | None = None,
    audience: str = "",
    parts: list[tuple[str, EntityDesign, str]] | None = None,
    keys: dict[str, StoredField] | None = None,
) -> Json:
    """The body that creates or replaces an entity: every writable field (or those `audience` may set), the
    required ones required, and the records that belong to it and are only ever written with it (a posting's
    entries, an order's lines), inline under `parts` as (property, entity, the field that refers back). A
    reference to an entity in `keys` is sent as that entity's key field (what another system knows it by)."""
    fields = writable(entity) if fields is None else fields
    properties = {f.name: field_schema(entity.name, f) for f in fields}
    required = [f.name for f in fields if f.required]
    for field in fields:
        target = field.type[4:-1] if field.type.startswith("ref[") else ""
        if target in (keys or {}):  # another system names the record by its own key; the server resolves it
            key = (keys or {})[target]
            name = f"{field.name}_{key.name}"
            keyed = field_schema(target, key.model_copy(update={"description": "", "pii": False, "readers": []}))
            keyed["description"] = (
                f"The {key.name} of the {target} it refers to, as the sending system knows it; the server resolves "
                "it to the record."
            )
            renamed = {n: (name, keyed) if n == field.name else (n, v) for n, v in properties.items()}
            properties = dict(renamed.values())
            required = [name if r == field.name else r for r in required]
    for name, part, back in parts or []:
        inner = input_schema(part, keys={k: v for k, v in (keys or {}).items() if k != entity.name})
        inner["properties"].pop(back, None)  # the record they belong to is the one being created
        inner["required"] = [r for r in inner.get("required", []) if r != back]
        if not inner["required"]:
            inner.pop("required")
        inner["description"] = f"One {part.name} of the {entity.name}, as a client sends it."
        properties[name] = {"type": "array", "items": inner, "minItems": 1, "maxItems": MAX_LIST}
        required.append(name)
    schema: Json = {
        "type": "object",
        "description": f"The fields {audience or 'a client'} {'send' if ' and ' in audience else 'sends'} to "
        f"create or replace {a(entity.name)}.",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = required
    return schema


def patch_schema(entity: EntityDesign, fields: list[StoredField] | None = None, audience: str = "") -> Json:
    """A JSON merge patch (RFC 7396) of an entity: any non-empty subset of its writable fields (or of those
    `audience` may set)."""
    fields = changeable(entity) if fields is None else fields
    return {
        "type": "object",
        "description": f"The fields of {a(entity.name)} to change"
        + (f" that {audience} may set" if audience else "")
        + "; the others keep their values.",
        "properties": {f.name: field_schema(entity.name, f) for f in fields},
        "additionalProperties": False,
        "minProperties": 1,
    }


def page_schema(entity: EntityDesign, item: str = "") -> Json:
    """One page of a cursor-paginated list of an entity (of the schema `item`, the entity's by default)."""
    return {
        "type": "object",
        "description": f"One page of {entity.name} records, and the cursor of the next page.",
        "properties": {
            "items": {
                "type": "array",
                "items": {"$ref": f"#/components/schemas/{item or pascal(entity.name)}"},
                "maxItems": MAX_PAGE,
            },
            "next_cursor": {
                "type": ["string", "null"],
                "description": "Pass it as `cursor` to get the next page; null on the last page.",
                "maxLength": 512,
                "pattern": CURSOR_PATTERN,
                "examples": ["eyJpZCI6IjQyIn0"],
            },
        },
        "required": ["items", "next_cursor"],
        "additionalProperties": False,
    }


def results_schema(
    entity: EntityDesign,
    item: str,
    facets: list[str],
    value_of: Callable[[EntityDesign, str], Json],
    ranged: Sequence[str] = (),
) -> Json:
    """One page of search results a client can render: the matches, how many there are, the counts of each
    facet's values among them (of a numeric one, per range: a price band), and the cursor of the next page."""
    page = page_schema(entity, item)
    page["description"] = f"One page of matching {entity.name} records, their total and the facet counts."
    page["properties"]["total"] = {
        "type": "integer",
        "format": "int64",
        "description": "How many records match (exact up to 10,000, a lower bound beyond).",
        "minimum": 0,
        "maximum": MAX_INT,
        "examples": [1280],
    }
    if facets or ranged:
        page["properties"]["facets"] = {
            "type": "object",
            "description": "For each facet asked for, its values among the matches, the commonest first.",
            "properties": {
                name: {
                    "type": "array",
                    "maxItems": MAX_PAGE,
                    "items": {
                        "type": "object",
                        "properties": {"value": value_of(entity, name), "count": _count("Matches with this value.")},
                        "required": ["value", "count"],
                        "additionalProperties": False,
                    },
                }
                for name in facets
            }
            | {name: _bands(entity, name, value_of) for name in ranged},
            "additionalProperties": False,
        }
    page["required"] = [*page["required"], "total"]
    return page


def _bands(entity: EntityDesign, name: str, value_of: Callable[[EntityDesign, str], Json]) -> Json:
    """A numeric facet: how many matches fall in each band of its values (a price from 50 to 100)."""
    bound = value_of(entity, name)
    band = {
        "from": bound | {"description": "The band's lowest value (null: no lower bound)."},
        "to": bound | {"description": "The value the band ends below (null: no upper bound)."},
        "count": _count("Matches in this band."),
    }
    for end in ("from", "to"):
        if isinstance(band[end].get("type"), str):  # an open band has no bound on that side
            band[end]["type"] = [band[end]["type"], "null"]
    return {
        "type": "array",
        "maxItems": 20,
        "description": f"The matches per band of {name}, lowest first.",
        "items": {"type": "object", "properties": band, "required": list(band), "additionalProperties": False},
    }


def _count(description: str) -> Json:
    return {
        "type": "integer",
        "format": "int64",
        "description": description,
        "minimum": 0,
        "maximum": MAX_INT,
        "examples": [1280],
    }


def stats_schema(entity: EntityDesign) -> Json:
    """Counts and totals over the records that match a filter, overall and per group (`group_by`)."""
    totals = _measures(entity)
    group: Json = {
        "type": "object",
        "description": "One group: the values it shares (a time field as the start of its bucket) and its totals.",
        "properties": {
            "key": {
                "type": "object",
                "description": "The group's value of each `group_by` field, written as a string.",
                "maxProperties": 3,
                "additionalProperties": {"type": ["string", "null"], "maxLength": MAX_STRING, "pattern": SINGLE_LINE},
                "examples": [{"day": EXAMPLE_DAY}],
            },
            **totals,
        },
        "required": ["key", *totals],
        "additionalProperties": False,
    }
    properties = {
        **totals,
        "groups": {
            "type": "array",
            "description": "The groups, the largest by count first (empty unless `group_by` is given).",
            "items": group,
            "maxItems": 1_000,
        },
    }
    return {
        "type": "object",
        "description": f"Aggregates over the {entity.name} records that match the filters, overall and per group.",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _measures(entity: EntityDesign) -> Json:
    properties: Json = {
        "count": {
            "type": "integer",
            "format": "int64",
            "description": f"Number of matching {entity.name} records.",
            "minimum": 0,
            "maximum": MAX_INT,
            "examples": [1280],
        }
    }
    for field in entity.fields:
        if measurable(entity, field):  # a level (a price) is averaged, never summed; a position not at all
            for measure in ("min", "max", "avg", "sum")[: 4 if additive(entity, field) else 3]:
                properties[f"{field.name}_{measure}"] = {
                    "type": ["string", "null"],
                    "description": f"The {measure} of {field.name} over the matching records (null when none match).",
                    "pattern": DECIMAL_PATTERN,
                    "maxLength": 24,
                    "examples": ["19.99"],
                }
    return properties


def example(entity: EntityDesign, fields: list[StoredField] | None = None) -> Json:
    """An example record built from the fields' examples (all fields unless `fields` is given)."""
    chosen = entity.fields if fields is None else fields
    return {f.name: field_schema(entity.name, f)["examples"][0] for f in chosen}


def part_example(part: EntityDesign, back: str) -> Json:
    """An example of a record written inline with the one it belongs to: its required fields but the reference back."""
    fields = [f for f in writable(part) if f.name != back]
    return example(part, [f for f in fields if f.required] or fields)


def patch_example_fields(entity: EntityDesign, fields: list[StoredField] | None = None) -> list[StoredField]:
    """The field a patch example changes: a state (enum) when there is one, as updates usually move a state."""
    fields = changeable(entity) if fields is None else fields
    preferred = [f for f in fields if _kind(f) == "enum"] or [f for f in fields if _kind(f) not in ("ref", "list")]
    return (preferred or fields)[:1]


def _kind(field: StoredField) -> str:
    try:
        return parse_field_type(field.type).kind
    except ValueError:
        return "string"


def link_schema(entity: EntityDesign, link: str) -> Json:
    """A record with the URL of its file: where to upload it (a pre-signed URL), or where to fetch it (a
    short-lived signed URL); an export job's record has its link only once the file is ready. Fields only some
    callers may read (a moderator's id, a person's contact) are left out: the link is handed to every caller."""
    record = read_schema(entity, [f for f in entity.fields if not f.readers and not located(f)])
    upload = link == "upload"
    ready_later = link == "export"
    url_type: Json = {"type": ["string", "null"]} if ready_later else {"type": "string"}
    prefix = "upload" if upload else "download"
    what = (
        "A pre-signed URL to PUT the file to (in parts for a large one); it admits one object, for minutes."
        if upload
        else "A short-lived signed URL to fetch the file"
        + (" (null until the export is done)." if ready_later else ".")
    )
    record["properties"] = {
        **record["properties"],
        f"{prefix}_url": {
            **url_type,
            "format": "uri",
            "maxLength": 2048,
            "readOnly": True,
            "description": what,
            "examples": [f"https://files.example.com/{entity.name.lower()}/{example_id(entity.name)}?X-Signature=..."],
        },
        f"{prefix}_expires_at": {
            **({"type": ["string", "null"]} if ready_later else {"type": "string"}),
            "format": "date-time",
            "maxLength": 35,
            "readOnly": True,
            "description": "When the URL stops working.",
            "examples": [EXAMPLE_TIME],
        },
    }
    record["required"] = [*record["required"], f"{prefix}_url", f"{prefix}_expires_at"]
    record["description"] = (
        f"{record['description'].rstrip('.')}, with the URL {'for its file' if upload else 'of its file'}."
    )
    return record


EXPORT_FORMATS = ("csv", "jsonl")


def export_request_schema(entity: EntityDesign, filters: Sequence[tuple[str, str, str]]) -> Json:
    """What an export job exports: the records that match these filters (name, field, eq or range), in a format."""
    properties: Json = {}
    by_name = {f.name: f for f in entity.fields}
    for name, field, kind in filters:
        stored = by_name.get(field)
        value: Json = field_schema(entity.name, stored) if stored else {"type": "string", "maxLength": MAX_STRING}
        value = {k: v for k, v in value.items() if k not in ("readOnly", "description")}
        if value.get("type") == "array":
            value = dict(value["items"])
        if kind == "eq":
            properties[name] = {**value, "description": f"Only records whose `{field}` equals this."}
        else:
            properties[f"{name}_from"] = {**value, "description": f"Only records with `{field}` at or after this."}
            properties[f"{name}_to"] = {**value, "description": f"Only records with `{field}` before this."}
    properties["format"] = {
        "type": "string",
        "enum": list(EXPORT_FORMATS),
        "default": EXPORT_FORMATS[0],
        "description": "The file format.",
        "examples": [EXPORT_FORMATS[0]],
    }
    return {
        "type": "object",
        "description": f"Which {entity.name} records to export, and in what format.",
        "properties": properties,
        "additionalProperties": False,
    }


# a time that is null until what it records happens (a request carried out, an export finished)
NULLABLE_TIME: Json = {"type": ["string", "null"], "format": "date-time", "maxLength": 35, "examples": [EXAMPLE_TIME]}


def followed_request_schema(statuses: tuple[str, ...]) -> Json:
    """A person's erasure or export request as it is carried out: its status, why it was refused, and the file."""
    return {
        "type": "object",
        "description": "An erasure or export request, carried out in the background; poll it until it is done.",
        "properties": {
            "id": {"type": "string", "format": "uuid", "maxLength": 36, "examples": [example_id("request")]},
            "status": {"type": "string", "enum": list(statuses), "examples": [statuses[-2]]},
            "received_at": {"type": "string", "format": "date-time", "maxLength": 35, "examples": [EXAMPLE_TIME]},
            "completed_at": {**NULLABLE_TIME, "description": "When it was done or refused. Null until then."},
            "reason": {
                "type": ["string", "null"],
                "maxLength": 500,
                "pattern": SINGLE_LINE,
                "description": "Why it was refused, or what a legal hold keeps (null otherwise).",
                "examples": [None],
            },
            "download_url": {
                "type": ["string", "null"],
                "format": "uri",
                "maxLength": 2048,
                "description": "An export's file, a link that expires (null for an erasure and until done).",
                "examples": [None],
            },
        },
        "required": ["id", "status", "received_at"],
        "additionalProperties": False,
    }


def export_job_schema() -> Json:
    """An asynchronous export: its state and, once done, a short-lived link to the file."""
    return {
        "type": "object",
        "description": "An export job: started at once, done in the background; poll it until it succeeds.",
        "properties": {
            "id": {"type": "string", "format": "uuid", "maxLength": 36, "examples": [example_id("export")]},
            "status": {
                "type": "string",
                "enum": ["queued", "running", "succeeded", "failed"],
                "examples": ["succeeded"],
            },
            "requested_at": {"type": "string", "format": "date-time", "maxLength": 35, "examples": [EXAMPLE_TIME]},
            "completed_at": {**NULLABLE_TIME, "description": "When it finished (null while it runs)."},
            "records": {
                "type": ["integer", "null"],
                "format": "int64",
                "minimum": 0,
                "maximum": MAX_INT,
                "description": "How many records the file holds (null while it runs).",
                "examples": [120000],
            },
            "download_url": {
                "type": ["string", "null"],
                "format": "uri",
                "maxLength": 2048,
                "description": "A short-lived signed URL to fetch the file (null until it succeeds).",
                "examples": ["https://files.example.com/exports/6f1c4bde?X-Signature=..."],
            },
            "download_expires_at": {**NULLABLE_TIME, "description": "When the download URL stops working."},
        },
        "required": ["id", "status", "requested_at", "completed_at", "records", "download_url", "download_expires_at"],
        "additionalProperties": False,
    }
