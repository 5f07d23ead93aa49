"""Media people upload: a ladder encodes no rung above an upload's own height, a processed media record can fail
with a reason, a photo is uploaded before the post that takes it (capped as the questionnaire says), and a declared
file set is keyed on the record it is named after."""

from __future__ import annotations

from archgen.capacity import media
from archgen.render.openapi.schemas import field_schema
from tests.conftest import corpus_design


def test_a_rung_is_encoded_only_for_uploads_at_least_as_tall() -> None:
    known = {q.name: q for q in media.knowledge().qualities}
    top = known["2160p"]
    reach = sum(s.share for s in media.knowledge().sources if known[s.quality].height >= top.height)
    assert 0 < reach < 1
    assert media.encode_vcpu_s([top]) == top.encode_vcpu_s * reach
    # every upload is at least as tall as the lowest rung, so it is encoded for all
    assert media.encode_vcpu_s([known["144p"]]) == known["144p"].encode_vcpu_s


def test_a_photo_is_uploaded_first_and_the_post_takes_at_most_four() -> None:
    design = corpus_design("07-social-feed")
    entities = {e.name: e for e in design.entities}
    photo, post = entities["MediaAttachment"], entities["Post"]
    assert photo.state_machine is not None and "failed" in photo.state_machine.states
    assert photo.state_machine.initial == "uploading"
    assert any(f.name == "failure_reason" for f in photo.fields)
    named = next(f for f in photo.fields if f.name == "post")
    assert named.set_by == "server" and not named.required
    taken = next(f for f in post.fields if f.type == "list[ref[MediaAttachment]]")
    assert field_schema("Post", taken)["maxItems"] == 4


def test_a_video_can_fail_and_listing_images_have_a_field() -> None:
    video = next(e for e in corpus_design("06-video-platform").entities if e.name == "Video")
    assert video.state_machine is not None and "failed" in video.state_machine.states
    fail = next(t for t in video.state_machine.transitions if t.target == "failed")
    assert fail.roles == ["system"] and "ready" not in fail.source
    listing = next(e for e in corpus_design("09-product-catalogue-search").entities if e.name == "Listing")
    assert any(f.name == "image_keys" and f.type == "list[string]" for f in listing.fields)
