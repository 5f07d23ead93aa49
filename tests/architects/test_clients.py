"""People who use the system get a client application, hosted, priced and signed in the way the API accepts; a
system only devices and other systems call gets none."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from archgen.architects.rules import RulesArchitect
from archgen.design.model import Design
from archgen.requirements import load_requirements
from archgen.review.engine import review
from tests.conftest import corpus_design


def _fired(design: Design, *rule_ids: str) -> list[str]:
    return [f.rule for f in review(design, design.requirements) if f.rule in rule_ids]


def test_a_small_internal_tool_gets_pages_its_application_renders() -> None:
    design = corpus_design("12-internal-tool")
    (client,) = design.clients
    web = next(d.name for d in design.deployables if d.kind == "web")
    assert client.delivery == "server-rendered" and set(client.roles) == {"staff", "office_manager"}
    assert web in client.hosting and client.session == "cookie" and "CSRF" in client.csrf
    # nothing else to host or pay for: the application's instances serve the pages
    assert not [line for line in design.cost.lines if line.component == client.name]
    assert "session cookie" in design.api.authentication and "CSRF" in design.api.authentication
    assert "bearer" not in design.api.authentication.lower()
    assert not _fired(design, "SVC016", "SVC017", "SEC064")


def test_public_users_get_a_web_app_on_a_cdn_priced_by_their_visits(designs: dict[str, Design]) -> None:
    design = designs["shop"]
    web = [c for c in design.clients if c.delivery == "web"]
    assert {r for c in web for r in c.roles} == {"customer", "merchant", "admin"}
    for client in web:
        lines = [line for line in design.cost.lines if line.component == client.name]
        assert lines and lines[0].price == "cdn_egress_gb" and lines[0].monthly_usd > 0
        key = next(f.key for f in design.capacity.figures if f.key.endswith(".egress.month") and client.name in f.label)
        assert design.capacity.value(key) > 0
        assert "CDN" in client.hosting or "CloudFront" in client.hosting or "Front Door" in client.hosting
    # the browser keeps a cookie; the API says how it becomes the bearer token and what stops forged calls
    assert "backend-for-frontend" in design.api.authentication and "X-CSRF-Token" in design.api.authentication
    assert not _fired(design, "SVC016", "SVC017", "SEC064")


def test_people_on_phones_get_mobile_apps_and_staff_a_web_app() -> None:
    design = corpus_design("01-ride-hailing")
    by_delivery = {c.delivery: c for c in design.clients}
    assert set(by_delivery["mobile"].roles) == {"rider", "driver"}
    assert by_delivery["mobile"].session == "bearer" and not by_delivery["mobile"].csrf
    assert by_delivery["web"].roles == ["support_agent"]
    assert any(line.component == by_delivery["mobile"].name for line in design.cost.lines)
    assert "system.summary" in by_delivery["mobile"].rationale


def test_the_overview_draws_the_apps_between_people_and_the_gateway() -> None:
    from archgen.render.diagrams.overview import overview_view

    design = corpus_design("01-ride-hailing")
    dot = overview_view(design).source
    assert "customer mobile" in dot and "staff web app" in dot
    assert "iOS and Android" in dot and "single-page app, CDN" in dot
    assert "users -> client0;" in dot and "client0 -> gateway;" in dot


def test_a_system_only_devices_and_systems_call_gets_no_client(write_yaml: Callable[..., Path]) -> None:
    path = write_yaml(
        """
        version: 1
        system:
          name: Gauge Relay
          summary: Gauges report readings and the billing system reads them back.
        users:
          daily_active: 500
          roles:
            - {name: gauge, kind: device}
            - {name: billing, kind: service}
        data:
          entities:
            - name: Reading
              fields: {id: uuid, value: decimal, taken_at: timestamp}
        """
    )
    design = RulesArchitect().design(load_requirements(path))
    assert design.clients == []
    assert "backend-for-frontend" not in design.api.authentication
    assert not [line for line in design.cost.lines if "served via CDN" in line.item]
    assert not _fired(design, "SVC016", "SVC017", "SEC064")


def test_the_api_style_decision_names_the_clients_the_design_has() -> None:
    """A recipe notebook has a web app and no phone app: the decision speaks of web clients, not mobile ones, and
    promises state-changing commands only where a record has a lifecycle."""
    design = corpus_design("13-required-only")
    assert {c.delivery for c in design.clients} == {"web"}
    decision = next(d for d in design.decisions if d.title == "API style and conventions")
    assert decision.context.startswith("Callers are web clients")
    assert "mobile" not in decision.context + " ".join(decision.rationale)
    # state-changing commands are promised only where a record has a lifecycle (a recipe import's run)
    commands = [c for c in decision.consequences if "{transition}" in c]
    assert bool(commands) == any(e.state_machine for e in design.entities)


def test_the_api_style_decision_names_phone_apps_where_people_use_them() -> None:
    design = corpus_design("01-ride-hailing")
    decision = next(d for d in design.decisions if d.title == "API style and conventions")
    assert "mobile clients" in decision.context
    assert [c for c in decision.consequences if "{transition}" in c]
