"""A large questionnaire built in code: 30 domains of 5 entities each (150 entities), a use case per domain,
references within and across domains, and a dozen integrations. Used by the diagram tests and the benchmark."""

from __future__ import annotations

from typing import Any

DOMAINS = 30
ENTITIES_PER_DOMAIN = 5
INTEGRATIONS = 12


def large_questionnaire() -> dict[str, Any]:
    """The questionnaire as data (dump it to YAML to load it)."""
    entities, domains, use_cases = [], [], []
    for d in range(DOMAINS):
        names = [f"D{d:02d}Entity{e}" for e in range(ENTITIES_PER_DOMAIN)]
        domains.append({"name": f"domain-{d:02d}", "entities": names})
        for e, name in enumerate(names):
            fields: dict[str, str] = {"id": "uuid", "title": "string", "created_at": "timestamp"}
            if e > 0:
                fields["parent"] = f"ref[{names[e - 1]}]"
            if e == 0 and d > 0:
                fields["upstream"] = f"ref[D{d - 1:02d}Entity0]"
            if e == 1:
                fields["related"] = f"list[ref[D{(d + 7) % DOMAINS:02d}Entity2]]"
            entities.append(
                {
                    "name": name,
                    "fields": fields,
                    "records": 100_000,
                    "growth_per_day": 1_000,
                    "access": ["by_id", "recent"] + (["by_parent"] if e > 0 else []),
                }
            )
        use_cases.append(
            {
                "name": f"Work in domain {d:02d}",
                "actor": "operator",
                "reads": [names[0], names[1]],
                "writes": [names[2]],
                "calls": [f"Partner {d % INTEGRATIONS:02d}"] if d % 3 == 0 else [],
                "async": d % 4 == 0,
            }
        )
    return {
        "version": 1,
        "system": {"name": "Large Platform", "summary": "A platform with many bounded contexts."},
        "users": {
            "daily_active": 2_000_000,
            "regions": ["europe", "north-america"],
            "roles": [{"name": "customer"}, {"name": "operator"}, {"name": "admin", "internal": True}],
        },
        "load": {"requests_per_user_per_day": 60, "peak_factor": 3},
        "data": {"entities": entities, "domains": domains},
        "use_cases": use_cases,
        "integrations": [{"name": f"Partner {i:02d}", "kind": "partner API"} for i in range(INTEGRATIONS)],
        "quality": {"availability": 99.95, "rpo_minutes": 5, "rto_minutes": 30},
        "constraints": {"cloud": "aws", "team": {"engineers": 60, "skills": ["kubernetes", "go"]}},
    }
