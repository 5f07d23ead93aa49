"""The real contracts of the providers a design talks to (archgen/knowledge/integrations.yaml `contracts`): how each
one's webhook arrives, how money goes out through it, and what a payment answer carries when the payer must act;
and the words of inbound webhooks from arbitrary senders, which follow no provider's contract."""

from __future__ import annotations

import functools
import re
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field

from archgen.common import yamlio


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ContractField(_Strict):
    """A field of a provider's body, in the design's field types."""

    name: str
    type: str
    required: bool = False
    read_only: bool = False
    description: str = ""


class ContractObject(_Strict):
    """A nested object a provider's body names as object[Name]."""

    name: str
    description: str = ""
    fields: tuple[ContractField, ...]


class Notification(_Strict):
    """How the provider's webhook arrives."""

    batched: bool
    dedupe: str
    signature: str
    ack: str
    fields: tuple[ContractField, ...]
    objects: tuple[ContractObject, ...] = ()


class Transfers(_Strict):
    """How money goes out through the provider."""

    per_item: bool
    protocol: str
    words: tuple[str, ...] = Field(
        (), description="Words of a job's name that say it moves money out (pay, payout): only those use `protocol`."
    )


class PayerAction(_Strict):
    """What a payment's create answer carries when the payer must act, and the state it waits in."""

    state: str
    fields: tuple[ContractField, ...]


class Contract(_Strict):
    """One provider's contract."""

    name: str
    words: tuple[str, ...]
    notification: Notification | None = None
    transfers: Transfers | None = None
    payer_action: PayerAction | None = None


class IncomingWebhooks(_Strict):
    """Inbound webhooks from arbitrary senders."""

    words: tuple[str, ...]
    provider_only: tuple[str, ...]


class MoneyDirection(_Strict):
    """Which way a job moves money: the words of a use case that collects it, the phrases of a step that pays out."""

    collects: tuple[str, ...]
    pays_out: tuple[str, ...]
    collect_protocol: str

    def collecting(self, use_case: str) -> bool:
        """Whether a use case's name says it takes money in (an invoice run, a fee charge)."""
        return bool(set(_words(use_case)) & set(self.collects))


class Contracts(_Strict):
    """integrations.yaml's provider knowledge."""

    contracts: tuple[Contract, ...]
    file_words: tuple[str, ...]
    money_direction: MoneyDirection
    payer_action_words: tuple[str, ...]
    incoming_webhooks: IncomingWebhooks

    def of(self, text: str) -> Contract | None:
        """The provider the text names (an integration's name and kind), by whole words."""
        said = set(_words(text))
        return next((c for c in self.contracts if any(w in said for w in c.words)), None)

    def payer_acts(self, text: str) -> bool:
        """Whether the text says a payment may wait for the payer's own action (3-D Secure, SCA)."""
        return says(text, self.payer_action_words)

    def arbitrary_senders(self, text: str) -> bool:
        """Whether the text speaks of inbound webhooks from arbitrary senders (apps posting into the system)."""
        return says(text, self.incoming_webhooks.words)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def says(text: str, phrases: tuple[str, ...] | list[str]) -> bool:
    """Whether the text holds one of the phrases as whole words."""
    padded = f" {' '.join(_words(text))} "
    return any(f" {' '.join(_words(p))} " in padded for p in phrases if _words(p))


@functools.cache
def contracts() -> Contracts:
    """The shipped provider contracts."""
    text = resources.files("archgen.knowledge").joinpath("integrations.yaml").read_text("utf-8")
    data = yamlio.parse(text, "integrations.yaml").data
    keys = ("contracts", "file_words", "money_direction", "payer_action_words", "incoming_webhooks")
    return Contracts.model_validate({k: data[k] for k in keys})
