"""archgen's share of a design Claude makes: what it knows before asking, and the numbers it computes afterwards.

The capacity functions are the ones the rules architect uses, applied to Claude's structure, so the figures, the
sizing and the cost of a Claude design mean exactly what they mean in a rules design.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from archgen.architects.claude.usage import MILLION, prices_of
from archgen.architects.rules.reliability import MINUTES_PER_MONTH
from archgen.capacity.ledger import Ledger
from archgen.capacity.measure import measure
from archgen.capacity.prices import PriceTable
from archgen.common.formatting import quantity
from archgen.common.naming import slug
from archgen.design.model import (
    Cache,
    Capacity,
    Cost,
    DataStore,
    Deployment,
    Design,
    Figure,
    Provenance,
    Reliability,
    Scaling,
    Service,
    SystemInfo,
)
from archgen.knowledge.catalog import Catalog
from archgen.requirements import Loaded
from archgen.requirements.model import Requirements

if TYPE_CHECKING:
    from archgen.architects.claude import ClaudeArchitect, Stage

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
        **pattern_parts(req, ledger),
    }


def pattern_parts(req: Requirements, ledger: Ledger) -> dict[str, Any]:
    """The workload patterns archgen's catalog recognises in the questionnaire (the same knowledge the rules architect
    uses): which apply and on which signals, and which were considered; what each contributes is Claude's to design."""
    from archgen.design.model import AppliedPattern, ConsideredPattern, Signal
    from archgen.knowledge.patterns import load_patterns, match

    applied, missed = match(req, load_patterns(), lambda key: ledger.values.get(key, 0.0))
    return {
        "patterns": [
            AppliedPattern(
                id=m.pattern.id,
                name=m.pattern.name,
                summary=" ".join(m.pattern.summary.split()),
                signals=[Signal(key=s.key, value=s.value) for s in m.signals],
            )
            for m in applied
        ],
        "patterns_considered": [
            ConsideredPattern(id=m.pattern.id, name=m.pattern.name, missing=m.missing) for m in missed
        ],
    }


def owned_values(req: Requirements) -> dict[type[BaseModel], dict[str, Any]]:
    """The values of the fields archgen owns inside Claude's structure: the cloud and SLOs from the requirements,
    sizes at zero until `measured` computes them."""
    q = req.quality
    return {
        Reliability: {
            "availability_slo": q.availability,
            "error_budget_minutes_per_month": round((1 - q.availability / 100) * MINUTES_PER_MONTH, 1),
            "latency_slo_ms": q.latency_p99_ms,
            "rpo_minutes": q.rpo_minutes,
            "rto_minutes": q.rto_minutes,
        },
        Deployment: {"cloud": req.constraints.cloud},
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


# A number and its unit as prose writes them: "0.05 req/s", "1,200 rps", "25.5 GB", "3 TB"
_QUANTITY = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(k|K|thousand|M|million)?\s*"
    r"(req/s|requests/s|requests per second|rps|[KMGTP]i?B|bytes|B)(?![\w/])"
)
_SCALE = {"": 1.0, "k": 1e3, "K": 1e3, "thousand": 1e3, "M": 1e6, "million": 1e6}
_BYTES = {"B": 1, "bytes": 1, "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12, "PB": 1e15}
_BYTES |= {"KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40, "PiB": 2**50}
NEAR = 60  # characters between a cited figure key and the number given for it
TOLERANCE = 0.1  # a number within 10 % of the figure says the same (rounding, and GB against GiB)
PEAK = re.compile(r"\bpeak\w*\W+(?:[\w~=]+\W+){0,3}$", re.IGNORECASE)  # "peak" up to three words before


def contradictions(text: str, figures: list[Figure]) -> list[str]:
    """What `text` says that contradicts a figure: a number given beside a figure's key that differs from its value,
    or a peak request rate that no peak figure has."""
    out = []
    rates = [f for f in figures if f.unit == "req/s" and "peak" in f.key]
    cited = any(f.key in text for f in figures)
    for figure in figures:
        start = text.find(figure.key)
        while start != -1:
            after = text[start + len(figure.key) : start + len(figure.key) + NEAR]
            before = text[max(0, start - NEAR) : start]
            said = _quantities(after)[:1] or _quantities(before)[-1:]
            for value, unit, written in said:
                if _kind(unit) == _kind(figure.unit) and not _close(value, figure.value):
                    out.append(
                        f"says {written} for {figure.key}, which archgen computed as "
                        f"{quantity(figure.value, figure.unit)}; cite the figure by its key and use its value, or "
                        "leave the number out"
                    )
            start = text.find(figure.key, start + 1)
    for match in _QUANTITY.finditer(text):
        value, unit, written = _read(match)
        peak = _kind(unit) == "rate" and rates and not cited and PEAK.search(text[: match.start()])
        if peak and not any(_close(value, f.value) for f in rates):
            closest = min(rates, key=lambda f: abs(f.value - value))
            out.append(
                f"says a peak of {written}, which no figure has (archgen computed {closest.key} = "
                f"{quantity(closest.value, closest.unit)}); cite the figure by its key and use its value"
            )
    return out


def _quantities(text: str) -> list[tuple[float, str, str]]:
    return [_read(match) for match in _QUANTITY.finditer(text)]


def _read(match: re.Match[str]) -> tuple[float, str, str]:
    whole, fraction, scale, unit = match.groups()
    value = float(whole.replace(",", "") + (fraction or "")) * _SCALE[scale or ""]
    if unit in _BYTES:
        value *= _BYTES[unit]
    return value, unit, match.group(0).strip()


def _kind(unit: str) -> str:
    if unit in ("req/s", "requests/s", "requests per second", "rps"):
        return "rate"
    if unit in _BYTES or unit == "bytes":
        return "bytes"
    return unit


def _close(said: float, value: float) -> bool:
    return abs(said - value) <= TOLERANCE * max(abs(value), 1e-9) or f"{said:.2g}" == f"{value:.2g}"


def allowed_regions(req: Requirements) -> tuple[list[str], list[str]]:
    """The regions of the questionnaire's cloud where data may live, and where compute may also run: in the data
    residency areas or countries (else where the users are) and where the users are."""
    catalog = Catalog(req.constraints.cloud, [], [])
    users = [a for a in req.users.regions if a != "global"]

    def regions(places: list[str]) -> list[str]:
        if not places:
            return [r.name for r in catalog.regions()]
        return list(dict.fromkeys(r.name for p in places for r in catalog.regions_in(p)))

    data = regions(list(req.compliance.data_residency) or users)
    return data, list(dict.fromkeys([*data, *regions(users)]))


def region_issues(data: dict[str, Any], req: Requirements) -> list[tuple[tuple[str | int, ...], str]]:
    """Regions in Claude's skeleton that the questionnaire's areas and data residency do not allow."""
    for_data, for_compute = allowed_regions(req)
    out: list[tuple[tuple[str | int, ...], str]] = []
    places = [("reliability", for_data, "data is kept"), ("deployment", for_compute, "the system runs")]
    for section, allowed, what in places:
        part = data.get(section)
        regions = part.get("regions") if isinstance(part, dict) else None
        for i, region in enumerate(regions if isinstance(regions, list) else []):
            if region not in allowed:
                out.append(
                    (
                        (section, "regions", i),
                        f"'{region}' is not a region of {req.constraints.cloud} where {what} for this questionnaire's "
                        f"users and data residency; use one of {', '.join(allowed)}",
                    )
                )
    return out


def provenance(architect: ClaudeArchitect, stages: list[Stage], prompts: list[str]) -> Provenance:
    """How a Claude design was made: the model, the stages and their repairs, and what its answers cost."""
    tokens = {kind: sum(t.get(kind, 0) for s in stages for t in s.tokens) for kind in TOKEN_KINDS}
    prices = prices_of(architect.model)
    cost = None
    if prices is not None:
        cost = round(
            (
                tokens["input"] * prices.input
                + tokens["output"] * prices.output
                + tokens["cache_write"] * prices.cache_write
                + tokens["cache_read"] * prices.cache_read
            )
            / MILLION,
            4,
        )
    return Provenance(
        architect=GENERATOR,
        model=architect.model,
        platform=architect.platform,
        effort=architect.effort,
        stages=[stage.record for stage in stages],
        input_tokens=tokens["input"],
        output_tokens=tokens["output"],
        cache_read_tokens=tokens["cache_read"],
        cache_write_tokens=tokens["cache_write"],
        cost_usd=cost,
        by_architect=BY_CLAUDE,
        by_archgen=BY_ARCHGEN,
        prompts=[name.removeprefix("docs/review/") for name in prompts],
    )


TOKEN_KINDS = ("input", "output", "cache_write", "cache_read")
BY_CLAUDE = [
    "decisions",
    "architecture",
    "services and their endpoints",
    "entities (fields, keys, indexes)",
    "deployables (what runs where)",
    "stores, channels, events and caches",
    "gateway, integrations and API conventions",
    "flows",
    "security",
    "reliability: topology, regions (from the allowed ones), failure modes, backups",
    "observability",
    "deployment: platform, environments, strategy, CI/CD",
    "risks, open questions and traceability",
]
BY_ARCHGEN = [
    "requirements and assumptions (from the questionnaire)",
    "capacity: every load and storage figure",
    "deployment.cloud (the questionnaire's cloud)",
    "the regions allowed by the users' areas and data residency",
    "SLO, error budget, RPO and RTO (from the questionnaire)",
    "service request rates, instance counts, store sizes, replicas and cache sizes",
    "cost: every line and the total, from archgen's price table",
    "validation, the review findings and the repair rounds",
]
