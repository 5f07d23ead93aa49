"""Numbers and names as people write them, read the same way in `archgen init -i` and in the questionnaire file:
`20k`, `20,000` and `20 000` are 20000, `99.9%` is 99.9 where the key is in percent, `AWS` is aws."""

from __future__ import annotations

import re
import types
import typing
from typing import Any, Literal

_SUFFIX = {"k": 1e3, "m": 1e6, "b": 1e9}
# what people call the clouds besides their short names
CLOUD_ALIASES = {
    "amazon": "aws",
    "amazon web services": "aws",
    "google": "gcp",
    "google cloud": "gcp",
    "microsoft": "azure",
    "on-premises": "on-prem",
    "onprem": "on-prem",
    "own data centre": "on-prem",
}


def number(value: str) -> float:
    """A number as people write it: 20000, 20,000, 20_000, 20 000, 20k, 1.5m, 2B."""
    cleaned = value.strip().lower().replace("_", "").replace(" ", "")
    # a decimal comma (99,9 or 1,5k) is a comma followed by one or two digits; 20,000 groups thousands
    cleaned = re.sub(r"^(\d+),(\d{1,2})([kmb]?)$", r"\1.\2\3", cleaned).replace(",", "")
    scale = 1.0
    if cleaned[-1:] in _SUFFIX:
        cleaned, scale = cleaned[:-1], _SUFFIX[cleaned[-1]]
    try:
        parsed = float(cleaned) * scale
    except ValueError:
        raise ValueError(f"'{value}' is not a number; write e.g. 20000, 20,000 or 20k") from None
    if parsed != parsed or parsed in (float("inf"), float("-inf")):
        raise ValueError(f"'{value}' is not a number; write e.g. 20000, 20,000 or 20k")
    return parsed


def as_written(annotation: Any, value: Any, in_percent: bool = False) -> Any:
    """`value` of a questionnaire key typed `annotation`, read as `init -i` reads an answer when it is text: a number
    as a number (a whole one as an int), one of a key's choices in any case (or a cloud by another name). Text that
    reads as neither is returned as it is, for the model to refuse with the value shown."""
    if not isinstance(value, str) or not value.strip():
        return value
    kinds = _kinds(annotation)
    if kinds & {int, float}:
        try:
            parsed = number(value.strip().removesuffix("%").strip() if in_percent else value)
        except ValueError:
            return value
        return int(parsed) if parsed.is_integer() and int in kinds else parsed
    options = [o for kind in kinds if typing.get_origin(kind) is Literal for o in typing.get_args(kind)]
    key = value.strip().lower()
    key = CLOUD_ALIASES.get(key, key) if "aws" in options else key
    return key if key in options else value


def _kinds(annotation: Any) -> set[Any]:
    """The types a key accepts: `int | None` is {int}, `Annotated[float, ...]` is {float}."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _kinds(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return {k for a in typing.get_args(annotation) for k in _kinds(a)} - {type(None)}
    return {annotation}
