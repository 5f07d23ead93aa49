"""The money facts of a record (archgen/knowledge/money.yaml): its amounts, which are never negative unless they
are a change; its amounts, currency and means of payment, which an update never changes once the record has a
lifecycle; where it pays out to, which changes only through a verification; and the records that move its money
again and again (the refunds of a payment)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from archgen.design.lifecycle_needs import draft_states
from archgen.design.model import EntityDesign, StoredField
from archgen.knowledge.money import is_journal, is_posting, money_words, name_words
from archgen.knowledge.operations import operation_words
from archgen.requirements.fieldtypes import parse_field_type

NUMBERS = ("int", "decimal")


def _kind(type_: str) -> str:
    try:
        return parse_field_type(type_).kind
    except ValueError:
        return ""


def is_amount(name: str, type_: str) -> bool:
    """Whether a field is an amount of money (a number named by one of the amount words)."""
    return _kind(type_) in NUMBERS and bool(name_words(name) & set(money_words().amounts))


def never_negative(entity: str, name: str, type_: str, fields: Iterable[str]) -> bool:
    """Whether an amount can never be below zero: it is not a change (an adjustment, a balance) by its own name or
    its record's, and a posting among `fields` says its side, so its amount is positive."""
    if not is_amount(name, type_):
        return False
    signed = set(operation_words().fields.signed)
    if (name_words(name) | name_words(entity)) & signed:
        return False
    return not is_posting(entity) or any(name_words(f) & set(money_words().sides) for f in fields)


def lowest(field: StoredField) -> float | None:
    """The smallest value a number's schema allows: its stated minimum, else none for a decimal and for an int
    named as a change, 0 for any other int (a count)."""
    if field.minimum is not None:
        return field.minimum
    if _kind(field.type) == "int" and not set(field.name.split("_")) & set(operation_words().fields.signed):
        return 0
    return None


def negative_amounts(entity: EntityDesign) -> list[StoredField]:
    """The amounts of a record that can never be negative but whose schema allows it."""
    names = [f.name for f in entity.fields]
    out = []
    for field in entity.fields:
        low = lowest(field)
        if never_negative(entity.name, field.name, field.type, names) and (low is None or low < 0):
            out.append(field)
    return out


def _means(entity: str, name: str) -> bool:
    words, own = money_words(), name_words(name)
    if not own & set(words.means):
        return False
    # a method is a means of payment only in a paying record or field (a payment's method, not a delivery's)
    return own != {"method"} or bool((own | name_words(entity)) & set(words.paying))


def fixed_money(entity: EntityDesign) -> list[str]:
    """The client-set amounts, currencies and means of payment of a record with a lifecycle: set when it is made,
    then changed only by its transitions (or never). A price it offers stays editable, and so does a draft's money
    (an update of a record that starts as a draft is allowed only while it is one)."""
    machine = entity.state_machine
    # a record still being written (a draft claim) is edited only in its first state, before its money moves
    if machine is None or not machine.transitions or machine.initial in draft_states(machine):
        return []
    words = money_words()
    moved = set(words.amounts) - set(words.quoted)
    out = []
    for field in entity.fields:
        if field.set_by != "client" or field.name in entity.primary_key:
            continue
        own = name_words(field.name)
        amount = _kind(field.type) in NUMBERS and bool(own & moved)
        if amount or own & set(words.currencies) or _means(entity.name, field.name):
            out.append(field.name)
    return out


def _phrase(name: str, phrases: Iterable[str]) -> bool:
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()
    return any(re.search(rf"(^|_){re.escape(p)}(_|$)", snake) for p in phrases)


def destinations(entity: EntityDesign) -> list[str]:
    """The client-set fields that say where money is paid out to (a bank account): changed only through a
    verification step, never by an update."""
    return [
        f.name
        for f in entity.fields
        if f.set_by == "client" and f.name not in entity.primary_key and _phrase(f.name, money_words().destinations)
    ]


def money_children(entities: Iterable[EntityDesign], parent: str) -> list[str]:
    """The records that move a record's money again and again (the refunds and disputes of a payment): each refers
    to it and has an amount of its own. A ledger's own records are its postings, not movements."""
    out = []
    for entity in entities:
        if entity.name == parent or is_journal(entity.name):
            continue
        refers = any(parse_target(f.type) == parent for f in entity.fields)
        if refers and any(is_amount(f.name, f.type) for f in entity.fields):
            out.append(entity.name)
    return out


def parse_target(type_: str) -> str:
    """The entity a field refers to, or ''."""
    try:
        return parse_field_type(type_).references
    except ValueError:
        return ""
