"""The views a reading use case asks for and what each answer carries and takes (archgen/knowledge/views.yaml)."""

from __future__ import annotations

import functools
from typing import Literal

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped

Words = frozenset[str]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ViewKind(_Strict):
    """One kind of view: the words that ask for it, the path segment it goes by, and what its answer carries."""

    name: str
    words: Words
    hinted: Words = frozenset()  # words that ask for it only where a resolution is named too
    noun: str
    action: Literal["list", "aggregate"]
    window: bool = False  # takes the period (or dates) it is about
    counts: bool = False  # each thing with how many are free and from what price
    resolution: bool = False  # one value per time bucket, at a resolution, by a function
    measures: bool = False  # named measures with their values
    grouped: bool = False  # cut by dimensions the caller picks
    compared: bool = False  # against a target or another period
    ranked: bool = False  # rows ranked by a measure


class Comparison(_Strict):
    """Something an answer may be compared with, and the words that ask for it."""

    value: str
    words: Words


class ViewWords(_Strict):
    """views.yaml."""

    kinds: list[ViewKind]
    resolutions: list[str]
    functions: list[str]
    comparisons: list[Comparison]
    ranked: Words
    lead_words: Words
    stop_words: Words
    rollup_resolutions: list[str]
    viewer: Words
    own: Words
    others: Words


@functools.cache
def view_words() -> ViewWords:
    """The shipped view kinds."""
    return shipped("views.yaml", ViewWords)
