"""Decision records argue: the requirement that decides, the strongest alternative weighed on it, one answer to
each question across records."""

from __future__ import annotations

from archgen.architects.rules.reliability import ACTIVE_ACTIVE
from archgen.knowledge.catalog import Catalog
from archgen.review.rules.records import stances_of, stream_keys
from tests.conftest import corpus_design


def test_a_must_use_engine_is_weighed_against_the_engine_the_recovery_targets_chose() -> None:
    """must_use postgresql with RPO 0: the choice of a merely compatible engine is argued against PostgreSQL."""
    design = corpus_design("03-payments-ledger")
    catalog = Catalog(design.deployment.cloud, ["postgresql"], [])
    decision = next(d for d in design.decisions if d.title.startswith("Relational store"))
    runner = next(o for o in decision.options if o.name != decision.decision and "PostgreSQL" in o.name)
    entry = catalog.technology(runner.name)
    assert entry is not None and catalog.answers(entry, "postgresql")
    assert runner.name in decision.rationale and "RPO of 0 minutes" in decision.rationale
    assert any("must_use" in p for p in runner.pros)  # what the runner-up does better is said, not waved away
    assert not any("nothing the data needs" in c for o in decision.options for c in o.cons)


def test_a_store_the_team_knows_is_weighed_for_measurements() -> None:
    """A team that runs Cassandra asks first why not Cassandra for the position trail."""
    design = corpus_design("01-ride-hailing")
    decision = next(d for d in design.decisions if d.title.startswith("Time-series store"))
    assert any("Cassandra" in o.name for o in decision.options)
    assert not decision.rationale.lower().startswith(f"chosen because {decision.context.lower()[:40]}")


def test_every_region_writing_is_one_answer_across_records() -> None:
    design = corpus_design("03-payments-ledger")
    assert design.reliability.topology == "active-active"
    assert any(d.decision == ACTIVE_ACTIVE for d in design.decisions)
    assert len(stances_of(design)) == 1


def test_a_stream_two_patterns_key_is_keyed_once() -> None:
    """Matching keys positions by place and tracking by the watched record: the later record follows the first."""
    design = corpus_design("01-ride-hailing")
    keys = stream_keys(design)
    assert keys and all(len(by) == 1 for by in keys.values())
