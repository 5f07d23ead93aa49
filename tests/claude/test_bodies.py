"""Claude states an operation's request and response bodies; they reach the design and its published contract,
and a body that breaks a body rule goes back to the service that stated it."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

from archgen.architects.claude import ClaudeArchitect
from archgen.render.openapi import document
from archgen.requirements import Loaded
from archgen.review import review
from tests.claude.fake_api import FakeClaude, answer

Make = Callable[..., ClaudeArchitect]
Json = dict[str, Any]


def field(name: str, kind: str, required: bool = True, read_only: bool = False, carries: str = "") -> Json:
    """A body field as Claude's answer spells it: every property given."""
    return {
        "name": name,
        "type": kind,
        "required": required,
        "read_only": read_only,
        "description": "",
        "field": carries,
    }


def claim_with_lines(fake: FakeClaude, status_field: bool = False) -> str:
    """The claims service's answer with a claim submitted with its receipt lines, and its answer stated."""
    detail = copy.deepcopy(fake.answers["service claims"])
    create = next(e for e in detail["endpoints"] if e["operation_id"] == "createClaim")
    create["request"] = {
        "description": "A claim and the receipts it is made of.",
        "fields": [
            field("amount", "decimal", carries="Claim.amount"),
            field("currency", "enum[EUR, GBP, USD]"),
            field("category", "enum[travel, meals, equipment, other]"),
            field("lines", "list[object[Line]]"),
            *([field("status", "enum[draft, submitted]", carries="Claim.status")] if status_field else []),
        ],
        "objects": [
            {
                "name": "Line",
                "description": "One receipt.",
                "fields": [field("spent_on", "date"), field("amount", "decimal")],
            }
        ],
    }
    create["response"] = {
        "description": "",
        "fields": [field("id", "uuid", read_only=True), field("employee", "object[Employee]")],
        "objects": [],
    }
    create["status"] = None
    return json.dumps(detail)


def test_stated_bodies_reach_the_design_and_its_contract(architect: Make, fake: FakeClaude, loaded: Loaded) -> None:
    fake.then("service claims", answer(claim_with_lines(fake)))
    design = architect().design(loaded)
    detail = next(r for r in fake.requests if "Service to detail: claims" in json.dumps(r))
    schema = detail["output_config"]["format"]["schema"]
    assert {"request", "response", "status"} <= set(schema["$defs"]["Endpoint"]["required"])
    assert {"Body", "BodyField", "BodyObject"} <= set(schema["$defs"])
    assert "`request` and `response`" in detail["messages"][0]["content"][-1]["text"]
    create = next(e for e in design.service("claims").endpoints if e.operation_id == "createClaim")
    assert create.request is not None and [f.name for f in create.request.fields][-1] == "lines"
    doc = document(design, design.service("claims"))
    body = doc["components"]["schemas"]["CreateClaimRequest"]
    assert body["required"] == ["amount", "currency", "category", "lines"]
    assert doc["components"]["schemas"]["CreateClaimRequestLine"]["properties"]["spent_on"]["format"] == "date"
    answered = doc["paths"]["/v1/claims"]["post"]["responses"]["201"]["content"]["application/json"]["schema"]
    assert answered == {"$ref": "#/components/schemas/CreateClaimResponse"}
    assert [f for f in review(design, loaded.requirements) if f.severity == "error"] == []


def test_a_body_that_sets_the_state_goes_back_to_its_service(architect: Make, fake: FakeClaude, loaded: Loaded) -> None:
    fake.then("service claims", answer(claim_with_lines(fake, status_field=True)))
    design = architect().design(loaded)
    repairs = [r for r in fake.requests if len(r["messages"]) == 3]
    assert len(repairs) == 1 and "Service to detail: claims" in json.dumps(repairs[0]["messages"][0])
    said = repairs[0]["messages"][-1]["content"]
    text = said if isinstance(said, str) else "".join(block["text"] for block in said)
    assert "API072 claims: POST /v1/claims: the request sets Claim.status" in text
    assert [f for f in review(design, loaded.requirements) if f.severity == "error"] == []
