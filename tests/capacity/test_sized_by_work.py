"""Stores are sized by the work that reaches them and priced the way their provider bills: a stream stays in the
store built for it, shards follow the data, request-priced databases are priced per request, a job's messages are
counted per recipient, and an upload's own record is written once per upload."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from archgen.architects.rules import RulesArchitect
from archgen.capacity import constants as c
from archgen.capacity.load import records_per_call
from archgen.design.model import CostLine, Design
from archgen.knowledge.levers import levers
from archgen.requirements import load_requirements

DOMAINS = Path(__file__).parents[1] / "domains"


@pytest.fixture(scope="module")
def corpus() -> dict[str, Design]:
    names = (
        "02-smart-meter-telemetry",
        "03-payments-ledger",
        "06-video-platform",
        "07-social-feed",
        "09-product-catalogue-search",
        "10-retail-analytics",
    )
    return {n[:2]: RulesArchitect().design(load_requirements(DOMAINS / f"{n}.yaml")) for n in names}


def test_no_relational_database_takes_a_copy_of_the_reading_stream(corpus: dict[str, Design]) -> None:
    design = corpus["02"]
    limit = c.PRIMARY_WRITE_LIMIT.value * c.TARGET_UTILISATION.value
    for store in design.stores:
        if store.kind == "relational":
            assert store.demand.writes_per_s < limit, store.name
    copies = [s.message for f in design.flows for s in f.steps if "copy of Reading" in s.message]
    assert copies == []


def test_large_stores_are_sharded_by_their_data(corpus: dict[str, Design]) -> None:
    stores = {s.kind: s for s in corpus["07"].stores if s.kind in ("in-memory", "search")}
    timelines, search = stores["in-memory"], stores["search"]
    assert timelines.size_bytes_3y > 1e12  # terabytes of timelines
    assert timelines.shards >= math.ceil(timelines.size_bytes_3y / (c.MEMORY_NODE_GB.value * c.GB)) or (
        "data tiering" in timelines.purpose
    )
    assert search.shards >= math.ceil(search.size_bytes_3y / (c.SEARCH_SHARD_GB.value * c.GB))


def test_a_large_in_memory_store_is_tiered_when_the_budget_is_short(corpus: dict[str, Design]) -> None:
    req = load_requirements(DOMAINS / "07-social-feed.yaml")
    # a budget under what the design costs with every timeline in memory
    req.requirements.constraints.budget_usd_per_month = corpus["07"].cost.total_usd_per_month * 0.9
    design = RulesArchitect().design(req)
    timelines = next(s for s in design.stores if s.kind == "in-memory")
    assert "data tiering" in timelines.technology
    assert any("tier the large in-memory stores" in d.rationale + " ".join(d.consequences) for d in design.decisions)


def test_keyspaces_is_priced_per_request_and_gb(corpus: dict[str, Design]) -> None:
    design = corpus["07"]
    keyspaces = {s.name for s in design.stores if "Keyspaces" in s.technology}
    assert keyspaces
    lines = [line for line in design.cost.lines if line.component in keyspaces]
    assert {line.price for line in lines} == {"nosql_write_million", "nosql_read_million", "nosql_storage_gb_month"}
    assert not [line for line in lines if "node" in line.unit]


def test_a_weekly_digest_sends_one_email_per_member_a_week(corpus: dict[str, Design]) -> None:
    design = corpus["07"]
    members = next(r for r in design.requirements.users.roles if r.name == "member").active_per_day or 0
    line = next(line for line in design.cost.lines if line.item == "SendGrid calls")
    growth = 1 + design.requirements.load.growth_per_year
    expected = members / 7 * c.DAYS_PER_MONTH * growth / 1000  # thousand e-mails a month after 1 year
    assert line.quantity == pytest.approx(expected, rel=0.05)


def test_morning_reports_go_to_every_manager(corpus: dict[str, Design]) -> None:
    design = corpus["10"]
    people = sum(r.active_per_day or 0 for r in design.requirements.users.roles if r.kind == "person")
    line = next(line for line in design.cost.lines if line.item == "SendGrid calls")
    assert line.quantity * 1000 >= people * c.DAYS_PER_MONTH


def test_an_upload_is_recorded_once_per_upload_not_per_record(corpus: dict[str, Design]) -> None:
    req = corpus["09"].requirements
    upload = next(u for u in req.use_cases if u.name == "Upload listing feed")
    assert upload.batch_size > 100
    assert records_per_call(req, upload, "FeedImport") == 1
    assert records_per_call(req, upload, "Listing") == upload.batch_size


def test_card_fees_are_a_share_of_each_payment_plus_a_fixed_fee(corpus: dict[str, Design]) -> None:
    design = corpus["03"]
    fixed = next(line for line in design.cost.lines if line.item == "Adyen transactions")
    share = next(line for line in design.cost.lines if line.item == "Adyen percentage of value")
    assert "Capture payment" not in fixed.formula and "Authorise" in fixed.formula
    assert share.quantity == pytest.approx(fixed.quantity * c.AVERAGE_PAYMENT.value)
    assert any(q.raised_by == "integrations[Adyen].average_payment_usd" for q in design.open_questions)


def test_a_video_catalogues_long_tail_is_priced_in_infrequent_access(corpus: dict[str, Design]) -> None:
    lines = [line for line in corpus["06"].cost.lines if line.price.startswith("object_storage")]
    # the budget drops the top renditions of cold media only: undo that lever to compare the split as sized
    drop = next(lever for lever in levers() if lever.share_from == "ladder_top").name.split(" (")[0]

    def sized(line: CostLine) -> float:
        pulled = re.search(rf"× ([\d.]+) quantity: {re.escape(drop)}", line.formula)
        return line.quantity / float(pulled.group(1)) if pulled else line.quantity

    standard = sum(sized(line) for line in lines if line.price == "object_storage_gb_month")
    tail = sum(sized(line) for line in lines if "public media beyond" in line.formula)
    assert tail > 0
    assert tail == pytest.approx((standard + tail) * (1 - c.HOT_FRACTION.value), rel=0.05)
