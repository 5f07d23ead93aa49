"""Large questionnaires built in code, for the diagram tests and the benchmarks: a 30-domain platform (150 entities,
a use case per domain, references within and across domains, a dozen integrations), and any questionnaire
replicated a number of times."""

from __future__ import annotations

import re
from collections.abc import Callable
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


def scaled_questionnaire(questionnaire: dict[str, Any], copies: int) -> dict[str, Any]:
    """`questionnaire` with its entities, domains and use cases repeated `copies` times under new names.

    Copy 1 is the original; copy n renames `Order` to `OrderN`, `catalog` to `catalog-n` and `Place order` to
    `Place order n`, and its references, domains and use cases point at its own entities, so every copy is a
    self-contained replica and the whole stays a valid questionnaire. Roles, integrations and files are shared.
    """
    data = questionnaire["data"]
    entities, domains, use_cases = [], [], []
    for copy in range(1, copies + 1):
        suffix = "" if copy == 1 else str(copy)
        names = {entity["name"]: entity["name"] + suffix for entity in data["entities"]}

        def renamed(name: str, names: dict[str, str] = names) -> str:
            return names.get(name, name)

        for entity in data["entities"]:
            fields = {field: _renamed_refs(kind, renamed) for field, kind in entity["fields"].items()}
            entities.append({**entity, "name": renamed(entity["name"]), "fields": fields})
        for domain in data.get("domains", []):
            name = domain["name"] if copy == 1 else f"{domain['name']}-{copy}"
            domains.append({**domain, "name": name, "entities": [renamed(e) for e in domain["entities"]]})
        for use_case in questionnaire.get("use_cases", []):
            name = use_case["name"] if copy == 1 else f"{use_case['name']} {copy}"
            use_cases.append(
                {
                    **use_case,
                    "name": name,
                    **{key: [renamed(e) for e in use_case[key]] for key in ("reads", "writes") if key in use_case},
                }
            )
    scaled_data = {**data, "entities": entities, **({"domains": domains} if domains else {})}
    return {**questionnaire, "data": scaled_data, **({"use_cases": use_cases} if use_cases else {})}


def _renamed_refs(kind: str, renamed: Callable[[str], str]) -> str:
    """A field type with the entity named in each `ref[...]` renamed."""
    return re.sub(r"ref\[([^\]]+)\]", lambda match: f"ref[{renamed(match.group(1).strip())}]", kind)
