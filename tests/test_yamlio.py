"""Safe YAML loading: line numbers for every key, hostile constructs refused with one clear line."""

from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from archgen.common import yamlio
from archgen.common.errors import InputError


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
        ("a: !!python/object/apply:os.system ['true']\n", "the tag 'tag:yaml.org,2002:python/object/apply:os.system'"),
        ("a: 1\na: 2\n", "a key appears twice"),
        ("a: [1, 2\n", "not valid YAML"),
        ("a: 1\n---\nb: 2\n", ":2: a second YAML document starts here"),
        ("a: &x [*x]\n", "refers to itself"),
        ("# only a comment\n", "is empty"),
        ("a:\n  ? [x, y]\n  : 1\n", ":2: a: a key must be a name, not a list or a mapping"),
        ("a: " + "9" * 5_000 + "\n", ":1: a: a number of 5,000 digits is out of range"),
        ("a:\n  b: [" + "[" * 100_000 + "\n", ":2: nested too deeply (limit 64 levels)"),
        ("a: b\x07c\n", ":1: holds the invisible character U+0007; remove it"),
        ("a: 0x_\n", ":1: not valid YAML ('0x_' is not a number); write a plain value, or quote it to make it text"),
        ("a: !!bool maybe\n", ":1: not valid YAML ('maybe' is not true or false)"),
        ("a: !!str {b: 1}\n", ":1: a: the tag 'tag:yaml.org,2002:str' does not fit this value; remove the tag"),
    ],
)
def test_hostile_or_broken_yaml_is_refused(text: str, expected: str) -> None:
    with pytest.raises(InputError) as info:
        yamlio.parse(text, "f.yaml")
    assert expected in str(info.value)
    assert str(info.value).startswith("f.yaml")


@pytest.mark.parametrize(
    ("value", "hidden"),
    [
        ('"\\x1b[31mred"', "U+001B"),
        ('"a\\0b"', "U+0000"),
        ('"abc\\u202edcba"', "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ('"one\\u2028two"', "U+2028 (LINE SEPARATOR)"),
        ('"half \\ud800 a pair"', "U+D800"),
    ],
)
def test_hidden_characters_are_refused_where_they_are(value: str, hidden: str) -> None:
    with pytest.raises(InputError) as info:
        yamlio.parse(f"system:\n  roles:\n    - name: {value}\n", "f.yaml")
    assert str(info.value) == f"f.yaml:3: system.roles[0].name: holds the invisible character {hidden}; remove it"


def test_keys_must_be_short_single_line_names() -> None:
    with pytest.raises(InputError, match=r"^f.yaml:2: a: a key of 200 characters is too long \(limit 128\)$"):
        yamlio.parse("a:\n  ? " + "k" * 200 + "\n  : 1\n", "f.yaml")
    with pytest.raises(InputError) as info:
        yamlio.parse('"a\\tb": 1\n', "f.yaml")
    assert str(info.value) == "f.yaml:1: a\\tb: the key holds the invisible character U+0009; remove it"


def test_text_and_tags_are_bounded_in_size() -> None:
    with pytest.raises(InputError, match=r"^f.yaml:1: a: 100,001 characters is too long for one value"):
        yamlio.parse("a: " + "x" * 100_001 + "\n", "f.yaml")
    with pytest.raises(InputError) as info:
        yamlio.parse("a: !" + "t" * 10_000 + " b\n", "f.yaml")
    assert len(str(info.value)) < 200 and "(10,001 characters) is not allowed" in str(info.value)


def test_a_flood_of_values_is_refused_while_streaming(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlio, "MAX_NODES", 1_000)
    with pytest.raises(InputError, match=r"^f.yaml:1: holds more than 1,000 values, far more than any file"):
        yamlio.parse("a: [" + "1, " * 5_000 + "1]\n", "f.yaml")
    assert yamlio.parse("a: [" + "1, " * 900 + "1]\n", "f.yaml").data["a"][-1] == 1


def test_dates_stay_the_text_that_was_written() -> None:
    assert yamlio.parse("a: 2020-13-45\nb: 2024-02-29\n", "f.yaml").data == {"a": "2020-13-45", "b": "2024-02-29"}


def test_merge_keys_load_with_the_line_of_their_mapping() -> None:
    located = yamlio.parse("base: &base {x: 1}\nitem:\n  y: 2\n  <<: *base\n", "f.yaml")
    assert located.data["item"] == {"y": 2, "x": 1}
    assert located.line_of(("item", "y")) == 3 and located.line_of(("item", "x")) == 3


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


@settings(derandomize=True, database=None, deadline=None, max_examples=200)
@given(
    st.text().filter(lambda t: not re.search(yamlio._HIDDEN_IN_TEXT, t)),
    st.text(max_size=yamlio.MAX_KEY_CHARS).filter(lambda t: not re.search(yamlio._HIDDEN_IN_KEY, t)),
)
def test_any_text_the_loader_accepts_survives_a_dump_and_a_load(text: str, key: str) -> None:
    # design.yaml is read back by archgen (YAML 1.2); mkdocs.yml and the OpenAPI documents by YAML 1.1 tools
    data = {"key": text, "list": [text], key: "as a key"}
    dumped = yamlio.dump(data)
    assert yamlio.parse(dumped, "f.yaml").data == data
    assert yaml.safe_load(dumped) == data


@pytest.mark.parametrize("text", ["no", "On", "y", "1:30", "010", "0o17", "2024-01-01", "~", "", "1e3"])
def test_text_that_yaml_1_1_would_read_as_a_value_is_quoted(text: str) -> None:
    assert yaml.safe_load(yamlio.dump({text: [text]})) == {text: [text]}


def test_design_files_get_room_for_large_designs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # a 150-service design holds about half a million values: more than any questionnaire, and archgen's own output
    path = tmp_path / "design.yaml"
    path.write_text("items:\n" + "".join(f"- {i}\n" for i in range(250_000)), encoding="utf-8")
    with pytest.raises(InputError, match="holds more than 200,000 values"):
        yamlio.load(path, "questionnaire")
    located = yamlio.load(path, "design file", yamlio.DESIGN_FILE_BYTES, yamlio.DESIGN_NODES)
    assert len(located.data["items"]) == 250_000 and located.line_of(("items", 249_999)) == 250_001
