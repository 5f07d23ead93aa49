"""A person's comments carried into a design file archgen rewrites.

archgen writes design.yaml in one canonical layout, so a rewrite after an edit changes only the values that
changed. The comments a person wrote are put back beside the keys and items they annotate, found by the names of
list items rather than their positions (a service removed from the middle of a list moves nobody's comment).
An end-of-line comment on a value archgen recomputed says so, so it never seems to vouch for a number it did not
see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from archgen.common.errors import InputError
from archgen.common.yamlio import parse

# A node's address that survives reordering: mapping keys, and a list item's `name` where it has one.
Anchor = tuple[str | int | tuple[str, str], ...]


_RECOMPUTED = "archgen recomputed this value"


@dataclass(frozen=True)
class _Spot:
    """Where a key or item sits in a text: its first line, the last line of its value, its indentation."""

    first: int
    last: int
    indent: int
    block_text: bool  # a literal or folded text: its own lines are content, the comment goes on the key's line
    value: Any  # the scalar it holds, for telling a recomputed value; None for a mapping or list


@dataclass(frozen=True)
class _Comment:
    anchor: Anchor | None  # None: after everything else
    text: str  # from the `#` on
    trailing: bool  # at the end of its key's line, not on lines of its own before it


def keep_comments(original: str, rewritten: str, skip: str = "") -> str | None:
    """`rewritten` (archgen's text) with the comments a person wrote in `original` put back where they were;
    `skip` is a header both texts start with. None when the result would not read back as `rewritten` does."""
    original = original.replace(skip, "", 1) if skip else original  # archgen's header is in `rewritten` already
    try:
        before, after = _spots(original), _spots(rewritten)
    except yaml.YAMLError:
        return None
    lines = rewritten.splitlines()
    ahead: dict[int, list[str]] = {}  # line index → comment lines to put before it
    behind: dict[int, list[str]] = {}  # line index → comments to end it with
    tail: list[str] = []
    for comment in _comments(original, before):
        spot = _find(after, comment.anchor)
        if spot is None:
            tail.append(comment.text)
        elif comment.trailing:
            behind.setdefault(spot.first if spot.block_text else spot.last, []).append(_said_of(comment, before, after))
        else:
            ahead.setdefault(spot.first, []).append(" " * spot.indent + comment.text)
    out: list[str] = []
    for index, line in enumerate(lines):
        out += ahead.get(index, [])
        out.append(" ".join([line + " ", *behind.get(index, [])]) if index in behind else line)
    text = "\n".join(out + tail) + "\n"
    try:
        return text if parse(text, "kept").data == parse(rewritten, "rewritten").data else None
    except InputError:
        return None


def _said_of(comment: _Comment, before: dict[Anchor, _Spot], after: dict[Anchor, _Spot]) -> str:
    """A comment ending a value's line, saying so where archgen recomputed the value beside it."""
    old, new = before.get(comment.anchor or ()), after.get(comment.anchor or ())
    if old is None or new is None or None in (old.value, new.value) or old.value == new.value:
        return comment.text
    return comment.text if _RECOMPUTED in comment.text else f"{comment.text} ({_RECOMPUTED}; you wrote {old.value})"


def _comments(text: str, spots: dict[Anchor, _Spot]) -> list[_Comment]:
    """Every comment in `text`, with the key or item it annotates."""
    inside = _scalar_columns(text)
    deepest: dict[int, Anchor] = {}  # what a comment ending the line annotates
    shallowest: dict[int, Anchor] = {}  # what comment lines before the line annotate
    for anchor, spot in sorted(spots.items(), key=lambda item: len(item[0])):
        deepest[spot.first] = anchor
        if anchor:
            shallowest.setdefault(spot.first, anchor)
    found: list[_Comment] = []
    waiting: list[str] = []
    last_anchor: Anchor | None = None
    for index, line in enumerate(text.splitlines()):
        if index in deepest:
            last_anchor = deepest[index]
            found += [_Comment(shallowest.get(index, last_anchor), comment, trailing=False) for comment in waiting]
            waiting = []
        start = _comment_start(line, inside.get(index, []))
        if start is None:
            continue
        if line[:start].strip():
            found.append(_Comment(last_anchor, line[start:].rstrip(), trailing=True))
        else:
            waiting.append(line[start:].rstrip())
    return found + [_Comment(None, comment, trailing=False) for comment in waiting]


def _comment_start(line: str, taken: list[tuple[int, int]]) -> int | None:
    """The column where a comment starts on `line`: a `#` at its start or after a space, outside every text."""
    for column, char in enumerate(line):
        starts = char == "#" and (column == 0 or line[column - 1] in " \t")
        if starts and not any(start <= column < end for start, end in taken):
            return column
    return None


def _scalar_columns(text: str) -> dict[int, list[tuple[int, int]]]:
    """For each line, the column ranges its texts (keys and values) cover, where a `#` is no comment."""
    taken: dict[int, list[tuple[int, int]]] = {}
    for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        if not isinstance(event, yaml.ScalarEvent):
            continue
        start, end = event.start_mark, event.end_mark
        assert start is not None and end is not None  # the parser marks every event
        for line in range(start.line, end.line + 1):
            first = start.column if line == start.line else 0
            last = end.column if line == end.line else 1 << 30
            taken.setdefault(line, []).append((first, last))
    return taken


def _spots(text: str) -> dict[Anchor, _Spot]:
    """Every key and item of a YAML text, by anchor."""
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    found: dict[Anchor, _Spot] = {}

    def walk(node: yaml.Node, anchor: Anchor, first: int, indent: int) -> None:
        block_text = isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")
        if isinstance(node, yaml.ScalarNode):  # a comment ending a text goes after its last line
            value, last = node.value, node.end_mark.line - (1 if block_text else 0)
        else:  # a comment on a mapping's or list's key line stays on that line
            value, last = None, first
        found[anchor] = _Spot(first, max(first, last), indent, block_text, value)
        if isinstance(node, yaml.MappingNode):
            for key, item in node.value:
                walk(item, (*anchor, key.value), key.start_mark.line, key.start_mark.column)
        elif isinstance(node, yaml.SequenceNode):
            for position, item in enumerate(node.value):
                # the `- ` sits two columns before the item's own start in archgen's layout
                walk(item, (*anchor, _name(item, position)), item.start_mark.line, max(0, item.start_mark.column - 2))

    if root is not None:
        walk(root, (), root.start_mark.line, 0)
    return found


def _name(item: yaml.Node, position: int) -> str | int | tuple[str, str]:
    """A list item's lasting name: its `name` value where it has one, otherwise its position."""
    if isinstance(item, yaml.MappingNode):
        for key, value in item.value:
            if key.value == "name" and isinstance(value, yaml.ScalarNode):
                return ("name", value.value)
    return position


def _find(spots: dict[Anchor, _Spot], anchor: Anchor | None) -> _Spot | None:
    """The spot of `anchor`, or of its nearest ancestor still there; None for the end of the file."""
    if anchor is None:
        return None
    parts = anchor
    while parts:
        if parts in spots:
            return spots[parts]
        parts = parts[:-1]
    return None
