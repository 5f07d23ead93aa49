"""The prose sweep: each rule on text that breaks it and on text that only looks as if it does, then every bundled
example's site read through it."""

from __future__ import annotations

import re
import textwrap

import pytest

from archgen.design.model import Design
from archgen.render.site import render_site
from tests.conftest import DOMAINS, EXAMPLES, corpus_design
from tests.prose import RULES, Finding, repeated_sentences, site_pages, sweep, sweep_page


def found(markdown: str) -> list[tuple[int, str, str]]:
    """(line, rule, quoted text) of each finding in a page."""
    return [(f.line, f.rule, f.text) for f in sweep_page("page.md", textwrap.dedent(markdown).lstrip("\n"))]


def rules(markdown: str) -> set[str]:
    return {rule for _, rule, _ in found(markdown)}


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("The app runs 1 instances at night.", "1 instances"),
        ("| expense-claims-app | 1 instances |", "1 instances"),
        ("growth_per_day = 1 rows/day", "1 rows"),
        ("A restore takes 1 days.", "1 days"),
        ("| balancers | 1 node-months |", "1 node-months"),
    ],
)
def test_one_with_a_plural_is_found(text: str, quoted: str) -> None:
    assert found(text) == [(1, "one-plural", quoted)]


@pytest.mark.parametrize(
    "text",
    [
        "The app runs 1 instance, 11 instances at peak and 0.1 runs a day.",
        "N+1 queries on the server side.",
        "A primary in eu-central-1 across 3 zones.",
        "Step 1 runs the tests; version 1 supports both.",
        "`1 instances` is what the old code printed.",
        "1 is enough, 1 million requests a month and 1,200 requests at peak, 1.5 days of backlog.",
    ],
)
def test_a_one_that_is_no_count_of_a_plural_is_not_found(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("Each request writes a AccessLog.", "a AccessLog"),
        ("It belongs to an user.", "an user"),
        ("Every record has an UUID.", "an UUID"),
        ("A Employee. (no other properties allowed)", "A Employee"),
        ("It waits a hour.", "a hour"),
        ("It costs $245 of a $800 budget.", "a $800"),
        ("It answers within an 100 ms budget.", "an 100"),
        ("It creates a [Order](data.md#entity-order).", "a Order"),
        ("It creates a **Order**.", "a Order"),
        ("It ends a\nAccessLog on the next line.", "a AccessLog"),
    ],
)
def test_the_wrong_article_is_found(text: str, quoted: str) -> None:
    assert [(rule, text) for _, rule, text in found(text)] == [("article", quoted)]


@pytest.mark.parametrize(
    "text",
    [
        "It writes an AccessLog for a user, a UUID an hour, an SLO and a NAT gateway.",
        "Either reading of an acronym is fine: a SLO, an SQL database, a SQL database.",
        "Plan A or plan B; a `id` field; an `user_id` field.",
        "See [the explorer](apis/explorer/a-orders.html) or [the notes](notes.md#an-uuid).",
        'Open <a href="print_page.html">the print view</a> { download="a.yaml" } and print it.',
        "| Key | Assumed value |\n|---|---|\n| `load.pattern` | a |",
    ],
)
def test_a_right_article_or_no_article_is_not_found(text: str) -> None:
    assert found(text) == []


def test_maybe_plurals_are_found_outside_code() -> None:
    assert found("It has 3 domain(s) across 2 zone(s).") == [
        (1, "maybe-plural", "domain(s)"),
        (1, "maybe-plural", "zone(s)"),
    ]
    assert found("The old message said `3 domain(s)`.") == []


def test_five_words_twice_in_one_paragraph_are_found() -> None:
    text = """
        The store holds the orders of the day,
        and at night the store holds the orders of the day again.
        """
    assert found(text) == [(1, "repeated-words", "the store holds the orders of the day")]


def test_five_words_repeated_across_paragraphs_items_or_cells_are_not_found() -> None:
    text = """
        The store holds the orders of the day.

        The store holds the orders of the day.

        - the store holds the orders of the day
        - the store holds the orders of the day

        | The store holds the orders of the day | The store holds the orders of the day |
        |---|---|
        | a | b |
        """
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("Users sign in with OpenID Connect via an OpenID Connect identity provider.", "OpenID Connect"),
        ("It replicates to the second region and keeps copies in the second region.", "the second region"),
        ("Reads go to Cloud SQL, writes to Cloud SQL too.", "Cloud SQL"),
    ],
)
def test_a_sentence_naming_a_thing_twice_is_found(text: str, quoted: str) -> None:
    assert found(text) == [(1, "named-twice", quoted)]


@pytest.mark.parametrize(
    "text",
    [
        "Orders live in Amazon RDS. Payments live in Amazon RDS too.",
        "**Single zone against a high availability target**: a high availability target with one zone fails.",
        "It never writes the key: not into the site, not into its cache, not into its logs.",
        "The writes reach 180 writes/s and hold 27 TB; one primary handles 5,000 writes/s and 5 TB.",
    ],
)
def test_a_thing_named_in_two_sentences_or_a_repeated_function_phrase_is_not_found(text: str) -> None:
    assert found(text) == []


def test_a_table_without_rows_is_found() -> None:
    text = """
        | Target | Threat |
        |---|---|

        Some text.

        | Target | Threat |
        |---|---|
        """
    assert found(text) == [(1, "empty-table", "| Target | Threat |"), (6, "empty-table", "| Target | Threat |")]


def test_a_table_with_rows_is_not_empty_even_inside_an_admonition() -> None:
    text = """
        ??? abstract "How the figures are computed"

            | Figure | Value |
            |---|---:|
            | Peak | 3 req/s |
        """
    assert found(text) == []


def test_a_heading_followed_by_one_of_its_level_or_higher_or_by_nothing_is_an_empty_section() -> None:
    text = """
        # Page

        ## Context

        ## Options

        ### First

        Text.

        ## Consequences

        <!-- Your notes: write between the two markers below. -->
        <!-- archgen:notes:start -->
        <!-- archgen:notes:end -->
        """
    assert found(text) == [(3, "empty-section", "## Context"), (11, "empty-section", "## Consequences")]


def test_a_section_with_code_an_admonition_or_a_deeper_heading_is_not_empty() -> None:
    text = """
        ---
        hide:
          - toc
        ---
        # Page { #page }

        ## Working on it

        ```sh
        # not a heading: a comment in a code block
        archgen render design.yaml
        ```

        ## Review

        ??? info "The rules"
            Text.

        ## Entities

        ### Order { #entity-order }

        Text.
        """
    assert found(text) == []


def test_findings_name_the_page_and_the_line_of_a_wrapped_paragraph() -> None:
    page = "Line one of a paragraph\nthat carries 1 instances on its second line.\n"
    assert sweep({"docs/x.md": page}) == [Finding("docs/x.md", 2, "one-plural", "1 instances")]
    assert str(sweep({"docs/x.md": page})[0]) == "docs/x.md:2: one-plural: 1 instances"


def test_every_rule_is_documented_and_tested() -> None:
    assert set(RULES) == {
        "one-plural",
        "article",
        "maybe-plural",
        "repeated-words",
        "named-twice",
        "empty-table",
        "empty-section",
    }


# Findings in the example sites the sweep tolerates, keyed by example, page (decision records without their number)
# and rule, each with where its text comes from. A finding not listed fails the test, and so does a listed one that
# no longer occurs: the list only shrinks. It is empty: keep it so.
KNOWN: dict[str, dict[tuple[str, str], str]] = {
    # the shop's two services each carry out their people's erasure and export requests: the pages list the two jobs
    # together by name, and the names share the kind of request (to fold into one name with its owners)
    "shop": {
        ("docs/events.md", "named-twice"): "two services' jobs of one kind listed together",
        ("docs/reliability.md", "named-twice"): "two services' jobs of one kind listed together",
    },
}


def tolerated_key(finding: Finding) -> tuple[str, str]:
    return re.sub(r"/adr-\d+-", "/adr-", finding.page), finding.rule


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_page_of_an_example_site_reads_as_prose(designs: dict[str, Design], name: str) -> None:
    findings = sweep(site_pages(render_site(designs[name])))
    known = KNOWN.get(name, {})
    unexpected = [str(f) for f in findings if tolerated_key(f) not in known]
    assert not unexpected, f"the {name} site's prose:\n" + "\n".join(unexpected)
    fixed = sorted(set(known) - {tolerated_key(f) for f in findings})
    assert not fixed, f"no longer found in the {name} site, so remove them from KNOWN: {fixed}"


def test_sentences_said_again_across_pages_are_counted_whatever_identifier_they_name() -> None:
    pages = {
        "a.md": "Each run takes a lock, so two runs never overlap, and `x` reads it.\n\nShort one.",
        "b.md": "| job | Each run takes a lock, so two runs never overlap, and `y` reads it. |\n|---|---|\n| a | b |",
        "c.md": "Each run takes a lock, so two runs never overlap and it is fine.",
    }
    repeats = repeated_sentences(pages, words=10, most=1)
    assert [(r.count, r.pages) for r in repeats] == [(2, ("a.md", "b.md"))]
    assert repeated_sentences(pages, words=10, most=2) == []


def reference_page(page: str) -> bool:
    """An API reference page: a reader looks up one operation or field there, so what holds for each operation
    (the idempotency key it takes, where a field's value comes from) is said at each one."""
    return page.startswith("docs/apis/") and page != "docs/apis/index.md"


# Sites that still say a sentence more than three times: each names the sentences it repeats when run (sharding
# notes per store, state-field notes per entity, the same consumer step in many flows, an integration's text in
# several places). The mark is strict, so a site that no longer repeats itself fails here until it is taken off.
STILL_REPEATING = frozenset(
    {
        "01-ride-hailing",
        "02-smart-meter-telemetry",
        "03-payments-ledger",
        "04-room-bookings",
        "05-b2b-saas-residency",
        "06-video-platform",
        "07-social-feed",
        "08-team-chat",
        "10-retail-analytics",
        "11-health-records",
        "13-required-only",  # the records its summary implies: the sharding and owner-id notes per entity
        "14-claims-workflow",
    }
)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(d, marks=pytest.mark.xfail(strict=True, reason="repeats left")) if d in STILL_REPEATING else d
        for d in DOMAINS
    ],
)
def test_a_corpus_site_says_no_sentence_more_than_three_times(name: str) -> None:
    pages = {p: t for p, t in site_pages(render_site(corpus_design(name))).items() if not reference_page(p)}
    repeats = repeated_sentences(pages, words=10, most=3)
    assert not repeats, f"the {name} site says these sentences more than 3 times:\n" + "\n".join(
        str(r) for r in repeats[:15]
    )
