"""Where users are served from, as a reader of the regions decision would check it."""

from __future__ import annotations

from pathlib import Path

from archgen.architects.rules import RulesArchitect
from archgen.requirements import load_requirements
from archgen.requirements.areas import areas

DOMAINS = Path(__file__).parent.parent / "domains"


def test_worldwide_users_are_judged_from_every_area_and_the_far_ones_raised() -> None:
    loaded = load_requirements(DOMAINS / "13-required-only.yaml")
    assert loaded.requirements.users.regions == ["global"]
    design = RulesArchitect().design(loaded)
    assert design.topology is not None
    served = {s.area: s for s in design.topology.serving}
    assert set(served) == set(areas().labels) - {"global"}
    far = [s.area for s in served.values() if not s.within_budget]
    assert "oceania" in far and "europe" not in far
    asked = [q for q in design.open_questions if "Oceania" in q.question]
    assert len(asked) == 1 and "Asia-Pacific" in asked[0].question


def test_named_areas_are_the_only_ones_judged() -> None:
    design = RulesArchitect().design(load_requirements(DOMAINS / "11-health-records.yaml"))
    assert design.topology is not None
    assert [s.area for s in design.topology.serving] == ["north-america"]


def test_each_cell_copies_its_data_only_to_its_own_standby() -> None:
    """EU tenants' data is never said to be replicated to the US cell's recovery region, nor US data to the EU's."""
    from tests.conftest import corpus_design

    design = corpus_design("05-b2b-saas-residency")
    assert design.topology is not None
    recovers = {r.name: r.recovers for r in design.topology.regions if r.recovers}
    assert len(set(recovers.values())) == 2
    for text in [design.reliability.strategy, *(s.replication for s in design.stores)]:
        for standby, cell in recovers.items():
            if standby in text:
                assert f"{cell} into {standby}" in text, text


def test_consensus_store_does_not_vote_across_a_region_and_its_one_standby() -> None:
    """Two regions cannot keep a majority when either is lost: the recovery region holds a second cluster."""
    from tests.architects.test_thresholds import design as designed

    # an RTO no failover meets picks a consensus engine; Azure offers it in one region and its one standby
    design = designed(
        quality={"availability": 99.99, "rpo_minutes": 1440, "rto_minutes": 5}, constraints={"cloud": "azure"}
    )
    consensus = [s for s in design.stores if "majority of its replica group" in s.replication]
    assert consensus
    for store in consensus:
        assert "voting replicas in" not in store.replication
        assert "second cluster" in store.replication


def test_each_caller_reaches_its_home_cell_by_its_own_hostname_never_a_forward() -> None:
    """Tenants homed in eu and us: each cell has its own hostname and issuer, a wrong cell answers 421, the create
    is a control-plane placement, and no processor receives EU data under transfer clauses."""
    from tests.conftest import corpus_design

    design = corpus_design("05-b2b-saas-residency")
    assert design.topology is not None
    decision = next(d for d in design.decisions if d.id == design.topology.decision)
    for text in (design.topology.summary, decision.rationale):
        assert "eu.crewline-hr.example" in text and "us.crewline-hr.example" in text
        assert "421" in text and "issuer" in text
        assert "routes every request by the tenant claim" not in text
    creates = [e for s in design.services for e in s.endpoints if e.entity == "Tenant" and e.action == "create"]
    assert creates and all("control plane places the Tenant" in e.summary for e in creates)
    transfers = next(c for c in design.security.controls if "residency" in c.requirement)
    assert "contractual clauses" not in transfers.measure and "Postmark" in transfers.measure
    assert any("Postmark" in q.question and "Europe" in q.question for q in design.open_questions)
