"""A re-run of `archgen new` into a folder that already holds its output does nothing; any change to what shapes
the output, or to the files left in the folder, makes it run in full again."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

import archgen.architects
from archgen.architects import Options
from archgen.pipeline import Result, generate
from tests.conftest import example

Designs = Callable[[], int]


@pytest.fixture
def designs(monkeypatch: pytest.MonkeyPatch) -> Designs:
    """How many times an architect has been asked for a design."""
    calls = []
    original = archgen.architects.get_architect

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(args)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(archgen.architects, "get_architect", counted)
    return lambda: len(calls)


@pytest.fixture
def questionnaire(tmp_path: Path) -> Path:
    path = tmp_path / "shop.yaml"
    path.write_bytes(example("shop").read_bytes())
    return path


def test_an_unchanged_re_run_designs_nothing_and_says_the_same(
    designs: Designs, questionnaire: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = generate(questionnaire, out)
    again = generate(questionnaire, out)
    assert designs() == 1 and again.design is None
    assert again.summary == first.summary
    assert again.report.unchanged == sorted(first.report.created) and not again.report.changed


def test_a_changed_questionnaire_runs_again(designs: Designs, questionnaire: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    generate(questionnaire, out)
    questionnaire.write_text(questionnaire.read_text().replace("daily_active: 300_000", "daily_active: 450_000"))
    result = generate(questionnaire, out)
    assert designs() == 2 and "docs/capacity.md" in result.report.updated
    assert result.summary.changes is not None  # and it says what changed, again on the next run
    assert generate(questionnaire, out).summary == result.summary and designs() == 2


@pytest.mark.parametrize(
    "change",
    [
        lambda out: (out / "docs/index.md").unlink(),
        lambda out: (out / "docs/index.md").write_text("# Mine\n"),
        lambda out: (out / ".archgen/design.yaml").unlink(),
        lambda out: (out / ".archgen/manifest.json").write_text("{}"),
    ],
    ids=["page removed", "page edited", "record removed", "manifest damaged"],
)
def test_a_folder_changed_since_the_last_run_is_written_in_full(
    designs: Designs, questionnaire: Path, tmp_path: Path, change: Callable[[Path], object]
) -> None:
    out = tmp_path / "out"
    generate(questionnaire, out)
    change(out)
    result = generate(questionnaire, out)
    assert designs() == 2 and result.design is not None


def test_an_edit_kept_beside_archgen_s_version_is_offered_on_every_run(
    designs: Designs, questionnaire: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    generate(questionnaire, out)
    (out / "docs/index.md").write_text("# Mine\n")
    kept = [generate(questionnaire, out) for _ in range(2)]
    assert designs() == 3 and all(result.report.kept == ["docs/index.md"] for result in kept)


def test_other_templates_or_prices_run_again(designs: Designs, questionnaire: Path, tmp_path: Path) -> None:
    out, templates = tmp_path / "out", tmp_path / "templates"
    (templates / "site" / "assets").mkdir(parents=True)
    generate(questionnaire, out, templates=templates)
    (templates / "site" / "assets" / "archgen.css").write_text("body { color: black; }\n")
    result: Result = generate(questionnaire, out, templates=templates)
    assert designs() == 2 and result.report.updated == ["docs/assets/archgen.css"]
    prices = tmp_path / "prices.yaml"
    prices.write_text('prices:\n  egress_gb: {usd: 0.05, per: "GB to the internet"}\n')
    generate(questionnaire, out, templates=templates, options=Options(prices=prices))
    assert designs() == 3


def test_without_a_named_folder_every_run_is_in_full(
    designs: Designs, questionnaire: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    generate(questionnaire)
    generate(questionnaire)
    assert designs() == 2


def test_the_cli_says_the_same_about_a_run_with_nothing_to_do(cli, questionnaire: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    first, again = (cli("new", "-r", questionnaire, "-o", out) for _ in range(2))
    assert first.exit_code == again.exit_code == 0
    written = len(json.loads((out / ".archgen/manifest.json").read_text())["files"])
    files = f"  files: {written} created, 0 updated, 0 unchanged, 0 removed, 0 kept"
    assert files in first.stdout
    assert again.stdout == first.stdout.replace(
        files, f"  files: 0 created, 0 updated, {written} unchanged, 0 removed, 0 kept"
    )
