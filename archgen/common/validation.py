"""Turn pydantic's validation errors into located, actionable one-line problems."""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from archgen.common.english import count
from archgen.common.errors import Problem
from archgen.common.yamlio import Located


def problems_from(exc: ValidationError, source: Located, root: type[BaseModel]) -> list[Problem]:
    """One problem per pydantic error, with the file line, the key path and what to do."""
    out = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        # pydantic appends the tag of a failed union member (e.g. 'int'); it means nothing to the user
        loc = tuple(p for p in loc if not (isinstance(p, str) and p.endswith("]") and "[" in p))
        out.append(source.problem(loc, _message(error, loc, root)))
    return out


def _message(error: Any, loc: tuple[Any, ...], root: type[BaseModel]) -> str:
    kind, ctx = error["type"], error.get("ctx", {})
    if kind == "missing":
        return "is required; add it"
    if kind == "extra_forbidden":
        allowed = _allowed_keys(root, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return f"unknown key; {hint}allowed here: {', '.join(allowed)}"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"must be a whole number, e.g. 2_000_000{_read(error)}"
    if kind in ("float_parsing", "float_type"):
        typed = str(error.get("input", "")).strip()
        if typed.endswith("%"):  # "99.9%": the key's unit is percent already
            return f"must be a number; write {typed.removesuffix('%').strip()} without the %"
        return f"must be a number, e.g. 15{_read(error)}"
    if kind == "finite_number":
        return "must be a finite number, not infinity or NaN"
    if kind in ("bool_parsing", "bool_type"):
        return "must be true or false"
    if kind in ("string_type",):
        return "must be text"
    if kind in ("list_type",):
        return "must be a list, e.g. [a, b]"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        if error.get("input") is None:
            allowed = _allowed_keys(root, loc)
            return "is empty; add its keys" + (f" ({', '.join(allowed)})" if allowed else "")
        return "must be a mapping of keys to values"
    if kind == "literal_error":
        typed = str(error.get("input", ""))
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        close = [o for o in options if o.lower() == typed.strip().lower()]
        close = close or difflib.get_close_matches(typed, options, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        first, _, rest = typed.partition(" ")
        if not hint and rest and first in options:  # `pattern: diurnal` with `peak_factor 4` under it, no colon
            hint = f"; a line without its colon ({rest!r}) is read as part of the value above"
        return f"must be one of {ctx.get('expected', '')}{_read(error)}{hint}"
    if kind == "greater_than_equal":
        return f"must be at least {_bound(ctx['ge'])}"
    if kind == "greater_than":
        return f"must be more than {_bound(ctx['gt'])}"
    if kind == "less_than_equal":
        return f"must be at most {_bound(ctx['le'])}"
    if kind == "less_than":
        return f"must be less than {_bound(ctx['lt'])}"
    if kind == "too_short":
        return f"needs at least {count(ctx.get('min_length', 1), 'item')}"
    if kind == "too_long":
        return f"has too many items (at most {ctx.get('max_length')})"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long (at most {count(ctx.get('max_length', 0), 'character')})"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if pattern.startswith("^[A-Za-z]"):
            return "must be an identifier: a letter, then letters, digits or _ (at most 64 characters)"
        return "must be one line of text"
    return str(error["msg"])


def _read(error: Any) -> str:
    """ ", not 'fifteen'": the value read, so a person sees what archgen saw (nothing for a missing or long value)."""
    if "input" not in error or isinstance(error["input"], (dict, list)) or error["input"] is None:
        return ""
    shown = error["input"]
    if isinstance(shown, bool):  # as YAML writes it
        shown = str(shown).lower()
    elif isinstance(shown, str):
        shown = repr(shown) if len(shown) <= 60 else ""
    return f", not {shown}" if shown != "" else ""


def _bound(value: Any) -> str:
    """A limit as people write it: 1,000,000,000 rather than 1000000000.0, 99.9999 as it is."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else str(value)


def _allowed_keys(root: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys the model at `loc` accepts (empty when `loc` does not lead to a model)."""
    annotation: Any = root
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(part, int) or not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            args = typing.get_args(annotation)
            annotation = args[-1] if args else None
            continue
        field = next(
            (f for name, f in annotation.model_fields.items() if part in (name, f.alias)),
            None,
        )
        annotation = field.annotation if field else None
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [f.alias or name for name, f in annotation.model_fields.items()]
    return []


def _unwrap(annotation: Any) -> Any:
    """Strip Optional[...] and Annotated[...] to reach the type that holds the fields."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = members[0]
        else:
            return annotation
