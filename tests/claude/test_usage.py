"""What a run reports about its Claude calls: tokens by kind and a cost from the price table."""

from __future__ import annotations

import pytest

from archgen.architects.claude import DEFAULT_MODEL
from archgen.architects.claude.usage import Usage, price_table, prices_of


def test_cost_counts_every_kind_of_token_at_its_price() -> None:
    usage = Usage("claude-opus-5-5")
    usage.record(input_tokens=1_000_000, output_tokens=100_000, cache_write_tokens=200_000, cache_read_tokens=500_000)
    usage.record(input_tokens=0, output_tokens=100_000, cache_write_tokens=0, cache_read_tokens=500_000)
    # 1 M input at $4, 0.2 M output at $20, 0.2 M cache writes at $5, 1 M cache reads at $0.40
    assert usage.cost_usd() == pytest.approx(4 + 4 + 1 + 0.4)
    assert usage.summary() == (
        "Claude claude-opus-5-5: 2 API call(s), 0 answer(s) from the cache; tokens: 1,000,000 input, "
        "200,000 output, 200,000 cache write, 1,000,000 cache read; estimated cost $9.4000"
    )


def test_dated_model_ids_use_their_alias_and_unknown_models_have_no_cost() -> None:
    assert prices_of("claude-haiku-4-5-20251001") == prices_of("claude-haiku-4-5") is not None
    usage = Usage("claude-nonesuch")
    usage.record(10, 10, 0, 0)
    assert usage.cost_usd() is None and usage.summary().endswith("cost unknown (no price for claude-nonesuch)")


def test_the_default_model_is_priced() -> None:
    assert DEFAULT_MODEL in price_table()
