"""Architecture styles with their trade-offs, and why a component is deployed apart (archgen/knowledge/styles.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StyleText(_Strict):
    """One style as a decision option, and what choosing it commits the team to."""

    label: str
    summary: str
    pros: list[str]
    cons: list[str]
    consequences: list[str]


class Styles(_Strict):
    styles: dict[str, StyleText]
    apart: dict[str, str]
    apart_many: dict[str, str]


@functools.cache
def styles() -> Styles:
    """The styles knowledge, read once."""
    return shipped("styles.yaml", Styles)
