"""What a signed-in person's request carries to the API, and how the OpenAPI documents say it
(archgen/knowledge/credentials.yaml)."""

from __future__ import annotations

import functools
from typing import Literal

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped

Carrier = Literal["edge", "cookie", "bearer"]


class CarrierSpec(BaseModel):
    """One way a person's request is authenticated."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    scheme: str
    says: str
    description: str
    words: tuple[str, ...]

    def named_in(self, text: str) -> bool:
        lower = text.lower()
        return any(w in lower for w in self.words)


class Credentials(BaseModel):
    """credentials.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    carriers: dict[Carrier, CarrierSpec]
    person_marks: tuple[str, ...]
    person_key_controls: tuple[str, ...]


@functools.cache
def credentials() -> Credentials:
    """The shipped credentials knowledge, read once."""
    return shipped("credentials.yaml", Credentials)
