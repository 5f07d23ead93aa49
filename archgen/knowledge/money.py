"""How money moves in a design (archgen/knowledge/money.yaml): the words of a ledger's records, of a payment that
waits for its payer and of a two-person rule, and the sentences written for postings."""

from __future__ import annotations

import functools
import re

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class MoneyWords(BaseModel):
    """money.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    journal: tuple[str, ...]
    accounts: tuple[str, ...]
    provisional: tuple[str, ...]
    event_keyed: tuple[str, ...]
    amounts: tuple[str, ...]
    currencies: tuple[str, ...]
    means: tuple[str, ...]
    quoted: tuple[str, ...]
    sides: tuple[str, ...]
    destinations: tuple[str, ...]
    waiting: tuple[str, ...]
    paying: tuple[str, ...]
    expiry: tuple[str, ...]
    expiry_minutes: int
    expired_states: tuple[str, ...]
    second_person: tuple[str, ...]
    differs: tuple[str, ...]
    second_move: str
    second_guard: str
    first_guard: str
    hold: str
    posting_key: str
    repeat_key: str
    reversal: str
    outflow: tuple[str, ...]
    destination: tuple[str, ...]
    destination_field: str
    destination_description: str


@functools.cache
def money_words() -> MoneyWords:
    """The shipped money words."""
    return shipped("money.yaml", MoneyWords)


def name_words(name: str) -> set[str]:
    """The lower-case words of a name in any case style (LedgerEntry, pending_payment, time-out)."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)
    return {w for w in re.split(r"[^a-z0-9]+", spaced.lower()) if w}


def is_journal(name: str) -> bool:
    """Whether an entity belongs to a ledger (its journal or its accounts)."""
    return bool(name_words(name) & set(money_words().journal))


def is_posting(name: str) -> bool:
    """Whether an entity is one of a ledger's postings (not an account holding a balance)."""
    return is_journal(name) and not name_words(name) & set(money_words().accounts)


def is_balance(name: str) -> bool:
    """Whether an entity is a ledger account holding a balance."""
    return is_journal(name) and bool(name_words(name) & set(money_words().accounts))


def awaits_payment(entity: str, state: str) -> bool:
    """Whether a state is one where a record waits for its payer (pending_payment; a Payment's pending, but not a
    payment's pending_release, which waits for staff)."""
    words = money_words()
    own = name_words(state)
    if not own & set(words.waiting):
        return False
    return bool(own & set(words.paying)) or (own <= set(words.waiting) and bool(name_words(entity) & set(words.paying)))
