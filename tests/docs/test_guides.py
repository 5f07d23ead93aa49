"""The hand-written pages stay true to the code: the commands they show parse, the thresholds they name exist, and
the worked template example really changes the page it overrides."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest
from _pytest.mark import ParameterSet
from typer.main import get_command

from archgen.capacity import constants
from archgen.cli import app
from archgen.pipeline import generate
from archgen.render.site import render_site
from sitegen import DOCS
from tests.conftest import example

PAGES = sorted(DOCS.rglob("*.md"))


def command_lines() -> Iterator[ParameterSet]:
    """Every archgen command line in a shell block of any page, with the page it is on."""
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        name, count = page.relative_to(DOCS).as_posix(), 0
        for block in re.findall(r"^```(?:sh|bash)[^\n]*\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL):
            for line in block.splitlines():
                words = shlex.split(_optional_parts_included(line), comments=True)
                if words and words[0] in ("archgen", ".venv/bin/archgen"):
                    count += 1
                    yield pytest.param(name, line.strip(), id=f"{name}:{count}")


def _optional_parts_included(line: str) -> str:
    """`[--model NAME]` marks an optional part of a command: it must parse too."""
    return re.sub(r"\[([^\]]*)\]", r"\1", line)


@pytest.mark.parametrize(("page", "line"), list(command_lines()))
def test_commands_shown_in_the_documentation_parse(page: str, line: str) -> None:
    words = shlex.split(_optional_parts_included(line), comments=True)[1:]
    command, path = get_command(app), []
    while getattr(command, "commands", None) is not None and words and words[0] in command.commands:
        path.append(words[0])
        command = command.commands[words.pop(0)]
    assert path, f"{page}: `{line}` names no archgen command"
    try:
        command.make_context(" ".join(path), words)
    except Exception as exc:
        pytest.fail(f"{page}: `{line}`: {exc}")


def test_thresholds_named_in_the_rules_guide_exist() -> None:
    guide = (DOCS / "guide" / "rules-architect.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:thresholds|capacity)\.[a-z0-9_]+)`", guide))
    known = {f"{c.kind}.{c.name}" for kind in ("thresholds", "capacity") for c in constants.every(kind)}
    assert named, "the guide names no thresholds; is the pattern still right?"
    assert named <= known, f"not in archgen/knowledge/constants.yaml: {', '.join(sorted(named - known))}"


def worked_example(folder: Path) -> list[str]:
    """Write the files the templates guide shows into `folder`; returns their paths."""
    text = (DOCS / "guide" / "templates.md").read_text(encoding="utf-8")
    files = re.findall(r'^```\w+ title="my-templates/([^"]+)"\n(.*?)^```', text, flags=re.MULTILINE | re.DOTALL)
    for name, content in files:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(content, encoding="utf-8")
    return [name for name, _ in files]


def impacts(risk_register: bytes) -> list[str]:
    """The impact column of a rendered risk register, top to bottom."""
    return re.findall(r"^\| R-\d+ \|.*?\| \w+ \| (\w+) \|", risk_register.decode(), flags=re.MULTILINE)


@pytest.mark.slow
def test_the_worked_template_example_changes_the_risk_register(tmp_path: Path) -> None:
    folder = tmp_path / "my-templates"
    assert worked_example(folder) == ["site/docs/risks.md.jinja"]
    # the command the guide shows: generate the shop with the override and build it strictly
    result = generate(example("shop"), tmp_path / "shop", templates=folder, build=True)
    assert result.site is not None and (result.site / "review" / "risks.html").is_file()
    assert "| Verdict |" in (tmp_path / "shop" / "docs" / "review" / "risks.md").read_text(encoding="utf-8")
    # highest impact first, whatever order the architect recorded the risks in
    rank = {"low": 0, "medium": 1, "high": 2}
    low_first = result.design.model_copy(update={"risks": sorted(result.design.risks, key=lambda r: rank[r.impact])})
    shipped = impacts(render_site(low_first)["docs/review/risks.md"])
    overridden = impacts(render_site(low_first, folder)["docs/review/risks.md"])
    assert len(set(shipped)) > 1 and shipped == sorted(shipped, key=rank.__getitem__)
    assert overridden == sorted(shipped, key=rank.__getitem__, reverse=True)


def test_the_templates_guide_names_everything_a_template_is_given() -> None:
    from archgen.render.context import PageContext

    guide = (DOCS / "guide" / "templates.md").read_text(encoding="utf-8")
    section = guide.split("## What a template is given", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"^\| `(\w+)", section, flags=re.MULTILINE))
    assert named == set(PageContext.__annotations__)
