"""Fuzzing the questionnaire loader: whatever the text, the result is valid Requirements or a clean user error.

The target is the real entry point (`yamlio.parse` then `parse_requirements`). Three sources of input: random
YAML documents, random edits of the text of the bundled examples, and random replacements of one value in a
valid questionnaire (which reach the model and the cross-checks rather than stopping at YAML syntax).
Runs are derandomized so CI sees the same examples every time.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archgen.common import yamlio
from archgen.common.errors import InputError
from archgen.requirements.load import WHAT, Loaded, parse_requirements
from tests.conftest import EXAMPLES, example

FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=150,
    suppress_health_check=[HealthCheck.too_slow],
)
FILE = "fuzz.yaml"
EXAMPLE_TEXTS = [example(name).read_text("utf-8") for name in EXAMPLES]
EXAMPLE_DATA = [yamlio.parse(text, FILE).data for text in EXAMPLE_TEXTS]
HOSTILE = [
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "[x](javascript:alert(1))",
    "\x1b[31m",
    "\u202e",
    '"\\ud800"',  # a lone surrogate, as a YAML escape (Python cannot even encode it to write it out)
    "1e400",
    ".nan",
    "-.inf",
    "9" * 60,
    "0x_",
    "2020-13-45",
    "!!python/object/apply:os.system ['true']",
    "*undefined",
    "&a [*a]",
    "? [a]\n: 1",
    "\t",
    "'",
    '"',
    "{",
    "- - -",
    "<<: *x",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(HOSTILE),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)


def outcome(text: str) -> Loaded | InputError:
    """Load `text` as a questionnaire; any exception other than InputError fails the test by propagating."""
    try:
        return parse_requirements(yamlio.parse(text, FILE, WHAT))
    except InputError as error:
        assert error.problems
        for line in error.problems:
            assert line.startswith(FILE) and "\n" not in line and "\x1b" not in line
        return error


@FUZZ
@given(st.text(max_size=300))
def test_random_text(text: str) -> None:
    outcome(text)


@FUZZ
@given(st.dictionaries(st.text(max_size=12), values, max_size=6))
def test_random_yaml_documents(document: dict[str, Any]) -> None:
    outcome(yamlio.dump(document))


@st.composite
def edited_example(draw: st.DrawFn) -> str:
    """The text of a bundled example with a few random edits: lines cut, repeated, re-indented or overwritten."""
    lines = draw(st.sampled_from(EXAMPLE_TEXTS)).splitlines()
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["cut", "repeat", "indent", "dedent", "overwrite", "insert"]))
        if edit == "cut":
            del lines[index]
        elif edit == "repeat":
            lines.insert(index, lines[index])
        elif edit == "indent":
            lines[index] = "  " + lines[index]
        elif edit == "dedent":
            lines[index] = lines[index].lstrip()
        else:
            fragment = draw(st.sampled_from(HOSTILE) | st.text(max_size=20))
            start = draw(st.integers(0, len(lines[index])))
            tail = lines[index][start:] if edit == "insert" else ""
            lines[index] = lines[index][:start] + fragment + tail
        if not lines:
            break
    return "\n".join(lines) + "\n"


@FUZZ
@given(edited_example())
def test_edited_examples(text: str) -> None:
    outcome(text)


@st.composite
def example_with_one_value_replaced(draw: st.DrawFn) -> dict[str, Any]:
    """A bundled example as data, with one value anywhere in it replaced by a random one."""
    data = copy.deepcopy(draw(st.sampled_from(EXAMPLE_DATA)))
    node: Any = data
    while True:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            return data
        key = draw(st.sampled_from(keys))
        if isinstance(node[key], dict | list) and node[key] and draw(st.booleans()):
            node = node[key]
            continue
        node[key] = draw(values)
        return data


@FUZZ
@given(example_with_one_value_replaced())
def test_examples_with_a_value_replaced(data: dict[str, Any]) -> None:
    result = outcome(yamlio.dump(data))
    if isinstance(result, Loaded):
        assert result.requirements.data.entities


def reference(text: str) -> tuple[Any, Any] | str:
    """What the reference parser makes of `text`: its data and lines, or its error."""
    try:
        located = yamlio._parse_checked(text, FILE, WHAT, yamlio.MAX_NODES)
    except InputError as error:
        return str(error)
    return located.data, located.lines


@FUZZ
@given(st.one_of(edited_example(), st.text(max_size=300), st.sampled_from(EXAMPLE_TEXTS)))
def test_the_fast_parser_agrees_with_the_reference_whenever_it_answers(text: str) -> None:
    fast = yamlio._parse_fast(text, yamlio.MAX_NODES)
    if fast is not None:
        assert fast == reference(text)


def test_the_fast_parser_answers_for_the_files_archgen_reads_most() -> None:
    for text in EXAMPLE_TEXTS:
        assert yamlio._parse_fast(text, yamlio.MAX_NODES) == reference(text)
