"""The Claude architect: Claude makes the judgement calls, archgen supplies the facts, the result is a Design
validated like any other.

Claude is asked in stages so that no answer runs into the output limit: first the skeleton (everything but the
per-service detail), then each service's endpoints and entity designs, several services at a time. Every answer is
validated against the Design model and its cross-checks; the problems go back to Claude for a few repair rounds.
Only `--agent anthropic` imports this package, and with it the SDK.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archgen.architects.claude import prompts
from archgen.architects.claude.assembly import SKELETON, Assembly, assemble, service_stage, shape_issues, validate
from archgen.architects.claude.cache import ResponseCache, cache_dir
from archgen.architects.claude.client import Claude
from archgen.architects.claude.facts import known_parts, measured, owned_values
from archgen.architects.claude.schema import claude_view, detail_schema, skeleton_schema
from archgen.architects.claude.usage import Usage
from archgen.capacity.ledger import Ledger
from archgen.capacity.load import load_figures
from archgen.capacity.prices import load_prices
from archgen.design.checks import validated
from archgen.design.model import Design
from archgen.errors import ArchgenError, ArchitectError
from archgen.requirements import Loaded

if TYPE_CHECKING:
    import httpx2

Json = dict[str, Any]
Progress = Callable[[str], None]

DEFAULT_MODEL = "claude-sonnet-5-5"
SKELETON_MAX_TOKENS = 32_000  # thinking included: the skeleton is the longest answer
SERVICE_MAX_TOKENS = 16_000
REPAIR_ROUNDS = 2
PROBLEMS_SENT = 40  # a repair request lists at most this many problems; the rest surface in the next round
CONCURRENCY = 4  # services detailed at the same time: fast, and gentle on the account's rate limits
RETRIES = 4
REQUEST_TIMEOUT_S = 300.0  # the longest silence tolerated from the API (a stream sends events while it works)
DEADLINE_S = 30 * 60.0  # the whole design, every stage and retry included


def _quiet(_: str) -> None:
    """Say nothing."""


class ClaudeArchitect:
    """Designs with Claude through the Anthropic SDK; the key and base URL come from the SDK's configuration."""

    name = "anthropic"

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        *,
        prices: Path | None = None,
        refine: bool = False,
        use_cache: bool = True,
        progress: Progress = _quiet,
        transport: httpx2.AsyncBaseTransport | None = None,
        timeout: float = REQUEST_TIMEOUT_S,
        deadline: float = DEADLINE_S,
        retries: int = RETRIES,
        concurrency: int = CONCURRENCY,
    ) -> None:
        self.model = model
        self.prices = prices
        self.refine = refine
        self.use_cache = use_cache
        self.progress = progress
        self.transport = transport
        self.timeout = timeout
        self.deadline = deadline
        self.retries = retries
        self.concurrency = concurrency
        self.usage = Usage(model)

    def design(self, loaded: Loaded) -> Design:
        """Ask Claude for the design, stage by stage, and return it validated and sized."""
        self.usage = Usage(self.model)
        try:
            return asyncio.run(self._design(loaded))
        except ArchgenError as exc:
            raise type(exc)(*exc.problems[:-1], exc.problems[-1] + self._spent()) from None

    async def _design(self, loaded: Loaded) -> Design:
        req = loaded.requirements
        ledger = Ledger()
        load_figures(req, ledger)
        prices = load_prices(req.constraints.cloud, self.prices)  # a bad --prices file fails before any call
        draft = claude_view(_rules_design(loaded, self.prices)) if self.refine else None
        run = _Run(loaded, ledger, prompts.context(loaded, ledger.figures, draft))
        claude = Claude(
            self.model,
            prompts.system_prompt(),
            self.usage,
            ResponseCache(cache_dir()),
            reuse=self.use_cache,
            timeout=self.timeout,
            retries=self.retries,
            concurrency=self.concurrency,
            transport=self.transport,
        )
        try:
            async with asyncio.timeout(self.deadline), claude:
                design = await self._stages(claude, run)
        except TimeoutError:
            limit = f"{self.deadline / 60:g} minutes" if self.deadline >= 60 else f"{self.deadline:g} seconds"
            raise ArchitectError(
                f"Claude did not finish the design within the deadline of {limit}; nothing was written; try again later"
            ) from None
        design = validated(measured(design, req, ledger, prices))
        claude.commit()
        return design

    async def _stages(self, claude: Claude, run: _Run) -> Design:
        """The skeleton, then every service's detail concurrently, then the whole design put together."""
        self.progress(f"asking Claude ({self.model}) for the skeleton of the design")
        skeleton = await self._settle(claude, run, SKELETON, [prompts.skeleton_task()])
        services = [(str(s["name"]), [str(e) for e in s["entities"]]) for s in skeleton["services"]]
        at_once = min(self.concurrency, len(services))
        self.progress(f"asking Claude for the detail of {len(services)} service(s), {at_once} at a time")
        agreed = prompts.agreed_skeleton(skeleton)
        tasks = []
        try:
            async with asyncio.TaskGroup() as group:
                for name, entities in services:
                    blocks = [agreed, prompts.service_task(name, entities)]
                    tasks.append(group.create_task(self._settle(claude, run, service_stage(name), blocks, skeleton)))
        except ExceptionGroup as failures:
            raise failures.exceptions[0] from None  # the first failure says what went wrong; the others were cancelled
        details = {service_stage(name): task.result() for (name, _), task in zip(services, tasks, strict=True)}
        design, issues = validate(run.assemble(skeleton, details), run.loaded.requirements)
        if design is None or issues:
            first = issues[0] if issues else "it does not validate"
            raise ArchitectError(f"Claude's answers do not fit together ({first}); nothing was written; run again")
        return design

    async def _settle(
        self, claude: Claude, run: _Run, stage: str, blocks: list[str], skeleton: Json | None = None
    ) -> Json:
        """One stage's answer, sent back with its problems until it has none (at most REPAIR_ROUNDS times).

        `skeleton` is the agreed skeleton when the stage details a service, None when the stage is the skeleton.
        """
        if skeleton is None:
            schema, max_tokens = run.skeleton_schema, SKELETON_MAX_TOKENS
        else:
            schema, max_tokens = run.detail_schema, SERVICE_MAX_TOKENS
        # the context, and the agreed skeleton for the services, are the same in many calls: mark them cacheable
        *shared, task = blocks
        content = [_text(run.context, cached=True), *(_text(b, cached=True) for b in shared), _text(task)]
        question: list[Json] = [{"role": "user", "content": content}]
        messages = question
        for _ in range(REPAIR_ROUNDS + 1):
            answer = await claude.ask(stage, messages, schema, max_tokens)
            try:
                value = _parse(answer.text)
            except ValueError as exc:
                problems = [f"the answer is not valid JSON ({exc}); answer with one JSON object and nothing else"]
            else:
                problems = run.problems(stage, value, skeleton)
            if not problems:
                spent = "from the cache" if answer.cached else f"{answer.output_tokens:,} output tokens"
                self.progress(f"Claude: {stage} done ({spent})")
                return dict(value)
            self.progress(f"Claude: {stage} has {len(problems)} problem(s); asking for a repair")
            listed = problems[:PROBLEMS_SENT]
            if len(problems) > PROBLEMS_SENT:
                listed.append(f"... and {len(problems) - PROBLEMS_SENT} more")
            messages = [
                *question,
                {"role": "assistant", "content": answer.text or "(no answer)"},
                {"role": "user", "content": prompts.repair(listed)},
            ]
        raise ArchitectError(
            f"Claude's {stage} still has {len(problems)} problem(s) after {REPAIR_ROUNDS} repair round(s), the "
            f"first: {problems[0]}; nothing was written; run again, or use --agent rules"
        )

    def _spent(self) -> str:
        """What a failed run cost, so that no spending goes unreported."""
        usage = self.usage
        if not usage.calls:
            return ""
        cost = usage.cost_usd()
        return f" ({usage.calls} API call(s) made" + (f", about ${cost:,.4f})" if cost is not None else ")")


class _Run:
    """What one design run knows: the requirements, archgen's figures and parts, and the shared context."""

    def __init__(self, loaded: Loaded, ledger: Ledger, context: str) -> None:
        self.loaded = loaded
        self.context = context
        self.known = known_parts(loaded, ledger)
        self.owned = owned_values(loaded.requirements)
        self.entities = [e.name for e in loaded.requirements.data.entities]
        self.skeleton_schema = skeleton_schema()
        self.detail_schema = detail_schema()

    def assemble(self, skeleton: Any, details: dict[str, Any]) -> Assembly:
        """The Design data from the answers so far."""
        return assemble(skeleton, details, self.known, self.owned, self.entities)

    def problems(self, stage: str, answer: Any, skeleton: Json | None) -> list[str]:
        """The problems of one stage's answer, checked in the whole design as it stands."""
        shape = shape_issues(stage, answer)
        if shape:
            return [str(issue) for issue in shape]
        assembly = self.assemble(answer, {}) if skeleton is None else self.assemble(skeleton, {stage: answer})
        _, issues = validate(assembly, self.loaded.requirements)
        return [str(issue) for issue in issues if issue.stage == stage]


def _parse(text: str) -> Any:
    """The JSON of an answer; a gateway that drops structured outputs may have wrapped it in a Markdown fence."""
    body = text.strip()
    if body.startswith("```"):
        body = body.split("\n", 1)[-1].rsplit("```", 1)[0]
    return json.loads(body)


def _text(text: str, cached: bool = False) -> Json:
    block: Json = {"type": "text", "text": text}
    if cached:
        block["cache_control"] = {"type": "ephemeral"}
    return block


def _rules_design(loaded: Loaded, prices: Path | None) -> Design:
    from archgen.architects.rules import RulesArchitect

    return RulesArchitect(prices=prices).design(loaded)
