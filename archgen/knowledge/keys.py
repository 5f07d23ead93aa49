"""Which fields are keys by their names (archgen/knowledge/keys.yaml): values that name one record, and positions."""

from __future__ import annotations

import functools
import re

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class KeyWords(BaseModel):
    """keys.yaml: the terms that make a field unique (when looked up by it, or always) and the words of a position."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    lookup: tuple[str, ...] = ()
    always: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()
    revisions: tuple[str, ...] = ()
    versions: tuple[str, ...] = ()
    geo: tuple[str, ...] = ()
    resend: tuple[str, ...] = ()


@functools.cache
def key_words() -> KeyWords:
    """The shipped key words."""
    return shipped("keys.yaml", KeyWords)


def _ends_with(field: str, terms: tuple[str, ...]) -> bool:
    words = field.lower().replace("-", "_").split("_")
    return any(words[-len(t.split()) :] == t.split() for t in terms)


def names_owner(field: str) -> bool:
    """Whether a field's name says it names the record's owner (`owner_email`): one owner has many records."""
    words = field.lower().replace("-", "_").split("_")
    return len(words) > 1 and words[0] in key_words().owners


def must_be_unique(field: str, kind: str, looked_up: bool) -> bool:
    """Whether a field names one record: a string ending with an `always` term, or a `lookup` term it is found by."""
    if kind != "string" or names_owner(field):
        return False
    words = key_words()
    return _ends_with(field, words.always) or (looked_up and _ends_with(field, words.lookup))


def resend_hours(texts: list[str]) -> float:
    """The longest time back the texts say clients resend records ("keeps 14 days and resends on failure"), in hours;
    0 when none says."""
    hours = 0.0
    for text in texts:
        for sentence in re.split(r"(?<=[.;])\s+", text.lower()):
            if not any(re.search(rf"\b{re.escape(w)}\b", sentence) for w in key_words().resend):
                continue
            for amount, unit in re.findall(r"(\d+(?:\.\d+)?)[ -](hour|day|week)s?\b", sentence):
                hours = max(hours, float(amount) * {"hour": 1, "day": 24, "week": 168}[unit])
    return hours


def revises(texts: list[str]) -> bool:
    """Whether the texts say values are corrected or estimated after they are first written."""
    return any(re.search(rf"\b{re.escape(w)}\b", t.lower()) for t in texts for w in key_words().revisions)


def is_position(field: str) -> bool:
    """Whether a field's name says it holds a position."""
    return any(w in field.lower() for w in key_words().geo)
