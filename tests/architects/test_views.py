"""A use case that asks for a view gets an operation answering that view: a chart takes its period and resolution
and answers one value per bucket, availability says how many are free and from what price, a dashboard sets its
measures against a comparison, and no two views share one operation or a path named after an entity."""

from __future__ import annotations

import pytest

from archgen.design.model import Design, Endpoint
from archgen.design.views import view_of, views_of
from archgen.render.openapi import openapi_documents
from archgen.requirements.model import UseCase
from tests.conftest import DOMAINS, corpus_design


def carrier(design: Design, use_case: str) -> tuple[str, Endpoint]:
    return next((s.slug, e) for s in design.services for e in s.endpoints if use_case in e.use_cases)


def answer(design: Design, use_case: str) -> tuple[dict, dict]:
    """The OpenAPI operation carrying a use case and the schema of its 200 answer (the page's item for a list)."""
    service, endpoint = carrier(design, use_case)
    doc = openapi_documents(design)[service]
    op = doc["paths"][endpoint.path]["get"]
    ref = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    schema = doc["components"]["schemas"][ref]
    if "items" in schema["properties"]:
        ref = schema["properties"]["items"]["items"]["$ref"].rsplit("/", 1)[-1]
        schema = doc["components"]["schemas"][ref]
    return op, schema


def case(name: str, description: str = "") -> UseCase:
    return UseCase(name=name, actor="member", description=description or None, reads=["Thing"])


def test_a_chart_is_a_series_only_where_a_bucket_width_is_named() -> None:
    assert view_of(case("Open patient chart")) is None
    chart = view_of(case("View my usage", "Day and month charts."))
    assert chart is not None and chart.kind.name == "series" and chart.resolutions == ("day", "month")
    dashboard = view_of(case("View store dashboard", "Sales against target and the same day last year, top products."))
    assert dashboard is not None and dashboard.comparisons == ("target", "same_period_last_year") and dashboard.ranked


def test_a_consumption_chart_takes_period_and_resolution_and_answers_buckets() -> None:
    design = corpus_design("02-smart-meter-telemetry")
    _, endpoint = carrier(design, "View my consumption")
    assert endpoint.path == "/v1/meters/{id}/consumption" and endpoint.action == "aggregate"
    op, schema = answer(design, "View my consumption")
    params = {p["name"]: p for p in op["parameters"] if "name" in p}
    assert {"from", "to", "resolution", "compare_to"} <= set(params) and "limit" not in params
    assert params["resolution"]["schema"]["enum"] == ["day", "week", "month", "year"]
    assert {"points", "resolution", "function"} <= set(schema["properties"])
    assert "reading_daily" in op["description"]  # the rollup that serves it is named


def test_availability_says_how_many_are_free_and_from_what_price_not_the_counters() -> None:
    design = corpus_design("04-room-bookings")
    _, endpoint = carrier(design, "Search availability")
    assert endpoint.path.endswith("/availability")
    _, schema = answer(design, "Search availability")
    assert {"available", "price"} <= set(schema["required"])
    assert not {"sold", "held", "total_rooms"} & set(schema["properties"])


def test_a_dashboard_sets_its_measures_against_a_comparison() -> None:
    design = corpus_design("10-retail-analytics")
    op, schema = answer(design, "View store dashboard")
    params = {p["name"]: p for p in op["parameters"] if "name" in p}
    assert "target" in params["compare_to"]["schema"]["enum"]
    measure = schema["properties"]["measures"]["items"]["properties"]
    assert {"value", "comparison", "change_pct"} <= set(measure) and {"top", "bottom"} <= set(schema["properties"])


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_view_has_an_operation_of_its_own_named_after_it(domain: str) -> None:
    design = corpus_design(domain)
    for service in design.services:
        for endpoint in service.endpoints:
            found = views_of(endpoint, design.requirements.use_cases)
            assert len(found) <= 1, endpoint.path
            if found:
                assert endpoint.path.rsplit("/", 1)[-1] not in ("stats", "{id}"), endpoint.path


def test_a_timeline_shows_whether_the_reader_liked_each_post() -> None:
    design = corpus_design("07-social-feed")
    service, _ = carrier(design, "Read home timeline")
    _, schema = answer(design, "Read home timeline")
    assert "liked_by_me" in schema["required"]
    likes = design.entity("Like").owner
    assert likes in next(s for s in design.services if s.slug == service).depends_on  # read for the page at once


def test_a_chart_gives_the_physician_the_values_of_what_it_embeds() -> None:
    """The chart's operation is shared with callers who may read less (the front desk); the physician whose use
    case it carries still gets each observation with its value, the others the summary for others."""
    design = corpus_design("11-health-records")
    service, endpoint = carrier(design, "Open patient chart")
    doc = openapi_documents(design)[service]
    schemas = doc["components"]["schemas"]
    op = doc["paths"][endpoint.path]["get"]
    ref = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    parts = [schemas[r["$ref"].rsplit("/", 1)[-1]] for r in schemas[ref]["anyOf"]]
    observed = {
        p["description"].split(", as ")[-1]: p["properties"]["observations"]["items"]["$ref"].rsplit("/", 1)[-1]
        for p in parts
    }
    physician = next(v for k, v in observed.items() if k.startswith("physician"))
    assert "value" in schemas[physician]["properties"]
    assert any("value" not in schemas[v]["properties"] for v in observed.values())
