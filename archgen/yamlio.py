"""Safe YAML in and deterministic YAML out, keeping the line of every key so errors can point at it."""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver

from archgen.errors import InputError, Problem

# Limits that keep hostile input cheap to refuse (a "billion laughs" file expands aliases exponentially).
MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_EXPANDED_NODES = 200_000
MAX_DEPTH = 64

_CORE_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}
_MERGE_TAG = "tag:yaml.org,2002:merge"

Path_ = tuple[str | int, ...]


class Located:
    """Plain data loaded from YAML, plus the line where each key path starts."""

    def __init__(self, data: Any, lines: dict[Path_, int], file: str) -> None:
        self.data = data
        self.lines = lines
        self.file = file

    def line_of(self, path: Iterable[str | int]) -> int | None:
        """The line of the longest prefix of `path` that the file spells out."""
        parts = tuple(path)
        while parts:
            if parts in self.lines:
                return self.lines[parts]
            parts = parts[:-1]
        return None

    def problem(self, path: Iterable[str | int], message: str) -> Problem:
        """A problem located at `path` in this file."""
        parts = tuple(path)
        return Problem(message, key=dotted(parts), file=self.file, line=self.line_of(parts))


def dotted(path: Iterable[str | int]) -> str:
    """`("data", "entities", 0, "name")` → `data.entities[0].name`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def read_text(path: Path, what: str) -> str:
    """Read a UTF-8 text file the user named, refusing anything that is not one with a one-line error."""
    if not path.exists():
        raise InputError(f"{path}: no such file; check the path of the {what}")
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give the path of the {what} file")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"{path}: {size:,} bytes is too large for a {what} (limit {MAX_FILE_BYTES:,})")
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror}); check its permissions") from None
    if b"\x00" in raw:
        raise InputError(f"{path}: is a binary file, not a YAML {what}")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: not valid UTF-8; save the {what} as UTF-8 text") from None


def load(path: Path, what: str) -> Located:
    """Load one YAML document from `path` safely: core tags only, bounded aliases, a mapping at the top."""
    return parse(read_text(path, what), str(path), what)


def parse(text: str, file: str, what: str = "file") -> Located:
    """Parse YAML text (see `load`)."""
    if not text.strip():
        raise InputError(f"{file}: is empty; start from `archgen init` for an annotated {what}")
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        nodes = list(yaml.compose_all(text))
        if len(nodes) != 1:
            raise InputError(f"{file}: holds {len(nodes)} YAML documents; keep one {what} per file")
        _check_nodes(nodes[0], file)
        data = yaml.constructor.construct_document(nodes[0])  # from the checked nodes: the text is parsed once
    except MarkedYAMLError as exc:
        raise InputError(_yaml_error_line(exc, file)) from None
    except YAMLError as exc:
        raise InputError(f"{file}: not valid YAML ({_first_line(str(exc))})") from None
    except RecursionError:
        raise InputError(f"{file}: nested too deeply to be a {what} (limit {MAX_DEPTH} levels)") from None
    if not isinstance(data, CommentedMap):
        kind = "a list" if isinstance(data, CommentedSeq) else "a single value"
        raise InputError(f"{file}:1: the top level is {kind}; a {what} is a mapping of sections (key: value)")
    lines: dict[Path_, int] = {}
    return Located(_plain(data, (), lines), lines, file)


def _check_nodes(root: Node, file: str) -> None:
    """Refuse non-core tags, cycles, deep nesting and alias bombs before anything is constructed."""
    sizes: dict[int, int] = {}
    visiting: set[int] = set()

    def size(node: Node, depth: int) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        line = node.start_mark.line + 1
        if depth > MAX_DEPTH:
            raise InputError(f"{file}:{line}: nested too deeply (limit {MAX_DEPTH} levels)")
        if node.tag not in _CORE_TAGS and node.tag != _MERGE_TAG:
            raise InputError(f"{file}:{line}: the tag {node.tag} is not allowed; use plain YAML values")
        if key in visiting:
            raise InputError(f"{file}:{line}: an alias refers to itself; remove the recursive anchor")
        visiting.add(key)
        total = 1
        if isinstance(node, MappingNode):
            total += sum(size(k, depth + 1) + size(v, depth + 1) for k, v in node.value)
        elif isinstance(node, SequenceNode):
            total += sum(size(item, depth + 1) for item in node.value)
        elif not isinstance(node, ScalarNode):  # pragma: no cover - ruamel only makes these three kinds
            raise InputError(f"{file}:{line}: unexpected YAML node")
        visiting.discard(key)
        if total > MAX_EXPANDED_NODES:
            raise InputError(
                f"{file}:{line}: aliases expand to more than {MAX_EXPANDED_NODES:,} values; "
                "write the data out instead of nesting anchors"
            )
        sizes[key] = total
        return total

    size(root, 0)


def _plain(value: Any, path: Path_, lines: dict[Path_, int]) -> Any:
    """Convert ruamel's round-trip objects to plain Python, recording the line of every key and item."""
    if isinstance(value, CommentedMap):
        out: dict[str, Any] = {}
        for key in value:
            line = value.lc.key(key)[0] + 1
            name = str(key) if key is not None else "null"
            lines[(*path, name)] = line
            out[name] = _plain(value[key], (*path, name), lines)
        return out
    if isinstance(value, CommentedSeq):
        items = []
        for index, item in enumerate(value):
            lines[(*path, index)] = value.lc.item(index)[0] + 1
            items.append(_plain(item, (*path, index), lines))
        return items
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _yaml_error_line(exc: MarkedYAMLError, file: str) -> str:
    mark = exc.problem_mark or exc.context_mark
    line = f":{mark.line + 1}" if mark is not None else ""
    problem = _first_line(exc.problem or exc.context or "not valid YAML")
    hint = "check the indentation and quoting"
    if "got '['" in problem or "got ']'" in problem:
        hint = 'inside {…} or […] quote values that contain brackets, e.g. "ref[Customer]"'
    elif "duplicate key" in problem or "found duplicate key" in str(exc):
        problem, hint = "a key appears twice in the same mapping", "keep one of them"
    return f"{file}{line}: not valid YAML ({problem}); {hint}"


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text


def dump(data: Any) -> str:
    """Deterministic, readable YAML: insertion order kept, multi-line text as literal blocks, no anchors.

    libyaml (through PyYAML) emits it, ten times faster than a pure-Python emitter; strings that our
    YAML 1.2 loader would read back as another type (`1e3`, `0o17`, `true`) are quoted.
    """
    import yaml

    scalar, mapping, sequence = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode
    stream = io.StringIO()
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)(
        stream, sort_keys=False, allow_unicode=True, width=120, default_flow_style=False
    )

    def node(value: Any) -> Any:
        # built directly: PyYAML's generic representer, with its bookkeeping for anchors, took three quarters
        # of the time of a dump; a value that appears twice is simply written out twice
        if isinstance(value, str):
            return scalar(_STR, value, style=_string_style(value))
        if isinstance(value, dict):
            return mapping(_MAP, [(node(key), node(item)) for key, item in value.items()], flow_style=False)
        if isinstance(value, list | tuple):
            return sequence(_SEQ, [node(item) for item in value], flow_style=False)
        return dumper.represent_data(value)  # numbers, booleans and null, as PyYAML writes them

    try:
        dumper.open()
        dumper.serialize(node(data))
        dumper.close()
    finally:
        dumper.dispose()
    return stream.getvalue()


_STR, _MAP, _SEQ = (f"tag:yaml.org,2002:{kind}" for kind in ("str", "map", "seq"))
# The loader's implicit types (YAML 1.2), listed by the first character of the scalars they can match.
_IMPLICIT = VersionedResolver(version=(1, 2)).versioned_resolver


@functools.lru_cache(maxsize=1 << 16)  # keys and common values repeat thousands of times
def _string_style(value: str) -> str | None:
    """A literal block for multi-line text, quotes for a string that would read back as another type."""
    if "\n" in value.strip("\n"):
        return "|"
    for tag, pattern in (*_IMPLICIT.get(value[:1], ()), *_IMPLICIT.get(None, ())):
        if pattern.match(value):
            return None if tag == _STR else '"'
    return None
