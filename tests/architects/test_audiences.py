"""Each audience reaches what it should: the person a record is about never gets the organisation's assessment of
it, a page of shared records carries no one else's read state, nothing checked before it is seen is published
before the check, and people who do not sign in are still counted."""

from __future__ import annotations

from archgen.render.openapi.document import openapi_documents
from tests.conftest import corpus_design


def test_the_claimant_follows_their_claim_without_its_fraud_score_or_reserve() -> None:
    claims = corpus_design("14-claims-workflow")
    fields = {f.name: f for f in claims.entity("Claim").fields}
    assert "self" not in fields["fraud_score"].readers and "adjuster" in fields["fraud_score"].readers
    assert "policyholder" not in fields["reserve_amount"].readers
    schemas = openapi_documents(claims)["intake"]["components"]["schemas"]
    seen = set(schemas["ClaimForOthers"]["properties"])
    assert "claim_number" in seen and not {"fraud_score", "reserve_amount"} & seen


def test_a_video_is_readied_and_published_only_once_moderation_passed() -> None:
    video = corpus_design("06-video-platform")
    machine = video.entity("Video").state_machine
    assert machine is not None
    moves = {t.name: t for t in machine.transitions}
    assert "moderation" in moves["ready"].guard and "moderation" in moves["publish"].guard
    assert moves["reinstate"].guard == ""  # the moderator's own decision is the check


def test_a_heartbeat_of_a_viewer_not_signed_in_needs_no_viewer() -> None:
    video = corpus_design("06-video-platform")
    events = video.entity("ViewEvent")
    viewer = next(f for f in events.fields if f.name == "viewer")
    assert not viewer.required and "viewer" not in events.primary_key and "session_id" in events.primary_key


def test_messages_found_carry_no_members_read_state() -> None:
    chat = corpus_design("08-team-chat")
    search = next(e for s in chat.services for e in s.endpoints if e.action == "search" and e.entity == "Message")
    assert "ChannelMembership" not in search.includes
