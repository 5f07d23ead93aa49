"""Every write lands in the service that owns the record, and every record the questionnaire says arrives is made
by someone: phones register where their tokens are kept, a payment is made when its claim is approved, and records
nothing makes are asked about."""

from __future__ import annotations

import functools

from archgen.architects.rules import RulesArchitect
from archgen.design.model import PUSH_REGISTRATION, Design
from archgen.requirements import load_requirements
from archgen.review.engine import review
from tests.conftest import ROOT


@functools.cache
def _design(name: str) -> Design:
    return RulesArchitect().design(load_requirements(ROOT / "tests" / "domains" / f"{name}.yaml"))


def test_phones_register_with_the_service_that_keeps_their_tokens() -> None:
    design = _design("07-social-feed")
    owner = design.entity("DeviceToken").owner
    registering = [(s.name, e) for s in design.services for e in s.endpoints if e.path.startswith("/v1/me/devices/")]
    assert registering and all(name == owner and e.entity == "DeviceToken" for name, e in registering)
    assert any(e.operation_id == PUSH_REGISTRATION for _, e in registering)


def test_an_approved_claim_makes_its_payment() -> None:
    design = _design("14-claims-workflow")
    payments = design.entity("ClaimPayment").owner
    approved = next(e for e in design.events if e.name == "ClaimApproved")
    assert payments in approved.consumers
    assert "ClaimApproved" in next(s for s in design.services if s.name == payments).consumes
    flow = next(f for f in design.flows if f.use_case == "Decide within authority")
    made = [s for s in flow.steps if s.source == payments and s.message.startswith("create ClaimPayment")]
    assert made and made[0].target == design.entity("ClaimPayment").store


def test_records_nothing_makes_are_asked_about_and_not_left_silent() -> None:
    design = _design("14-claims-workflow")
    asked = [q for q in design.open_questions if q.raised_by == "data.entities[Policy]"]
    assert asked and "What creates Policy records?" in asked[0].question
    assert not [f for f in review(design) if f.rule in ("SVC010", "SVC011")]
