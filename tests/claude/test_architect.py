"""The Claude architect through the real SDK, with an injected transport serving recorded-style API responses."""

from __future__ import annotations

import asyncio
import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2
import pytest

from archgen.architects.claude import ClaudeArchitect
from archgen.common.errors import ArchitectError, InputError
from archgen.common.formatting import number
from archgen.design.files import dump_design
from archgen.design.model import Design
from archgen.requirements import Loaded
from tests.claude.conftest import KEY
from tests.claude.fake_api import FakeClaude, Reply, answer, broken_off, failure

Make = Callable[..., ClaudeArchitect]


def user_text(request: dict[str, Any], turn: int = -1) -> str:
    """All the text of one user turn of a request."""
    content = request["messages"][turn]["content"]
    return content if isinstance(content, str) else "".join(block["text"] for block in content)


def test_design_is_claude_structure_sized_by_archgen(
    architect: Make, fake: FakeClaude, loaded: Loaded, designs: dict[str, Design]
) -> None:
    claude = architect()
    design = claude.design(loaded)
    # answers cut from the rules design put back together and re-sized give that design again, numbers included
    rules = designs["expenses"]
    assert design.generator == "anthropic" and design.assumptions == loaded.assumptions
    assert [p.id for p in design.patterns] == [p.id for p in rules.patterns]
    same = design.model_copy(  # rules derives domains, and the rules architect keeps no record of how it designed;
        # what each pattern contributed, and the findings it accepts on purpose, are the rules architect's to say:
        # Claude designs the elements itself
        update={
            "generator": "rules",
            "assumptions": rules.assumptions,
            "provenance": None,
            "patterns": rules.patterns,
            "waivers": rules.waivers,
        }
    )
    assert dump_design(same) == dump_design(rules)
    assert sorted(fake.stages()) == ["service claims", "service employees", "skeleton"]
    assert fake.stages()[0] == "skeleton"  # the details need the agreed skeleton
    assert (claude.usage.calls, claude.usage.cached) == (3, 0)
    assert (claude.usage.input_tokens, claude.usage.output_tokens) == (3_000, 1_500)


def test_each_service_is_asked_with_the_load_its_entities_carry(
    architect: Make, fake: FakeClaude, loaded: Loaded, designs: dict[str, Design]
) -> None:
    architect().design(loaded)
    claims = next(r for r in fake.requests if "Service to detail: claims" in json.dumps(r))
    task = claims["messages"][0]["content"][-1]["text"]
    peak = designs["expenses"].capacity.value("use_case.submit-claim.peak_rps.y3")
    assert f"- Submit claim (request) writes Claim: {number(peak)} calls/s" in task
    assert "- Claim: " in task and " rows" in task
    for line in task.split("The load this service")[-1].splitlines():
        named = re.findall(r"(?:writes|reads) ([^;:]+)", line)
        entities = [e.strip() for part in named for e in part.split(",")]
        assert len(entities) == len(set(entities)), line  # an entity written and read is said once
    employees = next(r for r in fake.requests if "Service to detail: employees" in json.dumps(r))
    assert "Submit claim" not in employees["messages"][0]["content"][-1]["text"].split("The load this service")[-1]


def test_requests_stream_structured_output_with_cacheable_prefix(
    architect: Make, fake: FakeClaude, loaded: Loaded
) -> None:
    architect().design(loaded)
    skeleton, detail = fake.requests[0], fake.requests[1]
    for request in (skeleton, detail):
        assert request["stream"] is True and request["model"] == "claude-sonnet-5-5"
        assert request["output_config"]["format"]["type"] == "json_schema"
        assert request["system"][0]["cache_control"] == {"type": "ephemeral"}
        context = request["messages"][0]["content"][0]
        assert context["cache_control"] == {"type": "ephemeral"} and "traffic.peak_rps.now" in context["text"]
        assert request["system"] == skeleton["system"] and context == skeleton["messages"][0]["content"][0]
    assert skeleton["max_tokens"] == detail["max_tokens"] == 128_000  # the model's own limit
    assert "requirements" not in skeleton["output_config"]["format"]["schema"]["properties"]
    assert set(detail["output_config"]["format"]["schema"]["properties"]) == {"endpoints", "entities"}
    assert "Service to detail: " in user_text(detail) and '"services":' in user_text(detail)  # the agreed skeleton


@pytest.mark.parametrize(("status", "kind"), [(529, "overloaded_error"), (429, "rate_limit_error"), (500, "api_error")])
def test_transient_errors_are_retried(
    architect: Make, fake: FakeClaude, loaded: Loaded, status: int, kind: str
) -> None:
    fake.then("skeleton", failure(status, kind, "try again"))
    design = architect().design(loaded)
    assert design.services and fake.stages().count("skeleton") == 2
    assert fake.headers[1]["x-stainless-retry-count"] == "1"  # the SDK's own retry, not a second question


def test_invalid_json_goes_back_to_claude(architect: Make, fake: FakeClaude, loaded: Loaded) -> None:
    fake.then("skeleton", answer('{"architecture": {"style": "monolith",'))
    architect().design(loaded)
    repair = fake.requests[1]
    assert fake.stages()[:2] == ["skeleton", "skeleton"]
    assert [m["role"] for m in repair["messages"]] == ["user", "assistant", "user"]
    assert repair["messages"][1]["content"] == '{"architecture": {"style": "monolith",'
    assert "the answer is not valid JSON" in user_text(repair)


def test_an_answer_in_a_markdown_fence_is_read(architect: Make, fake: FakeClaude, loaded: Loaded) -> None:
    fake.then("skeleton", answer("```json\n" + json.dumps(fake.answers["skeleton"]) + "\n```"))
    architect().design(loaded)
    assert fake.stages().count("skeleton") == 1  # no repair round needed


def test_constraint_violations_are_repaired_in_the_stage_that_made_them(
    architect: Make, fake: FakeClaude, loaded: Loaded
) -> None:
    skeleton = copy.deepcopy(fake.answers["skeleton"])
    skeleton["decisions"][0]["options"] = skeleton["decisions"][0]["options"][:1]  # a decision needs two options
    detail = copy.deepcopy(fake.answers["service claims"])
    detail["endpoints"][0]["entity"] = "Invoice"  # no such entity
    fake.then("skeleton", answer(json.dumps(skeleton))).then("service claims", answer(json.dumps(detail)))
    design = architect().design(loaded)
    assert fake.stages().count("skeleton") == 2 and fake.stages().count("service claims") == 2
    assert fake.stages().count("service employees") == 1
    skeleton_repair = user_text(fake.requests[1])
    assert "decisions[0].options: List should have at least 2 items" in skeleton_repair
    claims_repair = next(user_text(r) for r in fake.requests[3:] if len(r["messages"]) == 3)
    assert "endpoints[0].entity: refers to the entity 'Invoice', which the design does not define" in claims_repair
    assert all(e.entity != "Invoice" for s in design.services for e in s.endpoints)


def test_repairs_are_bounded(architect: Make, fake: FakeClaude, loaded: Loaded) -> None:
    fake.then("skeleton", *(answer("not json") for _ in range(3)))
    with pytest.raises(ArchitectError) as raised:
        architect().design(loaded)
    message = str(raised.value)
    assert "Claude's skeleton still has 1 problem(s) after 2 repair round(s)" in message
    assert "(3 API call(s) made, about $" in message and fake.stages() == ["skeleton"] * 3


def test_truncated_answer_is_an_error_not_half_a_design(architect: Make, fake: FakeClaude, loaded: Loaded) -> None:
    fake.then("service claims", answer('{"endpoints": [{"method": "GET"', stop_reason="max_tokens"))
    with pytest.raises(ArchitectError) as raised:
        architect().design(loaded)
    assert "Claude's answer for the service claims was cut off at 128,000 output tokens" in str(raised.value)
    assert raised.value.exit_code == 1


def test_refusal_is_an_error(architect: Make, fake: FakeClaude, loaded: Loaded) -> None:
    details = {"type": "refusal", "category": "cyber", "explanation": None}
    fake.then("skeleton", answer("", stop_reason="refusal", stop_details=details))
    with pytest.raises(ArchitectError, match=r"Claude declined to design the skeleton \(stop reason refusal, category"):
        architect().design(loaded)


def test_persistent_server_error_gives_up_after_the_retries(architect: Make, fake: FakeClaude, loaded: Loaded) -> None:
    fake.then("skeleton", *(failure(500, "api_error", "Internal server error") for _ in range(3)))
    with pytest.raises(ArchitectError) as raised:
        architect(retries=2).design(loaded)
    assert str(raised.value) == (
        "the Claude API failed the skeleton (HTTP 500: Internal server error, after 2 retries); nothing was "
        "written; try again later"
    )
    assert len(fake.requests) == 3


def test_an_answer_broken_off_mid_stream_is_an_error(architect: Make, fake: FakeClaude, loaded: Loaded) -> None:
    fake.then("service employees", broken_off("overloaded_error", "Overloaded"))
    with pytest.raises(ArchitectError) as raised:
        architect().design(loaded)
    assert str(raised.value).startswith(
        "the Claude API broke off its answer for the service employees (overloaded_error: Overloaded); nothing was "
        "written; try again later"
    )


def test_timeout_is_an_error(architect: Make, fake: FakeClaude, loaded: Loaded) -> None:
    fake.then("skeleton", Reply(timeout=True))
    with pytest.raises(ArchitectError, match="the Claude API did not answer the skeleton within 5 s"):
        architect(retries=0, timeout=5).design(loaded)


def test_overall_deadline(loaded: Loaded) -> None:
    async def never_answers(request: httpx2.Request) -> httpx2.Response:
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    claude = ClaudeArchitect(transport=httpx2.MockTransport(never_answers), deadline=0.05)
    with pytest.raises(ArchitectError, match=r"did not finish the design within the deadline of 0\.05 seconds"):
        claude.design(loaded)


def test_second_identical_run_makes_no_calls(
    architect: Make, fake: FakeClaude, loaded: Loaded, claude_env: Path
) -> None:
    first = architect().design(loaded)
    calls = len(fake.requests)
    again = architect()
    assert dump_design(again.design(loaded)) == dump_design(first)
    assert len(fake.requests) == calls and (again.usage.calls, again.usage.cached) == (0, 3)
    assert "0 API call(s), 3 answer(s) from the cache" in again.usage.summary()
    fresh = architect(use_cache=False)
    fresh.design(loaded)
    assert len(fake.requests) == 2 * calls and fresh.usage.calls == calls


def test_a_run_that_fails_after_two_stages_resumes_without_asking_for_them_again(
    architect: Make, fake: FakeClaude, loaded: Loaded, claude_env: Path
) -> None:
    fake.then("service claims", answer("", stop_reason="refusal"))
    with pytest.raises(ArchitectError):
        architect().design(loaded)
    assert fake.stages() == ["skeleton", "service employees", "service claims"]
    assert len(list(claude_env.rglob("*.json"))) == 2  # each answer cached as soon as it passed its checks
    again = architect()
    again.design(loaded)
    assert fake.stages()[3:] == ["service claims"]
    assert (again.usage.calls, again.usage.cached) == (1, 2)


def test_other_inputs_are_other_cache_entries(architect: Make, fake: FakeClaude, loaded: Loaded) -> None:
    architect().design(loaded)
    calls = len(fake.requests)
    architect(model="claude-opus-5-5").design(loaded)
    assert len(fake.requests) == 2 * calls


def test_refine_sends_the_rules_design_as_a_draft(architect: Make, fake: FakeClaude, loaded: Loaded) -> None:
    architect(refine=True).design(loaded)
    context = fake.requests[0]["messages"][0]["content"][0]["text"]
    assert "# The draft to improve" in context
    draft = json.loads(context.split("```json\n")[-1].split("\n```")[0])
    assert [s["name"] for s in draft["services"]] == ["employees", "claims"]
    assert not {"requirements", "capacity", "cost"} & set(draft)
    assert "peak_rps" not in draft["services"][0]  # archgen's numbers stay archgen's


def test_missing_key_says_how_to_set_it(
    architect: Make, fake: FakeClaude, loaded: Loaded, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY")
    monkeypatch.setenv("HOME", str(tmp_path))  # no SDK profile either
    with pytest.raises(InputError) as raised:
        architect().design(loaded)
    assert str(raised.value) == (
        "--agent anthropic needs a Claude API key: set ANTHROPIC_API_KEY (export ANTHROPIC_API_KEY=sk-ant-...), "
        "or use --agent rules"
    )
    assert raised.value.exit_code == 2 and fake.requests == []


def test_a_broken_sdk_configuration_is_a_usage_error(
    architect: Make, fake: FakeClaude, loaded: Loaded, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY")
    monkeypatch.setenv("ANTHROPIC_PROFILE", "work")
    monkeypatch.setenv("ANTHROPIC_CONFIG_DIR", str(tmp_path))
    with pytest.raises(InputError, match=r"^the Claude SDK's configuration is not usable \(Config file not found"):
        architect().design(loaded)
    assert fake.requests == []


def test_a_refused_key_is_never_echoed(architect: Make, fake: FakeClaude, loaded: Loaded) -> None:
    fake.then("skeleton", failure(401, "authentication_error", f"invalid x-api-key {KEY}"))
    with pytest.raises(InputError) as raised:
        architect().design(loaded)
    assert KEY not in str(raised.value)
    assert "the Claude API refused the credentials (HTTP 401: invalid x-api-key [redacted])" in str(raised.value)


def test_unknown_model(architect: Make, fake: FakeClaude, loaded: Loaded) -> None:
    fake.then("skeleton", failure(404, "not_found_error", "model: claude-nonesuch"))
    with pytest.raises(InputError, match="--model claude-nonesuch: the Claude API does not offer it"):
        architect(model="claude-nonesuch").design(loaded)
