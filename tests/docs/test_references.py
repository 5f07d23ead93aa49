"""The reference pages are generated from the code: the committed copies must match it, and they must cover every
key of the questionnaire and the design, and every command and option of the CLI."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Any

import typer
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from typer.main import get_command

from archgen.cli import app
from archgen.design.model import Design
from archgen.requirements.model import Requirements
from sitegen.commands import cli_reference
from sitegen.models import design_reference, nested_model, questionnaire_reference
from sitegen.pages import committed_pages, generated_pages, getting_started, readme_line
from sitegen.rules import rules_reference
from tests.conftest import ROOT

REFRESH = "run `.venv/bin/python -m sitegen pages` and commit the changed pages"


def test_committed_pages_match_the_code() -> None:
    fresh, committed = generated_pages(), committed_pages()
    assert sorted(committed) == sorted(fresh), REFRESH
    stale = [name for name, content in fresh.items() if committed[name] != content]
    assert not stale, f"out of date: {', '.join(stale)}; {REFRESH}"


def rows(page: str) -> dict[str, str]:
    """Table rows of a page by each code span in their first cell (an option's cell names all its spellings)."""
    found = {}
    for row in re.findall(r"^\| .*\|$", page, flags=re.MULTILINE):
        for name in re.findall(r"`([^`]+)`", row.split(" | ", 1)[0]):
            found[name] = row
    return found


def schema_keys(node: dict[str, Any], defs: dict[str, Any], prefix: str = "") -> set[str]:
    """Every key path the JSON Schema allows, in the reference's notation (`users.roles[].name`)."""
    if "$ref" in node:
        return schema_keys(defs[node["$ref"].rsplit("/", 1)[-1]], defs, prefix)
    keys: set[str] = set()
    for option in node.get("anyOf", []):
        keys |= schema_keys(option, defs, prefix)
    if "items" in node:
        keys |= schema_keys(node["items"], defs, f"{prefix}[]")
    for name, sub in node.get("properties", {}).items():
        path = f"{prefix}.{name}" if prefix else name
        keys |= {path} | schema_keys(sub, defs, path)
    return keys


def test_questionnaire_reference_lists_every_key_the_schema_allows() -> None:
    schema = Requirements.model_json_schema(by_alias=True)
    page = questionnaire_reference().split("\n## Field types", 1)[0]
    documented = set(rows(page)) | set(re.findall(r"^## `([^`]+)`", page, flags=re.MULTILINE))
    assert documented == schema_keys(schema, schema["$defs"])


def test_questionnaire_reference_states_defaults_and_assumptions() -> None:
    page = questionnaire_reference()
    found = rows(page[page.index("\n## ") :])  # the key tables, after the summary of the sections
    for key, field in model_fields(Requirements):
        if key not in found:
            continue  # a top-level section: a heading, not a row
        row = found[key].replace("\\", "")
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        assert ("**required**" in row) == field.is_required(), key
        if "x-assumption" in extra:
            assert str(extra["x-assumption"]) in row, key


def model_fields(model: type[BaseModel], prefix: str = "") -> Iterator[tuple[str, FieldInfo]]:
    """Every field below `model` with its key path."""
    for name, field in model.model_fields.items():
        key = f"{prefix}.{field.alias or name}" if prefix else field.alias or name
        yield key, field
        inner, many = nested_model(field.annotation)
        if inner is not None:
            yield from model_fields(inner, f"{key}[]" if many else key)


def test_design_reference_has_every_model_and_key() -> None:
    schema = Design.model_json_schema(by_alias=True)
    page = design_reference()
    sections = dict(re.findall(r"^## (\w+) \{ #\w+ \}\n(.*?)(?=^## |\Z)", page, flags=re.MULTILINE | re.DOTALL))
    reachable = {"Design": schema, **{n: d for n, d in schema["$defs"].items() if n in design_models(schema)}}
    assert set(sections) == set(reachable)
    for name, definition in reachable.items():
        assert set(rows(sections[name])) == set(definition["properties"]), name


def design_models(schema: dict[str, Any]) -> set[str]:
    """The $defs reachable from the Design without entering its requirements (documented on their own page)."""
    found: set[str] = set()
    todo = [schema]
    while todo:
        node = todo.pop()
        for key, value in node.items():
            if key == "$defs" or (key == "requirements" and node is schema["properties"]):
                continue
            if key == "$ref":
                name = value.rsplit("/", 1)[-1]
                if name not in found:
                    found.add(name)
                    todo.append(schema["$defs"][name])
            elif isinstance(value, dict):
                todo.append(value)
            elif isinstance(value, list):
                todo += [v for v in value if isinstance(v, dict)]
    return found


def test_cli_reference_has_every_command_argument_and_option() -> None:
    page = cli_reference(app)
    root = get_command(app)
    for name, command in root.commands.items():
        section = page.split(f"## archgen {name}\n", 1)[1].split("\n## ", 1)[0]
        documented = set(rows(section))
        for param in command.params:
            names = param.opts if param.param_type_name == "option" else [str(param.name).upper()]
            assert documented >= set(names), f"archgen {name}: {names}"


def test_a_new_command_or_option_shows_up_in_the_cli_reference() -> None:
    toy = typer.Typer()

    @toy.command()
    def greet(
        name: Annotated[str, typer.Argument(help="Who to greet.")],
        loud: Annotated[bool, typer.Option("--loud", help="Shout.")] = False,
        times: Annotated[int, typer.Option(help="How often.")] = 2,
    ) -> None:
        """Greet someone."""

    @toy.command()
    def leave() -> None:
        """Say goodbye."""

    page = cli_reference(toy, "toy")
    assert "## toy greet\n\nGreet someone." in page and "## toy leave\n\nSay goodbye." in page
    found = rows(page)
    assert "| text | **required** | Who to greet. |" in found["NAME"]
    assert "| flag | off | Shout. |" in found["--loud"]
    assert "| integer | `2` | How often. |" in found["--times"]


def test_rules_reference_names_every_step_threshold_and_pattern() -> None:
    from archgen.architects.rules import STEPS
    from archgen.capacity.constants import constant
    from archgen.knowledge.patterns import shipped_patterns

    page = rules_reference()
    assert all(f"`{step.__name__}`" in page for step in STEPS)
    team = constant("team_size")
    assert f"| `team_size` | {team.value:g} | engineers | {team.why} |" in page
    assert all(f"| `{p.id}` | {p.name} |" in page for p in shipped_patterns())


def test_getting_started_repeats_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    page = getting_started(readme)
    tour = readme.split("## A five-minute tour\n", 1)[1].split("\n## ", 1)[0].strip()
    assert tour in page


def test_the_cli_reference_states_the_exit_codes_in_one_whole_sentence() -> None:
    line = next(
        x
        for x in cli_reference(
            app, exit_codes=readme_line((ROOT / "README.md").read_text(), "Exit codes:")
        ).splitlines()
        if "Exit codes:" in x
    )
    assert line.endswith("130 stopped with Ctrl-C.")
