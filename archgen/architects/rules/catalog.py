"""Technology names per cloud, read from catalog.yaml, honouring the questionnaire's `avoid` list."""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

from ruamel.yaml import YAML

from archgen.requirements.model import Requirements

# Used when the catalog's choice names a technology the team wants to avoid.
ALTERNATIVES: dict[str, list[str]] = {
    "cache": ["Memcached (managed)", "Valkey"],
    "log": ["Apache Pulsar", "Redpanda"],
    "queue": ["NATS JetStream", "RabbitMQ"],
    "search": ["Typesense", "Meilisearch"],
    "relational": ["MySQL (managed)", "PostgreSQL"],
    "relational_ha": ["MySQL (managed, multi-zone)", "PostgreSQL with a synchronous standby"],
    "key-value": ["Valkey (persistent)", "ScyllaDB"],
    "wide-column": ["ScyllaDB", "Apache HBase"],
    "time-series": ["ClickHouse", "TimescaleDB"],
    "kubernetes": ["Nomad"],
    "containers": ["virtual machines with systemd units"],
}


@functools.cache
def _catalog() -> dict[str, Any]:
    text = resources.files("archgen.architects.rules").joinpath("catalog.yaml").read_text("utf-8")
    data: dict[str, Any] = YAML(typ="safe", pure=True).load(text)
    return data


class Catalog:
    """Names the technology for a role on the questionnaire's cloud."""

    def __init__(self, req: Requirements) -> None:
        self.cloud = req.constraints.cloud
        self.entries: dict[str, Any] = _catalog()[self.cloud]
        self.avoid = [a.lower() for a in req.constraints.avoid]

    def avoided(self, name: str) -> bool:
        """Whether `name` mentions a technology in constraints.avoid."""
        return any(a in name.lower() for a in self.avoid)

    def __getitem__(self, role: str) -> str:
        choice = str(self.entries[role])
        if not self.avoided(choice):
            return choice
        for alternative in ALTERNATIVES.get(role, []):
            if not self.avoided(alternative):
                return alternative
        return choice

    def regions(self, area: str) -> list[str]:
        """Concrete region names for a user area such as europe; unknown areas fall back to global."""
        names: dict[str, list[str]] = self.entries["region_names"]
        return list(names.get(area.lower(), names["global"]))
