"""An operation that states its bodies and status is published as stated; one that does not keeps derived ones."""

from __future__ import annotations

from typing import Any

from archgen.design.model import Body, BodyField, BodyObject, Design, Endpoint
from archgen.render.openapi import document

Json = dict[str, Any]


def operation(design: Design, operation_id: str) -> Endpoint:
    return next(e for s in design.services for e in s.endpoints if e.operation_id == operation_id)


def stated(design: Design) -> Design:
    """The shop with an order placed with its lines and a shipping address, a search that needs words and answers
    the fields its page shows, and a provider's events accepted for later (202)."""
    design = design.model_copy(deep=True)
    place = operation(design, "createOrder")
    place.request = Body(
        fields=[
            BodyField(name="lines", type="list[object[Line]]", required=True, description="What is bought."),
            BodyField(name="payment_method", type="string", required=True, field="Order.payment_method"),
            BodyField(name="shipping", type="object[Address]", required=True, description="Where it goes."),
            BodyField(name="id", type="uuid", read_only=True),
        ],
        objects=[
            BodyObject(
                name="Line",
                fields=[
                    BodyField(name="product", type="ref[Product]", required=True),
                    BodyField(name="quantity", type="int", required=True),
                ],
            ),
            BodyObject(name="Address", fields=[BodyField(name="street", type="string", required=True)]),
        ],
    )
    place.response = Body(
        fields=[
            BodyField(name="id", type="uuid", required=True, read_only=True),
            BodyField(name="customer", type="object[Customer]", required=True),
        ]
    )
    search = operation(design, "searchProducts")
    search.request = Body(fields=[BodyField(name="q", type="string", required=True, description="The words.")])
    search.response = Body(
        fields=[
            BodyField(name="title", type="string", required=True),
            BodyField(name="cheapest", type="decimal", required=True),
        ]
    )
    hook = operation(design, "receiveStripeEvents")
    hook.status, hook.async_ = 202, True
    return design


def resolve(doc: Json, node: Json) -> Json:
    while "$ref" in node:
        node = doc["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def test_a_stated_request_body_is_published_field_by_field(designs: dict[str, Design]) -> None:
    design = stated(designs["shop"])
    doc = document(design, design.service("ordering"))
    post = doc["paths"]["/v1/orders"]["post"]
    body = resolve(doc, post["requestBody"]["content"]["application/json"]["schema"])
    assert set(body["properties"]) == {"lines", "payment_method", "shipping"}  # the server's id is never taken
    assert body["required"] == ["lines", "payment_method", "shipping"]
    lines = body["properties"]["lines"]
    assert lines["type"] == "array" and lines["minItems"] == 1
    assert lines["items"] == {"$ref": "#/components/schemas/CreateOrderRequestLine"}  # listed on the API page
    line = resolve(doc, lines["items"])
    assert line["required"] == ["product", "quantity"] and line["additionalProperties"] is False
    assert line["properties"]["product"]["format"] == "uuid" and line["description"] == "One line."
    assert resolve(doc, body["properties"]["shipping"])["properties"]["street"]["type"] == "string"
    answer = resolve(doc, post["responses"]["201"]["content"]["application/json"]["schema"])
    assert answer["properties"]["id"]["readOnly"] is True
    customer = resolve(doc, answer["properties"]["customer"])
    assert customer["properties"]["id"]["readOnly"] is True  # the record nested as the caller may read it
    # only customers place orders, each their own: the nested customer is the caller, who reads their own email
    assert "email" in customer["properties"]


def test_a_stated_query_replaces_the_derived_one_and_a_stated_item_fills_the_page(designs: dict[str, Design]) -> None:
    design = stated(designs["shop"])
    doc = document(design, design.service("catalog"))
    search = doc["paths"]["/v1/products/search"]["get"]
    words = [p for p in search["parameters"] if p.get("name") == "q"]
    assert len(words) == 1 and words[0]["required"] is True and words[0]["description"] == "The words."
    assert "requestBody" not in search
    page = resolve(doc, search["responses"]["200"]["content"]["application/json"]["schema"])
    item = resolve(doc, page["properties"]["items"]["items"])
    assert set(item["properties"]) == {"title", "cheapest"}
    assert "ProductResults" not in doc["components"]["schemas"]  # the derived answer it replaced is gone


def test_a_stated_status_is_the_success_answer(designs: dict[str, Design]) -> None:
    design = stated(designs["shop"])
    doc = document(design, design.service("ordering"))
    hook = doc["paths"]["/v1/webhooks/stripe"]["post"]
    assert [code for code in hook["responses"] if code.startswith("2")] == ["202"]
    assert "Location" in hook["responses"]["202"]["headers"] and "after 202" in hook["description"]


def test_an_operation_without_stated_bodies_keeps_the_derived_ones(designs: dict[str, Design]) -> None:
    design = designs["shop"]
    doc = document(design, design.service("ordering"))
    body = doc["paths"]["/v1/orders"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/OrderInput"}
    assert "200" in doc["paths"]["/v1/webhooks/stripe"]["post"]["responses"]
