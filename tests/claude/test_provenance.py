"""The "How this design was made" page: what Claude and archgen each did, the stages, tokens and cost, and the
prompts themselves with --keep-prompts; for the rules architect, that no model was involved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archgen.render.site import render_site
from tests.claude.conftest import KEY
from tests.claude.fake_api import FakeClaude, serve
from tests.conftest import example


def page(out: Path) -> str:
    return (out / "docs" / "review" / "how-made.md").read_text("utf-8")


def test_the_page_of_a_claude_design_tells_how_it_was_made(  # type: ignore[no-untyped-def]
    cli, fake: FakeClaude, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    with serve(fake) as url:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", url)
        result = cli(
            "new", "-r", example("expenses"), "-o", out, "--agent", "anthropic", "--effort", "high", "--keep-prompts"
        )
    assert result.exit_code == 0, result.output
    text = page(out)
    assert "| Model | `claude-sonnet-5-5` |" in text and "| Effort | high |" in text
    assert "| Tokens | 3,000 input, 1,500 output, 6,000 cache write, 9,000 cache read |" in text
    assert "| Cost of the answers | $0.0378 at the model's list prices |" in text
    assert "| service claims | 1 | 0 | 0 |" in text
    assert "deployment.cloud (the questionnaire's cloud)" in text and "- decisions" in text
    prompts = sorted(p.name for p in (out / "docs" / "review" / "prompts").iterdir())
    assert prompts == ["service-claims-1.json", "service-employees-1.json", "skeleton-1.json", "system.md"]
    assert "[skeleton-1.json](prompts/skeleton-1.json)" in text
    sent = json.loads((out / "docs" / "review" / "prompts" / "skeleton-1.json").read_text())
    assert sent == {k: v for k, v in fake.requests[0].items() if k != "stream"}
    assert "How this design was made: review/how-made.md" in (out / "mkdocs.yml").read_text()
    assert not [p for p in out.rglob("*") if p.is_file() and KEY.encode() in p.read_bytes()]


def test_without_keep_prompts_no_prompt_is_written(  # type: ignore[no-untyped-def]
    cli, fake: FakeClaude, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    with serve(fake) as url:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", url)
        assert cli("new", "-r", example("expenses"), "-o", out, "--agent", "anthropic").exit_code == 0
    assert not (out / "docs" / "review" / "prompts").exists() and "## The prompts" not in page(out)
    assert "| Effort | the model's default |" in page(out)


def test_the_page_of_a_rules_design_says_no_model_was_involved(designs) -> None:  # type: ignore[no-untyped-def]
    files = render_site(designs["expenses"])
    text = files["docs/review/how-made.md"].decode()
    assert "**rules architect**" in text and "deterministic and works offline: no model was asked" in text
    assert "Tokens" not in text
