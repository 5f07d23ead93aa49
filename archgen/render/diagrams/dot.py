"""Safe DOT text: quoting and HTML-label escaping so any name shows as text and cannot break the graph."""

from __future__ import annotations

import html
import re
import textwrap

# Control characters are not valid in the XML of an HTML label or of the SVG; whitespace ones become spaces.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain(text: str) -> str:
    """One line of printable text: control characters dropped, runs of whitespace made one space."""
    return " ".join(_CONTROL.sub("", text).split())


def quote(text: str) -> str:
    """A DOT double-quoted string whose content is shown literally (no escape sequences, no HTML label)."""
    return '"' + plain(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def html_text(text: str) -> str:
    """Text for inside an HTML-like label, shown literally.

    Graphviz expands escapes such as \\N (the node's name) even inside HTML labels, after decoding entities,
    so a backslash must be doubled as well as the markup characters escaped.
    """
    return html.escape(plain(text), quote=True).replace("\\", "\\\\")


def html_lines(text: str, width: int, max_lines: int | None = None) -> str:
    """Text wrapped at `width` characters into `<br/>`-separated lines; cut with an ellipsis past `max_lines`."""
    lines = textwrap.wrap(plain(text), width, break_on_hyphens=False) or [""]
    if max_lines is not None and len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1][: width - 1].rstrip() + "…"]
    return "<br/>".join(html_text(line) for line in lines)


def html_label(markup: str) -> str:
    """An HTML-like label value for DOT (already-escaped markup between angle brackets)."""
    return f"<{markup}>"


def closed(statements: list[str]) -> str:
    """The DOT source made of `statements` (a graph's opening line, attributes and body) and its closing brace."""
    return "\n".join([*statements, "}"]) + "\n"


def node_id(prefix: str, index: int) -> str:
    """A stable node id made from a kind and a position, never from user text."""
    return f"{prefix}{index}"
