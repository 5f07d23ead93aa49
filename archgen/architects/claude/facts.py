"""archgen's share of a design Claude makes: what it knows before asking, and the numbers it computes afterwards.

The capacity functions are the ones the rules architect uses, applied to Claude's structure, so the figures, the
sizing and the cost of a Claude design mean exactly what they mean in a rules design.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from archgen.architects.rules.reliability import MINUTES_PER_MONTH
from archgen.capacity.ledger import Ledger
from archgen.capacity.measure import measure
from archgen.capacity.prices import PriceTable
from archgen.design.model import Cache, Capacity, Cost, DataStore, Design, Reliability, Scaling, Service, SystemInfo
from archgen.naming import slug
from archgen.requirements import Loaded
from archgen.requirements.model import Requirements

GENERATOR = "anthropic"


def known_parts(loaded: Loaded, ledger: Ledger) -> dict[str, Any]:
    """The parts of the Design archgen fills in itself; the cost is a stand-in until the structure is sized."""
    req = loaded.requirements
    return {
        "generator": GENERATOR,
        "system": SystemInfo(
            name=req.system.name,
            slug=slug(req.system.name, "system"),
            summary=req.system.summary.strip(),
            domain=req.system.domain,
        ),
        "requirements": req,
        "assumptions": loaded.assumptions,
        "capacity": Capacity(figures=list(ledger.figures)),
        "cost": Cost(price_table=""),
    }


def owned_values(req: Requirements) -> dict[type[BaseModel], dict[str, Any]]:
    """The values of the fields archgen owns inside Claude's structure: SLOs from the requirements, sizes at zero
    until `measured` computes them."""
    q = req.quality
    return {
        Reliability: {
            "availability_slo": q.availability,
            "error_budget_minutes_per_month": round((1 - q.availability / 100) * MINUTES_PER_MONTH, 1),
            "latency_slo_ms": q.latency_p99_ms,
            "rpo_minutes": q.rpo_minutes,
            "rto_minutes": q.rto_minutes,
        },
        Service: {},
        Scaling: {"min_instances": 0, "max_instances": 0, "per_instance": 0, "unit": "req/s"},
        DataStore: {"size_bytes_3y": 0, "read_replicas": 0, "shards": 1, "node_class": "", "write_capacity_per_s": 0},
        Cache: {"size_bytes": 0},
    }


def measured(design: Design, req: Requirements, ledger: Ledger, prices: PriceTable) -> Design:
    """`design` measured as a rules design is: the load routed through Claude's components, each sized, the
    figures and the cost recomputed (see archgen.capacity.measure)."""
    del ledger  # measure computes the figures afresh from the requirements
    return measure(design, prices, req)
