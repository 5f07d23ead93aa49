"""What decides a bill line and where old records may go (archgen/knowledge/cost_drivers.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict, Field

from archgen.knowledge.shipped import shipped


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class KeyArchive(_Strict):
    """History still read by key: objects fetched by id behind the cache."""

    name: str
    price_share: float = Field(gt=0, le=1)
    read_ms: int = Field(ge=1)


class CostDrivers(_Strict):
    """cost_drivers.yaml."""

    free_push: list[str]
    paid_relays: list[str]
    key_archive: KeyArchive
    query_engine_ms: int = Field(ge=1)
    query_engine_words: list[str]

    def through_query_engine(self, text: str) -> bool:
        """Whether `text` sends reads through a query engine over files."""
        said = text.lower()
        return any(w in said for w in self.query_engine_words)

    def push_is_free(self, *texts: str) -> bool:
        """Whether a push named by `texts` goes straight to a provider that charges nothing for it."""
        said = " ".join(texts).lower()
        return any(w in said for w in self.free_push) and not any(w in said for w in self.paid_relays)


@functools.cache
def cost_drivers() -> CostDrivers:
    """The shipped cost drivers."""
    return shipped("cost_drivers.yaml", CostDrivers)
