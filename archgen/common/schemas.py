"""JSON Schemas of the questionnaire and the design, for editors and validators."""

from __future__ import annotations

import json


def json_schema(kind: str) -> str:
    """The JSON Schema of `requirements` or `design` as indented JSON."""
    if kind == "requirements":
        from archgen.requirements.model import Requirements

        schema = Requirements.model_json_schema(by_alias=True)
    else:
        from archgen.design.model import Design

        schema = Design.model_json_schema(by_alias=True)
    return json.dumps(schema, indent=2, ensure_ascii=False)
