"""The edge: the pages place each control where the chosen edge can keep it."""

from __future__ import annotations

from archgen.review.engine import review
from tests.conftest import corpus_design


def test_a_balancer_edge_leaves_schemas_and_caller_limits_to_the_application() -> None:
    """A load balancer reads no body against a schema and keeps no per-caller counters: the security page and the
    API conventions say the application's middleware does both, and the review finds nothing to add."""
    design = corpus_design("13-required-only")
    assert design.gateway is not None and "load balancer" in design.gateway.technology.lower()
    assert "in the application's middleware" in design.security.input_validation
    assert "in the application's middleware" in design.security.rate_limiting
    assert design.api is not None and "in the application's middleware" in design.api.rate_limits
    assert not [f for f in review(design) if f.rule == "GATE012"]


def test_a_tiny_tool_on_the_platforms_endpoint_promises_the_platforms_limits_only() -> None:
    design = corpus_design("12-internal-tool")
    assert design.gateway is not None and design.gateway.technology.startswith("the platform's built-in")
    assert design.api is not None and design.api.rate_limits.startswith("The platform's request limits")
    assert "in the application's middleware" in design.security.input_validation
    assert not [f for f in review(design) if f.rule == "GATE012"]
