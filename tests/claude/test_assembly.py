"""Answers are checked as one design, and each problem goes back to the stage whose answer holds it."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from archgen.architects.claude.assembly import SKELETON, Issue, assemble, shape_issues, validate
from archgen.architects.claude.facts import known_parts, owned_values
from archgen.architects.claude.schema import split
from archgen.capacity.ledger import Ledger
from archgen.capacity.load import load_figures
from archgen.design.model import Design
from archgen.requirements import Loaded

Answers = tuple[dict[str, Any], dict[str, Any]]


@pytest.fixture
def answers(designs: dict[str, Design]) -> Answers:
    """The expenses design as the skeleton and the per-stage details Claude would answer."""
    skeleton, details = split(designs["expenses"])
    return skeleton, {f"service {name}": detail for name, detail in details.items()}


def issues(loaded: Loaded, skeleton: Any, details: dict[str, Any]) -> list[Issue]:
    ledger = Ledger()
    load_figures(loaded.requirements, ledger)
    entities = [e.name for e in loaded.requirements.data.entities]
    assembly = assemble(skeleton, details, known_parts(loaded, ledger), owned_values(loaded.requirements), entities)
    return validate(assembly, loaded.requirements)[1]


def test_a_sound_skeleton_passes_before_any_service_is_detailed(loaded: Loaded, answers: Answers) -> None:
    skeleton, details = answers
    assert issues(loaded, skeleton, {}) == []  # stand-ins raise no false problems
    assert issues(loaded, skeleton, {"service claims": details["service claims"]}) == []
    assert issues(loaded, skeleton, details) == []


def test_each_problem_goes_to_the_stage_that_holds_it(loaded: Loaded, answers: Answers) -> None:
    skeleton, details = copy.deepcopy(answers)
    claims = details["service claims"]
    claims["endpoints"][1]["method"] = "FETCH"
    found = issues(loaded, skeleton, details)
    assert [(i.stage, i.path) for i in found] == [("service claims", ("endpoints", 1, "method"))]
    claims["endpoints"][1]["method"] = "GET"  # with the types right, the cross-checks run
    skeleton["services"][0]["depends_on"] = ["billing"]
    claims["entities"][0]["store"] = "nowhere"
    assert issues(loaded, skeleton, details) == [
        Issue(
            SKELETON, ("services", 0, "depends_on"), "refers to the service 'billing', which the design does not define"
        ),
        Issue(
            "service claims",
            ("entities", 0, "store"),
            "refers to the store 'nowhere', which the design does not define",
        ),
    ]


def test_every_questionnaire_entity_has_exactly_one_owner(loaded: Loaded, answers: Answers) -> None:
    skeleton = copy.deepcopy(answers[0])
    skeleton["services"][0]["entities"] = ["Employee", "Claim", "Invoice"]
    messages = [str(i) for i in issues(loaded, skeleton, {}) if i.stage == SKELETON]
    assert "services: the entity 'Claim' needs exactly one owning service; owned by employees, claims" in messages
    assert "services[0].entities[2]: 'Invoice' is not a questionnaire entity (Employee, Claim)" in messages


def test_service_slugs_must_be_safe_file_names(loaded: Loaded, answers: Answers) -> None:
    skeleton = copy.deepcopy(answers[0])
    skeleton["services"][1]["slug"] = "../Claims"
    assert [str(i) for i in issues(loaded, skeleton, {})] == [
        "services[1].slug: must be lowercase letters, digits and hyphens, e.g. 'claims'"
    ]


def test_a_detail_designs_exactly_its_own_entities(loaded: Loaded, answers: Answers) -> None:
    skeleton, details = copy.deepcopy(answers)
    details["service employees"]["entities"].append(copy.deepcopy(details["service claims"]["entities"][0]))
    found = [i for i in issues(loaded, skeleton, details) if i.path == ("entities",)]
    assert found == [
        Issue(
            "service employees",
            ("entities",),
            "must design each entity employees owns (Employee) once; not its own: Claim",
        )
    ]


def test_object_storage_without_file_sets_is_not_an_error(loaded: Loaded, answers: Answers) -> None:
    # exports, an analytics lake or a cold archive are object storage the questionnaire's file sets do not list
    skeleton = copy.deepcopy(answers[0])
    assert any(store["kind"] == "object" for store in skeleton["stores"])
    no_files = loaded.requirements.model_copy(
        update={"data": loaded.requirements.data.model_copy(update={"files": []})}
    )
    assert issues(Loaded(no_files, loaded.assumptions), skeleton, {}) == []


def test_an_answer_must_be_an_object_with_the_stage_keys() -> None:
    assert [str(i) for i in shape_issues(SKELETON, [])] == ["the answer must be one JSON object"]
    assert [str(i) for i in shape_issues("service claims", {"endpoints": [], "notes": ""})] == [
        "entities: is required; add it",
        "notes: unknown key; allowed here: endpoints, entities",
    ]
