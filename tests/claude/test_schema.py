"""The schemas Claude fills in follow the Design model and leave archgen's facts and numbers out."""

from __future__ import annotations

import json
from typing import Any

from archgen.architects.claude.schema import OWNED_FIELDS, OWNED_SECTIONS, detail_schema, skeleton_schema, split
from archgen.design.model import Design, EntityDesign, Service


def objects(node: Any) -> list[dict[str, Any]]:
    """Every schema object with properties, anywhere below `node`."""
    found = []
    if isinstance(node, dict):
        if isinstance(node.get("properties"), dict) and node.get("type") == "object":
            found.append(node)
        for value in node.values():
            found += objects(value)
    elif isinstance(node, list):
        for value in node:
            found += objects(value)
    return found


def aliases(model: type[Any], leave_out: set[str]) -> set[str]:
    return {field.alias or name for name, field in model.model_fields.items() if name not in leave_out}


def test_skeleton_is_the_design_without_archgen_parts_or_details() -> None:
    schema = skeleton_schema()
    assert set(schema["properties"]) == aliases(Design, {*OWNED_SECTIONS, "entities"})
    service = schema["$defs"]["Service"]["properties"]
    assert set(service) == aliases(Service, {*OWNED_FIELDS[Service], "endpoints"})
    assert set(schema["$defs"]["Scaling"]["properties"]) == {"metric"}  # instance counts are archgen's
    assert "Requirements" not in schema["$defs"] and "Figure" not in schema["$defs"]


def test_detail_is_endpoints_and_entity_designs() -> None:
    schema = detail_schema()
    assert schema["required"] == ["endpoints", "entities"]
    assert set(schema["$defs"]["EntityDesign"]["properties"]) == aliases(EntityDesign, set())
    assert {"Endpoint", "Filter", "StoredField", "Index"} <= set(schema["$defs"])


def test_every_property_is_required_and_nothing_else_is_allowed() -> None:
    for schema in (skeleton_schema(), detail_schema()):
        for node in objects(schema):
            assert node["required"] == list(node["properties"]) and node["additionalProperties"] is False


def test_constraints_the_api_cannot_enforce_are_still_described() -> None:
    decision = skeleton_schema()["$defs"]["Decision"]["properties"]
    assert "ADR-" in decision["id"]["description"] and "minItems: 2" in decision["options"]["description"]


def test_split_leaves_archgens_numbers_out(designs: dict[str, Design]) -> None:
    skeleton, details = split(designs["telemetry"])
    assert not set(OWNED_SECTIONS) & set(skeleton) and "entities" not in skeleton
    assert all("peak_rps" not in s and "endpoints" not in s for s in skeleton["services"])
    assert all(set(d["scaling"]) == {"metric"} for d in skeleton["deployables"])
    assert "availability_slo" not in skeleton["reliability"]
    assert list(details) == ["devices", "readings", "alerts", "ingest"]
    assert [e["name"] for e in details["readings"]["entities"]] == ["Reading"]


def test_stated_bodies_keep_the_detail_within_the_apis_union_limit() -> None:
    """Structured outputs refuse a schema with more than 16 union-typed properties: the nullable request, response
    and status of an operation count against it, and its bodies are flat (no schema refers back to itself)."""
    schema = detail_schema()
    unions = [node for node in objects(schema) for sub in node["properties"].values() if "anyOf" in sub]
    assert len(unions) <= 16
    body_field = schema["$defs"]["BodyField"]["properties"]
    assert all("$ref" not in json.dumps(p) for p in body_field.values())
