"""Safe YAML in and deterministic YAML out, keeping the line of every key so errors can point at it."""

from __future__ import annotations

import functools
import io
import math
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    ScalarEvent,
)
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import VersionedResolver

from archgen.common.english import a
from archgen.common.errors import InputError, Problem, quoted

# Limits that keep hostile input cheap to refuse: a "billion laughs" file expands aliases exponentially, a flat
# file of millions of tiny values or thousands of nested brackets makes the pure-Python parser crawl.
MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_NODES = 200_000
# A design file is archgen's own output and grows with the system it describes (a 150-service design holds
# about 5 MB and half a million values); it gets room for designs ten times that, under the same other limits.
DESIGN_FILE_BYTES = 64 * 1024 * 1024
DESIGN_NODES = 5_000_000
MAX_DEPTH = 64
MAX_KEY_CHARS = 128
MAX_TEXT_CHARS = 100_000
MAX_INT_DIGITS = 40

# Characters no questionnaire or design needs and that make text lie about itself: control characters (other than
# tab and newline in values), Unicode line separators, bidirectional overrides (the "Trojan Source" trick) and
# lone surrogates (which cannot even be written back as UTF-8).
_HIDDEN_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_HIDDEN_IN_KEY = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

# The plain YAML tags, each with the one kind of node it can mark (`!!str {a: 1}` would crash the constructor).
_CORE_TAGS: dict[str, type[Node]] = {
    **{f"tag:yaml.org,2002:{name}": ScalarNode for name in ("str", "int", "float", "bool", "null", "timestamp")},
    "tag:yaml.org,2002:merge": ScalarNode,
    "tag:yaml.org,2002:map": MappingNode,
    "tag:yaml.org,2002:seq": SequenceNode,
}
_INT_TAG = "tag:yaml.org,2002:int"
_BOOLS = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}
_MARKUP = re.compile(r"\s*<(!doctype|html|\?xml|svg)\b", re.IGNORECASE)
_SPECIAL_FLOATS = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}

Path_ = tuple[str | int, ...]


class Located:
    """Plain data loaded from YAML, plus the line where each key path starts."""

    def __init__(self, data: Any, lines: dict[Path_, int], file: str) -> None:
        self.data = data
        self.lines = lines
        self.file = file
        self.notes: list[str] = []  # what reading the file changed, e.g. the migrations of an older design file

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


def read_text(path: Path, what: str, max_bytes: int | None = None) -> str:
    """Read a UTF-8 text file the user named, refusing anything that is not one with a one-line error."""
    max_bytes = max_bytes or MAX_FILE_BYTES
    if not path.exists():
        raise InputError(f"{path}: no such file; check the path of the {what}")
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give the path of the {what}")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"{path}: {size:,} bytes is too large for {a(what)} (limit {max_bytes:,})")
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror}); check its permissions") from None
    if b"\x00" in raw:
        raise InputError(f"{path}: is a binary file, not a YAML {what}; check the path")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: not valid UTF-8; save the {what} as UTF-8 text") from None
    if _MARKUP.match(text):  # a page of the built site, say: YAML would only report a confusing line
        raise InputError(f"{path}: is an HTML or XML page, not a YAML {what}; check the path")
    return text


def load(path: Path, what: str, max_bytes: int | None = None, max_values: int | None = None) -> Located:
    """Load one YAML document from `path` safely: core tags only, bounded size, a mapping at the top."""
    return parse(read_text(path, what, max_bytes), str(path), what, max_bytes, max_values)


def parse(
    text: str, file: str, what: str = "file", max_bytes: int | None = None, max_values: int | None = None
) -> Located:
    """Parse YAML text (see `load`); the limits default to a questionnaire's."""
    max_bytes, max_values = max_bytes or MAX_FILE_BYTES, max_values or MAX_NODES
    if len(text) > max_bytes:
        raise InputError(f"{file}: {len(text):,} characters is too large for {a(what)} (limit {max_bytes:,})")
    fast = _parse_fast(text, max_values)
    if fast is not None:
        return Located(fast[0], fast[1], file)
    return _parse_checked(text, file, what, max_values)


def _parse_checked(text: str, file: str, what: str, max_values: int) -> Located:
    """The reference parser: slow (pure Python) but the authority on every error and its message."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.allow_duplicate_keys = False
    try:
        _check_events(yaml, text, file, what, max_values)
        root = yaml.compose(text)
        _check_nodes(root, file, max_values)
        data = yaml.constructor.construct_document(root)  # from the checked nodes: the text is not parsed again
    except MarkedYAMLError as exc:
        raise InputError(_yaml_error_line(exc, file)) from None
    except ReaderError as exc:  # a raw control character: YAML refuses it before any token
        line = text[: exc.position].count("\n") + 1
        raise InputError(f"{file}:{line}: holds {_describe(chr(exc.character))}; remove it") from None
    except YAMLError as exc:
        raise InputError(f"{file}: not valid YAML ({_first_line(str(exc))})") from None
    if not isinstance(data, CommentedMap):
        kind = "a list" if isinstance(data, CommentedSeq) else "a single value"
        raise InputError(f"{file}:1: the top level is {kind}; {a(what)} is a mapping of sections (key: value)")
    lines: dict[Path_, int] = {}
    return Located(_plain(data, (), lines), lines, file)


def _number(text: str, integer: bool) -> int | float:
    """A YAML 1.2 number as written (underscores, signs, 0x/0o/0b, .inf/.nan); ValueError when it is not one."""
    number = text.replace("_", "").lower()
    if integer:
        sign = -1 if number.startswith("-") else 1
        digits = number.lstrip("+-")
        base = {"0x": 16, "0o": 8, "0b": 2}.get(digits[:2], 10)
        return sign * int(digits[2:] if base != 10 else digits, base)
    return _SPECIAL_FLOATS[number] if number in _SPECIAL_FLOATS else float(number)


class _Constructor(RoundTripConstructor):
    """ruamel's round-trip constructor, with numbers and dates read so that no odd spelling can crash it."""

    def construct_number(self, node: ScalarNode) -> int | float:
        """`0x_` or `._` match YAML's number patterns but are not numbers: a located error, not an exception."""
        try:
            return _number(str(node.value), integer=node.tag == _INT_TAG)
        except ValueError:
            raise ConstructorError(None, None, f"{quoted(node.value)} is not a number", node.start_mark) from None

    def construct_bool(self, node: ScalarNode) -> bool:
        """`!!bool maybe` is refused with its line instead of failing a lookup."""
        value = _BOOLS.get(str(node.value).lower())
        if value is None:
            raise ConstructorError(None, None, f"{quoted(node.value)} is not true or false", node.start_mark)
        return value

    def construct_text(self, node: ScalarNode) -> str:
        """Dates stay the text the user wrote: nothing here is a date, and `2020-13-45` must not crash."""
        return str(node.value)


_Constructor.add_constructor(_INT_TAG, _Constructor.construct_number)
_Constructor.add_constructor("tag:yaml.org,2002:float", _Constructor.construct_number)
_Constructor.add_constructor("tag:yaml.org,2002:bool", _Constructor.construct_bool)
_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_text)


def _check_events(yaml: YAML, text: str, file: str, what: str, max_values: int) -> None:
    """Stream the parser's events and stop at the first limit crossed, before any tree is built.

    Deep nesting would overflow the recursive composer, and millions of values take the parser minutes;
    streaming stops both after a bounded amount of work.
    """
    documents = nodes = depth = 0
    for event in yaml.parse(text):
        line = event.start_mark.line + 1
        if isinstance(event, DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise InputError(f"{file}:{line}: a second YAML document starts here; {a(what)} is one document")
        elif isinstance(event, ScalarEvent | AliasEvent | CollectionStartEvent):
            nodes += 1
            if nodes > max_values:
                raise InputError(
                    f"{file}:{line}: holds more than {max_values:,} values, far more than any {what}; "
                    "check that this is the right file"
                )
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise InputError(f"{file}:{line}: nested too deeply (limit {MAX_DEPTH} levels)")
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
    if documents == 0:
        raise InputError(f"{file}: is empty; start from `archgen init` for an annotated {what}")


def _check_nodes(root: Node, file: str, max_values: int) -> None:
    """Refuse non-core tags, cycles, alias bombs, odd keys and hidden characters before anything is constructed."""
    sizes: dict[int, int] = {}
    visiting: set[int] = set()

    def refuse(node: Node, path: Path_, message: str) -> InputError:
        return InputError(Problem(message, dotted(path), file, node.start_mark.line + 1))

    def size(node: Node, path: Path_) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if len(path) > MAX_DEPTH:  # an alias can put a deep anchor deeper still
            raise refuse(node, path, f"nested too deeply (limit {MAX_DEPTH} levels)")
        _check_tag(node, path, refuse)
        if key in visiting:
            raise refuse(node, path, "an alias refers to itself; remove the recursive anchor")
        visiting.add(key)
        total = 1
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                name = _key_name(key_node, path, refuse)
                total += 1 + size(value_node, (*path, name))
        elif isinstance(node, SequenceNode):
            total += sum(size(item, (*path, index)) for index, item in enumerate(node.value))
        elif isinstance(node, ScalarNode):
            _check_scalar(node, path, refuse)
        else:  # pragma: no cover - ruamel only makes these three kinds
            raise refuse(node, path, "unexpected YAML node")
        visiting.discard(key)
        if total > max_values:
            raise refuse(
                node,
                path,
                f"aliases expand to more than {max_values:,} values; write the data out instead of nesting anchors",
            )
        sizes[key] = total
        return total

    size(root, ())


def _key_name(node: Node, path: Path_, refuse: Any) -> str:
    """The name of a mapping key, which must be short, single-line text (never a list or a mapping)."""
    if not isinstance(node, ScalarNode):
        raise refuse(node, path, "a key must be a name, not a list or a mapping")
    _check_tag(node, path, refuse)
    name = str(node.value)
    if len(name) > MAX_KEY_CHARS:
        raise refuse(node, path, f"a key of {len(name):,} characters is too long (limit {MAX_KEY_CHARS})")
    hidden = _HIDDEN_IN_KEY.search(name)
    if hidden:
        raise refuse(node, (*path, name), f"the key holds {_describe(hidden.group())}; remove it")
    return name


def _check_tag(node: Node, path: Path_, refuse: Any) -> None:
    kind = _CORE_TAGS.get(str(node.tag))
    if kind is None:
        raise refuse(node, path, f"the tag {quoted(node.tag)} is not allowed; use plain YAML values")
    if not isinstance(node, kind):
        raise refuse(node, path, f"the tag {quoted(node.tag)} does not fit this value; remove the tag")


def _check_scalar(node: ScalarNode, path: Path_, refuse: Any) -> None:
    text = str(node.value)
    if node.style == ">":  # ruamel marks where a folded scalar was folded with BEL; the file cannot hold one
        text = text.replace("\a", "")
    if len(text) > MAX_TEXT_CHARS:
        raise refuse(node, path, f"{len(text):,} characters is too long for one value (limit {MAX_TEXT_CHARS:,})")
    hidden = _HIDDEN_IN_TEXT.search(text)
    if hidden:
        raise refuse(node, path, f"holds {_describe(hidden.group())}; remove it")
    # Python refuses to read integers of more than 4,300 digits, and no value here comes close to 40
    digits = sum(c.isdigit() for c in text)
    if node.tag == _INT_TAG and digits > MAX_INT_DIGITS:
        raise refuse(node, path, f"a number of {digits:,} digits is out of range")


def _describe(char: str) -> str:
    """`\u202e` → 'the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE)'."""
    name = unicodedata.name(char, "")
    return f"the invisible character U+{ord(char):04X}" + (f" ({name})" if name else "")


def _plain(value: Any, path: Path_, lines: dict[Path_, int]) -> Any:
    """Convert ruamel's round-trip objects to plain Python, recording the line of every key and item."""
    if isinstance(value, CommentedMap):
        out: dict[str, Any] = {}
        for key in value:
            # keys merged in with `<<: *anchor` have no position of their own: use the mapping's
            position = (value.lc.data or {}).get(key)
            line = (position[0] if position else value.lc.line) + 1
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
    return str(value)


def _yaml_error_line(exc: MarkedYAMLError, file: str) -> str:
    mark = exc.problem_mark or exc.context_mark
    line = f":{mark.line + 1}" if mark is not None else ""
    problem = _first_line(exc.problem or exc.context or "not valid YAML")
    hint = "check the indentation and quoting"
    if isinstance(exc, ConstructorError) and "is not" in problem:
        hint = "write a plain value, or quote it to make it text"
    elif "'\\t'" in problem:
        hint = "indent with spaces; YAML does not allow tabs there"
    elif "got '['" in problem or "got ']'" in problem:
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


class _Fallback(Exception):
    """The fast parser met something only the reference parser may judge."""


_RESOLVER = VersionedResolver(version=(1, 2))
_TAG = "tag:yaml.org,2002:"


def _parse_fast(text: str, max_values: int) -> tuple[dict[str, Any], dict[Path_, int]] | None:
    """Parse with libyaml (through PyYAML), ten to twenty times faster than the reference parser.

    It returns only when the document is plainly fine: one mapping of untagged values, no aliases or merge keys,
    every limit respected. Anything else (including every error) returns None, and the reference parser then
    reads the file and says what is wrong, so messages never depend on which parser ran. Plain scalars are
    typed by YAML 1.2 rules, as the reference parser types them (`no` is text, not false).
    """
    try:
        import yaml

        loader = yaml.CSafeLoader
    except (ImportError, AttributeError):  # PyYAML without libyaml: the reference parser does it all
        return None
    try:
        documents = values = depth = 0
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
            elif isinstance(event, yaml.AliasEvent) or getattr(event, "tag", None) is not None:
                return None  # aliases and explicit tags are rare here: leave them to the reference parser
            elif isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent):
                values += 1
                if isinstance(event, yaml.CollectionStartEvent):
                    depth += 1
                if values > max_values or depth > MAX_DEPTH:
                    return None
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        if documents != 1:
            return None
        root = yaml.compose(text, Loader=loader)
        if not isinstance(root, yaml.MappingNode):
            return None
        lines: dict[Path_, int] = {}
        data = _build(root, (), lines)
    except (yaml.YAMLError, _Fallback, RecursionError):
        return None
    return data, lines


def _build(node: Any, path: Path_, lines: dict[Path_, int]) -> Any:
    """Plain data from a libyaml node, with the same values and lines the reference parser gives."""
    if node.id == "mapping":
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.id != "scalar" or key_node.tag == _TAG + "merge":
                raise _Fallback
            key = _scalar(key_node)
            name = "null" if key is None else str(key)
            if name in out or len(name) > MAX_KEY_CHARS or _HIDDEN_IN_KEY.search(name):
                raise _Fallback
            lines[(*path, name)] = key_node.start_mark.line + 1
            out[name] = _build(value_node, (*path, name), lines)
        return out
    if node.id == "sequence":
        items = []
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + 1
            items.append(_build(item, (*path, index), lines))
        return items
    return _scalar(node)


def _scalar(node: Any) -> Any:
    text = str(node.value)
    if len(text) > MAX_TEXT_CHARS or _HIDDEN_IN_TEXT.search(text):
        raise _Fallback
    if node.style:  # quoted or block scalars are always text (libyaml marks plain ones with "")
        return text
    tag = _RESOLVER.resolve(ScalarNode, text, (True, False))
    if tag == _TAG + "str":
        return text
    if tag == _TAG + "null":
        return None
    if tag == _TAG + "bool":
        return _BOOLS[text.lower()]
    if tag == _TAG + "timestamp":
        return text
    if tag in (_INT_TAG, _TAG + "float") and sum(c.isdigit() for c in text) <= MAX_INT_DIGITS:
        try:
            return _number(text, integer=tag == _INT_TAG)
        except ValueError:
            raise _Fallback from None
    raise _Fallback
