"""The whole design is sized, priced and reviewed; what the review finds goes back to the stage that holds it."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from archgen.architects.claude import ClaudeArchitect
from archgen.common.errors import ArchitectError
from archgen.requirements import Loaded
from archgen.review import review
from tests.claude.fake_api import FakeClaude, answer, serve
from tests.conftest import example

Make = Callable[..., ClaudeArchitect]


def text_of(request: dict[str, Any]) -> str:
    content = request["messages"][-1]["content"]
    return content if isinstance(content, str) else "".join(block["text"] for block in content)


def unauthenticated_write(fake: FakeClaude) -> str:
    """An answer for the claims service whose POST accepts anonymous callers: three review errors, an anonymous
    write (API001) that returns a claim's personal fields (API002) and that nothing guards against forgery
    (SEC011)."""
    detail = copy.deepcopy(fake.answers["service claims"])
    post = next(e for e in detail["endpoints"] if e["method"] == "POST")
    post["auth"] = "public"
    return json.dumps(detail)


def test_review_errors_go_back_with_their_rule_ids_and_the_repaired_design_is_written(
    architect: Make, fake: FakeClaude, loaded: Loaded
) -> None:
    fake.then("service claims", answer(unauthenticated_write(fake)))
    claude = architect()
    design = claude.design(loaded)
    repairs = [r for r in fake.requests if len(r["messages"]) == 3]
    assert [r["messages"][0]["content"][-1]["text"].splitlines()[2] for r in repairs] == ["Service to detail: claims"]
    text = text_of(repairs[0])
    assert "reviewed it" in text and "API001 claims: POST /v1/claims" in text and "; fix: " in text
    assert [f for f in review(design, loaded.requirements) if f.severity == "error"] == []
    assert [(r.had, r.fixed) for r in claude.usage.rounds] == [(3, 3)]
    assert "review round 1 fixed 3 of 3 finding(s)" in claude.usage.summary()
    assert design.provenance is not None
    claims = next(s for s in design.provenance.stages if s.name == "service claims")
    assert (claims.calls, claims.repair_rounds, claims.findings_fixed) == (2, 1, 3)


def test_errors_left_after_the_rounds_fail_unless_accepted(architect: Make, fake: FakeClaude, loaded: Loaded) -> None:
    fake.then("service claims", *(answer(unauthenticated_write(fake)) for _ in range(3)))
    with pytest.raises(ArchitectError) as raised:
        architect().design(loaded)
    message = str(raised.value)
    assert message.startswith("Claude's design still has 3 review error(s) after 2 repair round(s), the first: API001")
    assert "nothing was written" in message and "--accept-findings" in message
    fake.then("service claims", *(answer(unauthenticated_write(fake)) for _ in range(3)))
    accepting = architect(accept_findings=True, use_cache=False)
    design = accepting.design(loaded)
    assert [f.rule for f in review(design, loaded.requirements) if f.severity == "error"] == [
        "API001",
        "API002",
        "SEC011",
    ]
    assert "3 review error(s) accepted (--accept-findings)" in accepting.usage.summary()


def test_a_budget_overrun_goes_back_to_the_skeleton(architect: Make, fake: FakeClaude, loaded: Loaded) -> None:
    skeleton = copy.deepcopy(fake.answers["skeleton"])
    store = next(s for s in skeleton["stores"] if s["kind"] == "relational")
    for i in range(100):  # a hundred more databases: far over the questionnaire's budget
        extra = copy.deepcopy(store)
        extra["name"], extra["entities"] = f"spare-db-{i}", []
        skeleton["stores"].append(extra)
    fake.then("skeleton", answer(json.dumps(skeleton)))
    architect().design(loaded)
    repair = next(r for r in fake.requests if len(r["messages"]) == 3)
    assert "Service to detail" not in repair["messages"][0]["content"][-1]["text"]
    assert "COST001 cost: the design costs about $" in text_of(repair) and "over the budget of $" in text_of(repair)


def test_review_errors_left_exit_1_and_write_nothing(  # type: ignore[no-untyped-def]
    cli, fake: FakeClaude, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    fake.then("service claims", *(answer(unauthenticated_write(fake)) for _ in range(3)))
    with serve(fake) as url:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", url)
        result = cli("new", "-r", example("expenses"), "-o", out, "--agent", "anthropic")
        assert result.exit_code == 1 and "review error(s) after 2 repair round(s)" in result.stderr
        assert len(result.stderr.splitlines()) == 1 and not out.exists()
        fake.then("service claims", *(answer(unauthenticated_write(fake)) for _ in range(3)))
        accepted = cli("new", "-r", example("expenses"), "-o", out, "--agent", "anthropic", "--accept-findings")
    assert accepted.exit_code == 0, accepted.output
    assert "review error(s) accepted (--accept-findings)" in accepted.stdout and (out / "design.yaml").is_file()
