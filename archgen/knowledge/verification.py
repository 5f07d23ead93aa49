"""The records a verification step proves before their value is used, and how each kind is verified
(archgen/knowledge/verification.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class Candidate(BaseModel):
    """The value a person proposes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    type: str


class Kind(BaseModel):
    """One kind of verified record."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    record: str
    noun: str
    description: str
    candidate: Candidate
    known: dict[str, str]
    providers: tuple[str, ...]
    provider_how: str
    staff_how: str
    provider_takes: str
    staff_takes: str
    fails: tuple[str, ...]


class Verification(BaseModel):
    """verification.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kinds: dict[str, Kind]
    added: frozenset[str]
    states: tuple[str, str, str]
    verify: str
    fail: str
    register_case: str
    register_by_role: str
    result_case: str
    review_case: str
    changes_per_holder_per_year: float
    guard_words: tuple[str, ...]
    guard: str

    @property
    def verified(self) -> str:
        """The state that lets a record be used."""
        return self.states[1]

    def guarded(self, text: str) -> bool:
        """Whether a field's text says it takes only a verified record."""
        lowered = text.lower()
        return self.verified in lowered and any(w in lowered.split() for w in self.guard_words)

    def provider(self, kind: Kind, integrations: list[tuple[str, str]]) -> str | None:
        """The integration (name, kind) that verifies a kind's records: the first provider word any has."""
        for word in kind.providers:
            for name, what in integrations:
                if word in f"{what} {name}".lower():
                    return name
        return None


@functools.cache
def verification() -> Verification:
    """The shipped verification kinds."""
    return shipped("verification.yaml", Verification)
