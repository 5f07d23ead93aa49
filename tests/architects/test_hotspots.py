"""Records many writers update are sized against what one key of their engine commits: the hot ones get a remedy in
their flows, their data model and a decision record, with the figures; the quiet ones keep one row."""

from __future__ import annotations

import dataclasses
import functools
import math

from archgen.architects.rules import RulesArchitect
from archgen.capacity.constants import constant
from archgen.design.hotspots import hot_keys
from archgen.design.model import Design
from archgen.knowledge.catalog import Catalog
from archgen.knowledge.hotspots import fans_out, hotspot_words
from archgen.requirements import load_requirements
from archgen.review import review
from tests.conftest import ROOT

TITLE = hotspot_words().decision.title


@functools.cache
def _design(name: str) -> Design:
    return RulesArchitect().design(load_requirements(ROOT / "tests" / "domains" / f"{name}.yaml"))


def _hot(design: Design, name: str) -> float:
    keys = hot_keys(design.requirements, design.entities, design.stores, Catalog(design.deployment.cloud, [], []))
    return next(k.rate for k in keys if k.name == name)


def test_a_count_its_busiest_record_cannot_commit_in_place_is_batched_with_its_figures() -> None:
    design = _design("07-social-feed")
    rate = _hot(design, "Post.like_count")
    steps = [s.message for f in design.flows for s in f.steps if "Post.like_count" in s.message]
    assert steps and all("one batched increment per Post every 1 s" in m for m in steps)
    assert all(f"{rate:,.0f} changes/s" in m for m in steps)
    stored = next(f for e in design.entities if e.name == "Post" for f in e.fields if f.name == "like_count")
    assert "batched increment" in stored.source
    record = next(d for d in design.decisions if d.title == TITLE)
    assert "Post.like_count" in record.context and f"{rate:,.0f}/s" in record.context
    # a count its busiest record commits in place keeps one row, counted as it changes
    quiet = [s.message for f in design.flows for s in f.steps if "Member.follower_count" in s.message]
    assert quiet and all(m.startswith("count the change") for m in quiet)
    assert not [f for f in review(design, design.requirements) if f.rule == "DAT070"]


def test_a_platform_account_every_posting_touches_is_split_into_sub_accounts() -> None:
    # on an engine that commits one key across regions (about 50 a second), the busiest account is too hot for one row
    loaded = load_requirements(ROOT / "tests" / "domains" / "03-payments-ledger.yaml")
    requirements = loaded.requirements.model_copy(deep=True)
    requirements.constraints.must_use = ["cockroachdb"]
    design = RulesArchitect().design(dataclasses.replace(loaded, requirements=requirements))
    rate = _hot(design, "LedgerAccount")
    account = next(e for e in design.entities if e.name == "LedgerAccount")
    limit = Catalog(design.deployment.cloud, [], []).engine(design.store(account.store).technology).key_commits_per_s
    assert limit is not None and rate > limit
    stripes = math.ceil(rate / (limit * constant("hot_key_headroom").value))
    stripe = next(f for f in account.fields if f.name == hotspot_words().account_field_name)
    assert f"{stripes} sub-accounts" in stripe.source
    postings = [
        s.message
        for f in design.flows
        for s in f.steps
        if s.target == account.store and "LedgerEntry and LedgerAccount" in s.message
    ]
    assert postings and all(f"one of its {stripes} sub-accounts at random" in m for m in postings)
    # opening an account is not a posting: it touches no platform account
    opening = [s.message for f in design.flows for s in f.steps if s.message.startswith("write LedgerAccount ")]
    assert opening and not any("sub-account" in m for m in opening)
    assert any(d.title == TITLE for d in design.decisions)


def test_a_system_whose_counts_stay_quiet_gets_no_remedy() -> None:
    design = _design("04-room-bookings")
    assert not any(d.title == TITLE for d in design.decisions)
    steps = [s.message for f in design.flows for s in f.steps if "RoomType.room_count" in s.message]
    assert steps and all(m.startswith("count the change") for m in steps)


def test_every_fan_out_step_says_how_many_a_second() -> None:
    for name in ("07-social-feed", "08-team-chat"):
        design = _design(name)
        fanning = [s.message for f in design.flows for s in f.steps if fans_out(s.message)]
        assert fanning, name
        assert all("a second at peak" in m for m in fanning), fanning
