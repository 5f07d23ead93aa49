"""`archgen new --agent anthropic` end to end, against a fake Messages API on 127.0.0.1 via ANTHROPIC_BASE_URL."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.claude.conftest import KEY
from tests.claude.fake_api import FakeClaude, answer, failure, serve
from tests.conftest import example


def every_file(*folders: Path) -> list[Path]:
    return [p for folder in folders if folder.exists() for p in folder.rglob("*") if p.is_file()]


def test_new_with_claude_writes_the_site_and_reports_usage(  # type: ignore[no-untyped-def]
    cli, fake: FakeClaude, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, claude_env: Path
) -> None:
    out = tmp_path / "out"
    with serve(fake) as url:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", url)
        result = cli("new", "-r", example("expenses"), "-o", out, "--agent", "anthropic")
        assert result.exit_code == 0, result.output
        assert f"Design of Expense Claims written to {out} (anthropic architect)" in result.stdout
        assert (
            "Claude claude-sonnet-5-5: 3 API call(s), 0 answer(s) from the cache; tokens: 3,000 input" in result.stdout
        )
        assert "estimated cost $0.0378" in result.stdout
        assert (out / "design.yaml").is_file() and (out / "docs" / "index.md").is_file()
        assert all(KEY in h.get("authorization", "") + h.get("x-api-key", "") for h in fake.headers)

        again = cli("new", "-r", example("expenses"), "-o", out, "--agent", "anthropic")
        assert again.exit_code == 0, again.output
        assert "0 API call(s), 3 answer(s) from the cache" in again.stdout and len(fake.requests) == 3
        assert "0 created, 0 updated" in again.stdout  # the same answers give the same files
    written = every_file(out, claude_env)
    assert len(written) > 40 and any(p.suffix == ".json" for p in every_file(claude_env))
    assert not [p for p in written if KEY.encode() in p.read_bytes()]


def test_a_failed_design_leaves_no_output_folder(  # type: ignore[no-untyped-def]
    cli, fake: FakeClaude, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "new" / "out"
    fake.then("service claims", answer("", stop_reason="refusal"))
    with serve(fake) as url:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", url)
        result = cli("new", "-r", example("expenses"), "-o", out, "--agent", "anthropic")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: Claude declined to design the service claims (stop reason refusal)")
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.output
    assert not (tmp_path / "new").exists()


def test_a_failed_design_leaves_an_existing_site_as_it_was(  # type: ignore[no-untyped-def]
    cli, fake: FakeClaude, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert cli("new", "-r", example("expenses"), "-o", out).exit_code == 0  # a site from the rules architect
    before = {p: p.read_bytes() for p in every_file(out)}
    fake.then("skeleton", *(failure(529, "overloaded_error", "Overloaded") for _ in range(5)))
    with serve(fake) as url:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", url)
        result = cli("new", "-r", example("expenses"), "-o", out, "--agent", "anthropic")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: the Claude API failed the skeleton (HTTP 529: Overloaded, after 4 retries)")
    assert {p: p.read_bytes() for p in every_file(out)} == before


def test_missing_key_is_one_line_and_exit_2(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("ANTHROPIC_API_KEY")
    monkeypatch.setenv("HOME", str(tmp_path))
    out = tmp_path / "out"
    result = cli("new", "-r", example("expenses"), "-o", out, "--agent", "anthropic")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --agent anthropic needs a Claude API key: set ANTHROPIC_API_KEY "
        "(export ANTHROPIC_API_KEY=sk-ant-...), or use --agent rules\n"
    )
    assert not out.exists()


def test_claude_flags_need_the_claude_agent(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("new", "-r", example("minimal"), "-o", tmp_path / "out", "--model", "claude-opus-5-5")
    assert result.exit_code == 2
    assert result.stderr == "error: --model applies to --agent anthropic only; drop it or add --agent anthropic\n"
    both = cli("new", "-r", example("minimal"), "-o", tmp_path / "out", "--refine", "--no-cache")
    assert both.exit_code == 2
    assert both.stderr == (
        "error: --refine and --no-cache apply to --agent anthropic only; drop them or add --agent anthropic\n"
    )


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (("--effort", "max"), "Invalid value for '--effort'"),
        (("--platform", "azure"), "Invalid value for '--platform'"),
        (("--max-cost", "-1"), "error: --max-cost: give a positive amount in USD, e.g. --max-cost 5\n"),
        (("--keep-prompts",), "applies to --agent anthropic only"),
    ],
)
def test_bad_claude_flags_are_one_line_and_exit_2(cli, tmp_path: Path, flags: tuple[str, ...], message: str) -> None:  # type: ignore[no-untyped-def]
    agent = () if flags == ("--keep-prompts",) else ("--agent", "anthropic")
    out = tmp_path / "out"
    result = cli("new", "-r", example("expenses"), "-o", out, *agent, *flags)
    assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.output
    assert not out.exists()
