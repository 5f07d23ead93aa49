"""Integrity the data model enforces, and records their owners can remove: a recipe notebook's tags, links, plan
entries and lists (the rules architect's design of the required-only questionnaire)."""

from __future__ import annotations

from archgen.design.model import Design
from tests.conftest import corpus_design


def _unique(design: Design, entity: str) -> list[list[str]]:
    return [i.fields for i in design.entity(entity).indexes if i.kind == "unique"]


def test_a_tag_is_unique_per_owner_and_a_recipe_is_filed_under_it_once() -> None:
    design = corpus_design("13-required-only")
    assert ["created_by", "name"] in _unique(design, "Tag")
    assert ["tag", "recipe"] in _unique(design, "RecipeTag")
    listing = next(e for s in design.services for e in s.endpoints if e.entity == "RecipeTag" and e.action == "list")
    assert {f.field for f in listing.filters} == {"tag", "recipe"}  # the tags of one recipe, too


def test_a_plan_entry_is_keyed_by_its_slot_as_well_as_its_day() -> None:
    design = corpus_design("13-required-only")
    slot = next(f for f in design.entity("MealPlanEntry").fields if f.name == "slot")
    assert slot.type.startswith("enum[")
    assert ["meal_plan", "recipe", "day", "slot"] in _unique(design, "MealPlanEntry")


def test_recipes_are_searched_by_their_ingredients() -> None:
    index = next(i for i in corpus_design("13-required-only").entity("Recipe").indexes if i.kind == "fulltext")
    assert "ingredients" in index.fields and "method" in index.fields


def test_owners_delete_and_rename_what_they_made_and_the_delete_says_what_goes_with_it() -> None:
    design = corpus_design("13-required-only")
    ops = {(e.method, e.path): e for s in design.services for e in s.endpoints}
    for path in ("/v1/recipes/{id}", "/v1/meal-plans/{id}", "/v1/tags/{id}", "/v1/shopping-lists/{id}"):
        assert ("DELETE", path) in ops, path
    assert "recipe tags go with it" in ops["DELETE", "/v1/tags/{id}"].summary
    assert "recipe imports keep their record" in ops["DELETE", "/v1/recipes/{id}"].summary
    assert "Rename a tag" in ops["PATCH", "/v1/tags/{id}"].summary
    assert not any(e.method == "DELETE" and e.entity == "RecipeImport" for e in ops.values())  # it has a lifecycle
