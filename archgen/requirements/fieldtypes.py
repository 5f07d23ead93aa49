"""The questionnaire's field types (`uuid`, `enum[A, B]`, `ref[Entity]`, `list[T]`, ...), parsed into values."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from archgen.common.errors import quoted

ScalarKind = Literal["uuid", "string", "text", "int", "decimal", "bool", "date", "timestamp", "json"]
SCALAR_KINDS: tuple[ScalarKind, ...] = (
    "uuid",
    "string",
    "text",
    "int",
    "decimal",
    "bool",
    "date",
    "timestamp",
    "json",
)
Kind = Literal["uuid", "string", "text", "int", "decimal", "bool", "date", "timestamp", "json", "enum", "ref", "list"]

# Average stored bytes per value, used to estimate a row's size when the questionnaire gives none.
STORED_BYTES: dict[str, int] = {
    "uuid": 16,
    "string": 64,
    "text": 1_000,
    "int": 8,
    "decimal": 16,
    "bool": 1,
    "date": 4,
    "timestamp": 8,
    "json": 500,
    "enum": 8,
    "ref": 16,
}
LIST_ITEMS_ESTIMATE = 5
ORDERED_KINDS = frozenset({"int", "decimal", "date", "timestamp", "string", "uuid", "enum"})

_ENUM_VALUE = re.compile(r"^[A-Za-z0-9_.\- ]{1,64}$")
NAME_PATTERN = r"^[A-Za-z][A-Za-z0-9_]{0,63}$"
_NAME = re.compile(NAME_PATTERN)
TYPE_PATTERN = r"^(uuid|string|text|int|decimal|bool|date|timestamp|json|enum\[.+\]|ref\[.+\]|list\[.+\])$"
MAX_TYPE_CHARS = 2_000


class FieldTypeError(ValueError):
    """A field type string that does not follow the questionnaire's grammar."""


@dataclass(frozen=True)
class FieldType:
    """A parsed field type: a scalar, an enum with its values, a reference, or a list of another type."""

    kind: Kind
    values: tuple[str, ...] = ()
    target: str = ""
    item: FieldType | None = None

    def __str__(self) -> str:
        if self.kind == "enum":
            return f"enum[{', '.join(self.values)}]"
        if self.kind == "ref":
            return f"ref[{self.target}]"
        if self.kind == "list":
            return f"list[{self.item}]"
        return self.kind

    @property
    def element(self) -> FieldType:
        """The type of one value: the item type for lists, the type itself otherwise."""
        return self.item.element if self.item is not None else self

    @property
    def references(self) -> str:
        """The entity this field refers to (directly or as a list of references), or ''."""
        return self.element.target

    @property
    def stored_bytes(self) -> int:
        """Estimated stored size of one value."""
        if self.item is not None:
            return LIST_ITEMS_ESTIMATE * self.item.stored_bytes
        return STORED_BYTES[self.kind]

    @property
    def ordered(self) -> bool:
        """Whether a range scan over this field makes sense."""
        return self.item is None and self.kind in ORDERED_KINDS


def parse_field_type(text: str) -> FieldType:
    """Parse `enum[A, B]`, `ref[Entity]`, `list[T]` or a scalar type name."""
    spec = text.strip()
    if spec in SCALAR_KINDS:
        return FieldType(kind=spec)
    if len(spec) > MAX_TYPE_CHARS:
        raise FieldTypeError(f"a field type of {len(spec):,} characters is too long (limit {MAX_TYPE_CHARS:,})")
    match = re.fullmatch(r"(enum|ref|list)\[(.*)\]", spec, flags=re.DOTALL)
    if not match:
        raise FieldTypeError(
            f"unknown field type {quoted(spec)}; use one of {', '.join(SCALAR_KINDS)}, enum[A, B], ref[Entity] "
            "or list[T]"
        )
    kind, inner = match.group(1), match.group(2).strip()
    if kind == "list":
        if inner.startswith("list["):  # refused before parsing, so nesting cannot recurse deeply
            raise FieldTypeError(f"{quoted(spec)}: lists of lists are not supported; model the inner list as an entity")
        return FieldType(kind="list", item=parse_field_type(inner))
    if kind == "ref":
        if not _NAME.match(inner):
            raise FieldTypeError(f"{quoted(spec)}: ref[...] takes one entity name, e.g. ref[Customer]")
        return FieldType(kind="ref", target=inner)
    values = tuple(v.strip() for v in inner.split(","))
    if not values or any(not _ENUM_VALUE.match(v) for v in values):
        raise FieldTypeError(f"{quoted(spec)}: enum[...] takes comma-separated values made of letters, digits, _ . -")
    if len(set(values)) != len(values):
        raise FieldTypeError(f"{quoted(spec)}: an enum value is listed twice")
    return FieldType(kind="enum", values=values)
