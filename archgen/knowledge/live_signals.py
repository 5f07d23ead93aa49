"""Signals a live channel passes through and never stores, and how a contract's dedupe statement reads
(archgen/knowledge/live_signals.yaml)."""

from __future__ import annotations

import functools
import re

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Signal(_Strict):
    """An ephemeral signal a use case may name: one message from the client, one to the others."""

    name: str
    words: tuple[str, ...]
    sent: str
    shown: str

    def named(self, text: str) -> bool:
        """Whether a text names the signal, as whole words."""
        lower = text.lower()
        return any(re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", lower) for w in self.words)


class LiveSignals(_Strict):
    signals: tuple[Signal, ...]
    message_name_max_words: int
    dedupe_words: tuple[str, ...]

    def dedupe_keys(self, text: str) -> list[list[str]]:
        """The keys a contract says it de-duplicates on: each parenthesised list after a dedupe word."""
        words = "|".join(re.escape(w) for w in self.dedupe_words)
        clauses = re.findall(rf"(?:{words})([^;]*)", text, re.I)
        found = [key for clause in clauses for key in re.findall(r"\(([^()]+)\)", clause)]
        return [[part.strip() for part in key.split(",") if part.strip()] for key in found]


@functools.cache
def live_signals() -> LiveSignals:
    """The shipped signals and dedupe words."""
    return shipped("live_signals.yaml", LiveSignals)
