"""One AsyncAPI 3.0 document per realtime channel, built as data from the Design (never templated).

The documents describe the connections the system holds with clients and devices: where they connect, how they
authenticate, and every message each way. Actions are the system's own: it `send`s updates to clients and
`receive`s what clients stream in.
"""

from __future__ import annotations

from typing import Any

from archgen.common.naming import pascal, slug, unique_slugs
from archgen.design.model import Design, EntityDesign, RealtimeChannel, RealtimeMessage
from archgen.knowledge.notifications import notifications
from archgen.render.openapi import schemas
from archgen.render.openapi.projections import SELF
from archgen.requirements.intent import is_role_record

Json = dict[str, Any]

PROTOCOLS = {"websocket": "wss", "sse": "https", "mqtt": "secure-mqtt", "mobile-push": "https"}


def channel_slugs(design: Design) -> dict[str, str]:
    """The file stem of each realtime channel's document."""
    return unique_slugs((c.name for c in design.realtime), "channel")


def asyncapi_documents(design: Design) -> dict[str, Json]:
    """The AsyncAPI document of every realtime channel, keyed by its file stem."""
    slugs = channel_slugs(design)
    return {slugs[c.name]: document(design, c) for c in design.realtime}


def document(design: Design, channel: RealtimeChannel) -> Json:
    """The AsyncAPI 3.0 document of one realtime channel."""
    host = f"live.{design.system.slug}.example.com"
    key = slug(channel.name, "channel").replace("-", "_")
    messages: Json = {}
    operations: Json = {}
    for message in channel.messages:
        name = pascal(message.name)
        messages[name] = _message(design, channel, message)
        action = "send" if message.direction == "to-client" else "receive"
        operations[f"{action}{name}"] = {
            "action": action,
            "channel": {"$ref": f"#/channels/{key}"},
            "summary": message.description or message.name,
            "description": (
                f"The {channel.service} service sends {message.name} to connected clients."
                if action == "send"
                else f"Clients send {message.name}; the {channel.service} service receives it."
            ),
            "messages": [{"$ref": f"#/channels/{key}/messages/{name}"}],
        }
    security: Json
    if channel.protocol == "mqtt":
        security = {"type": "X509", "description": channel.authentication}
    elif channel.protocol == "mobile-push":
        security = {
            "type": "httpApiKey",
            "name": "Authorization",
            "in": "header",
            "description": channel.authentication,
        }
    else:
        security = {"type": "http", "scheme": "bearer", "bearerFormat": "JWT", "description": channel.authentication}
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": f"{design.system.name}: {channel.name}",
            "version": "1.0.0",
            "description": f"{channel.technology}, held by the {channel.service} service for "
            f"{', '.join(channel.audience) or 'its clients'}. Delivery: {channel.delivery or 'at most once'}. "
            "Hosts are placeholders under example.com until the domains are chosen.",
            "contact": {
                "name": f"{channel.service} team",
                "url": f"https://{slug(design.system.name)}.example.com/docs/events",
                "email": f"{slug(channel.service)}-events@example.com",
            },
            "license": {"name": "Proprietary", "url": f"https://{slug(design.system.name)}.example.com/license"},
            "tags": [{"name": channel.protocol}, {"name": channel.service}],
        },
        "defaultContentType": "application/json",
        "servers": {
            "production": {
                "host": host,
                "protocol": PROTOCOLS[channel.protocol],
                "description": f"Clients connect here ({channel.address}).",
                "security": [{"$ref": "#/components/securitySchemes/clients"}],
            }
        },
        "channels": {
            key: {
                "address": _address(channel),
                "description": f"{channel.name}: {', '.join(channel.use_cases) or 'live updates'}.",
                "messages": {name: {"$ref": f"#/components/messages/{name}"} for name in messages},
            }
        },
        "operations": operations,
        "components": {"messages": messages, "securitySchemes": {"clients": security}},
    }


def _address(channel: RealtimeChannel) -> str:
    if channel.protocol == "mqtt":
        return "devices/{deviceId}/telemetry"
    if channel.protocol == "mobile-push":
        return "push/{deviceToken}"
    return "/v1/live"


def _message(design: Design, channel: RealtimeChannel, message: RealtimeMessage) -> Json:
    entity = next((e for e in design.entities if e.name == message.entity), None)
    payload: Json = {
        "type": "object",
        "properties": {
            "type": {"type": "string", "const": message.name},
            "seq": {"type": "integer", "minimum": 0, "description": "Per-record sequence number: drop duplicates."},
            "sent_at": {"type": "string", "format": "date-time"},
        },
        "required": ["type", "sent_at"],
    }
    if channel.protocol == "mobile-push":
        payload["properties"]["notification"] = _notice()
        payload["required"].append("notification")
    if entity is not None:
        payload["properties"]["data"] = _entity_payload(design, entity, message)
        if message.direction == "from-client":
            payload["properties"]["data"] = _sent(payload["properties"]["data"], entity, channel.audience)
            per = _records_per_message(design, message)
            if per > 1:  # a batch says so in its payload: the records as an array, not one record
                payload["properties"]["data"] = {
                    "type": "array",
                    "description": f"Up to {per:,} records in one message, each acknowledged with the message.",
                    "minItems": 1,
                    "maxItems": per,
                    "items": payload["properties"]["data"],
                }
        payload["required"].append("data")
    return {
        "name": pascal(message.name),
        "title": message.name,
        "summary": message.description or message.name,
        "contentType": "application/json",
        "payload": payload,
    }


def _records_per_message(design: Design, message: RealtimeMessage) -> int:
    """How many records a client's message carries: the batch size of the streaming use case it stands for."""
    use_case = next((u for u in design.requirements.use_cases if pascal(u.name) == message.name), None)
    return use_case.batch_size if use_case is not None else 1


def _notice() -> Json:
    """The text a phone shows, the same for every record: a locked screen and the push provider see it."""
    said = notifications().notification
    return {
        "type": "object",
        "description": "A generic text: nothing of the record, which the app fetches over the API after sign-in.",
        "properties": {
            "title": {"type": "string", "const": said.title},
            "body": {"type": "string", "const": said.body},
        },
        "required": ["title", "body"],
    }


def _sent(schema: Json, entity: EntityDesign, senders: list[str]) -> Json:
    """What a client's message carries of its record: the fields its senders set, never what the server sets or
    takes from the sender's credential (a meter's own id) or what only other roles may write."""
    # a sender whose own record the message's names (a driver's fix names the driver) writes as the person it is about
    own = any(is_role_record(r, f.type[4:-1]) for r in senders for f in entity.fields if f.type.startswith("ref["))
    writers = {*senders, SELF} if own else set(senders)
    kept = {f.name for f in entity.fields if f.set_by == "client" and (not f.writers or set(f.writers) & writers)}
    properties = {k: v for k, v in schema.get("properties", {}).items() if k in kept or k == "kind"}
    said = schema.get("description", "").rstrip(".")
    rest = "What the server sets, or takes from the sender's credential, is not sent."
    return {
        **schema,
        "description": f"{said}. {rest}" if said else rest,
        "properties": properties,
        **({"required": [r for r in schema["required"] if r in properties]} if "required" in schema else {}),
    }


def _entity_payload(design: Design, entity: EntityDesign, message: RealtimeMessage) -> Json:
    """What a message carries of its record, as the API returns it (personal fields as the API shows them): the
    whole record, or the fields it names, with those of other records grouped under theirs and computed values."""
    schema = {k: v for k, v in schemas.read_schema(entity).items() if k != "additionalProperties"}
    if message.fields is None:
        return schema
    own = schema["properties"]
    properties: Json = {"kind": {"type": "string", "const": entity.name, "description": "The kind of record."}}
    others: dict[str, Json] = {}
    for name in message.fields:
        record, _, field = name.rpartition(".")
        other = next((e for e in design.entities if e.name == record), None)
        if other is not None:
            found = schemas.read_schema(other)["properties"].get(field)
            if found is not None:
                # who reads it here is who may follow this record live, not who reads the other record's API
                said = f"Of the {record}; sent only to subscribers who may read this {entity.name}."
                others.setdefault(record, {})[field] = {**found, "description": said}
        elif name in own:
            properties[name] = own[name]
        else:
            properties[name] = _computed(name)
    for record, fields in others.items():
        properties[slug(record).replace("-", "_")] = {
            "type": "object",
            "description": f"The latest {record} of this {entity.name}.",
            "properties": fields,
        }
    return {"type": "object", "description": schema.get("description", ""), "properties": properties}


def _computed(name: str) -> Json:
    """A value the server computes when it sends the message (an ETA)."""
    for concept in notifications().live:
        if concept.computed is not None and concept.computed.name == name:
            return {"type": concept.computed.type, "description": concept.computed.description}
    return {"type": "string", "description": "Computed when the message is sent."}
