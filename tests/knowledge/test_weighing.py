"""How two technologies compare on the stated requirements."""

from __future__ import annotations

from archgen.knowledge.catalog import Catalog, Features
from archgen.knowledge.weighing import Targets, argument, edges, strongest


def _aws(must_use: list[str] | None = None, skills: list[str] | None = None) -> Catalog:
    return Catalog("aws", must_use or [], [], skills=skills or [])


def test_a_faster_regional_failover_is_said_and_decides_only_when_the_other_misses_the_rto() -> None:
    catalog = _aws()
    aurora, rds = catalog.technology("Amazon Aurora PostgreSQL"), catalog.technology("Amazon RDS for PostgreSQL")
    assert aurora is not None and rds is not None
    tight = [e for e in edges(catalog, aurora, rds, Targets(15, 15, standby=True)) if e.kind == "rto"]
    loose = [e for e in edges(catalog, aurora, rds, Targets(15, 60, standby=True)) if e.kind == "rto"]
    assert tight and tight[0].decides and "RTO of 15 minutes" in tight[0].text
    assert loose and not loose[0].decides and "RTO of 60 minutes: both meet it" in loose[0].text


def test_a_compatible_engine_is_not_the_one_must_use_names() -> None:
    catalog = _aws(must_use=["postgresql"])
    dsql = catalog.technology("Amazon Aurora DSQL (multi-region clusters)")
    rds = catalog.technology("Amazon RDS for PostgreSQL")
    assert dsql is not None and rds is not None
    assert not catalog.answers(dsql, "postgresql") and catalog.answers(rds, "postgresql")
    text = argument(catalog, dsql, rds, Targets(0, 30, standby=True))
    assert "RPO of 0 minutes" in text and "constraints.must_use" in text  # the win and what it gives up


def test_the_strongest_rival_is_the_closest_one_on_the_deciding_requirements() -> None:
    """Self-run TimescaleDB against a managed edition lacking compression and rollups, not an unrelated engine."""
    catalog = Catalog("azure", [], [], skills=["postgresql", "timescaledb"])
    chosen = catalog.technology("TimescaleDB Community on Azure Kubernetes Service (self-managed)")
    assert chosen is not None
    need = Features(compression=True, rollups=True)
    rival = strongest(catalog, chosen, catalog.alternatives("time-series", chosen.name), Targets(15, 120, True), need)
    assert rival is not None and rival.name == "TimescaleDB on Azure Database for PostgreSQL"
