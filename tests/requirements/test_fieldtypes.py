"""The field type grammar of the questionnaire."""

from __future__ import annotations

import pytest

from archgen.requirements.fieldtypes import FieldTypeError, parse_field_type


@pytest.mark.parametrize(
    ("text", "kind", "shown"),
    [
        ("uuid", "uuid", "uuid"),
        (" decimal ", "decimal", "decimal"),
        ("enum[EUR, USD,GBP]", "enum", "enum[EUR, USD, GBP]"),
        ("ref[Customer]", "ref", "ref[Customer]"),
        ("list[ref[Product]]", "list", "list[ref[Product]]"),
        ("list[string]", "list", "list[string]"),
    ],
)
def test_valid_types_parse_and_print_back(text: str, kind: str, shown: str) -> None:
    parsed = parse_field_type(text)
    assert parsed.kind == kind
    assert str(parsed) == shown


def test_references_and_sizes() -> None:
    assert parse_field_type("list[ref[Product]]").references == "Product"
    assert parse_field_type("ref[Customer]").stored_bytes == 16
    assert parse_field_type("list[string]").stored_bytes == 5 * 64
    assert parse_field_type("timestamp").ordered
    assert not parse_field_type("list[int]").ordered


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("decmal", "unknown field type 'decmal'"),
        ("ref[not a name]", "ref[...] takes one entity name"),
        ("enum[a, a]", "listed twice"),
        ("enum[<b>]", "enum[...] takes comma-separated values"),
        ("list[list[int]]", "lists of lists are not supported"),
    ],
)
def test_invalid_types_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(FieldTypeError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_field_type(text)
