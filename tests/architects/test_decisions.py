"""Decision records argue: the requirement that decides, the strongest alternative weighed on it, one answer to
each question across records."""

from __future__ import annotations

from archgen.architects.rules.reliability import ACTIVE_ACTIVE
from archgen.knowledge.catalog import Catalog
from archgen.review.rules.records import stances_of, stream_keys
from tests.architects.test_thresholds import design
from tests.conftest import corpus_design


def test_a_must_use_engine_is_kept_over_a_merely_compatible_one_and_the_rival_is_argued() -> None:
    """must_use postgresql with RPO 0: PostgreSQL itself is chosen, argued against the compatible engine that
    writes in every region, on what the recovery targets need (point-in-time recovery)."""
    chosen = design(
        quality={"availability": 99.99, "rpo_minutes": 0, "rto_minutes": 5},
        constraints={"cloud": "aws", "must_use": ["postgresql"]},
    )
    catalog = Catalog(chosen.deployment.cloud, ["postgresql"], [])
    decision = next(d for d in chosen.decisions if d.title.startswith("Relational store"))
    runner = next(o for o in decision.options if o.name != decision.decision and "PostgreSQL" not in o.name)
    entry = catalog.technology(runner.name)
    assert entry is not None and "postgresql" in entry.aka  # compatible with it, and still not what it names
    assert not catalog.answers(entry, "postgresql")
    assert runner.name in decision.rationale and "must_use" in decision.rationale
    assert "point in time" in decision.rationale
    assert not any("nothing the data needs" in c for o in decision.options for c in o.cons)


def test_a_store_the_team_knows_is_weighed_for_measurements() -> None:
    """A team that runs Cassandra asks first why not Cassandra for the position trail."""
    design = corpus_design("01-ride-hailing")
    decision = next(d for d in design.decisions if d.title.startswith("Time-series store"))
    assert any("Cassandra" in o.name for o in decision.options)
    assert not decision.rationale.lower().startswith(f"chosen because {decision.context.lower()[:40]}")


def test_every_region_writing_is_one_answer_across_records() -> None:
    # an RTO no failover meets: the databases write in every region, and every record says so alike
    writing = design(
        quality={"availability": 99.99, "rpo_minutes": 1440, "rto_minutes": 5}, constraints={"cloud": "azure"}
    )
    assert writing.reliability.topology == "active-active"
    assert any(d.decision == ACTIVE_ACTIVE for d in writing.decisions)
    assert len(stances_of(writing)) == 1


def test_a_stream_two_patterns_key_is_keyed_once() -> None:
    """Matching and tracking both speak of the position topic: each names the key its events carry, the driver
    whose positions must be applied in order, never each fix's own id or a place the fix does not hold."""
    design = corpus_design("01-ride-hailing")
    keys = stream_keys(design)
    assert keys and all(len(by) == 1 for by in keys.values())
    positions = [e for e in design.events if e.entity == "DriverLocation"]
    assert positions and {e.ordering_key for e in positions} == {"driver"}
    assert dict(keys["driverlocation"]).keys() == {"driver"}
    assert len(keys["driverlocation"]["driver"]) == 2


def test_records_only_ever_appended_are_streamed_by_the_record_they_belong_to() -> None:
    """A reading of a meter is keyed by its meter, while a changing record's events keep its own id."""
    for name in ("01-ride-hailing", "02-smart-meter-telemetry"):
        design = corpus_design(name)
        entities = {e.name: e for e in design.entities}
        for event in (e for e in design.events if e.entity in entities):
            entity = entities[event.entity or ""]
            if entity.mutability == "append_only" and any(a.startswith("by_") for a in entity.access):
                assert event.ordering_key not in (None, "id"), event.name
