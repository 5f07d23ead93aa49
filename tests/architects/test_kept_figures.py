"""A job that keeps a figure on the records it writes (accrues a balance) has a field to keep it in."""

from __future__ import annotations

from archgen.knowledge.jobs import kept_figures
from tests.conftest import corpus_design


def test_the_accrual_job_keeps_its_balance_in_a_field_of_the_employee() -> None:
    design = corpus_design("05-b2b-saas-residency")
    employee = design.entity("Employee")
    balance = next(f for f in employee.fields if f.name == "time_off_balance")
    assert balance.type == "decimal" and balance.set_by == "server"
    assert "Accrue time-off balances" in balance.description


def test_a_figure_a_written_field_already_names_needs_no_new_field() -> None:
    assert kept_figures("Roll up view counts", {"view", "count"}) == {}
    assert kept_figures("Roll up view counts", {"view"}) == {"view_count": "int"}
