"""The feed of a design's journal to an external general ledger (archgen/knowledge/accounts.yaml): which use case
sends it, and whether its words say what period each run sends."""

from __future__ import annotations

import re
from collections.abc import Iterable

from archgen.knowledge.accounts import accounts
from archgen.requirements.model import Integration, UseCase


def general_ledger(integrations: Iterable[Integration]) -> set[str]:
    """The integrations that are a general ledger, by their name or kind."""
    words = accounts().general_ledger
    return {
        i.name
        for i in integrations
        if any(re.search(rf"\b{re.escape(w)}\b", f"{i.name} {i.kind}".lower()) for w in words)
    }


def feeds(use_cases: Iterable[UseCase], integrations: Iterable[Integration]) -> list[tuple[UseCase, str]]:
    """(use case, general ledger) for every use case that sends to a general ledger."""
    ledgers = general_ledger(integrations)
    return [(u, next(c for c in u.calls if c in ledgers)) for u in use_cases if set(u.calls) & ledgers]


def unsaid(texts: Iterable[str]) -> list[str]:
    """What a feed's words leave out, each as the first word of its group: the period's cut-off, the
    reconciliation with the general ledger."""
    said = " ".join(texts).lower()
    return [group[0] for group in accounts().feed_says if not any(w in said for w in group)]


def feed_sentence(gl: str) -> str:
    """What a feed run by the ledger's keeper does each period."""
    return accounts().gl_feed.format(gl=gl)
