"""A record named with no fields gets the contents its kind holds (a Recipe its ingredients and method), proposed
and said aloud, never a bare id and name that the whole design would then be built on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from archgen.common.naming import words_of
from archgen.knowledge.record_contents import Kind, record_contents
from archgen.requirements.fieldtypes import parse_field_type
from archgen.requirements.model import Entity, Requirements

PROPOSED = "proposed:"

if TYPE_CHECKING:
    from archgen.requirements.resolve import Assumption


def kind_of(entity: Entity) -> Kind | None:
    """The common kind an entity's name names (RecipeCard → recipe), if any."""
    own = set(words_of(entity.name).lower().split())
    return next((k for k in record_contents().kinds if own & set(k.words)), None)


def contents_key(entity: str) -> str:
    """The assumption's key that records an entity's proposed contents."""
    return f"data.entities[{entity}].fields"


def optional_contents(assumptions: list[Assumption], entity: Entity) -> set[str]:
    """The proposed fields of an entity that a record may lack (none when its fields were the questionnaire's)."""
    kind = kind_of(entity)
    proposed = any(a.key == contents_key(entity.name) and a.reason.startswith(PROPOSED) for a in assumptions)
    return set(kind.fields) - set(kind.required) if kind is not None and proposed else set()


def with_contents(req: Requirements, assumptions: list[Assumption]) -> Requirements:
    """The questionnaire with each field-less record of a known kind given that kind's fields and access."""
    from archgen.requirements.resolve import Assumption

    entities = []
    for entity in req.data.entities:
        kind = kind_of(entity) if "fields" not in entity.model_fields_set else None
        if kind is None:
            entities.append(entity)
            continue
        fields = {name: parse_field_type(spec) for name, spec in kind.fields.items()}
        update: dict[str, object] = {"fields": fields}
        if "access" not in entity.model_fields_set:
            update["access"] = list(kind.access)
        entities.append(entity.model_copy(update=update))
        assumptions.append(
            Assumption(
                key=contents_key(entity.name),
                value=", ".join(f"{n}: {s}" for n, s in kind.fields.items()),
                reason=f"{PROPOSED} no fields given, so it holds what a {kind.name} holds; list its fields to "
                "replace them",
            )
        )
    return req.model_copy(update={"data": req.data.model_copy(update={"entities": entities})})
