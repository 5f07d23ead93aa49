"""archgen.common.english: the plurals, articles, counts, lists, ordinals and number words of generated prose."""

from __future__ import annotations

import subprocess
import sys

import pytest

from archgen.common import english, formatting
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("noun", "expected"),
    [
        ("instance", "instances"),
        ("open question", "open questions"),
        ("entity", "entities"),
        ("Category", "Categories"),  # inflect alone says "Categorys", taking it for a name
        ("AccessLog", "AccessLogs"),
        ("OrderItem", "OrderItems"),
        ("Address", "Addresses"),
        ("status", "statuses"),
        ("index", "indexes"),
        ("person", "people"),
        ("API", "APIs"),
        ("SLO", "SLOs"),
        ("S3 bucket", "S3 buckets"),
        ("availability zone", "availability zones"),
        ("data", "data"),
        ("MeterData", "MeterData"),
        ("node-month", "node-months"),
    ],
)
def test_plural(noun: str, expected: str) -> None:
    assert english.plural(noun) == expected
    assert english.plural(noun, 2) == expected
    assert english.plural(noun, 1) == noun


@pytest.mark.parametrize(
    ("noun", "expected"),
    [
        ("instances", "instance"),
        ("entities", "entity"),
        ("node-months", "node-month"),
        ("APIs", "API"),
        ("Categories", "Category"),
        ("copies", "copy"),
        ("indices", "index"),
        ("Indices", "Index"),
        # not plurals: they come back as they are
        ("status", "status"),
        ("canvas", "canvas"),
        ("req", "req"),
        ("KB", "KB"),
        ("data", "data"),
    ],
)
def test_singular(noun: str, expected: str) -> None:
    assert english.singular(noun) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("AccessLog", "an"),
        ("user", "a"),
        ("unique key", "a"),
        ("hour", "an"),
        ("honest answer", "an"),
        ("UUID", "a"),
        ("URL", "a"),
        ("SLO", "an"),
        ("S3 bucket", "an"),
        ("HTTP API", "an"),
        ("MFA prompt", "an"),
        ("EU region", "an"),
        ("Europe-wide rollout", "a"),
        ("NAT gateway", "a"),  # read as a word
        ("HIPAA audit", "a"),
        ("OAuth client", "an"),
        ("ETag", "an"),
        ("IoT device", "an"),
        ("MkDocs site", "an"),  # read letter by letter
        ("Nginx proxy", "an"),
        ("one-off job", "a"),
        ("x-ray", "an"),
        ("eu-west-1 region", "an"),
        ("us-east-1 region", "a"),
        ("p99 target", "a"),
        ("8-hour window", "an"),
        ("11 % share", "an"),
        ("18,000-row table", "an"),
        ("1,800 rows", "a"),
        ("100 ms budget", "a"),
        ("99.9 % target", "a"),
        ("$800 budget", "an"),
        ("$1,000 budget", "a"),
        ("**Order**", "an"),
        ("[Invoice](data.md#invoice)", "an"),
    ],
)
def test_article(text: str, expected: str) -> None:
    assert english.article(text) == expected
    assert english.a(text) == f"{expected} {text}"


def test_count_and_number_words() -> None:
    assert english.count(1, "instance") == "1 instance"
    assert english.count(3, "instance") == "3 instances"
    assert english.count(0, "error") == "0 errors"
    assert english.count(1200, "request") == "1,200 requests"
    assert english.count(2.5, "day") == "2.5 days"
    assert english.count(1.0, "day") == "1 day"
    assert english.count(1.001, "node") == "1 node"  # shown as 1, so read as one
    assert english.count(2, "team", words=True) == "two teams"
    assert english.count(1, "team", words=True) == "one team"
    assert english.count(12, "team", words=True) == "12 teams"
    assert [english.number_word(n) for n in (0, 2, 9, 10, 1200, 2.5)] == ["zero", "two", "nine", "10", "1,200", "2.5"]


def test_ordinal() -> None:
    assert [english.ordinal(n) for n in (1, 2, 3, 9)] == ["first", "second", "third", "ninth"]
    assert [english.ordinal(n) for n in (10, 11, 12, 13, 21, 22, 102, 111)] == [
        "10th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "102nd",
        "111th",
    ]


def test_join() -> None:
    assert english.join([]) == ""
    assert english.join(["a"]) == "a"
    assert english.join(["a", "b"]) == "a and b"
    assert english.join(["a", "b", "c"]) == "a, b and c"
    assert english.join(["a", "b", "c"], "or") == "a, b or c"


def test_inflect_is_imported_on_first_use_and_leaves_typeguard_as_it_was() -> None:
    code = (
        "import sys\n"
        "from archgen.common import english\n"
        "print('inflect' in sys.modules)\n"
        "print(english.count(1, 'instance'), english.count(2, 'instance'), 'inflect' in sys.modules)\n"
        "print('typeguard' in sys.modules)\n"
        "import typeguard\n"
        "print(callable(typeguard.check_type))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.splitlines() == ["False", "1 instance 2 instances True", "False", "True"]


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (1, "instances", "1 instance"),
        (2, "instances", "2 instances"),
        (1, "years", "1 year"),
        (12, "years", "more than 10 years"),
        (1, "rows/day", "1 row/day"),
        (1, "reads/s", "1 read/s"),
        (1, "node-months", "1 node-month"),
        (1, "million requests", "1 million requests"),  # a million of them
        (1, "req/s", "1 req/s"),
        (0.1, "runs", "0.1 runs"),
        (1.0004, "runs", "1 run"),
        (1_500_000, "rows", "1.5 million rows"),
    ],
)
def test_quantities_put_a_counted_unit_in_the_singular_after_1(value: float, unit: str, expected: str) -> None:
    assert formatting.quantity(value, unit) == expected


def test_an_open_question_about_a_record_takes_the_article_of_its_name() -> None:
    from archgen.knowledge.questions import questions_for
    from archgen.requirements.resolve import Assumption

    asked = [
        q.question
        for name in ("Account", "Payout")
        for q in questions_for([Assumption(key=f"data.entities[{name}].fields", value="id", reason="not given")])
    ]
    assert asked == [
        "What does an Account hold, and who owns each one?",
        "What does a Payout hold, and who owns each one?",
    ]


def test_pattern_text_takes_the_article_of_the_name_filled_in() -> None:
    from archgen.knowledge.patterns import Match, fill

    match = Match(pattern=None, bound={"payouts": ["Account"], "units": ["Room"]})  # type: ignore[arg-type]
    text = "A {payouts} can go negative; assign a {units} or an {units}, not {payouts}."
    assert (
        fill(text, match, lambda kind, arg: "") == "An Account can go negative; assign a Room or a Room, not Account."
    )
