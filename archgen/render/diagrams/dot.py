"""Safe DOT text: quoting and HTML-label escaping so any name shows as text and cannot break the graph.

Graphviz reads `\\N`, `\\G`, `\\l` and friends as escapes in every kind of label, HTML-like ones included, so a
backslash from user text is always doubled to show as itself.
"""

from __future__ import annotations

import html
import re

_STRING_OR_HTML = re.compile(r'["<]')


def quote(text: str) -> str:
    """A DOT double-quoted string whose content is shown literally (no escape sequences, no HTML label)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("\r", " ") + '"'


def html_text(text: str) -> str:
    """Text for inside an HTML-like label (or a label the graphviz library quotes)."""
    return html.escape(" ".join(text.split()), quote=True).replace("\\", "\\\\")


def literal_html_labels(source: str) -> str:
    """`source` with the backslashes inside its HTML-like labels doubled, for DOT made by a library that escapes
    HTML but not Graphviz's own escapes. Quoted strings are left alone: their quoting already decided."""
    out: list[str] = []
    position = 0
    while match := _STRING_OR_HTML.search(source, position):
        start = match.start()
        out.append(source[position:start])
        end = start + 1
        if source[start] == '"':
            while end < len(source) and source[end] != '"':
                end += 2 if source[end] == "\\" else 1
            end += 1
            out.append(source[start:end])
        else:
            depth = 1
            while end < len(source) and depth:
                depth += {"<": 1, ">": -1}.get(source[end], 0)
                end += 1
            out.append(source[start:end].replace("\\", "\\\\"))
        position = end
    out.append(source[position:])
    return "".join(out)


def node_id(prefix: str, index: int) -> str:
    """A stable node id made from a kind and a position, never from user text."""
    return f"{prefix}{index}"
