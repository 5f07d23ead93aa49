"""Hypothesis strategies that generate valid questionnaires of every shape, as plain data."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from archgen.requirements.checks import check
from archgen.requirements.load import Loaded
from archgen.requirements.model import Requirements
from archgen.requirements.resolve import resolve

SCALARS = ["uuid", "string", "text", "int", "decimal", "bool", "date", "timestamp", "json", "enum[a, b, c]"]
ORDERED = {"int", "decimal", "date", "timestamp", "string", "uuid"}
words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=3, max_size=30).map(str.strip).filter(bool)


@st.composite
def questionnaires(draw: Any) -> dict[str, Any]:
    """A valid questionnaire: entities with references to earlier ones, patterns that name real fields."""
    n_entities = draw(st.integers(1, 6))
    names = [f"Entity{i}" for i in range(n_entities)]
    entities = []
    for index, name in enumerate(names):
        fields: dict[str, str] = {"id": "uuid"}
        for f in range(draw(st.integers(0, 5))):
            fields[f"f{f}"] = draw(st.sampled_from(SCALARS))
        if index and draw(st.booleans()):
            target = draw(st.sampled_from(names[:index]))
            fields["parent"] = draw(st.sampled_from([f"ref[{target}]", f"list[ref[{target}]]"]))
        access = ["by_id"]
        for field, kind in fields.items():
            if field != "id" and kind in ORDERED and draw(st.booleans()):
                access.append(draw(st.sampled_from([f"by_{field}", f"range_{field}"])))
        access += draw(st.lists(st.sampled_from(["search", "recent", "aggregate", "geo"]), max_size=2, unique=True))
        append_only = draw(st.booleans())
        entity: dict[str, Any] = {
            "name": name,
            "fields": fields,
            "records": draw(st.integers(0, 10**10)),
            "growth_per_day": draw(st.integers(0, 10**9)),
            "access": access,
            "pii": draw(st.booleans()),
            "mutability": "append_only" if append_only else "mutable",
            "consistency": draw(st.sampled_from(["strong", "eventual"])),
        }
        if draw(st.booleans()):
            entity["retention_days"] = draw(st.integers(1, 3650))
        entities.append(entity)
    roles = [{"name": "user"}, {"name": "staff", "internal": True}]
    integrations = [
        {"name": f"Partner{i}", "direction": draw(st.sampled_from(["outbound", "inbound", "both"]))}
        for i in range(draw(st.integers(0, 2)))
    ]
    use_cases = []
    for i in range(draw(st.integers(0, 5))):
        use_cases.append(
            {
                "name": f"Use case {i}",
                "actor": draw(st.sampled_from(["user", "staff"])),
                "reads": draw(st.lists(st.sampled_from(names), max_size=2, unique=True)),
                "writes": draw(st.lists(st.sampled_from(names), max_size=2, unique=True)),
                "calls": draw(st.lists(st.sampled_from([x["name"] for x in integrations]), max_size=1, unique=True))
                if integrations
                else [],
                "frequency_per_user_per_day": draw(st.floats(0, 500, allow_nan=False)),
                "async": draw(st.booleans()),
            }
        )
    return {
        "version": 1,
        "system": {"name": draw(words), "summary": draw(words)},
        "users": {
            "daily_active": draw(st.integers(1, 50_000_000)),
            "regions": draw(
                st.lists(
                    st.sampled_from(["europe", "north-america", "asia", "global"]), min_size=1, max_size=2, unique=True
                )
            ),
            "roles": roles,
        },
        "load": {
            "requests_per_user_per_day": draw(st.floats(0.1, 5_000)),
            "read_write_ratio": draw(st.floats(0.05, 100)),
            "growth_per_year": draw(st.floats(0, 3)),
            "pattern": draw(st.sampled_from(["steady", "diurnal", "spiky", "batch"])),
        },
        "data": {"entities": entities},
        "use_cases": use_cases,
        "integrations": integrations,
        "quality": {
            "availability": draw(st.sampled_from([99.0, 99.5, 99.9, 99.95, 99.99, 99.999])),
            "rpo_minutes": draw(st.sampled_from([0, 1, 5, 15, 60, 1440])),
            "rto_minutes": draw(st.sampled_from([5, 30, 60, 240, 1440])),
        },
        "compliance": {
            "regimes": draw(
                st.lists(
                    st.sampled_from(["gdpr", "hipaa", "pci-dss", "soc2", "sox", "ccpa", "iso27001"]),
                    max_size=3,
                    unique=True,
                )
            ),
            "data_residency": draw(st.lists(st.sampled_from(["europe", "north-america"]), max_size=1)),
            "audit_log": draw(st.booleans()),
        },
        "constraints": {
            "cloud": draw(st.sampled_from(["aws", "gcp", "azure", "on-prem", "any"])),
            "team": {
                "engineers": draw(st.integers(1, 200)),
                "skills": draw(
                    st.lists(
                        st.sampled_from(["python", "go", "kubernetes", "postgresql", "kafka"]), max_size=3, unique=True
                    )
                ),
            },
            "budget_usd_per_month": draw(st.one_of(st.none(), st.floats(0, 1e6))),
            "avoid": draw(st.lists(st.sampled_from(["mongodb", "kafka", "redis"]), max_size=2, unique=True)),
        },
    }


def loaded_from(data: dict[str, Any]) -> Loaded:
    """Validate, cross-check and resolve a questionnaire given as data (as the file loader does)."""
    requirements = Requirements.model_validate(data)
    errors = [c for c in check(requirements) if c.severity == "error"]
    assert not errors, errors
    resolved, assumptions = resolve(requirements)
    return Loaded(resolved, assumptions)
