"""What the pages say a store's technology does for recovery, as a reader who knows the technology would check it."""

from __future__ import annotations

from archgen.design.model import Design
from archgen.review.engine import review
from tests.architects.test_thresholds import design
from tests.conftest import corpus_design


def dsql_design() -> Design:
    """A design whose RTO no failover meets and whose RPO a daily snapshot keeps: the databases write in every
    region, and Aurora DSQL is the first such engine on AWS."""
    return design(quality={"availability": 99.99, "rpo_minutes": 1440, "rto_minutes": 5}, constraints={"cloud": "aws"})


def test_peered_clusters_are_not_said_to_feed_a_copy_or_keep_a_log_they_lack() -> None:
    """Aurora DSQL peers two regions synchronously with a witness and keeps only full snapshots: no page says it
    feeds a second cluster asynchronously, keeps point-in-time recovery, or fails over to a standby."""
    design = dsql_design()
    dsql = [s for s in design.stores if s.technology.startswith("Amazon Aurora DSQL")]
    assert dsql
    for store in dsql:
        assert "asynchronously" not in store.replication and "second cluster" not in store.replication
        assert "peered clusters in" in store.replication and "witness region" in store.replication
    decision = next(d for d in design.decisions if d.id == dsql[0].decision)
    said = " ".join(decision.consequences)
    assert "no point-in-time recovery" in said and "recovery is enabled" not in said
    zone = next(f for f in design.reliability.failure_modes if f.kind == "zone")
    assert "standby" not in zone.mitigation.replace("no standby to promote", "")
    found = {f.rule for f in review(design)}
    assert not found & {"CLM010", "CLM011", "CLM012", "CLM013", "CLM014"}


def test_one_region_on_geo_redundant_backups_is_restored_into_the_paired_region() -> None:
    """The provider copies the backups to its paired region, an hour behind: the plan says so, counts that hour
    against the RPO and asks nobody which region takes over."""
    design = corpus_design("12-internal-tool")
    database = next(s for s in design.stores if s.kind == "relational")
    assert "paired region" in database.backup and "trailing by up to 60 minutes" in database.backup
    topology = next(d for d in design.decisions if d.title == "Availability topology and disaster recovery")
    assert "at most 60 minutes of data" in topology.rationale
    assert any("paired region" in c for c in topology.consequences)
    assert not [q for q in design.open_questions if "takes over" in q.question]
    files = next(s for s in design.stores if s.kind == "object")
    assert "twelve nines" in files.replication and "eleven" not in files.replication


def test_full_text_search_in_the_database_is_the_engines_own() -> None:
    """SQL Server builds a full-text catalog and index; tsvector columns and GIN indexes are PostgreSQL's."""
    design = corpus_design("11-health-records")
    decision = next(d for d in design.decisions if d.title.startswith("Full-text search"))
    said = " ".join([*(o.summary for o in decision.options), *decision.consequences]).lower()
    assert "full-text catalog" in said
    assert "tsvector" not in said and "gin index" not in said


def test_files_whose_replication_trails_the_rpo_are_said_to_miss_it_not_held_for_the_copy(
    designs: dict[str, Design],
) -> None:
    """A bucket copies to the recovery region up to 15 minutes behind; an upload is answered once its own region
    holds the file (holding it for the copy would break the upload's latency), so a 5-minute RPO is not met for
    files: the backups table says so and names the open question, never a bare 'yes'."""
    design = designs["shop"]
    assert design.requirements.quality.rpo_minutes < 15
    buckets = {s.name for s in design.stores if s.kind == "object"}
    files = [b for b in design.reliability.backups if b.store in buckets]
    asked = {q.id for q in design.open_questions}
    assert files and all(
        not b.meets_rpo and "acknowledged once the bucket in its own region" in b.method for b in files
    )
    assert all(any(q in b.method for q in asked) for b in files)
    assert not {"AVL022", "AVL036"} & {f.rule for f in review(design)}
