"""Area names for where users are and where personal data may live, read from areas.yaml."""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass
from importlib import resources
from typing import Literal

from ruamel.yaml import YAML

from archgen.common.errors import quoted

Where = Literal["users.regions", "compliance.data_residency"]
NEAR_MISS = 0.75  # how alike in spelling a name and an area's must be to suggest it as meant


@dataclass(frozen=True)
class Areas:
    """The vocabulary: areas with their labels and aliases, and the area of each country code."""

    labels: dict[str, str]
    aliases: dict[str, str]
    country_aliases: dict[str, str]
    country_area: dict[str, str]


@dataclass(frozen=True)
class Reading:
    """How one name from the questionnaire was read: the canonical name, and why when it was not written so."""

    name: str
    note: str = ""


@functools.cache
def areas() -> Areas:
    """The area vocabulary shipped with archgen."""
    text = resources.files("archgen.requirements").joinpath("areas.yaml").read_text("utf-8")
    data = YAML(typ="safe", pure=True).load(text)
    aliases = {alias: area for area, spec in data["areas"].items() for alias in spec["aliases"]}
    country_area = {code: area for area, codes in data["countries"].items() for code in codes}
    labels = {area: spec["label"] for area, spec in data["areas"].items()}
    return Areas(labels, aliases, dict(data["country_aliases"]), country_area)


def read_area(name: str, where: Where) -> Reading | str:
    """The canonical reading of `name`, or a one-line reason it is not an area (naming the closest one)."""
    vocabulary = areas()
    key = name.strip().lower().replace(" ", "-")
    if key in vocabulary.labels:
        return Reading(key)
    if key in vocabulary.aliases:
        area = vocabulary.aliases[key]
        return Reading(area, f"'{name}' read as the area {area}")
    country = vocabulary.country_aliases.get(key, key)
    if country in vocabulary.country_area:
        if where == "compliance.data_residency":
            note = f"'{name}' read as the country code {country}" if country != key else ""
            return Reading(country, note)
        area = vocabulary.country_area[country]
        return Reading(area, f"users in '{name}' are served as the area {area}")
    known = [*vocabulary.labels, *vocabulary.aliases]
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.0)
    if close:
        area = vocabulary.aliases.get(close[0], close[0])
        near = difflib.SequenceMatcher(None, key, close[0]).ratio() >= NEAR_MISS
        # a near miss is a likely typo; a far one only shares letters, and is named as no more than that
        suggestion = f"; did you mean '{area}'? " if near else f" (nearest in spelling: '{area}'); "
    else:
        suggestion = "; "
    return f"{quoted(name)} is not an area{suggestion}use one of {', '.join(vocabulary.labels)}" + (
        " or an ISO 3166 country code such as de or us" if where == "compliance.data_residency" else ""
    )


def area_of(name: str) -> str:
    """The area a canonical area or country code lies in."""
    vocabulary = areas()
    return vocabulary.country_area.get(name, name)


def label(name: str) -> str:
    """A readable name for an area or country code: Europe, the Middle East, country DE."""
    vocabulary = areas()
    if name in vocabulary.labels:
        return vocabulary.labels[name]
    return name.upper()
