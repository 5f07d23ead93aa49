"""What an audit entry may hold and which moves are a person's decision (archgen/knowledge/accountability.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class AccountabilityWords(BaseModel):
    """accountability.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    values: tuple[str, ...]
    values_source: str
    entry_source: str
    actor_source: str
    actors: tuple[str, ...]
    decisions: tuple[str, ...]
    participles: dict[str, str] = {}
    read_logging: tuple[str, ...] = ()
    request_logging: tuple[str, ...] = ()

    def participle(self, verb: str) -> str:
        """The past participle of a move's verb, as a field's stem (approve → approved, hand-out → handed_out)."""
        if verb in self.participles:
            return self.participles[verb]
        stem = verb.replace("-", "_")
        if stem.endswith("e"):
            return stem + "d"
        if stem.endswith("y") and stem[-2:-1] not in "aeiou":
            return stem[:-1] + "ied"
        return stem + "ed"


@functools.cache
def accountability_words() -> AccountabilityWords:
    """The shipped vocabulary."""
    return shipped("accountability.yaml", AccountabilityWords)
