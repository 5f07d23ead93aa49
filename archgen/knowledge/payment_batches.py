"""Payment batches (archgen/knowledge/payment_batches.yaml): the record each run of payments gets where people
release payments under dual control or payments go out in runs."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class PaymentBatches(BaseModel):
    """payment_batches.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    words: tuple[str, ...]
    payments: tuple[str, ...]
    states: tuple[str, ...]
    approved: str
    released: str
    distinct_guard: str
    description: str
    draft_case: str
    draft_text: str
    approve_case: str
    approve_text: str
    release_text: str
    send_text: str
    report_text: str
    gathered: str


@functools.cache
def payment_batches() -> PaymentBatches:
    """The shipped payment batch words."""
    return shipped("payment_batches.yaml", PaymentBatches)
