"""Shared fixtures: the bundled examples, a CLI runner, and designs built once per session."""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from archgen.architects.rules import RulesArchitect
from archgen.cli import app
from archgen.design.model import Design
from archgen.requirements import load_requirements

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "domains"  # the questionnaires of the design-quality corpus
DOMAINS = sorted(p.stem for p in CORPUS.glob("*.yaml"))


@functools.cache
def corpus_design(name: str) -> Design:
    """The rules architect's design of a corpus questionnaire, designed once per test process."""
    return RulesArchitect().design(load_requirements(CORPUS / f"{name}.yaml"))


EXAMPLES = sorted(p.parent.name for p in (ROOT / "examples").glob("*/requirements.yaml"))


def example(name: str) -> Path:
    """The questionnaire of a bundled example."""
    return ROOT / "examples" / name / "requirements.yaml"


@pytest.fixture(scope="session", autouse=True)
def diagram_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Drawn diagrams are cached in a folder of this test run, never in the user's cache folder."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ARCHGEN_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture(scope="session")
def designs() -> dict[str, Design]:
    """The rules architect's design of every example, made once."""
    return {name: RulesArchitect().design(load_requirements(example(name))) for name in EXAMPLES}


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write dedented YAML text to a file in the test's folder."""

    def write(text: str, name: str = "req.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        return path

    return write


class Cli:
    """Runs the archgen CLI in-process and keeps stdout, stderr and the exit code apart."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str | Path, input: str | None = None):  # type: ignore[no-untyped-def]
        return self.runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)


@pytest.fixture
def cli() -> Cli:
    """The CLI runner."""
    return Cli()


MINIMAL = """
version: 1
system:
  name: Tiny
  summary: A tiny system.
users:
  daily_active: 50
data:
  entities:
    - name: Note
      fields: {id: uuid, title: string}
"""


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Show what Spectral said about the example documents (its warnings do not fail the run)."""
    reports = terminalreporter.getreports("passed") + terminalreporter.getreports("failed")
    lines = [
        str(value)
        for report in sorted(reports, key=lambda r: r.nodeid)
        for name, value in report.user_properties
        if name == "spectral"
    ]
    if lines:
        terminalreporter.section("Spectral: spectral:oas and OWASP API Security ruleset v2")
        for line in lines:
            terminalreporter.write_line(line)
    printed = [
        str(value)
        for report in sorted(reports, key=lambda r: r.nodeid)
        for name, value in report.user_properties
        if name == "print"
    ]
    if printed:
        terminalreporter.section("Print view")
        for line in printed:
            terminalreporter.write_line(line)
