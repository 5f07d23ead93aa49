"""What a run may cost: model limits and thinking from data, prices by Anthropic's rules, a dry run that asks
nothing, --max-cost, the prompt cache warmed once, and the tokens of broken answers counted."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path

import httpx2
import pytest

from archgen.architects.claude import ClaudeArchitect
from archgen.architects.claude.client import build_request, estimate_tokens
from archgen.architects.claude.models import model_table
from archgen.architects.claude.prompts import skeleton_task, system_prompt
from archgen.architects.claude.schema import skeleton_schema
from archgen.architects.claude.usage import price_table, worst_cost
from archgen.common.errors import ArchitectError, InputError
from archgen.requirements import Loaded
from tests.claude.fake_api import MODEL, FakeClaude, broken_off, serve, stage_of
from tests.conftest import example

Make = Callable[..., ClaudeArchitect]


def test_every_offered_model_is_priced_by_anthropics_cache_rules() -> None:
    prices = price_table()
    assert set(model_table()) == set(prices)
    for name, p in prices.items():
        assert p.cache_write == pytest.approx(1.25 * p.input), name  # a 5-minute cache write
        assert p.cache_read == pytest.approx(0.1 * p.input), name  # a cache hit
        assert p.output > p.input, name


@pytest.mark.parametrize(
    ("model", "effort", "thinking", "max_tokens", "sent_effort"),
    [
        ("claude-sonnet-5-5", "low", {"type": "adaptive"}, 128_000, "low"),
        ("claude-sonnet-5-5", None, {"type": "adaptive"}, 128_000, None),
        ("claude-haiku-4-5", "high", {"type": "enabled", "budget_tokens": 32_000}, 64_000, None),
        ("claude-haiku-4-5", "low", {"type": "enabled", "budget_tokens": 4_000}, 64_000, None),
        ("claude-opus-4-6", "medium", {"type": "adaptive"}, 128_000, "medium"),
        ("claude-nonesuch-9", "high", None, 32_000, None),
    ],
)
def test_thinking_effort_and_output_limit_follow_the_model(
    architect: Make,
    fake: FakeClaude,
    loaded: Loaded,
    model: str,
    effort: str | None,
    thinking: dict[str, object] | None,
    max_tokens: int,
    sent_effort: str | None,
) -> None:
    architect(model=model, effort=effort).design(loaded)
    for request in fake.requests:
        assert request["max_tokens"] == max_tokens and request.get("thinking") == thinking
        assert request["output_config"].get("effort") == sent_effort


def test_the_schema_asks_for_the_analysis_before_the_choice() -> None:
    schema = skeleton_schema()
    assert next(iter(schema["properties"])) == "decisions"  # the records come before the structure they justify
    decision = list(schema["$defs"]["Decision"]["properties"])
    assert decision.index("options") < decision.index("rationale") < decision.index("decision")
    architecture = list(schema["$defs"]["Architecture"]["properties"])
    assert architecture.index("rationale") < architecture.index("style")


def test_dry_run_writes_the_requests_and_a_ceiling_without_asking_claude(  # type: ignore[no-untyped-def]
    cli, fake: FakeClaude, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "requests"
    with serve(fake) as url:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", url)
        result = cli("new", "-r", example("expenses"), "--agent", "anthropic", "--dry-run", folder)
    assert result.exit_code == 0, result.output
    assert fake.requests == [] and len(fake.counted) == 3  # tokens counted, no Messages call
    assert sorted(p.name for p in folder.iterdir()) == [
        "01-skeleton.json",
        "02-service-employees.json",
        "03-service-claims.json",
    ]
    skeleton = json.loads((folder / "01-skeleton.json").read_text())
    assert skeleton["model"] == "claude-sonnet-5-5" and skeleton["output_config"]["format"]["type"] == "json_schema"
    assert "input tokens counted by the Claude API" in result.stdout and "  skeleton: 12,345" in result.stdout
    assert "the most the run can cost: $" in result.stdout and "each further service adds up to $" in result.stdout
    assert not (tmp_path / "expense-claims").exists()


def test_dry_run_counts_tokens_with_the_api_when_it_can(architect: Make, loaded: Loaded, tmp_path: Path) -> None:
    from archgen.architects.claude.dryrun import dry_run

    counted: list[dict[str, object]] = []

    def handle(request: httpx2.Request) -> httpx2.Response:
        assert request.url.path == "/v1/messages/count_tokens", "a dry run makes no Messages call"
        counted.append(json.loads(request.content))
        return httpx2.Response(200, json={"input_tokens": 12_345})

    claude = ClaudeArchitect(transport=httpx2.MockTransport(handle))
    lines = dry_run(claude, loaded, tmp_path / "requests")
    assert len(counted) == 3 and "max_tokens" not in counted[0] and counted[0]["model"] == "claude-sonnet-5-5"
    assert "input tokens counted by the Claude API:" in lines[0] and "  skeleton: 12,345" in lines


def test_dry_run_without_a_key_estimates(loaded: Loaded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from archgen.architects.claude.dryrun import dry_run

    monkeypatch.delenv("ANTHROPIC_API_KEY")
    monkeypatch.setenv("HOME", str(tmp_path))
    lines = dry_run(ClaudeArchitect(), loaded, tmp_path / "requests")
    assert "estimated" in lines[0] and any(line.startswith("the most the run can cost: $") for line in lines)


def test_max_cost_stops_before_the_call_that_could_exceed_it(
    architect: Make, fake: FakeClaude, loaded: Loaded, claude_env: Path
) -> None:
    # one call of claude-sonnet-5-5 can cost up to 128,000 output tokens at $10/M, $1.28, and its input: enough
    # for the skeleton, not for the skeleton's actual cost and a service's ceiling (a longer request) on top
    run, _ = ClaudeArchitect().prepare(loaded)
    request = build_request(
        MODEL, "anthropic", system_prompt(), run.question([skeleton_task()]), run.skeleton_schema, None
    )
    ceiling = worst_cost(MODEL, estimate_tokens(request), request["max_tokens"])
    assert ceiling is not None
    limit = round(ceiling + 0.005, 2)
    with pytest.raises(ArchitectError) as raised:
        architect(max_cost=limit).design(loaded)
    assert fake.stages() == ["skeleton"]
    assert str(raised.value).startswith("stopped before the service employees: that call could cost up to $1.")
    assert f"of --max-cost ${limit:.2f}" in str(raised.value)
    architect(max_cost=50).design(loaded)  # the skeleton was cached when it passed: it is not asked again
    assert fake.stages()[1:] == ["service employees", "service claims"]


def test_max_cost_needs_a_priced_model(architect: Make, fake: FakeClaude, loaded: Loaded) -> None:
    with pytest.raises(InputError, match="--max-cost: archgen has no price for claude-nonesuch"):
        architect(model="claude-nonesuch", max_cost=5).design(loaded)
    assert fake.requests == []


def test_the_first_service_warms_the_prompt_cache_before_the_others_fan_out(fake: FakeClaude, loaded: Loaded) -> None:
    events: list[str] = []

    async def handle(request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        stage = stage_of(body)
        events.append(f"start {stage}")
        for _ in range(5):
            await asyncio.sleep(0)  # let any other request under way start meanwhile
        reply = fake(body, dict(request.headers))
        events.append(f"end {stage}")
        return httpx2.Response(reply.status, headers=reply.headers, content=reply.body)

    ClaudeArchitect(transport=httpx2.MockTransport(handle)).design(loaded)
    first = events.index("start service employees")
    assert events[first + 1] == "end service employees" and events[first + 2] == "start service claims"


def test_the_tokens_of_a_broken_answer_are_counted(architect: Make, fake: FakeClaude, loaded: Loaded) -> None:
    fake.then("service employees", broken_off("overloaded_error", "Overloaded"))
    claude = architect()
    with pytest.raises(ArchitectError, match=r"broke off .* \(2 API call\(s\) made, about \$"):
        claude.design(loaded)
    assert claude.usage.broken == 1 and claude.usage.input_tokens == 2_000
