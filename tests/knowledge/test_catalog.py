"""The technology catalog says what each data technology's engine can do, and the checks read it right."""

from __future__ import annotations

import pytest

from archgen.knowledge.catalog import Catalog, Features, Knowledge

DATA_ROLES = ("relational", "relational-global", "key-value", "document", "wide-column", "time-series", "search")
DATA_ROLES += ("object", "warehouse", "cache")


def data_technologies() -> list[tuple[str, str, str]]:
    clouds = Knowledge.load().technologies.clouds
    return [(c, role, t.name) for c, roles in clouds.items() for role in DATA_ROLES for t in roles.get(role, [])]


@pytest.mark.parametrize(("cloud", "role", "name"), data_technologies())
def test_every_data_technology_names_a_known_engine_and_its_writers(cloud: str, role: str, name: str) -> None:
    catalog = Catalog(cloud, [], [])
    technology = catalog.technology(name)
    assert technology is not None and technology.engine in catalog.knowledge.technologies.engines
    assert technology.region_writes in ("single", "multi")


def test_an_engine_without_secondary_indexes_or_locks_lacks_them() -> None:
    catalog = Catalog("aws", [], [])
    keyspaces = catalog.engine("Amazon Keyspaces (Apache Cassandra)")
    dsql = catalog.engine("Amazon Aurora DSQL (multi-region clusters)")
    postgres = catalog.engine("Amazon RDS for PostgreSQL")
    assert not keyspaces.has(Features(secondary_indexes="global"))
    assert keyspaces.has(Features(transactions="single-row"))  # a scale: a batch is more than one row
    assert not keyspaces.has(Features(transactions="multi-row"))
    assert dsql.lacks(Features(locking="pessimistic", range_partitions=True)) == [
        "locking: pessimistic",
        "range_partitions: true",
    ]
    assert postgres.has(Features(locking="pessimistic", range_partitions=True, unique="any"))


def test_a_clouds_edition_of_an_engine_lacks_what_that_edition_leaves_out() -> None:
    azure = Catalog("azure", [], []).engine("TimescaleDB on Azure Database for PostgreSQL")
    aws = Catalog("aws", [], []).engine("TimescaleDB on Amazon EC2")
    assert aws.has(Features(compression=True, rollups=True))
    assert azure.lacks(Features(compression=True, rollups=True)) == ["compression: true", "rollups: true"]
    assert azure.name == "TimescaleDB on Azure Database for PostgreSQL"  # findings name the edition


def test_each_engine_says_how_it_keeps_copies_and_whether_it_shards_itself() -> None:
    catalog = Catalog("aws", [], [])
    assert catalog.engine("Amazon Aurora DSQL (multi-region clusters)").copies == "consensus"
    assert catalog.engine("CockroachDB Dedicated on AWS").copies == "consensus"
    assert catalog.engine("Amazon RDS for PostgreSQL").copies == "primary-standby"
    assert catalog.engine("Amazon RDS for PostgreSQL").sharding == "none"
    assert catalog.engine("Amazon Aurora DSQL (multi-region clusters)").foreign_keys is False
    gcs = Catalog("gcp", [], []).technology("Cloud Storage")
    assert gcs is not None and gcs.regions == "asynchronous"  # dual-region copies trail by up to 15 minutes


def test_nothing_is_assumed_of_an_unknown_technology() -> None:
    engine = Catalog("aws", [], []).engine("a database nobody knows")
    assert engine.name == "a database nobody knows"
    assert not engine.has(Features(transactions="none"))
