"""How a design speaks of records many writers update (archgen/knowledge/hotspots.yaml): the words of a remedy
(striped, batched) and of a fan-out step, and the sentences and decision record the rules architect writes."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OptionText(_Strict):
    """One option of the decision record."""

    name: str
    summary: str
    pros: tuple[str, ...]
    cons: tuple[str, ...]


class DecisionText(_Strict):
    """The decision record the architect writes when a record needs a remedy."""

    title: str
    context: str
    options: tuple[OptionText, ...]
    choose: str
    rationale: str
    consequences: tuple[str, ...]


class HotspotWords(_Strict):
    """hotspots.yaml."""

    remedies: tuple[str, ...]
    fanout: tuple[str, ...]
    counter_step: str
    counter_field: str
    account_step: str
    account_field: str
    account_field_name: str
    decision: DecisionText


@functools.cache
def hotspot_words() -> HotspotWords:
    """The shipped hotspot words."""
    return shipped("hotspots.yaml", HotspotWords)


def _says(text: str, phrases: Iterable[str]) -> bool:
    low = text.lower()
    return any(re.search(rf"(?<![a-z]){re.escape(p)}(?![a-z])", low) for p in phrases)


def names_remedy(text: str) -> bool:
    """Whether a text says the writes of a hot record are spread or batched."""
    return _says(text, hotspot_words().remedies)


def fans_out(text: str) -> bool:
    """Whether a step copies one write to (or gathers one read from) every member of a large set."""
    return _says(text, hotspot_words().fanout)
