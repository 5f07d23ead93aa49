"""Master data comes from the system the questionnaire says holds it, bulk extracts arrive as files, and the record
of a decision is written only by the guarded move it records."""

from __future__ import annotations

import functools

from archgen.architects.rules import RulesArchitect
from archgen.design.model import Design
from archgen.requirements import load_requirements
from archgen.review.engine import review
from tests.conftest import ROOT


@functools.cache
def _design(name: str) -> Design:
    return RulesArchitect().design(load_requirements(ROOT / "tests" / "domains" / f"{name}.yaml"))


def test_meters_and_premises_are_imported_from_the_billing_system_that_holds_them() -> None:
    design = _design("02-smart-meter-telemetry")
    for entity in ("Meter", "Premise"):
        job = next(j for j in design.jobs if j.name == f"Import {entity} from SAP IS-U")
        assert job.service == design.entity(entity).owner
        assert "manifest" in job.description and "refuses a partial one" in job.description
        asked = [q.question for q in design.open_questions if q.raised_by == f"data.entities[{entity}]"]
        assert not [q for q in asked if q.startswith(("What creates", "Who adds"))]
    steps = [s.message for f in design.flows for s in f.steps if "copy of Meter" in s.message]
    assert steps and all("Import Meter from SAP IS-U job" in m for m in steps)
    windows = [f for f in design.capacity.figures if f.label.startswith("Import Meter from SAP IS-U:")]
    assert windows, "the capacity page sizes the import against its window"
    assert not [f for f in review(design) if f.rule in ("DAT109", "API167", "SVC011")]


def test_an_erp_that_says_what_it_supplies_supplies_only_that() -> None:
    design = _design("10-retail-analytics")
    assert not [j for j in design.jobs if j.name.startswith("Import Store")]
    assert [q for q in design.open_questions if q.raised_by == "data.entities[Store]"]


def test_an_erp_import_fetches_a_file_rather_than_calling_the_erp() -> None:
    design = _design("10-retail-analytics")
    flow = next(f for f in design.flows if f.use_case == "Import stock snapshot")
    to_erp = [s.message for s in flow.steps if s.target == "ERP"]
    assert to_erp and all(m.startswith("fetch ERP's extract from the SFTP drop") for m in to_erp)


def test_approvals_are_written_by_the_decide_move_not_by_an_operation_of_their_own() -> None:
    design = _design("14-claims-workflow")
    made = [e for s in design.services for e in s.endpoints if e.entity == "Approval" and e.method == "POST"]
    assert made == []
    assert any(e.transition == "decide" for s in design.services for e in s.endpoints)
    assert not [f for f in review(design) if f.rule in ("SEC088", "RUN002", "RUN003")]
