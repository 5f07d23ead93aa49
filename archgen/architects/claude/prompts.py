"""The words sent to Claude, rendered from the templates under templates/prompts/."""

from __future__ import annotations

import functools
import json
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from archgen.capacity import constants
from archgen.capacity.ledger import Ledger
from archgen.common.formatting import quantity
from archgen.common.shipped import builtin_templates
from archgen.design.model import Figure
from archgen.requirements import Loaded
from archgen.requirements.fieldtypes import SCALAR_KINDS
from archgen.requirements.model import Requirements

# Part of every cache key: bump it when archgen reads Claude's answers differently, so old answers are not reused.
PROMPT_VERSION = 3


@functools.cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(builtin_templates() / "prompts"),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # plain text for a model, not HTML; nothing rendered here is evaluated as a template
    )
    env.filters["quantity"] = quantity
    return env


def _render(name: str, **values: Any) -> str:
    return _environment().get_template(f"{name}.md.jinja").render(**values).strip() + "\n"


def compact_json(value: Any) -> str:
    """JSON in as few tokens as it takes; models read it as well as the indented kind."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def system_prompt() -> str:
    """The role and the standards of the architect, the same for every call so the prompt cache can hold it."""
    return _render("system")


def context(loaded: Loaded, figures: list[Figure], draft: Any = None) -> str:
    """The requirements, archgen's assumptions and figures, and (when refining) the rules engine's draft."""
    from archgen.architects.claude.facts import allowed_regions
    from archgen.capacity.ledger import Ledger
    from archgen.knowledge.patterns import as_data, load_patterns, match
    from archgen.review.engine import all_rules

    req = loaded.requirements
    for_data, for_compute = allowed_regions(req)
    ledger = Ledger(figures)
    applied, _ = match(req, load_patterns(), lambda key: ledger.values.get(key, 0.0))
    patterns = [
        {
            "name": m.pattern.name,
            "summary": " ".join(m.pattern.summary.split()),
            "signals": [f"{s.key} = {s.value}" for s in m.signals[:6]],
            "what a strong design of this shape contains": compact_json(as_data(m.pattern).get("contributes", {})),
        }
        for m in applied
    ]
    rules = [f"{r.id} ({r.severity}) {r.title}: {r.help}" for r in all_rules()]
    return _render(
        "context",
        patterns=patterns,
        rules=rules,
        cloud=req.constraints.cloud,
        data_regions=for_data,
        compute_regions=[r for r in for_compute if r not in for_data],
        requirements=compact_json(req.model_dump(mode="json", exclude_none=True)),
        assumptions=loaded.assumptions,
        figures=figures,
        constants=constants.ALL,
        thresholds=constants.every("thresholds"),
        entities=[e.name for e in req.data.entities],
        draft=compact_json(draft) if draft is not None else "",
    )


def skeleton_task() -> str:
    """What the skeleton stage asks for."""
    return _render("task-skeleton")


def agreed_skeleton(skeleton: Any) -> str:
    """The skeleton as later stages see it."""
    return _render("skeleton", skeleton=compact_json(skeleton))


def service_task(service: str, entities: list[str], load: list[str] | None = None) -> str:
    """What the detail stage of one service asks for, with the load its entities carry."""
    return _render("task-service", service=service, entities=entities, scalar_types=SCALAR_KINDS, load=load or [])


def service_load(req: Requirements, ledger: Ledger, entities: list[str]) -> list[str]:
    """The use cases that touch a service's entities, with their peak rates, and the rows each entity will hold."""
    from archgen.capacity.load import use_case_keys
    from archgen.common.formatting import number

    keys = use_case_keys(req)
    lines = []
    for use_case in req.use_cases:
        writes = [e for e in dict.fromkeys(use_case.writes) if e in entities]
        reads = [e for e in dict.fromkeys(use_case.reads) if e in entities and e not in writes]
        if not writes and not reads:
            continue
        peak = ledger.values.get(f"{keys[use_case.name]}.peak_rps.y3", 0.0)
        touched = "; ".join(
            f"{verb} {', '.join(names)}" for verb, names in (("writes", writes), ("reads", reads)) if names
        )
        lines.append(f"{use_case.name} ({use_case.interaction}) {touched}: {number(peak)} calls/s")
    for entity in entities:
        rows = ledger.values.get(f"storage.{entity}.rows.y3")
        if rows is not None:
            lines.append(f"{entity}: {number(rows)} rows")
    return lines


def repair(problems: list[str], review: bool = False) -> str:
    """The problems archgen found in an answer, sent back for a corrected one; `review` when they were found in the
    whole design, sized, priced and reviewed."""
    return _render("repair", problems=problems, review=review)
