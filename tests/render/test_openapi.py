"""OpenAPI documents are valid 3.1, serialised from the design, and follow the conventions a reviewer expects."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate

from archgen.architects.rules import RulesArchitect
from archgen.common import yamlio
from archgen.design.model import Design
from archgen.knowledge.protocols import protocols
from archgen.render.openapi import document, openapi_documents
from archgen.render.openapi.reference import constraints
from archgen.requirements import load_requirements
from tests.conftest import EXAMPLES, corpus_design

Json = dict[str, Any]
METHODS = ("get", "put", "post", "patch", "delete")


def operations(doc: Json) -> Iterator[tuple[str, str, Json]]:
    for path, item in doc["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def resolve(doc: Json, node: Json) -> Json:
    while "$ref" in node:
        section, name = node["$ref"].removeprefix("#/components/").split("/")
        node = doc["components"][section][name]
    return node


def parameter_names(doc: Json, op: Json) -> set[str]:
    return {resolve(doc, p)["name"] for p in op.get("parameters", [])}


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_service_document_is_valid_openapi_3_1(designs: dict[str, Design], name: str) -> None:
    for slug, doc in openapi_documents(designs[name]).items():
        assert doc["openapi"] == "3.1.0", slug
        validate(doc)
        assert "&id" not in yamlio.dump(doc)  # plain YAML: no anchors or aliases


def test_access_patterns_become_operations(designs: dict[str, Design]) -> None:
    shop = designs["shop"]
    ordering = document(shop, shop.service("ordering"))
    assert "get" in ordering["paths"]["/v1/orders/{id}"]  # by_id
    listing = ordering["paths"]["/v1/orders"]["get"]
    assert {"customer", "created_at_from", "created_at_to", "limit", "cursor"} <= parameter_names(ordering, listing)
    catalog = document(shop, shop.service("catalog"))
    recent = catalog["paths"]["/v1/products"]["get"]
    sort = next(p for p in recent["parameters"] if p.get("name") == "sort")
    assert sort["schema"] == {"type": "string", "enum": ["-created_at", "created_at"], "default": "-created_at"}
    search = catalog["paths"]["/v1/products/search"]["get"]
    assert {"q", "limit", "cursor"} <= parameter_names(catalog, search)
    page = resolve(catalog, search["responses"]["200"]["content"]["application/json"]["schema"])
    assert page["properties"]["items"]["maxItems"] == 100 and "next_cursor" in page["required"]
    telemetry = designs["telemetry"]
    readings = document(telemetry, telemetry.service("readings"))
    stats = readings["paths"]["/v1/monthly-report"]["get"]  # a report of its own, named after it
    assert {"device", "from", "to"} <= parameter_names(readings, stats)
    body = resolve(readings, stats["responses"]["200"]["content"]["application/json"]["schema"])
    assert {"count", "value_min", "value_max", "value_avg", "value_sum", "groups"} == set(body["properties"])
    # the report cuts its totals by time bucket; it never groups by a reading's value (a continuous amount) nor
    # by device (273,000 of them after a year: a group each is the raw data again)
    assert {"bucket", "top"} <= parameter_names(readings, stats)
    assert "group_by" not in parameter_names(readings, stats)
    group = body["properties"]["groups"]["items"]
    assert {"key", "count", "value_sum"} <= set(group["required"])


def test_a_search_narrows_by_choices_sorts_and_counts_facets(designs: dict[str, Design]) -> None:
    shop = designs["shop"]
    catalog = document(shop, shop.service("catalog"))
    search = catalog["paths"]["/v1/products/search"]["get"]
    params = {p["name"]: p for p in (resolve(catalog, p) for p in search["parameters"])}
    assert {"currency", "price_from", "price_to", "sort", "facets"} <= set(params)
    assert not params["q"].get("required")  # browsing by a filter alone needs no words
    assert params["sort"]["schema"]["enum"] == ["relevance", "price", "-price"]
    assert "currency" in params["facets"]["schema"]["items"]["enum"]
    page = resolve(catalog, search["responses"]["200"]["content"]["application/json"]["schema"])
    assert {"items", "total", "next_cursor"} <= set(page["required"])
    assert "currency" in page["properties"]["facets"]["properties"]


def test_use_cases_that_write_become_post_put_patch_and_delete(write_yaml: Callable[..., Path]) -> None:
    requirements = write_yaml(
        """
        version: 1
        system: {name: Prices, summary: Price lists.}
        users: {daily_active: 100}
        data:
          entities:
            - name: PriceList
              fields: {id: uuid, name: string, status: "enum[draft, live]"}
        use_cases:
          - {name: Create price list, actor: user, writes: [PriceList]}
          - {name: Replace price list, actor: user, writes: [PriceList]}
          - {name: Publish price list, actor: user, reads: [PriceList], writes: [PriceList]}
          - {name: Delete price list, actor: user, writes: [PriceList]}
        """
    )
    design = RulesArchitect().design(load_requirements(requirements))
    doc = document(design, design.services[0])
    validate(doc)
    item = doc["paths"]["/v1/price-lists/{id}"]
    assert {"get", "patch", "delete"} <= set(item)
    assert "post" in doc["paths"]["/v1/price-lists"]
    # a change of status is a transition of its own, not a field a client may set
    publish = doc["paths"]["/v1/price-lists/{id}/publish"]["post"]
    assert "Idempotency-Key" in parameter_names(doc, publish) and "409" in publish["responses"]
    assert "application/merge-patch+json" in item["patch"]["requestBody"]["content"]
    patch = resolve(doc, item["patch"]["requestBody"]["content"]["application/merge-patch+json"]["schema"])
    assert patch["minProperties"] == 1 and "id" not in patch["properties"]


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_response_carries_the_conventions(designs: dict[str, Design], name: str) -> None:
    for doc in openapi_documents(designs[name]).values():
        for path, method, op in operations(doc):
            where = f"{method.upper()} {path}"
            for status, ref in op["responses"].items():
                response = resolve(doc, ref)
                headers = set(response.get("headers", {}))
                assert {"RateLimit-Limit", "RateLimit-Reset", "Access-Control-Allow-Origin"} <= headers, where
                standard = protocols().of_path(path)
                if status >= "400" and not (standard and standard.errors):  # a standard's own error form
                    assert list(response["content"]) == ["application/problem+json"], (where, status)
            assert {"400", "401", "429", "500"} <= set(op["responses"]), where
            assert "Retry-After" in resolve(doc, op["responses"]["429"])["headers"]
            names = parameter_names(doc, op)
            signed = op.get("security") == [{"webhookSignature": []}]  # a provider's retries carry its event id
            exempt = standard.exempt if standard else frozenset()  # a token request is not retried as a change
            if method == "post" and not signed and "idempotency_key" not in exempt:
                assert "Idempotency-Key" in names, where
            if method in ("put", "patch", "delete"):
                assert "If-Match" in names and {"404", "412", "428"} <= set(op["responses"]), where
            if method == "get" and path.endswith("{id}"):
                assert "ETag" in op["responses"]["200"]["headers"], where


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_operation_is_secured_and_every_server_is_https(designs: dict[str, Design], name: str) -> None:
    for doc in openapi_documents(designs[name]).values():
        schemes = set(doc["components"]["securitySchemes"])
        assert doc["security"] and all(set(r) <= schemes for r in doc["security"])
        if "bearerAuth" in schemes:
            assert "RFC8725" in doc["components"]["securitySchemes"]["bearerAuth"]["description"]
        for _path, _method, op in operations(doc):
            for requirement in op.get("security", doc["security"]):
                assert set(requirement) <= schemes
        for server in doc["servers"]:
            assert server["url"].startswith("https://") and isinstance(server["x-internal"], bool)
        assert doc["servers"][0]["description"].startswith("Production")


def test_people_scheme_follows_how_they_sign_in(designs: dict[str, Design]) -> None:
    """The platform's sign-in hands the application a header, the application's own pages a cookie, and every other
    client a bearer token: the scheme documents what people really send."""
    expenses = designs["expenses"]
    edge = next(iter(openapi_documents(expenses).values()))["components"]["securitySchemes"]
    assert edge["platformSignIn"]["type"] == "apiKey" and edge["platformSignIn"]["in"] == "header"
    assert edge["platformSignIn"]["name"] == "X-MS-CLIENT-PRINCIPAL" and "bearerAuth" not in edge
    cookie = expenses.model_copy(deep=True)
    for caller in cookie.security.callers:
        if caller.kind == "person":
            caller.method = "single sign-on through the company's directory, received at this system's endpoints"
    schemes = next(iter(openapi_documents(cookie).values()))["components"]["securitySchemes"]
    assert schemes["sessionCookie"]["in"] == "cookie" and "bearerAuth" not in schemes
    shop = next(iter(openapi_documents(designs["shop"]).values()))["components"]["securitySchemes"]
    assert shop["bearerAuth"]["scheme"] == "bearer"


def test_only_staff_systems_mark_production_internal(designs: dict[str, Design]) -> None:
    expenses = next(iter(openapi_documents(designs["expenses"]).values()))
    shop = next(iter(openapi_documents(designs["shop"]).values()))
    assert expenses["servers"][0]["x-internal"] is True  # every role is staff
    assert shop["servers"][0]["x-internal"] is False
    assert all(s["x-internal"] for s in shop["servers"][1:])


def test_services_called_over_the_network_accept_mtls_on_reads(designs: dict[str, Design]) -> None:
    telemetry = designs["telemetry"]
    devices = document(telemetry, telemetry.service("devices"))
    assert devices["components"]["securitySchemes"]["serviceMtls"]["type"] == "mutualTLS"
    internal = {e.path for e in telemetry.service("devices").endpoints if e.auth == "service"}
    gateways = {e.path for e in telemetry.service("devices").endpoints if "device" in e.other_callers}
    for path, method, op in operations(devices):
        # an internal operation only services call takes their client credentials with the read scope, people's
        # reads also mTLS, and those gateways read too their certificates
        device = [{"deviceCertificate": []}] if path in gateways else []
        people = [{"bearerAuth": []}, *device, {"serviceMtls": []}]
        expected = [{"clientCredentials": ["read"]}] if path in internal else people
        assert method != "get" or op["security"] == expected
    shop = designs["shop"]  # one deployable: calls between its services stay in-process
    assert "serviceMtls" not in document(shop, shop.service("catalog"))["components"]["securitySchemes"]


def test_a_public_endpoint_admits_anonymous_callers(designs: dict[str, Design]) -> None:
    design = designs["shop"].model_copy(deep=True)
    catalog = design.service("catalog")
    search = next(e for e in catalog.endpoints if e.action == "search")
    search.auth = "public"
    op = document(design, catalog)["paths"][search.path]["get"]
    assert op["security"] == [{}, {"bearerAuth": []}]
    assert "403" not in op["responses"] and "401" in op["responses"]  # a bad token is still refused


def test_a_description_names_the_use_cases_once(designs: dict[str, Design]) -> None:
    design = designs["shop"].model_copy(deep=True)
    catalog = design.service("catalog")
    endpoint = catalog.endpoints[0]
    endpoint.summary, endpoint.use_cases = "Browse products; Restock", ["Browse products", "Restock", "Audit"]
    described = document(design, catalog)["paths"][endpoint.path][endpoint.method.lower()]["description"]
    assert described.startswith("Browse products; Restock.") and "Also serves: Audit." in described
    endpoint.summary = "Read one product"
    described = document(design, catalog)["paths"][endpoint.path][endpoint.method.lower()]["description"]
    assert "Serves: Browse products, Restock, Audit." in described and "Also" not in described
    endpoint.summary = "Browse products, restock or audit"
    described = document(design, catalog)["paths"][endpoint.path][endpoint.method.lower()]["description"]
    assert "erves:" not in described


def test_entity_fields_become_bounded_schemas_with_examples(designs: dict[str, Design]) -> None:
    shop = designs["shop"]
    doc = document(shop, shop.service("ordering"))
    order = doc["components"]["schemas"]["Order"]["properties"]
    assert order["id"]["format"] == "uuid" and order["id"]["readOnly"] is True
    assert order["total"]["type"] == "string" and order["total"]["pattern"]  # decimals travel as strings
    assert order["status"]["enum"] == ["pending", "paid", "shipped", "cancelled"]
    assert order["customer"]["format"] == "uuid" and "Customer" in order["customer"]["description"]
    assert order["items"]["maxItems"] == 100 and order["items"]["items"]["format"] == "uuid"
    customer = doc["components"]["schemas"]["Customer"]["properties"]
    assert customer["email"]["format"] == "email" and customer["name"]["maxLength"] == 255
    assert all(schema.get("examples") for schema in [*order.values(), *customer.values()])
    # the customer comes from the token, the total is computed and the status moves by transitions: the server
    # sets them, so a client sends only what it chooses
    assert all(order[name].get("readOnly") for name in ("customer", "total", "status"))
    create = doc["paths"]["/v1/orders"]["post"]["requestBody"]["content"]["application/json"]
    assert set(create["example"]) == {"items", "payment_method"}  # what it orders, and the provider's token to pay


def test_hand_edited_endpoints_still_give_a_valid_document(designs: dict[str, Design]) -> None:
    design = designs["shop"].model_copy(deep=True)
    ordering = design.service("ordering")
    ordering.endpoints[0].entity = None  # an operation on no particular entity
    ordering.endpoints[1].path = "/v1/customers/{customer_id}/orders"  # a nested collection
    doc = document(design, ordering)
    validate(doc)
    nested = doc["paths"]["/v1/customers/{customer_id}/orders"]
    assert [p["name"] for p in nested["parameters"]] == ["customer_id"]
    assert {"name": "ordering", "description": ordering.responsibility} in doc["tags"]


def test_limits_count_in_the_right_number() -> None:
    assert constraints({"type": "string", "minLength": 1}) == "at least 1 character"
    assert constraints({"type": "string", "maxLength": 255}) == "at most 255 characters"
    assert constraints({"type": "array", "maxItems": 1}) == "at most 1 item"
    assert constraints({"type": "object", "maxProperties": 20}) == "at most 20 properties"


def test_a_search_over_several_records_answers_the_use_case_not_raw_rows() -> None:
    """Search availability (dates, guests and a city or hotel in; room types with their rates out) takes the stay
    and the party, and answers each night with its hotel, room type and rates, without the rooms sold and held."""
    doc = openapi_documents(corpus_design("04-room-bookings"))["inventories"]
    search = doc["paths"]["/v1/room-types/availability"]["get"]
    required = {p["name"] for p in search["parameters"] if p.get("required")}
    assert {"check_in", "check_out", "guests"} <= required
    assert "city" in parameter_names(doc, search)
    page = resolve(doc, search["responses"]["200"]["content"]["application/json"]["schema"])
    item = resolve(doc, page["properties"]["items"]["items"])
    assert item["properties"]["hotel"] == {"$ref": "#/components/schemas/HotelSummary"}
    assert item["properties"]["room_type"] == {"$ref": "#/components/schemas/RoomTypeSummary"}
    assert "rates" not in item["properties"]  # the rates are the room type's, not each stock row's
    assert not {"sold", "held"} & set(item["properties"])
    assert {"available", "price"} <= set(item["required"])  # how many are free for the stay, and from what price


def test_a_timeline_answers_typed_posts_with_their_authors() -> None:
    doc = openapi_documents(corpus_design("07-social-feed"))["timelines"]
    timeline = doc["paths"]["/v1/timelines/home"]["get"]
    page = resolve(doc, timeline["responses"]["200"]["content"]["application/json"]["schema"])
    post = resolve(doc, page["properties"]["items"]["items"])
    assert "text" in post["properties"]
    # a reader sees each author as another member, without what only the member themselves reads
    assert post["properties"]["author"] == {"$ref": "#/components/schemas/MemberSummaryForOthers"}


def test_a_phone_registers_its_push_token_in_the_body_never_the_url() -> None:
    """A push token is a credential: the registration names the app installation in the path and carries the
    provider's token in its body."""
    documents = openapi_documents(corpus_design("07-social-feed"))
    registrations = [
        (path, item["put"])
        for doc in documents.values()
        for path, item in doc["paths"].items()
        if item.get("put", {}).get("operationId") == "registerPushToken"
    ]
    assert registrations
    for path, operation in registrations:
        assert "token" not in path
        [doc] = [d for d in documents.values() if path in d["paths"]]
        ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        body = doc["components"]["schemas"][ref.rsplit("/", 1)[1]]
        assert set(body["required"]) == {"platform", "push_token"}


def test_a_person_reads_only_the_records_about_them_never_a_view_of_anothers() -> None:
    """A patient opening a chart, a guest managing a booking: no relation hands them other people's records, so no
    operation describes what they would see of someone else's, while staff keep their views."""
    for name, entity in (("11-health-records", "Patient"), ("04-room-bookings", "Booking")):
        described = [
            op["description"]
            for doc in openapi_documents(corpus_design(name)).values()
            for item in doc["paths"].values()
            for op in item.values()
            if isinstance(op, dict) and f"{entity} records hold personal data" in op.get("description", "")
        ]
        assert described, name
        assert not any("patient for others' records" in d or "guest for others' records" in d for d in described)
        # staff who act on a patient read the whole chart, so only the booking keeps a view for others
        assert name == "11-health-records" or any("the person it is about" in d for d in described), name


def test_a_chart_may_add_up_the_number_of_records_or_any_of_their_figures() -> None:
    """A creator's chart over videos counts them or adds up any figure they keep, not only the last one."""
    found = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            measure = node.get("properties", {}).get("measure")
            if isinstance(measure, dict) and "enum" in measure:
                found.append(measure["enum"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for name in ("04-room-bookings", "06-video-platform"):
        walk(openapi_documents(corpus_design(name)))
    assert found and all(e[0] == "count" and len(e) > 1 for e in found), found


def test_where_a_file_is_kept_is_never_answered_only_a_signed_link() -> None:
    design = corpus_design("07-social-feed")
    keys = {"storage_key", "object_key", "manifest_path"}
    for doc in openapi_documents(design).values():
        for name, schema in doc.get("components", {}).get("schemas", {}).items():
            assert not keys & set(schema.get("properties", {})), name


def test_a_list_members_and_moderators_share_answers_members_only_what_is_published() -> None:
    design = corpus_design("07-social-feed")
    posts = next(d for d in openapi_documents(design).values() if "/v1/posts" in d["paths"])
    status = next(p for p in posts["paths"]["/v1/posts"]["get"]["parameters"] if p.get("name") == "status")
    assert "for signed-in staff who act on them; any other caller gets only the published ones" in " ".join(
        status["description"].split()
    )
