"""Keys for stored data (archgen/knowledge/encryption.yaml): which regimes and questionnaire words call for keys the
organisation manages, and the words that show a design uses them."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict, Field

from archgen.knowledge.shipped import shipped
from archgen.requirements.model import Requirements


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class KeyRegime(_Strict):
    """A regime that asks the organisation to manage its keys, and the clause that says so."""

    regime: str
    why: str = Field(min_length=1)


class Encryption(_Strict):
    """encryption.yaml."""

    regimes: tuple[KeyRegime, ...]
    words: tuple[str, ...] = Field(min_length=1)
    said: tuple[str, ...] = Field(min_length=1)


@functools.cache
def encryption() -> Encryption:
    """The shipped knowledge."""
    return shipped("encryption.yaml", Encryption)


def managed_keys_reason(req: Requirements) -> str:
    """Why the organisation must manage the keys of its stored data (a regime's clause, or the questionnaire's
    words), or "" where the platform's keys serve."""
    know = encryption()
    regimes = {r.lower() for r in req.compliance.regimes}
    for entry in know.regimes:
        if entry.regime in regimes:
            return entry.why
    text = req.model_dump_json().lower()
    word = next((w for w in know.words if f" {w}" in text or f'"{w}' in text), None)
    return f"the questionnaire asks for it ({word!r})" if word else ""
