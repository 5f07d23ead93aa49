"""Which fields are keys by their names (archgen/knowledge/keys.yaml): values that name one record, and positions."""

from __future__ import annotations

import functools
from importlib import resources

from pydantic import BaseModel, ConfigDict

from archgen.common import yamlio


class KeyWords(BaseModel):
    """keys.yaml: the terms that make a field unique (when looked up by it, or always) and the words of a position."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    lookup: tuple[str, ...] = ()
    always: tuple[str, ...] = ()
    geo: tuple[str, ...] = ()


@functools.cache
def key_words() -> KeyWords:
    """The shipped key words."""
    text = resources.files("archgen.knowledge").joinpath("keys.yaml").read_text("utf-8")
    return KeyWords.model_validate(yamlio.parse(text, "keys.yaml").data)


def _ends_with(field: str, terms: tuple[str, ...]) -> bool:
    words = field.lower().replace("-", "_").split("_")
    return any(words[-len(t.split()) :] == t.split() for t in terms)


def must_be_unique(field: str, kind: str, looked_up: bool) -> bool:
    """Whether a field names one record: a string ending with an `always` term, or a `lookup` term it is found by."""
    if kind != "string":
        return False
    words = key_words()
    return _ends_with(field, words.always) or (looked_up and _ends_with(field, words.lookup))


def is_position(field: str) -> bool:
    """Whether a field's name says it holds a position."""
    return any(w in field.lower() for w in key_words().geo)
