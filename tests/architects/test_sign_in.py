"""The rules architect sizes sign-in to who signs in: the platform's own sign-in in front of a tiny staff tool,
one provider without discovery where there are no tenants, discovery per tenant where tenants bring their own, and
what the company's directory owns about a person read-only to them."""

from __future__ import annotations

import dataclasses

from archgen.architects.rules import RulesArchitect
from archgen.design.model import Design
from archgen.requirements import load_requirements
from archgen.review import review
from tests.conftest import CORPUS, corpus_design

SIGN_IN_RULES = {"API081", "SEC054", "SEC055", "SEC065", "SEC066", "SEC067"}


def _paths(design: Design) -> set[str]:
    return {f"{e.method} {e.path}" for s in design.services for e in s.endpoints}


def _on(cloud: str) -> Design:
    loaded = load_requirements(CORPUS / "12-internal-tool.yaml")
    requirements = loaded.requirements.model_copy(deep=True)
    requirements.constraints.cloud = cloud
    return RulesArchitect().design(dataclasses.replace(loaded, requirements=requirements))


def test_a_tiny_staff_tool_on_app_service_signs_in_at_the_platform_with_no_endpoints_of_its_own() -> None:
    design = corpus_design("12-internal-tool")
    assert not [p for p in _paths(design) if "/auth/" in p or "/oidc/" in p]
    people = [c for c in design.security.callers if c.kind == "person"]
    assert people and all("Easy Auth" in c.method and "X-MS-CLIENT-PRINCIPAL" in c.method for c in people)
    identity = next(d for d in design.decisions if d.title == "Authentication and authorisation")
    assert "one engineer builds no sign-in endpoints" in identity.rationale
    assert not {f.rule for f in review(design, design.requirements)} & SIGN_IN_RULES


def test_what_the_directory_owns_about_a_person_is_set_at_sign_in_and_never_edited_by_them() -> None:
    design = corpus_design("12-internal-tool")
    staff = design.entity("StaffMember")
    for name in ("email", "name", "department"):
        field = next(f for f in staff.fields if f.name == name)
        assert field.set_by == "server" and "sign-in" in field.source and field.writers == []
    # nothing is left for a person to edit on their own record, so there is no edit of it
    assert "PATCH /v1/me" not in _paths(design) and "GET /v1/me" in _paths(design)


def test_a_staff_tool_where_the_platform_cannot_sign_in_uses_its_one_provider_without_discovery() -> None:
    design = _on("aws")  # App Runner has no sign-in of its own
    paths = _paths(design)
    assert {"GET /oidc/authenticate", "GET /oidc/callback"} <= paths
    assert not [p for p in paths if p.startswith(("GET /auth/sso", "POST /auth/session"))]
    assert not [t for t in design.security.threats if "refresh-token" in t.mitigation]
    assert not {f.rule for f in review(design, design.requirements)} & SIGN_IN_RULES


def test_tenants_that_bring_their_own_provider_keep_discovery_per_tenant() -> None:
    design = corpus_design("05-b2b-saas-residency")
    assert {"GET /auth/sso/start", "GET /auth/sso/callback"} <= _paths(design)
