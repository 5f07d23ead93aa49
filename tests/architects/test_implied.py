"""The model a questionnaire implies: the capabilities a summary promises are proposed as records and use cases
(and asked only to confirm), and every record a role owns has an operation that makes it."""

from __future__ import annotations

from archgen.design.creation import makes
from archgen.design.model import Design, Endpoint
from archgen.review.engine import review
from tests.conftest import corpus_design


def _refs(design: Design, entity: str) -> set[str]:
    return {
        f.type.removeprefix("ref[").removesuffix("]") for f in design.entity(entity).fields if f.type.startswith("ref[")
    }


def _makers(design: Design, entity: str) -> list[Endpoint]:
    return [e for s in design.services for e in s.endpoints if e.entity == entity and makes(e)]


def test_a_summary_that_promises_tags_a_weekly_plan_a_shopping_list_and_imports_gets_their_records() -> None:
    design = corpus_design("13-required-only")
    assert _refs(design, "RecipeTag") == {"Tag", "Recipe"}
    assert _refs(design, "MealPlanEntry") == {"MealPlan", "Recipe"}
    assert {"day", "slot"} <= {f.name for f in design.entity("MealPlanEntry").fields}
    assert _refs(design, "ShoppingListItem") == {"ShoppingList"}
    for entity in ("Tag", "RecipeTag", "MealPlanEntry", "ShoppingList", "ShoppingListItem", "RecipeImport"):
        assert _makers(design, entity), f"nothing makes {entity}"
    proposed = {a.key for a in design.assumptions if a.reason.startswith("proposed:")}
    summary = {f"system.summary[{f}]" for f in ("tagging", "planning", "shopping lists", "importing")}
    # the records named with no fields hold what their kind holds (a recipe its ingredients), proposed as well
    assert proposed == summary | {"data.entities[Recipe].fields", "data.entities[MealPlan].fields"}
    confirming = [q for q in design.open_questions if q.raised_by in summary]
    assert len(confirming) == 4 and all("proposes" in q.question for q in confirming)
    contents = [q for q in design.open_questions if q.raised_by.endswith("].fields")]
    assert {q.question for q in contents} == {
        "What does a Recipe hold, and who owns each one?",
        "What does a MealPlan hold, and who owns each one?",
    }
    assert all("ingredients" in q.context for q in contents if "Recipe" in q.question)
    assert not [q for q in design.open_questions if "no use case, record or field carries it" in q.question]


def test_an_import_from_a_web_page_runs_as_a_job_with_its_forgery_threat_on_the_security_page() -> None:
    design = corpus_design("13-required-only")
    carrying = [e for s in design.services for e in s.endpoints if "Import recipe from a web page" in e.use_cases]
    assert carrying and all(e.async_ for e in carrying if e.method == "POST")
    threats = [t for t in design.security.threats if "server-side request forgery" in t.threat]
    assert threats and "metadata" in threats[0].mitigation and "redirect" in threats[0].mitigation
    assert not [f for f in review(design) if f.rule in ("DAT099", "API183", "SEC073")]


def test_viewers_sign_up_creators_make_their_channels_and_admins_their_workspaces() -> None:
    for name, entity, role in (
        ("06-video-platform", "Viewer", "viewer"),
        ("06-video-platform", "Channel", "creator"),
        ("08-team-chat", "Workspace", "workspace_admin"),
    ):
        design = corpus_design(name)
        made = _makers(design, entity)
        assert made and made[0].roles == [role], (entity, made)
        assert not [q for q in design.open_questions if q.raised_by == f"data.entities[{entity}]"]
    assert _makers(corpus_design("06-video-platform"), "Viewer")[0].summary.startswith("Sign up")


def test_a_fixed_set_of_stores_is_not_the_store_managers_to_create() -> None:
    design = corpus_design("10-retail-analytics")
    assert not [e for e in _makers(design, "Store") if "store_manager" in e.roles]
