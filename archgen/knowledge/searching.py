"""What a search use case asks of its index (archgen/knowledge/searching.yaml): the orders and facet counts its
description names, and the words that say a search store is split into several indices."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class SearchWords(BaseModel):
    """searching.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    split: tuple[str, ...]
    orders: tuple[str, ...]
    facets: tuple[str, ...]
    distance: tuple[str, ...]
    relevance: tuple[str, ...]
    position_input: str
    capture_brokers: tuple[str, ...]
    main_share: float
    headline: tuple[str, ...]


@functools.cache
def search_words() -> SearchWords:
    """The shipped words, read once."""
    return shipped("searching.yaml", SearchWords)


@dataclass(frozen=True)
class Ask:
    """One thing a search use case asks its results to be ordered or counted by: a field's words, or distance."""

    kind: str  # "order" or "facet"
    words: str  # as written ("price", "release date")
    distance: bool = False


def _listed(text: str, markers: tuple[str, ...]) -> list[str]:
    """The items of the lists that follow any of the markers in a text, up to the end of its clause."""
    out: list[str] = []
    for marker in markers:
        for found in re.finditer(rf"\b{re.escape(marker)}\b\s*\(?([^.;:)]*)", text):
            items = re.split(r",|\bor\b|\band\b|/", found.group(1))
            out += [" ".join(re.findall(r"[a-z0-9]+", i)) for i in items]
    return [i for i in dict.fromkeys(out) if i]


def asked(description: str) -> list[Ask]:
    """The orders and facet counts a search use case's description names, the engine's own relevance left out."""
    words = search_words()
    text = description.lower()
    out: list[Ask] = []
    for kind, markers in (("order", words.orders), ("facet", words.facets)):
        for item in _listed(text, markers):
            if any(w in item for w in words.relevance):
                continue
            out.append(Ask(kind, item, any(re.search(rf"\b{re.escape(w)}\b", item) for w in words.distance)))
    return out


def is_split(partitioning: str) -> bool:
    """Whether a search store's partitioning says its data is split into several indices."""
    text = partitioning.lower()
    return any(w in text for w in search_words().split)
