"""The rules architect's prose promises only what the design's elements contain, read as a reviewer of the corpus
designs would check it: where the audit log lives, caches and CDNs, unique keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from archgen.architects.rules import RulesArchitect
from archgen.design.claims import unbacked
from archgen.design.model import Design
from archgen.knowledge.catalog import Catalog, Features
from archgen.requirements import load_requirements

DOMAINS = Path(__file__).parent.parent / "domains"


@pytest.fixture(scope="module")
def corpus() -> dict[str, Design]:
    names = ("04-room-bookings", "07-social-feed", "11-health-records", "12-internal-tool")
    return {n[:2]: RulesArchitect().design(load_requirements(DOMAINS / f"{n}.yaml")) for n in names}


def test_an_audit_log_in_the_database_of_the_changes_is_committed_with_them(corpus: dict[str, Design]) -> None:
    """A modular monolith keeps the access log beside the records it audits: one transaction carries both."""
    design = corpus["11"]
    log = next(e for e in design.entities if e.name == "AccessLog")
    audited = next(e for e in design.entities if e.name == "Patient")
    assert log.store == audited.store
    assert f"AccessLog in {log.store}" in design.security.audit
    assert "same transaction as the change" in design.security.audit
    assert not any("What writes AccessLog" in q.question for q in design.open_questions)


def test_databases_that_commit_one_record_at_a_time_are_named_where_the_audit_entry_follows_the_change(
    corpus: dict[str, Design],
) -> None:
    design = corpus["07"]
    catalog = Catalog(design.deployment.cloud, [], [])
    written = {e.store for e in design.entities}  # the system of record of each entity
    alone = [
        s.name
        for s in design.stores
        if s.name in written and not catalog.engine(s.technology).has(Features(transactions="multi-row"))
    ]
    assert alone
    assert all(name in design.security.audit for name in alone)
    assert "right after the change" in design.security.audit


def test_no_failure_mode_relies_on_a_cache_or_cdn_the_design_lacks(corpus: dict[str, Design]) -> None:
    design = corpus["12"]
    assert not design.caches
    # nor does a control page an on-call engineer that no alert pages
    assert not any(a.severity == "page" for a in design.observability.alerts)
    assert not any("page on-call" in c.measure for c in design.security.controls)
    said = " ".join(m.mitigation + " " + m.degraded for m in design.reliability.failure_modes).lower()
    assert "cdn" not in said
    assert "from caches" not in said


@pytest.mark.parametrize("name", ["04", "07", "11", "12"])
def test_every_sentence_of_the_records_is_backed_by_an_element(name: str, corpus: dict[str, Design]) -> None:
    design = corpus[name]
    catalog = Catalog(design.deployment.cloud, [], [])

    def together(store: str) -> bool:
        kept = next(s for s in design.stores if s.name == store)
        return catalog.engine(kept.technology).has(Features(transactions="multi-row"))

    texts = [c for d in design.decisions for c in [d.rationale, *d.consequences]] + [r.mitigation for r in design.risks]
    texts += [c.measure for c in design.security.controls]
    texts += [m.mitigation for m in design.reliability.failure_modes] + [design.security.audit]
    texts += [s.message for f in design.flows for s in f.steps]
    assert [(t, unbacked(design, t, together)) for t in texts if unbacked(design, t, together)] == []
