"""The rules architect: coherent, deterministic designs sized to the load."""

from __future__ import annotations

import pytest

from archgen.architects.rules import RulesArchitect
from archgen.design.checks import check
from archgen.design.files import dump_design
from archgen.design.model import Design
from archgen.requirements import load_requirements
from archgen.review import review
from tests.conftest import EXAMPLES, ROOT, example


@pytest.mark.parametrize("name", EXAMPLES)
def test_designs_pass_their_own_cross_checks_and_review(designs: dict[str, Design], name: str) -> None:
    design = designs[name]
    assert check(design) == []
    assert [f for f in review(design) if f.severity == "error"] == []
    owned = [e for s in design.services for e in s.entities]
    assert sorted(owned) == sorted(e.name for e in design.entities)  # every entity has exactly one owner


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_committed_design_matches_what_the_architect_produces(designs: dict[str, Design], name: str) -> None:
    committed = (ROOT / "examples" / name / "design.yaml").read_text(encoding="utf-8")
    assert dump_design(designs[name]) == committed, "run scripts/refresh-golden and review the diff"


def test_same_input_same_design() -> None:
    loaded = load_requirements(example("shop"))
    assert dump_design(RulesArchitect().design(loaded)) == dump_design(RulesArchitect().design(loaded))


def test_small_internal_tool_gets_one_deployable_and_one_database(designs: dict[str, Design]) -> None:
    design = designs["expenses"]
    assert design.architecture.style in ("monolith", "modular-monolith")
    # one application; the Function App that starts its jobs shares its plan and adds no instance
    assert [d.kind for d in design.deployables if d.kind != "job"] == ["web"]
    assert all(d.scaling.min_instances == d.scaling.max_instances == 0 for d in design.deployables if d.kind == "job")
    assert [s.kind for s in design.stores if s.kind != "object"] == ["relational"]
    assert all("job table" in c.technology for c in design.channels)  # no message broker
    assert all(s.shards == 1 and s.partitioning.startswith("none") for s in design.stores if s.kind == "relational")


def test_write_heavy_telemetry_gets_a_time_series_store_with_retention(designs: dict[str, Design]) -> None:
    design = designs["telemetry"]
    reading = design.entity("Reading")
    store = design.store(reading.store)
    assert store.kind == "time-series"
    assert reading.retention_days == 365
    assert reading.partition_key == "device (hash) + measured_at (daily bucket)"
    assert design.channels and design.channels[0].kind == "log"


def test_every_decision_weighs_real_options(designs: dict[str, Design]) -> None:
    for design in designs.values():
        for decision in design.decisions:
            assert len(decision.options) >= 2
            assert decision.decision in {o.name for o in decision.options}
            assert decision.consequences and decision.context


def test_cloud_names_concrete_services(designs: dict[str, Design]) -> None:
    assert designs["shop"].store("acme-shop-db").technology == "Amazon RDS for PostgreSQL"
    assert designs["telemetry"].deployment.platform == "Google Kubernetes Engine (GKE)"
    assert "Azure" in designs["expenses"].stores[0].technology
    assert designs["minimal"].stores[0].technology == "PostgreSQL (managed)"  # vendor-neutral for `any`


def test_a_load_the_use_cases_name_little_of_is_asked_about(designs: dict[str, Design]) -> None:
    # the expense tool's users are said to make 40 calls a day, and its use cases name about one of them
    asked = [q for q in designs["expenses"].open_questions if q.raised_by == "load.requests_per_user_per_day"]
    assert len(asked) == 1 and asked[0].question.startswith("Which calls make up the")
    assert not [q for q in designs["shop"].open_questions if q.raised_by == "load.requests_per_user_per_day"]
