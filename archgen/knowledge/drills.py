"""How often a restore is rehearsed, in words (archgen/knowledge/drills.yaml)."""

from __future__ import annotations

import functools
import re

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class Drills(BaseModel):
    """drills.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    cadences: dict[str, tuple[str, ...]]
    default: str
    restore_words: tuple[str, ...]

    def cadence(self, sentence: str) -> str | None:
        """The cadence a sentence gives a restore drill, or None when it gives none (or speaks of no restore)."""
        lower = sentence.lower()
        if not any(_has(lower, w) for w in self.restore_words):
            return None
        return next(
            (
                name
                for name, words in self.cadences.items()
                if any(re.search(rf"\b{re.escape(w)}\b", lower) for w in words)
            ),
            None,
        )


def _has(text: str, phrase: str) -> bool:
    return re.search(rf"\b{re.escape(phrase)}\b", text) is not None


@functools.cache
def drills() -> Drills:
    """The shipped drill cadences, read once."""
    return shipped("drills.yaml", Drills)
