"""The Claude models archgen offers, read from models.yaml: their output limits, how they think, their platform ids."""

from __future__ import annotations

import functools
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from archgen.common import yamlio

Platform = Literal["anthropic", "bedrock", "vertex"]
PLATFORMS: tuple[Platform, ...] = ("anthropic", "bedrock", "vertex")
Effort = Literal["low", "medium", "high"]
EFFORTS: tuple[Effort, ...] = ("low", "medium", "high")
# extended thinking's budget on models that take one: enough to weigh the options at each effort, and always well
# under the output limit so the answer itself has room
THINKING_BUDGET: dict[Effort, int] = {"low": 4_000, "medium": 16_000, "high": 32_000}
DEFAULT_THINKING_EFFORT: Effort = "medium"
# a model archgen does not list is asked for answers this long, and thinks only when it is listed
UNLISTED_MAX_OUTPUT_TOKENS = 32_000


class ModelSpec(BaseModel):
    """One model's limits and capabilities, and its id on each platform."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_output_tokens: int = Field(gt=0)
    thinking: Literal["adaptive", "budget", "none"]
    effort: list[Effort] = Field(default_factory=list)
    bedrock: str
    vertex: str


@functools.cache
def model_table() -> dict[str, ModelSpec]:
    """The shipped model table, by Anthropic model id."""
    text = resources.files("archgen.architects.claude").joinpath("models.yaml").read_text("utf-8")
    return TypeAdapter(dict[str, ModelSpec]).validate_python(yamlio.parse(text, "models.yaml").data)


def canonical(model: str) -> str:
    """The Anthropic id of `model`, which may be given by its Bedrock or Vertex id; unknown ids stay as they are."""
    table = model_table()
    if model in table:
        return model
    return next((name for name, spec in table.items() if model in (spec.bedrock, spec.vertex)), model)


def spec_of(model: str) -> ModelSpec | None:
    """What archgen knows of `model`, or None when it is not listed."""
    return model_table().get(canonical(model))


def platform_id(model: str, platform: Platform) -> str:
    """The id to send for `model` on `platform`: the platform's own id when the model is listed, else `model`."""
    spec = spec_of(model)
    if spec is None or platform == "anthropic":
        return canonical(model) if spec is not None else model
    return spec.bedrock if platform == "bedrock" else spec.vertex


def max_output_tokens(model: str) -> int:
    """The longest answer `model` may give."""
    spec = spec_of(model)
    return spec.max_output_tokens if spec is not None else UNLISTED_MAX_OUTPUT_TOKENS
