"""Slices and finds: what a use case says it cuts or finds records by is something its operation takes."""

from __future__ import annotations

from tests.conftest import corpus_design


def test_records_the_questionnaire_says_are_searched_are_listed_by_words() -> None:
    """Items are searched (their access says so): browsing them takes the words, so the full-text index has a caller."""
    design = corpus_design("12-internal-tool")
    assert "search" in design.entity("Item").access
    browse = next(e for s in design.services for e in s.endpoints if "Browse equipment" in e.use_cases)
    assert browse.action == "list" and "q" in [i.name for i in browse.inputs]


def test_a_find_takes_the_words_it_finds_by() -> None:
    design = corpus_design("13-required-only")
    find = next(e for s in design.services for e in s.endpoints if "Find recipes" in e.use_cases)
    # a search operation takes its words as `q` by itself; any other find is given them
    assert find.action == "search" or "q" in [i.name for i in find.inputs]


def test_a_slice_by_a_referenced_record_filters_and_groups_by_it() -> None:
    """Analysts slice sale lines by promotion: the ad-hoc report filters by it, and a comparison of stores by region."""
    design = corpus_design("10-retail-analytics")
    endpoints = [e for s in design.services for e in s.endpoints]
    report = next(e for e in endpoints if e.path.endswith("/ad-hoc-report"))
    assert "promotion" in [f.name for f in report.filters]
    comparison = next(e for e in endpoints if e.path.endswith("/stores/comparison"))
    assert "region" in [f.name for f in comparison.filters]
