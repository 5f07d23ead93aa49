"""What the estimate rests on is what the design has: warehouse scans are pruned only by the clustering the data
model states, a tiny system pays for one NAT gateway a region, and an estimate over budget prices its levers."""

from __future__ import annotations

from archgen.capacity.remeasure import remeasure
from archgen.review import review
from tests.conftest import corpus_design


def _scanned(design) -> float:  # type: ignore[no-untyped-def]
    return sum(x.monthly_usd for x in design.cost.lines if x.price == "warehouse_tb_scanned")


def test_warehouse_tables_are_clustered_on_what_their_queries_filter_by() -> None:
    design = corpus_design("10-retail-analytics")
    line = design.entity("SalesLine")
    assert {"store", "product"} <= set(line.primary_key)
    assert line.partition_key and "sold_at" in line.partition_key


def test_a_table_not_clustered_on_its_filters_is_priced_as_full_scans() -> None:
    design = corpus_design("10-retail-analytics").model_copy(deep=True)
    before = _scanned(design)
    line = design.entity("SalesLine")
    line.primary_key = ["transaction", "sold_at"]
    for index in line.indexes:
        if index.kind == "primary":
            index.fields = ["transaction", "sold_at"]
    edited = remeasure(design).design
    assert _scanned(edited) > before * 3
    assert any("SalesLine is not clustered on" in f.formula for f in edited.capacity.figures)
    assert not [f for f in review(edited) if f.rule == "COST025"]


def test_a_tiny_system_shares_one_nat_gateway_a_region() -> None:
    design = corpus_design("13-required-only")
    nat = [x for x in design.cost.lines if x.price == "nat_gateway_month"]
    assert nat and all(x.quantity <= max(1, len(design.reliability.regions)) for x in nat)


def test_a_busy_system_keeps_a_nat_gateway_in_each_zone() -> None:
    design = corpus_design("06-video-platform")
    nat = next(x for x in design.cost.lines if x.price == "nat_gateway_month")
    assert nat.quantity >= design.reliability.zones_per_region * len(design.reliability.regions)


def test_an_estimate_over_budget_prices_each_lever_with_what_it_trades() -> None:
    design = corpus_design("06-video-platform")
    decision = next(d for d in design.decisions if d.title == "Fitting the budget")
    levers = [c for c in decision.consequences if "trades:" in c]
    # keeping derived copies in one region would make a region's loss wait for a re-encode longer than the RTO
    assert any(c.startswith("not pulled, as the RTO") and "one region" in c for c in decision.consequences)
    assert not any("one region" in c for c in levers)
    assert any("renditions" in c for c in levers)
    assert any("commit to a year" in c for c in levers)
    assert any("per title" in c for c in levers)
    assert all("a month less" in c for c in levers)
    assert not [f for f in review(design) if f.rule == "COST026"]


def test_encoding_per_title_shrinks_the_videos_not_the_applications_bundle() -> None:
    design = corpus_design("06-video-platform")
    media = next(x for x in design.cost.lines if x.component == "cdn")
    bundles = [x for x in design.cost.lines if "visits' downloads" in x.formula]
    assert "per title" in media.formula
    assert bundles and not [x for x in bundles if "per title" in x.formula]


def test_a_committed_cdn_rate_is_offered_with_its_saving_never_booked() -> None:
    design = corpus_design("06-video-platform")
    assert not [x for x in design.cost.lines if x.price.endswith("_committed")]
    decision = next(d for d in design.decisions if d.title == "Fitting the budget")
    offered = [c for c in decision.consequences if c.startswith("negotiate a CDN rate committed for a year")]
    assert offered and "a month less delivery once signed" in offered[0]
    assert not [f for f in review(design) if f.rule == "COST033"]


def test_the_levers_left_for_the_meeting_are_put_together_into_a_plan_that_fits() -> None:
    from archgen.capacity.levers import proposed_plan
    from archgen.render.site import render_site

    design = corpus_design("06-video-platform")
    assert design.cost.total_usd_per_month > design.cost.budget_usd_per_month  # list prices until agreed
    found = proposed_plan(design.decisions)
    assert found is not None
    decision, plan = found
    assert plan.startswith("the committed rate") and "within the budget" in plan
    page = render_site(design)["docs/cost.md"].decode()
    assert f"{decision}](decisions/" in page and plan in " ".join(page.split())
