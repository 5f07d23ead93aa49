"""The Claude architect: Claude makes the judgement calls, archgen supplies the facts, the result is a Design
validated and reviewed like any other.

Claude is asked in stages so that no answer runs into the output limit: first the skeleton (everything but the
per-service detail), then each service's endpoints and entity designs, several services at a time (the first alone,
so that it writes the prompt cache the others read). Every answer is validated against the Design model and its
cross-checks; the problems go back to Claude for a few repair rounds. The whole design is then sized, priced and
reviewed, and the review's errors and a budget overrun go back to the stages that hold them for a few more rounds.
Only `--agent anthropic` imports this package, and with it the SDK.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archgen.architects.claude import prompts
from archgen.architects.claude.assembly import (
    SKELETON,
    Assembly,
    Issue,
    assemble,
    review_issues,
    service_stage,
    shape_issues,
    validate,
)
from archgen.architects.claude.cache import ResponseCache, cache_dir
from archgen.architects.claude.client import Answer, Claude
from archgen.architects.claude.facts import known_parts, measured, owned_values, provenance
from archgen.architects.claude.models import Effort, Platform
from archgen.architects.claude.schema import claude_view, detail_schema, skeleton_schema
from archgen.architects.claude.usage import Round, Usage
from archgen.capacity.ledger import Ledger
from archgen.capacity.load import load_figures
from archgen.capacity.prices import PriceTable, load_prices
from archgen.common.errors import ArchgenError, ArchitectError
from archgen.common.naming import slug
from archgen.common.progress import Progress, quiet
from archgen.design.checks import validated
from archgen.design.model import Design, StageRecord
from archgen.requirements import Loaded

if TYPE_CHECKING:
    import httpx2

Json = dict[str, Any]

DEFAULT_MODEL = "claude-sonnet-5-5"
REPAIR_ROUNDS = 2  # for each stage's own answer, and again for the whole design's review
PROBLEMS_SENT = 40  # a repair request lists at most this many problems; the rest surface in the next round
CONCURRENCY = 4  # services detailed at the same time: fast, and gentle on the account's rate limits
RETRIES = 4
REQUEST_TIMEOUT_S = 300.0  # the longest silence tolerated from the API (a stream sends events while it works)
DEADLINE_S = 30 * 60.0  # the whole design, every stage and retry included
PROMPTS_FOLDER = "docs/review/prompts"  # where --keep-prompts puts the requests, beside the page that links them


@dataclass
class Stage:
    """One stage of the run: its question, its latest answer, and the record of how it went."""

    name: str
    question: list[Json]
    schema: Json
    value: Json | None = None
    text: str = ""
    record: StageRecord = field(default_factory=lambda: StageRecord(name=""))
    tokens: list[Json] = field(default_factory=list)  # the usage of each answer this stage used
    requests: list[Json] = field(default_factory=list)  # every request asked, for --keep-prompts

    def __post_init__(self) -> None:
        self.record = StageRecord(name=self.name)


class ClaudeArchitect:
    """Designs with Claude through the Anthropic SDK; the credentials come from the SDK's configuration."""

    name = "anthropic"

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        *,
        prices: Path | None = None,
        refine: bool = False,
        use_cache: bool = True,
        progress: Progress = quiet,
        transport: httpx2.AsyncBaseTransport | None = None,
        timeout: float = REQUEST_TIMEOUT_S,
        deadline: float = DEADLINE_S,
        retries: int = RETRIES,
        concurrency: int = CONCURRENCY,
        platform: Platform = "anthropic",
        effort: Effort | None = None,
        max_cost: float | None = None,
        accept_findings: bool = False,
        keep_prompts: bool = False,
        client_options: Json | None = None,
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
        self.platform = platform
        self.effort = effort
        self.max_cost = max_cost
        self.accept_findings = accept_findings
        self.keep_prompts = keep_prompts
        self.client_options = client_options
        self.usage = Usage(model)
        self.prompt_files: dict[str, bytes] = {}  # with --keep-prompts: the requests, as files of the site

    def design(self, loaded: Loaded) -> Design:
        """Ask Claude for the design, stage by stage, and return it validated, sized and reviewed."""
        self.usage = Usage(self.model)
        self.prompt_files = {}
        try:
            return asyncio.run(self._design(loaded))
        except ArchgenError as exc:
            raise type(exc)(*exc.problems[:-1], exc.problems[-1] + self._spent()) from None

    def client(self, system: str) -> Claude:
        """A Claude client for one run, configured from this architect's options."""
        return Claude(
            self.model,
            system,
            self.usage,
            ResponseCache(cache_dir()),
            reuse=self.use_cache,
            timeout=self.timeout,
            retries=self.retries,
            concurrency=self.concurrency,
            transport=self.transport,
            platform=self.platform,
            effort=self.effort,
            max_cost=self.max_cost,
            client_options=self.client_options,
        )

    def prepare(self, loaded: Loaded) -> tuple[Run, PriceTable]:
        """What a run knows before its first question: the figures, the prices, the shared context."""
        req = loaded.requirements
        ledger = Ledger()
        load_figures(req, ledger)
        prices = load_prices(req.constraints.cloud, self.prices)  # a bad --prices file fails before any call
        draft = claude_view(_rules_design(loaded, self.prices)) if self.refine else None
        return Run(loaded, ledger, prices, prompts.context(loaded, ledger.figures, draft)), prices

    async def _design(self, loaded: Loaded) -> Design:
        run, _ = self.prepare(loaded)
        claude = self.client(prompts.system_prompt())
        try:
            async with asyncio.timeout(self.deadline), claude:
                design, stages = await self._stages(claude, run)
        except TimeoutError:
            limit = f"{self.deadline / 60:g} minutes" if self.deadline >= 60 else f"{self.deadline:g} seconds"
            raise ArchitectError(
                f"Claude did not finish the design within the deadline of {limit}; nothing was written; try again later"
            ) from None
        if self.keep_prompts:
            self.prompt_files = _prompt_files(prompts.system_prompt(), stages)
        design.provenance = provenance(self, stages, sorted(self.prompt_files))
        return validated(design)

    async def _stages(self, claude: Claude, run: Run) -> tuple[Design, list[Stage]]:
        """The skeleton, then every service's detail, then the whole design reviewed and repaired."""
        self.progress(f"asking Claude ({self.model} on {self.platform}) for the skeleton of the design")
        skeleton = Stage(SKELETON, run.question([prompts.skeleton_task()]), run.skeleton_schema)
        await self._settle(claude, run, skeleton)
        assert skeleton.value is not None
        agreed = prompts.agreed_skeleton(skeleton.value)
        services = [
            Stage(
                service_stage(str(s["name"])),
                run.question([agreed, run.service_task(str(s["name"]), [str(e) for e in s["entities"]])]),
                run.detail_schema,
            )
            for s in skeleton.value["services"]
        ]
        if services:
            # the first service alone: it writes the prompt cache (context and skeleton) that the others then read
            self.progress(f"asking Claude for the detail of {len(services)} service(s), the first to warm the cache")
            await self._settle(claude, run, services[0], skeleton.value)
            await _together([self._settle(claude, run, stage, skeleton.value) for stage in services[1:]])
        stages = [skeleton, *services]
        return await self._review(claude, run, stages), stages

    async def _settle(self, claude: Claude, run: Run, stage: Stage, skeleton: Json | None = None) -> None:
        """One stage's answer, sent back with its problems until it has none (at most REPAIR_ROUNDS times).

        `skeleton` is the agreed skeleton when the stage details a service, None when the stage is the skeleton.
        """
        messages = stage.question
        before: list[str] = []
        for round_ in range(REPAIR_ROUNDS + 1):
            answer = await self._ask(claude, stage, messages)
            value, problems = _read(answer, lambda v: run.problems(stage.name, v, skeleton))
            if round_:
                stage.record.findings_fixed += len(set(before) - set(problems))
            if not problems:
                assert value is not None
                claude.keep(answer)  # cached now: a run that fails later resumes from here
                spent = "from the cache" if answer.cached else f"{answer.output_tokens:,} output tokens"
                self.progress(f"Claude: {stage.name} done ({spent})")
                stage.value = value
                return
            if round_ == REPAIR_ROUNDS:
                break
            self.progress(f"Claude: {stage.name} has {len(problems)} problem(s); asking for a repair")
            stage.record.repair_rounds += 1
            messages = _repair(stage.question, answer.text, problems, review=False)
            before = problems
        raise ArchitectError(
            f"Claude's {stage.name} still has {len(problems)} problem(s) after {REPAIR_ROUNDS} repair round(s), the "
            f"first: {problems[0]}; nothing was written; run again, or use --agent rules"
        )

    async def _review(self, claude: Claude, run: Run, stages: list[Stage]) -> Design:
        """The whole design validated, sized, priced and reviewed; what is wrong goes back to the stages that hold
        it, at most REPAIR_ROUNDS times."""
        by_name = {stage.name: stage for stage in stages}
        pending: dict[str, list[str]] = {}  # a repair answer that could not be read: said again next round
        before: list[tuple[str, str]] = []
        for round_ in range(REPAIR_ROUNDS + 1):
            design, issues, errors = run.whole(by_name)
            found = [(i.stage, str(i)) for i in issues] + [(s, p) for s, ps in pending.items() for p in ps]
            if round_:
                fixed = set(before) - set(found)
                self.usage.rounds.append(Round(had=len(before), fixed=len(fixed)))
                for stage_name, _ in fixed:
                    by_name[stage_name].record.findings_fixed += 1
            if not found or round_ == REPAIR_ROUNDS:
                break
            self.progress(f"Claude: the whole design has {len(found)} problem(s) and review error(s); repairing")
            grouped: dict[str, list[str]] = {}
            for stage_name, problem in found:
                grouped.setdefault(stage_name, []).append(problem)
            pending = {}
            agreed = by_name[SKELETON].value
            await _together(
                [
                    self._mend(claude, run, by_name[n], ps, pending, None if n == SKELETON else agreed)
                    for n, ps in grouped.items()
                ]
            )
            before = found
        if design is None or (found and not errors):
            first = found[0][1] if found else "it does not validate"
            raise ArchitectError(f"Claude's answers do not fit together ({first}); nothing was written; run again")
        if errors and not self.accept_findings:
            raise ArchitectError(
                f"Claude's design still has {len(errors)} review error(s) after {REPAIR_ROUNDS} repair round(s), the "
                f"first: {errors[0]}; nothing was written; run again, add --accept-findings to write it with its "
                "findings, or use --agent rules"
            )
        self.usage.accepted = len(errors)
        return design

    async def _mend(
        self,
        claude: Claude,
        run: Run,
        stage: Stage,
        problems: list[str],
        pending: dict[str, list[str]],
        skeleton: Json | None,
    ) -> None:
        """One repair of a stage's answer against the whole design's problems; `skeleton` as in `_settle`."""
        stage.record.repair_rounds += 1
        answer = await self._ask(claude, stage, _repair(stage.question, stage.text, problems, review=True))
        value, own = _read(answer, lambda v: run.problems(stage.name, v, skeleton))
        if value is None:
            pending[stage.name] = own  # the previous answer stands; the unreadable one is sent back
            return
        stage.value = value
        if not own:
            claude.keep(answer)

    async def _ask(self, claude: Claude, stage: Stage, messages: list[Json]) -> Answer:
        stage.requests.append(claude.request(messages, stage.schema))
        answer = await claude.ask(stage.name, messages, stage.schema)
        stage.record.calls += 1
        stage.text = answer.text
        stage.tokens.append(answer.usage)
        return answer

    def _spent(self) -> str:
        """What a failed run cost, so that no spending goes unreported."""
        usage = self.usage
        if not usage.calls:
            return ""
        cost = usage.cost_usd()
        return f" ({usage.calls} API call(s) made" + (f", about ${cost:,.4f})" if cost is not None else ")")


class Run:
    """What one design run knows: the requirements, archgen's figures, prices and parts, and the shared context."""

    def __init__(self, loaded: Loaded, ledger: Ledger, prices: PriceTable, context: str) -> None:
        self.loaded = loaded
        self.ledger = ledger
        self.prices = prices
        self.context = context
        self.known = known_parts(loaded, ledger)
        self.owned = owned_values(loaded.requirements)
        self.entities = [e.name for e in loaded.requirements.data.entities]
        self.skeleton_schema = skeleton_schema()
        self.detail_schema = detail_schema()

    def service_task(self, service: str, entities: list[str]) -> str:
        """The detail task of one service, with the load that reaches its entities."""
        load = prompts.service_load(self.loaded.requirements, self.ledger, entities)
        return prompts.service_task(service, entities, load)

    def question(self, blocks: list[str]) -> list[Json]:
        """The first user turn of a stage: the context and the shared blocks marked cacheable, then the task."""
        *shared, task = blocks
        content = [_text(self.context, cached=True), *(_text(b, cached=True) for b in shared), _text(task)]
        return [{"role": "user", "content": content}]

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

    def whole(self, stages: dict[str, Stage]) -> tuple[Design | None, list[Issue], list[str]]:
        """The whole design from the stages' answers, sized and priced; its problems by stage, review errors and a
        budget overrun included; and the review errors alone, as one line each."""
        skeleton = stages[SKELETON].value
        details = {name: stage.value for name, stage in stages.items() if name != SKELETON}
        assembly = self.assemble(skeleton, details)
        design, issues = validate(assembly, self.loaded.requirements)
        if design is None or issues:
            return design, issues, []
        design = measured(design, self.loaded.requirements, self.ledger, self.prices)
        review, errors = review_issues(assembly, design, self.loaded.requirements)
        return design, review, errors


async def _together(jobs: list[Any]) -> None:
    """Run `jobs` at once; the first failure says what went wrong, and the others are cancelled."""
    try:
        async with asyncio.TaskGroup() as group:
            for job in jobs:
                group.create_task(job)
    except ExceptionGroup as failures:
        raise failures.exceptions[0] from None


def _read(answer: Answer, check: Callable[[Any], list[str]]) -> tuple[Json | None, list[str]]:
    """The answer's JSON object and its problems; None when it is not one readable object."""
    try:
        value = _parse(answer.text)
    except ValueError as exc:
        return None, [f"the answer is not valid JSON ({exc}); answer with one JSON object and nothing else"]
    problems = check(value)
    return (dict(value) if isinstance(value, dict) else None), problems


def _repair(question: list[Json], answer: str, problems: list[str], review: bool) -> list[Json]:
    """The conversation that sends an answer back with its problems."""
    listed = problems[:PROBLEMS_SENT]
    if len(problems) > PROBLEMS_SENT:
        listed.append(f"... and {len(problems) - PROBLEMS_SENT} more")
    return [
        *question,
        {"role": "assistant", "content": answer or "(no answer)"},
        {"role": "user", "content": prompts.repair(listed, review=review)},
    ]


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


def _prompt_files(system: str, stages: list[Stage]) -> dict[str, bytes]:
    """The prompts of a run as files of the site: the system prompt, then every request of every stage."""
    files = {f"{PROMPTS_FOLDER}/system.md": system.encode()}
    for stage in stages:
        for number, request in enumerate(stage.requests, 1):
            name = slug(stage.name, "stage")
            files[f"{PROMPTS_FOLDER}/{name}-{number}.json"] = (
                json.dumps(request, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
            ).encode()
    return files


def _rules_design(loaded: Loaded, prices: Path | None) -> Design:
    from archgen.architects.rules import RulesArchitect

    return RulesArchitect(prices=prices).design(loaded)
