"""archgen owns the facts: the cloud, the regions the questionnaire allows, and every figure Claude's text cites."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

from archgen.architects.claude import ClaudeArchitect
from archgen.architects.claude.facts import allowed_regions, contradictions
from archgen.architects.claude.schema import skeleton_schema
from archgen.capacity.ledger import Ledger
from archgen.capacity.load import load_figures
from archgen.requirements import Loaded
from tests.claude.fake_api import FakeClaude, answer

Make = Callable[..., ClaudeArchitect]


def repair_texts(fake: FakeClaude) -> list[str]:
    return [r["messages"][-1]["content"] for r in fake.requests if len(r["messages"]) == 3]


def test_claude_cannot_choose_the_cloud(architect: Make, fake: FakeClaude, loaded: Loaded) -> None:
    assert "cloud" not in skeleton_schema()["$defs"]["Deployment"]["properties"]
    skeleton = copy.deepcopy(fake.answers["skeleton"])
    skeleton["deployment"]["cloud"] = "aws"  # a gateway that ignores the schema: archgen's value still wins
    fake.then("skeleton", answer(json.dumps(skeleton)))
    design = architect().design(loaded)
    assert design.deployment.cloud == loaded.requirements.constraints.cloud == "azure"
    assert design.cost.price_table.startswith("azure")


def test_regions_outside_the_users_areas_and_residency_go_back(
    architect: Make, fake: FakeClaude, loaded: Loaded
) -> None:
    data, compute = allowed_regions(loaded.requirements)
    assert "germanywestcentral" in data and "eastus2" not in compute
    context = fake.answers  # the context tells Claude the allowed regions before it chooses
    skeleton = copy.deepcopy(context["skeleton"])
    skeleton["reliability"]["regions"] = ["eastus2"]
    fake.then("skeleton", answer(json.dumps(skeleton)))
    architect().design(loaded)
    assert "germanywestcentral" in fake.requests[0]["messages"][0]["content"][0]["text"]
    [repair] = repair_texts(fake)
    assert "reliability.regions[0]: 'eastus2' is not a region of azure where data is kept" in repair


def test_numbers_that_contradict_a_figure_go_back(architect: Make, fake: FakeClaude, loaded: Loaded) -> None:
    skeleton = copy.deepcopy(fake.answers["skeleton"])
    skeleton["architecture"]["summary"] += " The system peaks at 5,000 req/s, so it is sharded from day one."
    skeleton["risks"][0]["description"] = "Growth: traffic.peak_rps.y3 (900 req/s) may outgrow one primary."
    fake.then("skeleton", answer(json.dumps(skeleton)))
    architect().design(loaded)
    [repair] = repair_texts(fake)
    assert "architecture.summary: says a peak of 5,000 req/s, which no figure has" in repair
    assert "risks[0].description: says 900 req/s for traffic.peak_rps.y3, which archgen computed as" in repair


def test_numbers_that_agree_with_the_figures_pass(loaded: Loaded) -> None:
    ledger = Ledger()
    load_figures(loaded.requirements, ledger)
    figures: list[Any] = ledger.figures
    peak = next(f for f in figures if f.key == "traffic.peak_rps.now").value
    claims = next(f for f in figures if f.key == "storage.Claim.bytes.y3").value
    assert contradictions(f"a peak of {peak:.2g} req/s (traffic.peak_rps.now)", figures) == []
    assert contradictions(f"storage.Claim.bytes.y3 = {claims / 1e6:.1f} MB after three years", figures) == []
    assert contradictions("each instance serves up to 200 req/s", figures) == []  # not a peak, not a figure
    assert contradictions(f"storage.Claim.bytes.y3 = {claims / 1e6 * 3:.1f} MB", figures) != []
