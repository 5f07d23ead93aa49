"""Restore time and the office-hours gap: the figures the recovery rules and the reliability page compare with the
RTO."""

from __future__ import annotations

from archgen.capacity.recovery import restore_minutes, unsupported_gap_minutes
from archgen.knowledge.restores import paired


def test_a_restore_grows_with_the_store_and_starts_with_a_fixed_cost() -> None:
    small = restore_minutes("relational", 0)
    big = restore_minutes("relational", 5.3e12)
    assert small is not None and big is not None
    assert small > 0  # a server must start even for an empty database
    assert big - small > 8 * 60  # 5.3 TB at the relational rate is hours, beyond a 2-hour RTO


def test_an_index_or_cache_is_not_restored() -> None:
    assert restore_minutes("search", 1e12) is None
    assert restore_minutes("in-memory", 1e9) is None


def test_the_longest_unanswered_gap_is_a_weekend_and_two_nights() -> None:
    assert unsupported_gap_minutes() == 63 * 60


def test_a_restricted_paired_region_is_known() -> None:
    pair = paired("azure", "germanywestcentral")
    assert pair is not None and pair.pair == "germanynorth" and pair.restricted
    assert paired("aws", "eu-central-1") is None
