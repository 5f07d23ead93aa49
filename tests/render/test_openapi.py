"""OpenAPI documents are valid 3.1, serialised from the design."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate

from archgen.design.model import Design
from archgen.render.openapi import document, openapi_documents
from tests.conftest import EXAMPLES


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_service_document_is_valid_openapi_3_1(designs: dict[str, Design], name: str) -> None:
    for slug, doc in openapi_documents(designs[name]).items():
        assert doc["openapi"] == "3.1.0", slug
        validate(doc)


def test_operations_follow_the_access_patterns(designs: dict[str, Design]) -> None:
    design = designs["shop"]
    doc = document(design, design.service("ordering"))
    assert "get" in doc["paths"]["/v1/orders/{id}"]
    listing = doc["paths"]["/v1/orders"]["get"]
    names = {p.get("name") or p.get("$ref") for p in listing["parameters"]}
    assert {"customer", "created_at_from", "created_at_to", "#/components/parameters/Cursor"} <= names
    create = doc["paths"]["/v1/orders"]["post"]
    assert {"$ref": "#/components/parameters/IdempotencyKey"} in create["parameters"]
    assert set(create["responses"]) >= {"201", "400", "401", "403", "409", "422", "429", "500"}
    order = doc["components"]["schemas"]["Order"]
    assert order["properties"]["total"]["pattern"]  # decimals travel as strings
    assert order["properties"]["items"]["maxItems"] == 100
