"""Sign-in sized to who signs in: where the cloud's platform can run the OpenID Connect handshake in front of a
tiny team's one application, the design uses it instead of sign-in endpoints and a session service of its own."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.design import lifecycle_needs as needs
from archgen.design.sign_in import situation
from archgen.knowledge.protocols import protocols
from archgen.knowledge.sign_in import EdgeSignIn, sign_in_knowledge


def edge_sign_in(draft: Draft) -> EdgeSignIn | None:
    """The platform's own sign-in in front of the application: for one company's staff on a tiny system whose
    platform offers it (the questionnaire naming no SAML, which these speak only through another service)."""
    if situation(draft.req) != "workforce" or not draft.tiny or not draft.catalog.options("paas"):
        return None
    if protocols().protocols["saml"].says(needs.said_of(draft.req)):
        return None
    return sign_in_knowledge().edge_for(draft.catalog.cloud, draft.catalog["paas"])
