"""How money reaches whoever is paid (archgen/knowledge/payment_channels.yaml): a card provider, a bank transfer
by batch file, or a wallet, read from the words of an integration."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class Channel(BaseModel):
    """One payment channel."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    words: tuple[str, ...]
    authorises: bool
    batch: bool
    protocol: str = ""
    handling: str = ""
    send: str = ""


class PaymentChannels(BaseModel):
    """payment_channels.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    channels: tuple[Channel, ...]
    file_words: tuple[str, ...]


@functools.cache
def payment_channels() -> PaymentChannels:
    """The shipped payment channels."""
    return shipped("payment_channels.yaml", PaymentChannels)


def channel_of(kind: str, name: str) -> Channel | None:
    """The channel an integration pays through, by the words of its kind, then of its name; None for others."""
    for said in (kind.lower(), name.lower()):
        for channel in payment_channels().channels:
            if any(w in said for w in channel.words):
                return channel
    return None


def by_bank_file(kind: str, name: str) -> bool:
    """Whether an integration pays by bank transfer in batch files."""
    found = channel_of(kind, name)
    return found is not None and found.batch and not found.authorises
