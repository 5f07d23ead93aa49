"""What a row costs on disk beyond its values, per database engine (archgen/knowledge/row_storage.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict, Field

from archgen.knowledge.shipped import shipped


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RowCost(_Strict):
    """One engine's bytes a row and an index entry, and when its rows are compressed."""

    row_bytes: float = Field(ge=0)
    index_entry_bytes: float = Field(ge=0)
    compressed_after_days: float | None = Field(None, ge=0)
    clustered: bool = Field(True, description="The table is kept in its primary key's order: that key is no index.")
    why: str


class RowStorage(_Strict):
    """row_storage.yaml."""

    default: RowCost
    engines: dict[str, RowCost]

    def of(self, engine: str | None) -> RowCost:
        """What a row costs in an engine (its catalog key), else the default."""
        return self.engines.get(engine or "", self.default)


@functools.cache
def row_storage() -> RowStorage:
    """The shipped row costs."""
    return shipped("row_storage.yaml", RowStorage)
