"""Designs the staged run must accept as they come: services that own no entity, and endpoints that filter or sort
another service's entity."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable

from archgen.architects.claude import ClaudeArchitect
from archgen.requirements import Loaded
from tests.claude.fake_api import FakeClaude, answer

Make = Callable[..., ClaudeArchitect]


def with_identity_service(fake: FakeClaude) -> None:
    """Add an identity service that owns no entity, and let claims list employees filtered by their e-mail."""
    skeleton = copy.deepcopy(fake.answers["skeleton"])
    identity = copy.deepcopy(skeleton["services"][0])
    identity.update(
        name="identity",
        slug="identity",
        domain="identity",
        responsibility="Signs people in through the company's identity provider; stores nothing of its own.",
        entities=[],
        depends_on=[],
        stores=[],
        publishes=[],
        consumes=[],
        integrations=[],
    )
    skeleton["services"].append(identity)
    for deployable in skeleton["deployables"]:
        if "employees" in deployable["services"]:
            deployable["services"].append("identity")
    fake.answers["skeleton"] = skeleton
    fake.answers["service identity"] = {
        "endpoints": [
            {
                "method": "GET",
                "path": "/v1/me",
                "operation_id": "getMe",
                "summary": "Who the signed-in person is, from the identity provider's token",
                "action": "get",
                "entity": None,
                "filters": [],
                "paginated": False,
                "sort": None,
                "auth": "user",
                "idempotency_key": False,
                "async": False,
                "use_cases": [],
            }
        ],
        "entities": [],
    }
    claims = copy.deepcopy(fake.answers["service claims"])
    lookup = copy.deepcopy(claims["endpoints"][1])
    lookup.update(
        method="GET",
        action="list",
        idempotency_key=False,
        path="/v1/claimants",
        operation_id="listClaimants",
        summary="Employees who can claim, by e-mail",
        entity="Employee",
        filters=[{"name": "email", "field": "email", "kind": "eq"}],
        sort="name",
    )
    claims["endpoints"].append(lookup)
    fake.answers["service claims"] = claims


def test_a_service_without_entities_and_a_filter_on_another_services_entity_need_no_repair(
    architect: Make, fake: FakeClaude, loaded: Loaded
) -> None:
    with_identity_service(fake)
    design = architect().design(loaded)
    assert sorted(fake.stages()) == ["service claims", "service employees", "service identity", "skeleton"]
    assert all(len(r["messages"]) == 1 for r in fake.requests)  # not one repair round
    identity = design.service("identity")
    assert identity.entities == [] and [e.operation_id for e in identity.endpoints] == ["getMe"]
    assert "listClaimants" in [e.operation_id for e in design.service("claims").endpoints]


def test_the_detail_schema_lets_a_service_design_no_entity(fake: FakeClaude, architect: Make, loaded: Loaded) -> None:
    architect().design(loaded)
    schema = fake.requests[-1]["output_config"]["format"]["schema"]
    assert "minItems" not in json.dumps(schema["properties"]["entities"])


def test_a_filter_on_a_field_the_owner_does_not_design_goes_back_once_every_entity_is_known(
    architect: Make, fake: FakeClaude, loaded: Loaded
) -> None:
    with_identity_service(fake)
    wrong = copy.deepcopy(fake.answers["service claims"])
    wrong["endpoints"][-1]["filters"][0]["field"] = "phone_hmac"
    fake.then("service claims", answer(json.dumps(wrong)))
    architect().design(loaded)
    repairs = [r for r in fake.requests if len(r["messages"]) == 3]
    assert len(repairs) == 1
    text = repairs[0]["messages"][-1]["content"]
    text = text if isinstance(text, str) else "".join(b["text"] for b in text)
    assert "Employee has no field 'phone_hmac'; use one of cost_centre, created_at, email, id, manager, name" in text
