"""The pages speak only of what the design has: controls, conventions and threats name the kinds of caller,
channel and deployable the design holds, and numbers read as a person would write them."""

from __future__ import annotations

from archgen.common.formatting import usd
from tests.conftest import corpus_design


def test_a_childs_consent_is_asked_only_where_children_use_the_system() -> None:
    claims, video = corpus_design("14-claims-workflow"), corpus_design("06-video-platform")
    assert not [c for c in claims.security.controls if "child" in c.requirement], "claimants are adults"
    assert [c for c in video.security.controls if "child" in c.requirement.lower()], "a COPPA platform asks"


def test_the_api_conventions_name_only_the_callers_the_design_has() -> None:
    notebook, telemetry = corpus_design("13-required-only"), corpus_design("02-smart-meter-telemetry")
    assert "devices:" not in notebook.api.authentication
    assert "webhooks:" not in notebook.api.authentication
    assert "devices:" in telemetry.api.authentication


def test_one_deployable_is_not_promised_mutual_tls_between_deployables() -> None:
    records = corpus_design("11-health-records")
    assert len([d for d in records.deployables if d.kind != "job"]) == 1
    said = [c.measure for c in records.security.controls] + [t.mitigation for t in records.security.threats]
    assert not [m for m in said if "between deployables" in m]
    assert not [m for m in said if "realtime gateway" in m], "a phone push holds no connection of ours"


def test_small_figures_and_prices_keep_their_digits() -> None:
    tool = corpus_design("12-internal-tool")
    caching = next(d for d in tool.decisions if "Working set" in d.context)
    assert "0.00 GB" not in caching.context and ": 0/s" not in caching.context
    assert usd(0.004) == "$0.004" and usd(0) == "$0.00" and usd(12.4) == "$12"
    assert not [r for r in tool.architecture.rationale if "engineer make" in r]
