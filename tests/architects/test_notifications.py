"""A push provider that gets only a record's id is not a party to a HIPAA business associate agreement."""

from __future__ import annotations

from archgen.architects.rules import RulesArchitect
from archgen.requirements import load_requirements
from tests.conftest import ROOT


def test_the_business_associates_leave_out_the_push_provider_but_keep_the_sms_one() -> None:
    design = RulesArchitect().design(load_requirements(ROOT / "tests" / "domains" / "11-health-records.yaml"))
    push = next(c for c in design.realtime if c.protocol == "mobile-push")
    assert all(m.fields == ["id"] for m in push.messages)
    agreement = next(c for c in design.security.controls if c.regime == "hipaa" and "BAA" in c.measure)
    assert push.technology not in agreement.elements and push.technology not in agreement.measure
    assert "Twilio" in agreement.elements
