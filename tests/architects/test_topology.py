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
