"""The rules architect fits the design to its team and its scale, as a reviewer of the corpus would check: the
pipeline tools the team names run the warehouse, promised dimension history has a type-2 model, alternatives are of
the workload's size and a trickle of load gets a fixed instance count."""

from __future__ import annotations

from tests.conftest import corpus_design


def test_a_team_that_names_dbt_and_airflow_gets_them_for_its_warehouse_and_a_decision_that_weighs_them() -> None:
    design = corpus_design("10-retail-analytics")
    pipeline = next(d for d in design.decisions if "warehouse's loads and models" in d.title)
    assert "dbt" in pipeline.decision and "Cloud Composer" in pipeline.decision
    assert any("Cloud Scheduler" in o.name for o in pipeline.options if o.name != pipeline.decision)
    assert all("Cloud Composer (Airflow)" in j.description and "lease row" not in j.description for j in design.jobs)
    said = " ".join(c for d in design.decisions for c in d.consequences)
    assert "versioned SQL models" not in said and "dbt models in the repository" in said


def test_dimensions_promised_history_are_built_as_type_2_snapshots() -> None:
    design = corpus_design("10-retail-analytics")
    star = next(d for d in design.decisions if d.decision == "A star schema with conformed dimensions")
    history = next(c for c in star.consequences if "type-2" in c)
    assert "valid_from" in history and "valid_to" in history and "dbt snapshots" in history
    assert all(name in history for name in ("Store", "Product", "Promotion"))


def test_a_fifty_person_office_weighs_no_option_ten_times_its_cost_and_does_weigh_the_small_ones() -> None:
    design = corpus_design("12-internal-tool")
    options = [o.name for d in design.decisions for o in d.options]
    assert not any("Business Critical" in o or "AKS" in o or "active-active" in o.lower() for o in options)
    style = next(d for d in design.decisions if d.title == "Architecture style")
    assert {"Django's admin alone", "Microsoft Lists or Power Apps"} <= {o.name for o in style.options}
    assert not any("Business Critical" in d.rationale for d in design.decisions)


def test_a_peak_under_a_tenth_of_one_instance_gets_a_fixed_count_while_a_busy_service_keeps_its_range() -> None:
    quiet = corpus_design("13-required-only").deployables[0].scaling
    assert quiet.min_instances == quiet.max_instances == 3
    busy = [d for d in corpus_design("04-room-bookings").deployables if d.scaling.per_instance]
    assert any(d.scaling.max_instances > d.scaling.min_instances for d in busy)
