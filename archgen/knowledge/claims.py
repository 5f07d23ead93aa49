"""The claims prose may make about a design and the element each needs (archgen/knowledge/claims.yaml)."""

from __future__ import annotations

import functools
from typing import Literal

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped

Need = Literal["cache", "cdn", "replica", "outbox", "queue", "push", "job", "search", "page"]


class Needed(BaseModel):
    """An element claims need: what it is in words, and the phrases that claim it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    says: str
    phrases: tuple[str, ...]


class ClaimWords(BaseModel):
    """claims.yaml: phrases per element they need, the words that deny, and the recovery, unique and audit phrases."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    denials: tuple[str, ...] = ()
    needs: dict[Need, Needed] = {}
    recovery: tuple[str, ...] = ()
    unique: tuple[str, ...] = ()
    dedupe: tuple[str, ...] = ()
    audit: tuple[str, ...] = ()
    together: tuple[str, ...] = ()


@functools.cache
def claim_words() -> ClaimWords:
    """The shipped claim vocabulary."""
    return shipped("claims.yaml", ClaimWords)


def sentences(text: str) -> list[str]:
    """The sentences (and semicolon clauses) of a text, each of which makes its own claims."""
    parts = text.replace("; ", ". ").replace("\n", " ").split(". ")
    return [p for p in parts if p.strip()]


def asserts(sentence: str, phrases: tuple[str, ...]) -> str | None:
    """The first of `phrases` a sentence asserts: it uses the phrase, and no denial comes before it ("no CDN's
    cache", "not in the same transaction")."""
    said = f" {sentence.lower()}"
    for phrase in phrases:
        at = said.find(phrase)
        if at >= 0 and not any(d in said[:at] for d in claim_words().denials):
            return phrase
    return None
