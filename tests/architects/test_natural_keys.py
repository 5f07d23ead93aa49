"""The rules architect enforces each record's natural key in the engine, and keeps idempotency keys as long as
clients resend."""

from __future__ import annotations

from typing import Any

from archgen.architects.rules import RulesArchitect
from archgen.design.model import Design
from archgen.review import review
from tests.architects.strategies import loaded_from

SELLERS: dict[str, Any] = {
    "version": 1,
    "system": {"name": "Probe", "summary": "A marketplace used to probe natural keys."},
    "users": {"daily_active": 10_000, "regions": ["europe"]},
    "data": {
        "entities": [
            {
                "name": "Seller",
                "fields": {"id": "uuid", "name": "string", "idp_subject_id": "string"},
                "records": 1_000,
                "access": ["by_id", "by_idp_subject_id"],
            },
            {
                "name": "Offer",
                "fields": {"id": "uuid", "seller": "ref[Seller]", "seller_sku": "string", "price": "decimal"},
                "records": 100_000,
                "growth_per_day": 1_000,
                "access": ["by_id", "by_seller", "by_seller_sku"],
            },
            {
                "name": "Stock",
                "description": "What one seller has left of one day's allocation",
                "fields": {"id": "uuid", "seller": "ref[Seller]", "day": "date", "total": "int", "sold": "int"},
                "records": 100_000,
                "growth_per_day": 1_000,
                "access": ["by_id", "by_seller", "range_day"],
            },
        ]
    },
    "use_cases": [
        {
            "name": "Upload offers",
            "actor": "user",
            "description": "The seller's feed keeps 10 days of changes and resends them when an upload fails.",
            "writes": ["Offer"],
        }
    ],
}


def _design() -> Design:
    return RulesArchitect().design(loaded_from(SELLERS))


def _unique_keys(design: Design, entity: str) -> list[list[str]]:
    found = design.entity(entity)
    return [i.fields for i in found.indexes if i.kind in ("unique", "primary")]


def test_identities_codes_and_rows_per_period_are_unique_on_what_names_them() -> None:
    design = _design()
    assert ["idp_subject_id"] in _unique_keys(design, "Seller")  # an identity issued elsewhere
    assert ["seller_sku", "seller"] in _unique_keys(design, "Offer")  # a seller's own code, not every seller's
    assert ["seller_sku"] not in _unique_keys(design, "Offer")
    assert ["seller", "day"] in _unique_keys(design, "Stock")  # a second row for the day would double the stock
    assert not [f for f in review(design) if f.rule.startswith("DAT03")]


def test_idempotency_keys_outlive_the_resend_window_the_questionnaire_states() -> None:
    design = _design()
    assert "10 days, as far back as clients resend" in design.api.idempotency  # type: ignore[union-attr]
    shorter = {**SELLERS, "use_cases": [{**SELLERS["use_cases"][0], "description": "The seller uploads offers."}]}
    assert "for 24 hours" in RulesArchitect().design(loaded_from(shorter)).api.idempotency  # type: ignore[union-attr]


def test_a_series_is_keyed_by_what_names_it_and_its_time(designs: dict[str, Design]) -> None:
    reading = designs["telemetry"].entity("Reading")
    assert reading.primary_key == ["device", "measured_at"]
    assert "id" not in [f.name for f in reading.fields]  # a random id per reading would defeat compression


def test_a_value_kept_encrypted_is_never_part_of_a_natural_key() -> None:
    """A pet's owner, name, species and birth date look like a row kept per day, but the birth date is encrypted at
    field level: no unique index can hold it in clear, so the design makes none and passes its own review."""
    pets: dict[str, Any] = {
        "version": 1,
        "system": {"name": "Paws", "summary": "Pet owners book visits."},
        "users": {"daily_active": 1_000, "regions": ["europe"]},
        "data": {
            "entities": [
                {"name": "Owner", "fields": {"id": "uuid", "full_name": "string", "email": "string"}},
                {
                    "name": "Pet",
                    "fields": {
                        "id": "uuid",
                        "owner": "ref[Owner]",
                        "name": "string",
                        "species": "enum[dog, cat]",
                        "birth_date": "date",
                    },
                    "access": ["by_id", "by_owner"],
                },
            ]
        },
        "compliance": {"regimes": ["gdpr"]},
    }
    design = RulesArchitect().design(loaded_from(pets))
    pet = design.entity("Pet")
    assert next(f for f in pet.fields if f.name == "birth_date").encrypted
    assert not any("birth_date" in i.fields for i in pet.indexes if i.kind in ("unique", "claim", "primary"))
    assert [f.rule for f in review(design) if f.severity == "error"] == []
