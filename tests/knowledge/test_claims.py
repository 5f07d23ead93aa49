"""The claim vocabulary reads a sentence as a reviewer would: a denial before a phrase takes the claim back."""

from __future__ import annotations

from archgen.knowledge.claims import asserts, claim_words, sentences


def test_a_phrase_after_a_denial_claims_nothing() -> None:
    cdn = claim_words().needs["cdn"].phrases
    assert asserts("public files keep being served from the CDN's cache", cdn) == "cdn's cache"
    assert asserts("there is no CDN's cache in front of the files", cdn) is None


def test_a_denial_after_the_phrase_leaves_the_claim_standing() -> None:
    push = claim_words().needs["push"].phrases
    said = "the realtime channels are described separately because they are not request and response"
    assert asserts(said, push) is not None


def test_each_clause_makes_its_own_claims() -> None:
    assert sentences("writes fail for 30 s; reads from caches keep working. Nothing is lost") == [
        "writes fail for 30 s",
        "reads from caches keep working",
        "Nothing is lost",
    ]
