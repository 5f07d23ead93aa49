"""A request for later work the questionnaire names (an asynchronous use case that makes a record and then others)
gets what its client follows it by, when the questionnaire left it out: a status from accepted to succeeded or
failed, the error a person can read, and the id of the first record the work made (archgen/knowledge/
work_requests.yaml)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from archgen.design.work_requests import requested
from archgen.knowledge.work_requests import work_requests
from archgen.requirements import personal
from archgen.requirements.fieldtypes import parse_field_type
from archgen.requirements.model import Requirements

if TYPE_CHECKING:
    from archgen.requirements.resolve import Assumption


def with_followable_requests(req: Requirements, assumptions: list[Assumption]) -> Requirements:
    """The questionnaire with each request record's status, error and product fields added where missing."""
    from archgen.requirements.resolve import Assumption

    known = work_requests()
    made = {name: u for u in req.use_cases if (name := requested(req, u)) is not None}
    entities = []
    for entity in req.data.entities:
        use_case = made.get(entity.name)
        if use_case is None:
            entities.append(entity)
            continue
        added: dict[str, str] = {}
        if "status" not in entity.fields:
            added["status"] = f"enum[{', '.join(known.states)}]"
        errors = set(known.error_words)
        if not any(f in errors or set(f.split("_")) & errors for f in entity.fields):
            added["error"] = "text"
        products = [w for w in use_case.writes[1:] if w != entity.name]
        if products and not any(t.references in products for t in entity.fields.values()):
            added["_".join(personal.name_words(products[0]))] = f"ref[{products[0]}]"
        if not added:
            entities.append(entity)
            continue
        fields = {**entity.fields, **{n: parse_field_type(t) for n, t in added.items()}}
        entities.append(entity.model_copy(update={"fields": fields, "mutability": "mutable"}))  # its worker moves it
        assumptions.append(
            Assumption(
                key=f"data.entities[{entity.name}].fields",
                value=", ".join(f"{n}: {t}" for n, t in added.items()),
                reason=f"'{use_case.name}' accepts it for later work: its client follows it by these, set by the "
                "worker",
            )
        )
    return req.model_copy(update={"data": req.data.model_copy(update={"entities": entities})})
