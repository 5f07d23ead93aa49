"""Which store kind an access pattern fits and what the team runs (archgen/knowledge/store_fit.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict, Field

from archgen.knowledge.shipped import shipped


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ColdTier(_Strict):
    """Where history goes once stored data would outgrow the budget."""

    name: str
    price_share: float = Field(gt=0, le=1)
    hot_months: int = Field(ge=1)


class StoreFit(_Strict):
    """store_fit.yaml."""

    skills: dict[str, list[str]]
    why: str
    mutable_words: list[str]
    cold_tier: ColdTier

    def known_kind(self, words: list[str], kind: str) -> str | None:
        """The first of the team's words that names a store of this kind, else None."""
        named = self.skills.get(kind, [])
        return next((w for w in words if w.lower().replace(" ", "") in named), None)

    def mutable(self, field: str) -> bool:
        """Whether a field's name marks state that use cases overwrite."""
        name = field.lower()
        return any(name == w or name.startswith(f"{w}_") or name.endswith(f"_{w}") for w in self.mutable_words)


@functools.cache
def store_fit() -> StoreFit:
    """The shipped store fit."""
    return shipped("store_fit.yaml", StoreFit)
