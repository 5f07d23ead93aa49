"""Safe YAML loading: line numbers for every key, hostile constructs refused with one clear line."""

from __future__ import annotations

import pytest

from archgen import yamlio
from archgen.errors import InputError


def test_lines_are_recorded_for_keys_and_items() -> None:
    located = yamlio.parse("a: 1\nb:\n  - x\n  - y\nc:\n  d: 2_000_000\n", "f.yaml")
    assert located.data == {"a": 1, "b": ["x", "y"], "c": {"d": 2_000_000}}
    assert located.line_of(("b", 1)) == 4
    assert located.line_of(("c", "d")) == 6
    # a path the file does not spell out falls back to its nearest written ancestor
    assert located.line_of(("c", "d", "missing")) == 6


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "is empty"),
        ("- a\n- b\n", "the top level is a list"),
        ("a: !!python/object/apply:os.system ['true']\n", "the tag tag:yaml.org,2002:python/object/apply:os.system"),
        ("a: 1\na: 2\n", "a key appears twice"),
        ("a: [1, 2\n", "not valid YAML"),
        ("a: 1\n---\nb: 2\n", "holds 2 YAML documents"),
        ("a: &x [*x]\n", "refers to itself"),
    ],
)
def test_hostile_or_broken_yaml_is_refused(text: str, expected: str) -> None:
    with pytest.raises(InputError) as info:
        yamlio.parse(text, "f.yaml")
    assert expected in str(info.value)
    assert str(info.value).startswith("f.yaml")


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, "
              f"*a{i - 1}, *a{i - 1}]" for i in range(1, 10)]  # fmt: skip
    with pytest.raises(InputError, match="aliases expand to more than"):
        yamlio.parse("\n".join(lines) + "\n", "bomb.yaml")


def test_brackets_in_flow_mappings_get_a_quoting_hint() -> None:
    with pytest.raises(InputError) as info:
        yamlio.parse("fields: {customer: ref[Customer]}\n", "req.yaml")
    assert 'quote values that contain brackets, e.g. "ref[Customer]"' in str(info.value)
    assert str(info.value).startswith("req.yaml:1:")


def test_files_that_are_not_text_are_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"a: 1\x00\x01")
    with pytest.raises(InputError, match="binary file"):
        yamlio.load(binary, "questionnaire")
    latin = tmp_path / "l.yaml"
    latin.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(InputError, match=r"l.yaml:2: not valid UTF-8"):
        yamlio.load(latin, "questionnaire")
    with pytest.raises(InputError, match="no such file"):
        yamlio.load(tmp_path / "missing.yaml", "questionnaire")
    with pytest.raises(InputError, match="is a folder"):
        yamlio.load(tmp_path, "questionnaire")


def test_dump_is_deterministic_and_keeps_multiline_text_readable() -> None:
    data = {"b": "one\ntwo\n", "a": [1, 2]}
    text = yamlio.dump(data)
    assert text == yamlio.dump(data)
    assert "b: |\n  one\n  two\n" in text
    assert text.index("b:") < text.index("a:")  # insertion order, not sorted


def test_dump_reads_back_as_the_same_data_without_anchors() -> None:
    tricky = ["1e3", "0o17", "0x1F", "true", "False", "null", "~", "", "12", "-3.5", ".inf", "2024-01-01", "<<", "="]
    shared = {"type": "string"}
    data = {
        "strings": [*tricky, "plain words", "ends with colon:", "- dash", "#hash", "café ✓"],
        "numbers": [0, -7, 1.5, 1e20, 2.0],
        "flags": [True, False, None],
        "nested": {"200": {"a": shared}, "201": {"b": shared}, "empty": {}, "none": []},
    }
    text = yamlio.dump(data)
    assert "&" not in text and "*" not in text  # an object used twice is written twice, not aliased
    assert yamlio.parse(text, "dumped.yaml").data == data
