"""Text with nothing for Markdown or HTML to act on is kept as it is; the smallest trigger still escapes."""

from __future__ import annotations

import pytest

from archgen.render.environment import md


@pytest.mark.parametrize("text", ["Order", "2,430 req/s", "1.5", "3 orders a day", "café ☕", "a.b.c"])
def test_plain_text_is_kept_as_it_is(text: str) -> None:
    assert str(md(text)) == text


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("1. first", "1\\. first"),
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("=", "&#61;"),
        ("    code", "code"),
        ("a_b", "a\\_b"),
        ("a & b", "a &amp; b"),
        ("line\r\nbreak", "line\nbreak"),
    ],
)
def test_the_smallest_trigger_is_still_escaped(text: str, escaped: str) -> None:
    assert str(md(text)) == escaped
