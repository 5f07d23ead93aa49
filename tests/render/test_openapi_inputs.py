"""What a client sends to create a record: every field it sets, the parts of the record's key it names included."""

from __future__ import annotations

from typing import Any

import pytest

from archgen.design.later import set_later
from archgen.render.openapi import openapi_documents
from tests.conftest import DOMAINS, corpus_design


@pytest.mark.parametrize("name", DOMAINS)
def test_a_create_body_carries_every_field_the_client_sets(name: str) -> None:
    design = corpus_design(name)
    documents = openapi_documents(design)
    missing = []
    for service in design.services:
        if service.slug not in documents:
            continue  # no operations, no document
        schemas = documents[service.slug]["components"].get("schemas", {})
        for endpoint in (e for e in service.endpoints if e.action == "create" and e.entity):
            entity = design.entity(endpoint.entity or "")
            body = schemas.get(f"{entity.name}Input")
            if body is None or any(f.writers for f in entity.fields):
                continue  # bodies per role say who may set what
            client = {f.name for f in entity.fields if f.set_by == "client"}
            # what a later step supplies (the room at check-in) is in that step's body instead
            steps = [s for n, s in schemas.items() if n.startswith(entity.name) and "step supplies" in s["description"]]
            later = {p for s in steps for p in s["properties"]}
            missing += [f"{entity.name}.{n}" for n in sorted(client - set(body["properties"]) - later)]
    assert missing == []


def test_a_step_takes_the_data_it_needs_and_the_create_does_not_ask_for_it_early() -> None:
    design = corpus_design("04-room-bookings")
    documents = openapi_documents(design)
    bookings = next(s for s in design.services if "Booking" in s.entities)
    doc = documents[bookings.slug]
    check_in = doc["paths"]["/v1/bookings/{id}/check-in"]["post"]["requestBody"]
    body = doc["components"]["schemas"][check_in["content"]["application/json"]["schema"]["$ref"].split("/")[-1]]
    assert check_in["required"] and "room" in body["required"]  # the front desk assigns the room as it checks in
    guest, desk = (doc["components"]["schemas"][f"BookingFor{who}Input"] for who in ("Guest", "FrontDesk"))
    assert "room" not in guest["properties"] and "room" not in desk["properties"]
    # the guest's booking confirms its hold; the front desk's walk-in has none, as only guests make holds
    assert "hold" in guest["properties"] and "hold" not in desk["properties"]
    views = [
        v
        for n, v in doc["components"]["schemas"].items()
        if n.startswith("Booking") and "room" in v.get("properties", {})
    ]
    assert all("null" in v["properties"]["room"]["type"] for v in views if "step supplies" not in v["description"])
    loans = corpus_design("12-internal-tool")
    loan_docs = openapi_documents(loans)
    service = next(s for s in loans.services if "Loan" in s.entities)
    schemas = loan_docs[service.slug]["components"]["schemas"]
    assert "return_condition" in schemas["LoanReturn"]["required"]
    made = next(v for n, v in schemas.items() if n.startswith("Loan") and n.endswith("Input"))
    assert "return_condition" not in made["properties"]
    # the borrower asks for a loan; the manager approving it decides when it is due
    assert "due_on" not in made["properties"]
    assert "due_on" in schemas["ApproveLoanRequest"]["properties"]


def test_a_tally_other_records_keep_is_the_servers() -> None:
    inventory = corpus_design("04-room-bookings").entity("Inventory")
    assert {f.name: f.set_by for f in inventory.fields if f.name in ("sold", "held")} == {
        "sold": "server",
        "held": "server",
    }


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
        if service.slug not in documents:
            continue  # no operations, no document
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


def test_a_person_who_pays_sends_the_providers_token_and_a_refund_needs_none() -> None:
    design = corpus_design("04-room-bookings")
    bookings = next(s for s in design.services if "Booking" in s.entities)
    schemas = openapi_documents(design)[bookings.slug]["components"]["schemas"]
    assert all("payment_method" in schemas[f"BookingFor{who}Input"]["properties"] for who in ("Guest", "FrontDesk"))
    ledger = corpus_design("03-payments-ledger")
    assert "payment_method" not in {f.name for f in ledger.entity("Refund").fields}


def test_nobody_sets_what_binds_them() -> None:
    """A merchant cannot extend the dispute deadline the scheme set, a tenant's administrators cannot move its data
    or change its plan, a guest neither picks the booking's reference nor claims to come by another channel, and a
    driver's steps never move the trip's destination."""
    payments = corpus_design("03-payments-ledger")
    owner = next(s for s in payments.services if "Dispute" in s.entities)
    schemas = openapi_documents(payments)[owner.slug]["components"]["schemas"]
    assert "reason_code" in schemas["DisputePatch"]["properties"]
    assert "respond_by" not in schemas["DisputePatch"]["properties"]
    saas = corpus_design("05-b2b-saas-residency")
    owner = next(s for s in saas.services if "Tenant" in s.entities)
    patch = openapi_documents(saas)[owner.slug]["components"]["schemas"]["TenantPatch"]
    assert "sso_protocol" in patch["properties"]
    assert not {"home_region", "plan"} & set(patch["properties"])
    booking = {f.name: f.set_by for f in corpus_design("04-room-bookings").entity("Booking").fields}
    assert booking["reference"] == booking["channel"] == "server"
    rides = corpus_design("01-ride-hailing")
    steps = [e for s in rides.services for e in s.endpoints if e.entity == "Trip" and e.action == "transition"]
    assert steps and all(e.request is None or not any("dropoff" in f.name for f in e.request.fields) for e in steps)


def _answered(doc: dict[str, Any], node: Any, seen: set[str]) -> list[dict[str, Any]]:
    """Every object schema an answer may carry, following references into the document's components."""
    if isinstance(node, list):
        return [s for n in node for s in _answered(doc, n, seen)]
    if not isinstance(node, dict):
        return []
    ref = node.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        name = ref.rsplit("/", 1)[-1]
        if name in seen:
            return []
        seen.add(name)
        return _answered(doc, doc["components"]["schemas"][name], seen)
    found = [node] if "properties" in node else []
    return found + [s for v in node.values() for s in _answered(doc, v, seen)]


@pytest.mark.parametrize("name", DOMAINS)
def test_no_answer_promises_what_a_later_step_sets(name: str) -> None:
    """A record just made has no hand-out time yet: what a later transition sets, and an optional field nobody sent,
    is null in every answer (and its description says when), never a required string."""
    design = corpus_design(name)
    documents = openapi_documents(design)
    # the names that mean such a field in every record that has them (a schema does not say whose it is)
    later = {n for e in design.entities for n in set_later(e)}
    optional = {f.name for e in design.entities for f in e.fields if f.set_by == "client" and not f.required}
    kept = {f.name for e in design.entities for f in e.fields if f.name not in set_later(e)}
    later, optional = (
        later - kept,
        optional - {f.name for e in design.entities for f in e.fields if f.required or f.set_by != "client"},
    )
    broken = []
    for service in (s for s in design.services if s.slug in documents):
        doc = documents[service.slug]
        answers = [op["responses"] for item in doc["paths"].values() for op in item.values() if "responses" in op]
        for schema in _answered(doc, answers, set()):
            for prop, value in schema["properties"].items():
                kind = value.get("type") if isinstance(value, dict) else None
                nullable = isinstance(kind, list) and "null" in kind
                if prop in later | optional and isinstance(kind, str) and prop in schema.get("required", []):
                    broken.append(f"{service.name}: {prop}")
                if prop in later and not (nullable and "Null until" in value.get("description", "")):
                    broken.append(f"{service.name}: {prop} is not null until its step")
    assert broken == []
