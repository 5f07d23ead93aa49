"""Targets designed for: a store on no critical path is declared a degraded mode instead of setting the RTO."""

from __future__ import annotations

from archgen.review import review
from tests.conftest import corpus_design


def test_a_trail_read_live_from_a_copy_is_declared_degraded_and_does_not_set_the_rto() -> None:
    design = corpus_design("01-ride-hailing")
    trail = next(s for s in design.stores if s.kind == "time-series")
    declared = [d for d in design.reliability.degradation if d.startswith(trail.name) and "no critical path" in d]
    assert declared and "recover within the RTO of 15 minutes without it" in declared[0]
    decision = next(d for d in design.decisions if d.title == "Availability topology and disaster recovery")
    assert "does not meet the targets" not in decision.rationale
    region = next(f for f in design.reliability.failure_modes if f.kind == "region")
    assert "beyond the RTO" not in region.degraded
    assert not [f for f in review(design) if f.rule == "AVL043"]
