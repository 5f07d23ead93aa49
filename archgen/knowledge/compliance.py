"""Compliance regimes as typed data (compliance.yaml): each regime's controls, what each needs the design to hold
before it is written, whether the regime gives a right to erasure, and which records it makes the system keep."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from archgen.common import yamlio
from archgen.common.errors import InputError
from archgen.common.validation import problems_from
from archgen.knowledge.backing import backing

Need = Literal[
    "personal_data",
    "people",
    "customers",
    "staff",
    "devices",
    "payments",
    "funds",
    "processors",
    "audit",
    "dpia",
    "health",
    "location",
    "sensitive",
    "special",
    "children",
    "user_content",
    "reports",
    "tenants",
    "search",
    "files",
]
Element = Literal[
    "pii_stores",
    "pii_services",
    "all_stores",
    "gateway",
    "kms",
    "identity",
    "observability",
    "audit",
    "ci",
    "regions",
    "processors",
    "health_processors",
    "payments",
    "payment_services",
    "payment_owners",
    "erasure",
    "people_services",
    "content_services",
    "report_services",
    "search",
    "buckets",
]
RecordKind = Literal["financial", "health", "audit", "payment", "customer", "moderation"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Control(_Strict):
    """One obligation of a regime and how the design meets it."""

    requirement: str = Field(description="The article or section it answers, and what it asks.")
    measure: str
    needs: tuple[Need, ...] = Field(description="What the design must hold for the control to apply.")
    elements: tuple[Element, ...]


class Retention(_Strict):
    """Records a regime makes the system keep for a period (a legal hold: erasure waits for its end)."""

    records: RecordKind
    days: int = Field(ge=1)
    after: str = Field("", description="What the period counts from when not the record's creation, in words.")
    basis: str = Field(description="The article or section, and the period in words.")


class Regime(_Strict):
    """One regime: its name, whether people may have their data erased, what it makes the system keep, its
    controls."""

    title: str
    erasure: bool = False
    retention: tuple[Retention, ...] = ()
    controls: tuple[Control, ...]


class Records(_Strict):
    """How a kind of record is recognised: words in the entity's name or in its fields' names."""

    says: str
    name_words: tuple[str, ...] = ()
    field_words: tuple[str, ...] = ()


class ComplianceFile(_Strict):
    """compliance.yaml."""

    records: dict[RecordKind, Records]
    subjects: dict[Literal["reports", "payments", "special", "minors"], tuple[str, ...]]
    regimes: dict[str, Regime]


@functools.cache
def catalog() -> ComplianceFile:
    """The shipped regimes."""
    text = resources.files("archgen.knowledge").joinpath("compliance.yaml").read_text("utf-8")
    source = yamlio.parse(text, "compliance.yaml")
    try:
        return ComplianceFile.model_validate(source.data)
    except ValidationError as exc:
        raise InputError(*problems_from(exc, source, ComplianceFile)) from None


def known_regimes() -> tuple[str, ...]:
    """The regimes archgen has controls for."""
    return tuple(catalog().regimes)


def erasure_regimes() -> tuple[str, ...]:
    """The regimes that give people a right to have their personal data erased."""
    return tuple(name for name, regime in catalog().regimes.items() if regime.erasure)


def record_kinds(entity: str, fields: Iterable[str]) -> set[RecordKind]:
    """The kinds of record an entity is (financial, health, audit, payment), from its name and its fields' names."""
    from archgen.requirements.personal import name_words, says  # the requirements package imports this module

    words = name_words(entity)
    field_words = {w for f in fields for w in name_words(f)}
    return {
        kind
        for kind, spec in catalog().records.items()
        if says(words, spec.name_words) or field_words & set(spec.field_words)
    }


def hold(regimes: Iterable[str], entity: str, fields: Iterable[str]) -> tuple[str, Retention] | None:
    """The longest period a named regime, or the tax, commercial or employment law that applies whatever is named
    (invoices, payments, payslips), makes the system keep an entity's records, with the regime or law; None when
    nothing holds them (they are erased on request)."""
    from archgen.requirements.personal import name_words, says  # the requirements package imports this module

    kinds = record_kinds(entity, fields)
    found: tuple[str, Retention] | None = None
    for law in backing().statutory:
        if says(name_words(entity), law.name_words) and (found is None or found[1].days < law.days):
            found = (law.law, Retention(records="financial", days=law.days, basis=law.basis))
    for name in regimes:
        regime = catalog().regimes.get(name.lower())
        for rule in regime.retention if regime else ():
            if rule.records in kinds and (found is None or found[1].days < rule.days):
                found = (name.lower(), rule)
    return found
