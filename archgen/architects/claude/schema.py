"""What Claude is asked to fill in: JSON Schemas derived at run time from the Design model, minus what archgen owns.

archgen owns the facts (the requirements, the assumptions, every capacity figure and the cost) and Claude owns the
judgement. The design is asked for in two stages so that no single answer grows too long: a skeleton (the whole
design but the per-service detail), then, for each service, its endpoints and the entities it owns.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from archgen.design.model import (
    Architecture,
    Cache,
    Channel,
    DataStore,
    Decision,
    Deployable,
    Deployment,
    Design,
    RealtimeChannel,
    Reliability,
    Scaling,
    Service,
)

Json = dict[str, Any]

# Top-level parts of the Design that archgen fills in itself.
OWNED_SECTIONS = (
    "format_version",
    "generator",
    "system",
    "requirements",
    "assumptions",
    "capacity",
    "cost",
    "waivers",
    "provenance",
    "patterns",
    "patterns_considered",
)
# Numbers inside Claude's structure that archgen computes from the capacity figures or copies from the requirements.
OWNED_FIELDS: dict[type[BaseModel], tuple[str, ...]] = {
    Service: ("demand",),
    Deployable: ("demand",),
    Channel: ("demand", "partitions"),
    RealtimeChannel: ("demand",),
    Scaling: ("min_instances", "max_instances", "per_instance", "unit"),
    DataStore: ("size_bytes_3y", "read_replicas", "shards", "node_class", "write_capacity_per_s", "demand"),
    Cache: ("size_bytes",),
    Reliability: ("availability_slo", "error_budget_minutes_per_month", "latency_slo_ms", "rpo_minutes", "rto_minutes"),
    Deployment: ("cloud",),  # the questionnaire's cloud: the cost is priced from it
}
# The order Claude writes properties in is the order it thinks in: the analysis comes before the choice it leads to
# (the decision records before the structure they justify, the options and their pros and cons before the pick).
FIRST: dict[str, tuple[str, ...]] = {
    Design.__name__: ("decisions",),
    Decision.__name__: ("id", "title", "context", "drivers", "options", "rationale", "decision"),
    Architecture.__name__: ("rationale", "decision"),
}
# The service-detail stage answers these two lists; the skeleton leaves them out.
DETAIL_KEYS = ("endpoints", "entities")


@functools.cache
def design_schema() -> Json:
    """The Design's own JSON Schema (by alias, as design.yaml spells it)."""
    return Design.model_json_schema(by_alias=True)


def skeleton_schema() -> Json:
    """The skeleton answer: the Design without archgen's parts, without endpoints and without entity designs."""
    schema = copy.deepcopy(design_schema())
    for key in (*OWNED_SECTIONS, "entities"):
        _drop_property(schema, key)
    _drop_property(schema["$defs"][Service.__name__], "endpoints")
    return _for_claude(schema)


def detail_schema() -> Json:
    """One service's detail: its endpoints and the design of each entity it owns."""
    full = copy.deepcopy(design_schema())
    entities = dict(full["properties"]["entities"])
    entities.pop("minItems", None)  # a service may own no entity: identity, a real-time gateway, audit, support
    properties = {"endpoints": full["$defs"][Service.__name__]["properties"]["endpoints"], "entities": entities}
    schema = {"type": "object", "properties": properties, "required": list(DETAIL_KEYS), "$defs": full["$defs"]}
    return _for_claude(schema)


def claude_view(design: Design) -> Json:
    """A finished design as Claude would give it whole: without archgen's sections and the numbers it owns."""
    data = design.model_dump(mode="json", by_alias=True)
    for name, obj in _objects(data):
        for field in _owned_names().get(name, ()):
            obj.pop(field, None)
    for key in OWNED_SECTIONS:
        data.pop(key, None)
    return data


def split(design: Design) -> tuple[Json, dict[str, Json]]:
    """A finished design as Claude's answers to the stages: the skeleton, and each service's detail by name."""
    data = claude_view(design)
    entities = data.pop("entities")
    details = {}
    for service in data["services"]:
        owned = [e for e in entities if e["name"] in service["entities"]]
        details[service["name"]] = {"endpoints": service.pop("endpoints"), "entities": owned}
    return data, details


def fill_owned(data: Json, values: dict[type[BaseModel], Json]) -> None:
    """Put archgen's values into the fields it owns, wherever the Design's schema places those models in `data`."""
    by_name = {model.__name__: fields for model, fields in values.items()}
    for name, obj in _objects(data):
        obj.update(by_name.get(name, {}))


def _owned_names() -> dict[str, tuple[str, ...]]:
    return {model.__name__: fields for model, fields in OWNED_FIELDS.items()}


def _objects(data: Any, node: Json | None = None) -> Iterator[tuple[str, Json]]:
    """Every object in Design-shaped `data`, with the name of the model the schema says it is."""
    schema = design_schema()
    if node is None:
        yield Design.__name__, data
        node = schema
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        if isinstance(data, dict):
            yield name, data
        node = schema["$defs"][name]
    if isinstance(data, dict):
        for key, sub in node.get("properties", {}).items():
            if key in data:
                yield from _objects(data[key], sub)
    elif isinstance(data, list) and "items" in node:
        for item in data:
            yield from _objects(item, node["items"])
    for option in node.get("anyOf", ()):
        yield from _objects(data, option)


def _drop_property(schema: Json, key: str) -> None:
    schema["properties"].pop(key, None)
    if key in schema.get("required", ()):
        schema["required"].remove(key)


def _for_claude(schema: Json) -> Json:
    """`schema` as structured outputs accept it: every property required, no titles or defaults, no unused defs."""
    from anthropic import transform_schema

    owned = _owned_names()
    for name, definition in schema["$defs"].items():
        for field in owned.get(name, ()):
            _drop_property(definition, field)
    schema["$defs"] = {name: schema["$defs"][name] for name in sorted(_reachable(schema))}
    _order(schema, FIRST.get(Design.__name__, ()) if "decisions" in schema["properties"] else ())
    for name, definition in schema["$defs"].items():
        _order(definition, FIRST.get(name, ()))
    _tidy(schema)
    # an optional property counts against the API's limits on a schema's complexity, and a stated default means
    # nothing when every property must be given; the models' own defaults apply when archgen validates
    return transform_schema(schema)


def _order(node: Json, first: tuple[str, ...]) -> None:
    """Put the properties named in `first` ahead of the others, in that order."""
    properties = node.get("properties")
    if not first or not isinstance(properties, dict):
        return
    ahead = [key for key in first if key in properties]
    node["properties"] = {key: properties[key] for key in [*ahead, *(k for k in properties if k not in ahead)]}


def _reachable(schema: Json) -> set[str]:
    """The names of the definitions `schema` refers to, directly or through other definitions."""
    found: set[str] = set()
    pending = [schema["properties"]]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and (name := ref.rsplit("/", 1)[-1]) not in found:
                found.add(name)
                pending.append(schema["$defs"][name])
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return found


def _tidy(node: Any) -> None:
    """Make every property required and drop titles and defaults, in every schema object below `node`."""
    if isinstance(node, list):
        for item in node:
            _tidy(item)
        return
    if not isinstance(node, dict):
        return
    if isinstance(node.get("title"), str):
        del node["title"]
    node.pop("default", None)
    properties = node.get("properties")
    if isinstance(properties, dict):
        node["required"] = list(properties)
        for sub in properties.values():
            _tidy(sub)
    for key in ("items", "anyOf", "$defs"):
        if key in node:
            _tidy(list(node[key].values()) if key == "$defs" else node[key])
