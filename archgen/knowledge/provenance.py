"""Where a field that decides authority may take its value from, and what a step or a request for dates must
carry (archgen/knowledge/provenance.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class StepNeed(BaseModel):
    """What one kind of step must carry, and the field added when nothing does."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    carries: frozenset[str]
    adds: str
    type: str
    says: str
    minimum: float | None = None


class Added(BaseModel):
    """A field the architect adds."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    type: str
    says: str


class Provenance(BaseModel):
    """provenance.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    classifications: frozenset[str]
    identifiers: frozenset[str]
    accounts: frozenset[str]
    lookup: str
    verification: str
    step_needs: dict[str, StepNeed]
    dated_records: frozenset[str]
    dated_words: frozenset[str]
    dated_adds: tuple[Added, ...]

    def authority(self, field: str) -> str | None:
        """classification, identifier or account when a field's name (whole, or its last one or two words) is one
        of those lists; else None."""
        parts = field.lower().split("_")
        names = {field.lower(), parts[-1], "_".join(parts[-2:])}
        for kind, words in (
            ("classification", self.classifications),
            ("identifier", self.identifiers),
            ("account", self.accounts),
        ):
            if names & words:
                return kind
        return None

    def step_need(self, move: str, use_case: str | None) -> StepNeed | None:
        """What a transition must carry: by its own verb, else by the first word of its use case's name."""
        verb = move.replace("-", "_")
        first = use_case.lower().split()[0] if use_case else ""
        return self.step_needs.get(verb) or self.step_needs.get(first)


@functools.cache
def provenance() -> Provenance:
    """The shipped provenance words."""
    return shipped("provenance.yaml", Provenance)
