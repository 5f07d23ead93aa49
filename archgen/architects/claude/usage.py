"""What a run's Claude calls cost: calls made, tokens by kind, and an estimate from the price table."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from archgen.architects.claude.models import canonical
from archgen.common import yamlio

MILLION = 1_000_000
_DATED = re.compile(r"-\d{8}$")  # claude-haiku-4-5-20251001 is priced as claude-haiku-4-5


class TokenPrices(BaseModel):
    """One model's prices in USD per million tokens."""

    model_config = ConfigDict(extra="forbid")

    input: float = Field(ge=0)
    output: float = Field(ge=0)
    cache_write: float = Field(ge=0)
    cache_read: float = Field(ge=0)


@functools.cache
def price_table() -> dict[str, TokenPrices]:
    """The shipped price table, by model id."""
    text = resources.files("archgen.architects.claude").joinpath("prices.yaml").read_text("utf-8")
    return TypeAdapter(dict[str, TokenPrices]).validate_python(yamlio.parse(text, "prices.yaml").data)


def prices_of(model: str) -> TokenPrices | None:
    """The prices of `model` (a dated id counts as its alias, a platform's id as the model), or None when archgen
    has none."""
    table = price_table()
    name = canonical(model)
    return table.get(name) or table.get(_DATED.sub("", name))


def worst_cost(model: str, input_tokens: int, output_tokens: int) -> float | None:
    """The most a call of `model` can cost: every input token written to the prompt cache (the dearest way in)
    and `output_tokens` of answer; None when the model has no price."""
    prices = prices_of(model)
    if prices is None:
        return None
    return (input_tokens * max(prices.input, prices.cache_write) + output_tokens * prices.output) / MILLION


@dataclass(frozen=True)
class Round:
    """One repair round over the whole design: how many problems and review findings it had, and fixed."""

    had: int
    fixed: int


@dataclass
class Usage:
    """Tokens and calls of one run, summed over every stage."""

    model: str
    calls: int = 0
    cached: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cache_write_tokens: int = 0
    cache_read_tokens: int = 0
    broken: int = 0  # calls whose answer broke off mid-stream; their tokens are counted all the same
    rounds: list[Round] = field(default_factory=list)
    accepted: int = 0  # review errors written with --accept-findings

    def record(self, input_tokens: int, output_tokens: int, cache_write_tokens: int, cache_read_tokens: int) -> None:
        """Count one API call."""
        self.calls += 1
        self.input_tokens += input_tokens
        self.output_tokens += output_tokens
        self.cache_write_tokens += cache_write_tokens
        self.cache_read_tokens += cache_read_tokens

    def cost_usd(self) -> float | None:
        """The estimated cost of the calls made, or None when the model has no price."""
        prices = prices_of(self.model)
        if prices is None:
            return None
        return (
            self.input_tokens * prices.input
            + self.output_tokens * prices.output
            + self.cache_write_tokens * prices.cache_write
            + self.cache_read_tokens * prices.cache_read
        ) / MILLION

    def summary(self) -> str:
        """One line for the run's summary."""
        cost = self.cost_usd()
        money = f"estimated cost ${cost:,.4f}" if cost is not None else f"cost unknown (no price for {self.model})"
        line = (
            f"Claude {self.model}: {self.calls} API call(s), {self.cached} answer(s) from the cache; "
            f"tokens: {self.input_tokens:,} input, {self.output_tokens:,} output, "
            f"{self.cache_write_tokens:,} cache write, {self.cache_read_tokens:,} cache read; {money}"
        )
        if self.broken:
            line += f"; {self.broken} answer(s) broke off and are counted"
        for number, done in enumerate(self.rounds, 1):
            line += f"; review round {number} fixed {done.fixed} of {done.had} finding(s)"
        if self.accepted:
            line += f"; {self.accepted} review error(s) accepted (--accept-findings)"
        return line
