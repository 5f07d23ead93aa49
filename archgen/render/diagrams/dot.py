"""Safe DOT text: quoting and HTML-label escaping so any name shows as text and cannot break the graph."""

from __future__ import annotations

import html


def quote(text: str) -> str:
    """A DOT double-quoted string whose content is shown literally (no escape sequences, no HTML label)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("\r", " ") + '"'


def html_text(text: str) -> str:
    """Text for inside an HTML-like label."""
    return html.escape(" ".join(text.split()), quote=True)


def node_id(prefix: str, index: int) -> str:
    """A stable node id made from a kind and a position, never from user text."""
    return f"{prefix}{index}"
