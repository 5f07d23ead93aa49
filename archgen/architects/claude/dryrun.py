"""A dry run of the Claude architect: the exact requests written to a folder, their input tokens, and the most the
run can cost, without asking Claude for anything.

The skeleton's request is exactly the one a run sends first. The services' requests depend on Claude's skeleton,
which a dry run does not ask for: they are written as they would be for the rules architect's skeleton, and the
ceiling is given for that many services, with what each further service could add.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archgen.architects.claude import REPAIR_ROUNDS, ClaudeArchitect, _rules_design, prompts
from archgen.architects.claude.assembly import service_stage
from archgen.architects.claude.client import build_request, estimate_tokens
from archgen.architects.claude.schema import split
from archgen.architects.claude.usage import worst_cost
from archgen.common.errors import ArchgenError, InputError
from archgen.common.naming import slug

if TYPE_CHECKING:
    from archgen.requirements import Loaded

Json = dict[str, Any]
PROBLEM_TOKENS = 4_000  # the most a repair request's list of problems adds (PROBLEMS_SENT lines)


def dry_run(architect: ClaudeArchitect, loaded: Loaded, folder: Path) -> list[str]:
    """Write the requests to `folder` and return the report: tokens per request and the run's cost ceiling."""
    run, _ = architect.prepare(loaded)
    system = prompts.system_prompt()
    skeleton, _ = split(_rules_design(loaded, architect.prices))
    questions = {"skeleton": run.question([prompts.skeleton_task()])}
    agreed = prompts.agreed_skeleton(skeleton)
    for service in skeleton["services"]:
        name = str(service["name"])
        task = run.service_task(name, [str(e) for e in service["entities"]])
        questions[service_stage(name)] = run.question([agreed, task])
    requests = {
        stage: build_request(
            architect.model,
            architect.platform,
            system,
            messages,
            run.skeleton_schema if stage == "skeleton" else run.detail_schema,
            architect.effort,
        )
        for stage, messages in questions.items()
    }
    counted = asyncio.run(_count(architect, system, list(requests.values())))
    tokens = {stage: counted[i] if counted else estimate_tokens(r) for i, (stage, r) in enumerate(requests.items())}
    _write(folder, requests)
    how = "counted by the Claude API" if counted else "estimated (the API's token counting was not reachable)"
    lines = [f"wrote {len(requests)} request(s) to {folder}; input tokens {how}:"]
    lines += [f"  {stage}: {tokens[stage]:,}" for stage in requests]
    services = len(requests) - 1
    ceiling = _ceiling(architect.model, requests, tokens)
    if ceiling is None:
        lines.append(f"the most the run can cost is unknown: archgen has no price for {architect.model}")
        return lines
    total, per_service = ceiling
    lines.append(
        f"the most the run can cost: ${total:,.2f} for {services} service(s) (every answer at the model's output "
        f"limit of {requests['skeleton']['max_tokens']:,} tokens, {REPAIR_ROUNDS} repair round(s) for every stage "
        f"and for the whole design); each further service adds up to ${per_service:,.2f}; --max-cost stops a run "
        "before a call that could pass it"
    )
    lines.append("no Messages API call was made; the services' requests follow the rules architect's skeleton")
    return lines


def _ceiling(model: str, requests: dict[str, Json], tokens: dict[str, int]) -> tuple[float, float] | None:
    """The most the run can cost, and what one more service could add: each stage asked once and repaired
    REPAIR_ROUNDS times on its own and REPAIR_ROUNDS times in the whole design's review, every answer at the
    output limit, every repair carrying the previous answer and a full list of problems."""
    total = 0.0
    each = 0.0
    for stage, request in requests.items():
        out = int(request["max_tokens"])
        first = worst_cost(model, tokens[stage], out)
        again = worst_cost(model, tokens[stage] + out + PROBLEM_TOKENS, out)
        if first is None or again is None:
            return None
        stage_most = first + 2 * REPAIR_ROUNDS * again
        total += stage_most
        if stage != "skeleton":
            each = max(each, stage_most)
    return total, each


async def _count(architect: ClaudeArchitect, system: str, requests: list[Json]) -> list[int] | None:
    """Every request's input tokens as the API counts them, or None when it cannot count them all."""
    claude = architect.client(system)
    claude.retries = 0  # a dry run does not wait out an unreachable API
    try:
        async with claude:
            counts = [await claude.count_tokens(request) for request in requests]
    except ArchgenError:  # no credentials: estimate instead
        return None
    return None if any(c is None for c in counts) else [int(c) for c in counts if c is not None]


def _write(folder: Path, requests: dict[str, Json]) -> None:
    """Each request as a JSON file, numbered in the order a run sends them."""
    if folder.exists() and not folder.is_dir():
        raise InputError(f"--dry-run {folder}: not a folder; give a folder for the requests")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for number, (stage, request) in enumerate(requests.items(), 1):
            path = folder / f"{number:02d}-{slug(stage, 'stage')}.json"
            temporary = path.with_name(f".{path.name}.tmp")
            temporary.write_text(json.dumps(request, ensure_ascii=False, indent=2, sort_keys=True) + "\n", "utf-8")
            temporary.replace(path)
    except OSError as exc:
        raise InputError(f"--dry-run {folder}: cannot write the requests there ({exc.strerror})") from None
