"""The questionnaire and Design references, walked from the pydantic models: every key, its type and bounds,
its default, the assumption archgen reports when it fills the default in, and an example from the bundled ones."""

from __future__ import annotations

import re
import types
from collections.abc import Callable, Iterator, Sequence
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter
from pydantic.fields import FieldInfo
from ruamel.yaml import YAML

from archgen.common.english import plural, singular
from archgen.design.model import Design
from archgen.requirements.fieldtypes import LIST_ITEMS_ESTIMATE, SCALAR_KINDS, STORED_BYTES, FieldType
from archgen.requirements.model import ACCESS_KINDS, SUPPORTED_VERSIONS, Requirements
from sitegen import EXAMPLES, example_names
from sitegen.markdown import flow, literal, number, page, prose, table, text

Link = Callable[[type[BaseModel]], str]

SCALARS: dict[Any, str] = {int: "integer", float: "number", str: "text", bool: "boolean"}

# Units read from the end of a key's name ("every number carries its unit in its name"); the first match wins.
UNITS = (
    ("_usd_per_month", "USD a month"),
    ("_per_user_per_day", "per active user a day"),
    ("_per_day", "per day"),
    ("_per_year", "ratio a year"),
    ("_ms", "milliseconds"),
    ("_minutes", "minutes"),
    ("_days", "days"),
    ("_kb", "kilobytes"),
    ("_bytes", "bytes"),
    ("_rps", "requests per second"),
    ("_ratio", "ratio"),
    ("_factor", "ratio"),
    ("availability", "percent"),
)

# What each field type and access pattern means; a new kind in the code fails here until it is described.
FIELD_TYPE_MEANINGS = {
    "uuid": "a UUID",
    "string": "short text (names, codes, e-mail addresses)",
    "text": "long text (descriptions, notes)",
    "int": "an integer",
    "decimal": "an exact decimal number (money)",
    "bool": "true or false",
    "date": "a calendar date",
    "timestamp": "a point in time",
    "json": "a free-form JSON document",
}
ACCESS_MEANINGS = {
    "by_id": "look a record up by its id",
    "by_<field>": "equality lookup on a field or reference, e.g. by_customer",
    "range_<field>": "range scan on an ordered field, e.g. range_created_at for time windows",
    "search": "full-text search",
    "recent": "newest first, paginated",
    "aggregate": "counts, sums and reports",
    "geo": "nearby lookups",
}


# --- types ----------------------------------------------------------------------------------------------


def type_text(annotation: Any, metadata: Sequence[Any], link: Link) -> str:
    """A type in words with its bounds, e.g. 'integer, 1 to 1,000' or 'list of text, 1–20 items'."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        inner, *extras = args
        extra: list[Any] = []
        for item in extras:
            extra += item.metadata if isinstance(item, FieldInfo) else [item]
        return type_text(inner, [*extra, *metadata], link)
    if origin in (Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        joined = " or ".join(type_text(a, metadata, link) for a in options)
        return joined + "; may be null" if len(options) < len(args) else joined
    if origin is Literal:
        return "one of " + ", ".join(literal(a) for a in args) if len(args) > 1 else f"always {literal(args[0])}"
    if origin is list:
        return _bounded(f"list of {_grouped(type_text(args[0], [], link))}", _sizes(metadata, "items"))
    if origin is dict:
        key, value = (_grouped(type_text(a, [], link)) for a in args)
        return _bounded(f"mapping of {key} to {value}", _sizes(metadata, "entries"))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return link(annotation)
    if annotation is FieldType:
        return "[field type](questionnaire.md#field-types)"
    if annotation is str:
        return _bounded("text", [*_sizes(metadata, "characters"), *_patterns(metadata)])
    return _bounded(SCALARS[annotation], _range(metadata))


def _bounded(base: str, bounds: list[str]) -> str:
    return ", ".join([base, *bounds])


def _grouped(description: str) -> str:
    return f"({description})" if ", " in description else description


# pydantic keeps a field's bounds as annotated-types markers (Ge, Gt, Le, Lt, MinLen, MaxLen), read here by name
BOUND_WORDS = {"ge": "at least", "gt": "more than", "le": "at most", "lt": "less than"}


def _range(metadata: Sequence[Any]) -> list[str]:
    bounds: dict[str, Any] = {
        kind: getattr(m, kind) for m in metadata if (kind := type(m).__name__.lower()) in BOUND_WORDS
    }
    if "ge" in bounds and "le" in bounds:
        return [f"{number(bounds['ge'])} to {number(bounds['le'])}"]
    return [f"{BOUND_WORDS[kind]} {number(value)}" for kind, value in bounds.items()]


def _sizes(metadata: Sequence[Any], unit: str) -> list[str]:
    low = next((getattr(m, "min_length", 0) for m in metadata if type(m).__name__ == "MinLen"), 0)
    high = next((getattr(m, "max_length", None) for m in metadata if type(m).__name__ == "MaxLen"), None)
    if high is not None:
        return [f"{number(low)}–{number(high)} {unit}" if low else f"at most {number(high)} {unit}"]
    return [f"at least {number(low)} {plural(singular(unit), low)}"] if low else []


def _patterns(metadata: Sequence[Any]) -> list[str]:
    return [f"matching {literal(p)}" for m in metadata if (p := getattr(m, "pattern", None))]


def nested_model(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The model a field holds (itself, optional, or as list items), and whether it is a list of them."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (Union, types.UnionType):
        return next((m for a in args if (m := nested_model(a))[0] is not None), (None, False))
    if origin is list:
        return nested_model(args[0])[0], True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    return None, False


def default_text(info: FieldInfo) -> str:
    """The default as YAML would write it, 'required', or '' for a section whose keys have their own defaults."""
    if info.is_required():
        return "**required**"
    value = info.get_default(call_default_factory=True)
    if isinstance(value, BaseModel):
        return ""
    assert info.annotation is not None  # every field of archgen's models is annotated
    adapter: TypeAdapter[Any] = TypeAdapter(info.annotation)
    return literal(flow(adapter.dump_python(value, mode="json", exclude_defaults=True)))


def description(info: FieldInfo) -> str:
    """The field's description, and the reason archgen gives when it assumes the default."""
    out = prose(info.description or "")
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    if "x-assumption" in extra:
        out += f" *Assumed when absent:* {text(extra['x-assumption'])}."
    return out.strip()


def unit_of(key: str) -> str:
    """The unit a key's name carries, or ''."""
    name = key.rsplit(".", 1)[-1]
    return next((unit for suffix, unit in UNITS if name.endswith(suffix)), "")


# --- the questionnaire ----------------------------------------------------------------------------------


def questionnaire_reference() -> str:
    """The questionnaire reference page: one section per top-level key, then field types and access patterns."""
    sections = []
    for name, info in Requirements.model_fields.items():
        key = info.alias or name
        body = [
            f"## `{key}` {{ #{_anchor(key)} }}",
            f"{_lead(info)} {'Required.' if info.is_required() else 'Optional.'}",
            table(HEADERS, _key_rows(key, info)),
        ]
        example = section_example(key)
        if example:
            source, yaml_text = example
            body += [f"Example, from `examples/{source}/requirements.yaml`:", f"```yaml\n{yaml_text}\n```"]
        sections.append("\n\n".join(body))
    summary = [
        [
            f"[`{info.alias or name}`](#{_anchor(info.alias or name)})",
            "yes" if info.is_required() else "no",
            _lead(info),
        ]
        for name, info in Requirements.model_fields.items()
    ]
    return page(
        "Questionnaire reference",
        "The questionnaire is the YAML file `archgen new --requirements` reads; this page describes format version "
        f"{', '.join(map(str, SUPPORTED_VERSIONS))}. Every key archgen accepts is listed below as a path: "
        "`users.roles[].name` is the `name` of each entry of the `users.roles` list. Unknown keys are errors. "
        "Numbers are read as `archgen init -i` reads them: `2_000_000`, `20,000`, `20k` and `1.5m` are numbers, "
        "and a key in percent takes `99.9` or `99.9%`; ratios are plain numbers (`0.8`). A choice may be written in "
        "any case (`cloud: AWS`). A value that is still wrong is refused with the value read and an example "
        "(`rpo_minutes: fifteen`: must be a number, e.g. 15, not 'fifteen').",
        "A key marked *assumed when absent* is reported back when you leave it out: `archgen validate` and "
        "`archgen new` list each such assumption, and the design site shows them on its requirements page. "
        "`archgen schema requirements` prints the same rules as a JSON Schema for your editor.",
        table(["Section", "Required", "What it holds"], summary),
        *sections,
        _field_types(),
        _access_patterns(),
    )


def _anchor(key: str) -> str:
    return key.replace("_", "-")


def _lead(info: FieldInfo) -> str:
    """What a top-level key holds: its section's docstring, or the field's description for lists and values."""
    model, many = nested_model(info.annotation)
    return text((model.__doc__ if model is not None and not many else info.description) or "")


HEADERS = ["Key", "Type", "Default", "Description"]


def _key_rows(key: str, info: FieldInfo) -> Iterator[list[str]]:
    """Rows for a key and, for a section or a list of entries, every key below it."""
    model, many = nested_model(info.annotation)
    if model is None:
        kind = type_text(info.annotation, info.metadata, lambda m: m.__name__)
        unit = unit_of(key)
        yield [literal(key), f"{kind}<br>unit: {unit}" if unit else kind, default_text(info), description(info)]
        return
    kind = _bounded("list of entries with the keys below", _sizes(info.metadata, "items")) if many else "section"
    if "." in key:
        yield [literal(key), kind, default_text(info), description(info)]
    prefix = f"{key}[]" if many else key
    for name, sub in model.model_fields.items():
        yield from _key_rows(f"{prefix}.{sub.alias or name}", sub)


def section_example(key: str) -> tuple[str, str] | None:
    """The bundled example that uses the most keys of a section, and that section's text as written there."""
    best: tuple[int, str, str] | None = None
    for name in example_names():
        block = _section_text((EXAMPLES / name / "requirements.yaml").read_text(encoding="utf-8"), key)
        if block is None:
            continue
        used = len(set(_paths(YAML(typ="safe", pure=True).load(block))))
        if best is None or used > best[0]:
            best = (used, name, block)
    return (best[1], best[2]) if best else None


def _section_text(source: str, key: str) -> str | None:
    """The lines of one top-level key, from its line to the next top-level key, without trailing comments."""
    lines = source.splitlines()
    start = next((i for i, line in enumerate(lines) if re.match(rf"{re.escape(key)}:", line)), None)
    if start is None:
        return None
    end = next((i for i in range(start + 1, len(lines)) if re.match(r"[^\s#]", lines[i])), len(lines))
    block = lines[start:end]
    while block and (not block[-1].strip() or block[-1].lstrip().startswith("#")):
        block.pop()
    return "\n".join(block)


def _paths(value: Any, prefix: str = "") -> Iterator[str]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield f"{prefix}.{k}"
            yield from _paths(v, f"{prefix}.{k}")
    elif isinstance(value, list):
        for item in value:
            yield from _paths(item, f"{prefix}[]")


def _field_types() -> str:
    rows = [[literal(kind), text(FIELD_TYPE_MEANINGS[kind]), number(STORED_BYTES[kind])] for kind in SCALAR_KINDS]
    rows += [
        [literal("enum[A, B, ...]"), "one of the listed values", number(STORED_BYTES["enum"])],
        [literal("ref[Entity]"), "a reference to another entity, which must exist", number(STORED_BYTES["ref"])],
        [literal("list[T]"), "a list of any type above (not of lists)", f"{LIST_ITEMS_ESTIMATE} × the item's size"],
    ]
    return "\n\n".join(
        [
            "## Field types { #field-types }",
            "The types an entity's `fields` may use. When an entity gives no `record_bytes`, archgen estimates "
            "it as the stored size of its fields' values; the store it lands in adds its engine's row header and "
            "index entries when it is sized:",
            table(["Type", "Meaning", "Estimated stored bytes"], rows),
        ]
    )


def _access_patterns() -> str:
    rows = [[literal(kind), text(ACCESS_MEANINGS[kind])] for kind in ACCESS_KINDS]
    return "\n\n".join(
        [
            "## Access patterns { #access-patterns }",
            "How an entity is read (`data.entities[].access`); they decide its indexes, its store and its API. "
            "A pattern that names a field the entity does not have is an error.",
            table(["Pattern", "Meaning"], rows),
        ]
    )


# --- the design -----------------------------------------------------------------------------------------


def design_reference() -> str:
    """The Design reference page: one section per model class, in the order design.yaml nests them."""
    sections = []
    for model in models_in(Design):
        rows = [
            [
                literal(info.alias or name),
                type_text(info.annotation, info.metadata, _design_link),
                default_text(info),
                description(info),
            ]
            for name, info in model.model_fields.items()
        ]
        sections.append(
            "\n\n".join(
                [
                    f"## {model.__name__} {{ #{model.__name__.lower()} }}",
                    text(model.__doc__ or ""),
                    table(["Key", "Type", "Default", "Description"], rows),
                ]
            )
        )
    return page(
        "Design model reference",
        "A design is what the architect decided. `archgen new` saves it as `design.yaml` next to the site; "
        "`archgen render` and `archgen review` read it back, so a hand-edited design is checked against the "
        "classes below (unknown keys are errors) and against its own cross-references. "
        "`archgen schema design` prints the same rules as a JSON Schema.",
        "The top level is a [Design](#design). It carries the resolved [requirements](questionnaire.md) it answers, "
        "with every default filled in.",
        *sections,
    )


def models_in(root: type[BaseModel]) -> list[type[BaseModel]]:
    """The model classes reachable from `root`, depth first in field order; the questionnaire is not entered."""
    seen: list[type[BaseModel]] = []

    def visit(model: type[BaseModel]) -> None:
        if model in seen or model is Requirements:
            return
        seen.append(model)
        for info in model.model_fields.values():
            for inner in _models_of(info.annotation):
                visit(inner)

    visit(root)
    return seen


def _models_of(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in get_args(annotation):
        yield from _models_of(arg)


def _design_link(model: type[BaseModel]) -> str:
    if model is Requirements:
        return "[Requirements](questionnaire.md)"
    return f"[{model.__name__}](#{model.__name__.lower()})"
