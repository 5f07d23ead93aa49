"""What a client sends to create a record: every field it sets, the parts of the record's key it names included."""

from __future__ import annotations

import pytest

from archgen.render.openapi import openapi_documents
from tests.conftest import DOMAINS, corpus_design


@pytest.mark.parametrize("name", DOMAINS)
def test_a_create_body_carries_every_field_the_client_sets(name: str) -> None:
    design = corpus_design(name)
    documents = openapi_documents(design)
    missing = []
    for service in design.services:
        schemas = documents[service.slug]["components"].get("schemas", {})
        for endpoint in (e for e in service.endpoints if e.action == "create" and e.entity):
            entity = design.entity(endpoint.entity or "")
            body = schemas.get(f"{entity.name}Input")
            if body is None or any(f.writers for f in entity.fields):
                continue  # bodies per role say who may set what
            client = {f.name for f in entity.fields if f.set_by == "client"}
            missing += [f"{entity.name}.{n}" for n in sorted(client - set(body["properties"]))]
    assert missing == []


def test_a_reference_to_a_record_of_the_same_kind_is_optional() -> None:
    message = corpus_design("08-team-chat").entity("Message")
    parent = next(f for f in message.fields if f.name == "thread_parent")
    channel = next(f for f in message.fields if f.name == "channel")
    assert (parent.required, channel.required) == (False, True)
    assert {f.name: f.set_by for f in message.fields if f.name in ("edited_at", "deleted")} == {
        "edited_at": "server",
        "deleted": "server",
    }


def test_a_batch_upload_takes_the_largest_batch_its_use_cases_send() -> None:
    design = corpus_design("09-product-catalogue-search")
    documents = openapi_documents(design)
    for service in design.services:
        schemas = documents[service.slug]["components"].get("schemas", {})
        for name, schema in schemas.items():
            if name.endswith("Batch"):
                entity = name.removesuffix("Batch")
                sizes = [u.batch_size for u in design.requirements.use_cases if entity in u.writes]
                assert schema["properties"]["items"]["maxItems"] >= max(sizes, default=1)


def test_a_count_a_client_sends_is_never_negative() -> None:
    design = corpus_design("04-room-bookings")
    documents = openapi_documents(design)
    hold = next(s for s in design.services if "Hold" in s.entities)
    rooms = documents[hold.slug]["components"]["schemas"]["HoldInput"]["properties"]["rooms"]
    assert rooms["minimum"] == 0
