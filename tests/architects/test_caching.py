"""The shared cache follows the reads the design routes to its databases, not only the questionnaire's headline."""

from __future__ import annotations

from archgen.architects.rules import RulesArchitect
from archgen.requirements import load_requirements
from archgen.review import review
from tests.conftest import corpus_design, example


def test_reads_that_need_replicas_get_a_shared_cache_and_fewer_replicas() -> None:
    # a team chat reads little per the questionnaire (0.7 reads a write) but loads the authors of every page of history
    design = corpus_design("08-team-chat")
    caches = [c for c in design.caches if c.placement == "distributed"]
    assert caches and "Member" in caches[0].entities and caches[0].size_bytes > 0
    assert "owner's change events" in caches[0].invalidation
    assert all(s.read_replicas < 2 for s in design.stores if {"Member", "Reaction", "Attachment"} & set(s.entities))
    decision = next(d for d in design.decisions if d.title == "Caching and CDN")
    assert decision.decision == caches[0].technology
    assert "members-db takes" in decision.rationale and "read replicas" in decision.rationale
    assert any(line.component == caches[0].name for line in design.cost.lines)
    assert not {"CAP036", "CAP037"} & {f.rule for f in review(design, design.requirements)}


def test_a_small_shop_keeps_no_cache_it_does_not_need() -> None:
    loaded = load_requirements(example("shop"))
    loaded.requirements.load.read_write_ratio = 1
    design = RulesArchitect().design(loaded)
    assert not [c for c in design.caches if c.placement == "distributed"]
