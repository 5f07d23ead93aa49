"""What a client sends to create a record: every field it sets, the parts of the record's key it names included."""

from __future__ import annotations

import pytest

from archgen.design.model import Design
from archgen.render.openapi import build_documents
from tests.conftest import EXAMPLES


@pytest.mark.parametrize("name", EXAMPLES)
def test_a_create_body_carries_every_field_the_client_sets(name: str, designs: dict[str, Design]) -> None:
    design = designs[name]
    for service, document in build_documents(design).items():
        schemas = document["components"].get("schemas", {})
        for entity in (design.entity(n) for n in design.service(service).entities):
            body = schemas.get(f"{entity.name}Input")
            if body is None or any(f.writers for f in entity.fields):
                continue
            client = {f.name for f in entity.fields if f.set_by == "client"}
            assert client <= set(body["properties"]), (entity.name, client - set(body["properties"]))
