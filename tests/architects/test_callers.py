"""Who may call an operation follows who the callers are, as a reader of the corpus designs would check it."""

from __future__ import annotations

from archgen.design.model import Design, Endpoint
from archgen.render.openapi.document import openapi_documents
from tests.conftest import corpus_design


def op(design: Design, method: str, path: str) -> Endpoint:
    return next(e for s in design.services for e in s.endpoints if e.method == method and e.path == path)


def test_an_anonymous_visitor_views_a_listing_and_clicks_out_without_a_token() -> None:
    catalogue = corpus_design("09-product-catalogue-search")
    assert op(catalogue, "GET", "/v1/listings/{id}").auth == "public"
    assert op(catalogue, "POST", "/v1/click-outs").auth == "public"


def test_a_billable_click_takes_a_signed_page_value_and_the_server_names_seller_buyer_and_time() -> None:
    catalogue = corpus_design("09-product-catalogue-search")
    fields = {f.name: f for f in catalogue.entity("ClickOut").fields}
    assert {n: fields[n].set_by for n in ("listing", "seller", "buyer", "clicked_at")} == dict.fromkeys(
        ("listing", "seller", "buyer", "clicked_at"), "server"
    )
    assert fields["page_signature"].set_by == "client"
    body = openapi_documents(catalogue)["click-outs"]["components"]["schemas"]["ClickOutInput"]["properties"]
    assert "page_signature" in body and not {"seller", "buyer", "clicked_at"} & set(body)


def test_a_visitor_cannot_read_back_everyones_clicks_and_a_seller_sees_clicks_without_the_buyer() -> None:
    catalogue = corpus_design("09-product-catalogue-search")
    assert "visitor" not in op(catalogue, "GET", "/v1/click-outs").roles
    buyer = next(f for f in catalogue.entity("ClickOut").fields if f.name == "buyer")
    assert "seller" not in buyer.readers


def test_viewers_who_are_not_signed_in_browse_search_read_comments_and_are_counted() -> None:
    video = corpus_design("06-video-platform")
    for method, path in [
        ("GET", "/v1/videos"),
        ("GET", "/v1/videos/search"),
        ("GET", "/v1/comments"),
        ("POST", "/v1/view-events/batches"),
    ]:
        assert op(video, method, path).auth == "public", path
    assert op(video, "POST", "/v1/comments").auth == "user"  # a comment has an author


def test_a_patient_reads_only_their_own_record_and_exports_only_their_own_file() -> None:
    health = corpus_design("11-health-records")
    assert "patient" not in op(health, "GET", "/v1/patients").roles
    assert "patient" in op(health, "GET", "/v1/patients/{id}").roles
    export = next(e for s in health.services for e in s.endpoints if "Download records" in e.use_cases)
    assert export.path.startswith("/v1/me/") and not export.filters


def test_a_tenants_payroll_system_lists_employees_with_a_token_it_can_get_and_a_scope_per_data_class() -> None:
    hr = corpus_design("05-b2b-saas-residency")
    docs = openapi_documents(hr)
    listing = docs["people"]["paths"]["/v1/employees"]["get"]
    assert {"clientCredentials": ["read"]} in listing["security"]
    token = next(d["paths"]["/oauth/token"]["post"] for d in docs.values() if "/oauth/token" in d["paths"])
    assert token["security"] == [{"clientCredentials": []}]
    scheme = docs["people"]["components"]["securitySchemes"]["clientCredentials"]["flows"]["clientCredentials"]
    assert scheme["tokenUrl"].endswith("/oauth/token")
    sensitive = scheme["scopes"]["read:sensitive"]
    assert "salary" in sensitive and "bank_iban" in sensitive
    assert "salary" not in scheme["scopes"]["read:personal"]


def test_merchant_back_ends_replay_their_deliveries_with_their_own_credentials() -> None:
    ledger = corpus_design("03-payments-ledger")
    replay = next(
        e
        for s in ledger.services
        for e in s.endpoints
        if e.path.endswith("/replay") or "replay" in e.operation_id.lower()
    )
    assert replay.auth == "service" and "user" not in replay.other_callers


def test_a_consumer_finds_a_friend_by_email_or_phone_and_cannot_page_through_every_consumer() -> None:
    ledger = corpus_design("03-payments-ledger")
    assert "consumer" not in op(ledger, "GET", "/v1/consumers").roles
    lookup = op(ledger, "GET", "/v1/consumers/lookup")
    assert lookup.roles == ["consumer"] and lookup.action == "get"
    assert {i.name for i in lookup.inputs} == {"email", "phone"}


def test_a_rider_sees_where_the_driver_of_their_trip_is_and_only_under_that_trip() -> None:
    rides = corpus_design("01-ride-hailing")
    latitude = next(f for f in rides.entity("DriverLocation").fields if f.name == "latitude")
    assert "rider" in latitude.readers
    assert "rider" not in op(rides, "GET", "/v1/driver-locations").roles
    assert op(rides, "GET", "/v1/trips/{id}/driver-locations").roles == ["rider"]
    handling = next(h for h in rides.security.pii if h.entity == "DriverLocation")
    assert any("rider (only of a Trip they share, while it lasts)" in c for c in handling.controls)


def test_front_desk_finds_the_patient_they_book_and_a_patient_reads_results_through_an_operation_of_theirs() -> None:
    health = corpus_design("11-health-records")
    assert "front_desk" in op(health, "GET", "/v1/patients").roles
    assert "front_desk" in op(health, "GET", "/v1/patients/{id}").roles
    carriers = [e for s in health.services for e in s.endpoints if "View results and records" in e.use_cases]
    assert carriers and all("patient" in e.roles for e in carriers)


def test_a_member_connects_through_their_own_memberships_and_starts_a_direct_conversation() -> None:
    chat = corpus_design("08-team-chat")
    connect = [e for s in chat.services for e in s.endpoints if "Connect client" in e.use_cases]
    assert [e.path for e in connect] == ["/v1/me/channel-memberships"]
    assert connect[0].includes == ["Channel"] and connect[0].roles == ["member"]
    assert not [e for s in chat.services for e in s.endpoints if e.path == "/v1/workspaces" and "member" in e.roles]
    assert "member" in op(chat, "POST", "/v1/channels").roles
    assert "member" in op(chat, "GET", "/v1/channels/{id}").roles
