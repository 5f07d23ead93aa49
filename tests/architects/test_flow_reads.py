"""A flow reads only what it can address: by id what it holds a reference to, by the field that links the records
to one it holds, what a page names in one call, and nothing a later step assigns."""

from __future__ import annotations

import pytest

from archgen.design.model import Design, Flow
from archgen.render.openapi import openapi_documents
from archgen.review import review
from tests.conftest import DOMAINS, corpus_design


def flow(design: Design, use_case: str) -> Flow:
    return next(f for f in design.flows if f.use_case == use_case)


def calls(design: Design, use_case: str, target: str) -> list[str]:
    return [s.message for s in flow(design, use_case).steps if s.target == target and s.kind == "sync"]


def test_a_trip_reads_its_own_route_not_one_position_by_id() -> None:
    design = corpus_design("01-ride-hailing")
    for use_case in ("Complete trip", "Look up trip"):
        assert [m.split(" (")[0] for m in calls(design, use_case, "driver-locations")] == [
            "GET /v1/driver-locations?trip={id}"
        ]
    listing = next(s for s in design.services if s.name == "driver-locations")
    operation = next(e for e in listing.endpoints if e.method == "GET" and e.path == "/v1/driver-locations")
    assert "trip" in {f.name for f in operation.filters}


def test_a_new_trip_reads_no_driver_before_one_accepts_it() -> None:
    design = corpus_design("01-ride-hailing")
    assert calls(design, "Request ride", "drivers") == []
    assert calls(design, "Request ride", "driver-locations") == []
    assert [m.split(" (")[0] for m in calls(design, "Request ride", "fare-estimates")] == [
        "GET /v1/fare-estimates/{id}"
    ]  # the request names the estimate it confirms


def test_a_page_of_trips_reads_their_payments_in_one_call() -> None:
    design = corpus_design("01-ride-hailing")
    [message] = calls(design, "View trip history", "payments")
    assert message.startswith("GET /v1/payments?trips={ids}")
    payments = next(s for s in design.services if s.name == "payments")
    operation = next(e for e in payments.endpoints if e.method == "GET" and e.path == "/v1/payments")
    assert any(f.name == "trips" and f.field == "trip" for f in operation.filters)


def test_a_feed_reads_the_callers_subscriptions_first_and_filters_the_query_by_them() -> None:
    design = corpus_design("06-video-platform")
    steps = [s.message for s in flow(design, "Browse home feed").steps]
    subscriptions = next(i for i, m in enumerate(steps) if m.startswith("GET /v1/subscriptions?viewer={id}"))
    query = next(i for i, m in enumerate(steps) if m.startswith("query Video"))
    assert subscriptions < query
    assert "the caller's Subscriptions (channel in theirs)" in steps[query]
    assert any(m.startswith("GET /v1/channels?ids={ids}") for m in steps)  # the page's channels, in one call


def test_playback_lists_the_videos_renditions() -> None:
    design = corpus_design("06-video-platform")
    [message] = calls(design, "Start playback", "media-processing")
    assert message.startswith("GET /v1/renditions?video={id}")


def test_the_openapi_list_takes_a_page_of_trips_and_a_trip() -> None:
    design = corpus_design("01-ride-hailing")
    payments = next(s for s in design.services if s.name == "payments")
    parameters = openapi_documents(design)[payments.slug]["paths"]["/v1/payments"]["get"]["parameters"]
    named = {p["name"]: p for p in parameters if "name" in p}
    assert named["trips"]["schema"]["type"] == "array" and named["trips"]["explode"] is False
    assert named["trips"]["schema"]["maxItems"] >= 20  # a page of trips in one call
    locations = next(s for s in design.services if s.name == "driver-locations")
    listing = openapi_documents(design)[locations.slug]["paths"]["/v1/driver-locations"]["get"]["parameters"]
    assert "trip" in {p.get("name") for p in listing}


@pytest.mark.parametrize("domain", DOMAINS)
def test_no_flow_reads_what_it_cannot_address(domain: str) -> None:
    design = corpus_design(domain)
    found = [f for f in review(design) if f.rule in ("FLOW080", "FLOW081", "FLOW082", "FLOW083", "FLOW084")]
    assert found == []


def test_a_read_of_another_modules_table_is_the_exception_the_style_decision_states() -> None:
    """Where a flow reads another module's table, it names the read-only view, and the style decision allows it."""
    design = corpus_design("12-internal-tool")
    crossing = [s.message for f in design.flows for s in f.steps if "read-only" in s.message]
    assert crossing and all("read-only view" in m for m in crossing)
    style = design.decisions[0]
    said = " ".join(style.consequences)
    assert "queries across schemas" in said and "read-only views" in said
