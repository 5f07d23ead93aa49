"""Read one of the YAML files shipped in archgen/knowledge into its typed model."""

from __future__ import annotations

from importlib import resources
from typing import TypeVar

from pydantic import BaseModel

from archgen.common import yamlio

M = TypeVar("M", bound=BaseModel)


def shipped(name: str, model: type[M]) -> M:
    """The shipped file `name`, validated as `model`; a mistake in it names the file and the key."""
    text = resources.files("archgen.knowledge").joinpath(name).read_text(encoding="utf-8")
    return model.model_validate(yamlio.parse(text, name).data)
