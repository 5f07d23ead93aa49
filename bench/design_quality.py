#!/usr/bin/env python3
"""The quick loop between blind reviews: design every corpus questionnaire and print, per domain, the mechanical
facts a reviewer checks first.

    .venv/bin/python bench/design_quality.py [--out DIR] [--domain NAME] [--details]

Columns: the headline peak against the largest use case's peak; the cost against the budget; the stores whose
write capacity is below the writes routed to them; the user areas served outside the latency budget; the use cases
no operation, channel or job carries; and the error findings of `archgen review`. With --out, each design is also
written there as a site (design.yaml and docs/) for a blind review.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archgen.architects.rules import RulesArchitect  # noqa: E402
from archgen.capacity.load import use_case_keys  # noqa: E402
from archgen.capacity.measure import carriers  # noqa: E402
from archgen.common.formatting import number, usd  # noqa: E402
from archgen.design.model import Design  # noqa: E402
from archgen.requirements import load_requirements  # noqa: E402
from archgen.review.engine import review  # noqa: E402

CORPUS = ROOT / "tests" / "domains"


@dataclass(frozen=True)
class Facts:
    """What the quick loop reports of one design."""

    domain: str
    headline: float
    largest_use_case: str
    largest: float
    cost: float
    budget: float | None
    undersized: list[str]
    far_areas: list[str]
    unserved: list[str]
    errors: list[str]
    seconds: float


def facts(path: Path) -> tuple[Facts, Design]:
    """Design one questionnaire and measure what a reviewer checks first."""
    started = time.perf_counter()
    loaded = load_requirements(path)
    design = RulesArchitect().design(loaded)
    elapsed = time.perf_counter() - started
    req = loaded.requirements
    keys = use_case_keys(req)
    capacity = design.capacity
    inbound = [u for u in req.use_cases if u.interaction in ("request", "stream", "batch", "webhook")]
    largest = max(inbound, key=lambda u: capacity.value(f"{keys[u.name]}.peak_rps.now"), default=None)
    undersized = [
        f"{s.name} {number(s.demand.writes_per_s)}>{number(s.write_capacity_per_s)}"
        for s in design.stores
        if s.write_capacity_per_s and s.demand.writes_per_s > s.write_capacity_per_s
    ]
    undersized += [
        f"{d.name} {number(_load(d))}>{number(d.scaling.max_instances * d.scaling.per_instance)}"
        for d in design.deployables
        if d.scaling.per_instance and _load(d) > d.scaling.max_instances * d.scaling.per_instance
    ]
    far = [s.area for s in design.topology.serving if not s.within_budget] if design.topology else []
    carried = carriers(design)
    unserved = [u.name for u in req.use_cases if not carried.get(u.name)]
    errors = [f"{f.rule} {f.element}" for f in review(design, req) if f.severity == "error"]
    return (
        Facts(
            domain=path.stem,
            headline=capacity.value("traffic.peak_rps.now"),
            largest_use_case=largest.name if largest else "",
            largest=capacity.value(f"{keys[largest.name]}.peak_rps.now") if largest else 0.0,
            cost=design.cost.total_usd_per_month,
            budget=design.cost.budget_usd_per_month,
            undersized=undersized,
            far_areas=far,
            unserved=unserved,
            errors=errors,
            seconds=elapsed,
        ),
        design,
    )


def _load(deployable: object) -> float:
    demand = deployable.demand  # type: ignore[attr-defined]
    return float(max(demand.requests_per_s, demand.messages_per_s, demand.connections))


def table(rows: list[Facts]) -> str:
    """The facts as one Markdown table."""
    lines = [
        "| Domain | Peak now (req/s) | Largest use case peak | Cost / budget | Under-sized | Areas outside budget "
        "| Use cases not carried | Review errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for f in rows:
        ok = "✓" if f.headline >= f.largest * 0.999 else "✗"
        budget = f"{usd(f.cost)} / {usd(f.budget)} ({f.cost / f.budget:.2f}×)" if f.budget else f"{usd(f.cost)} / —"
        lines.append(
            f"| {f.domain} | {number(f.headline)} | {ok} {number(f.largest)} ({f.largest_use_case}) | {budget} | "
            f"{', '.join(f.undersized) or '—'} | {', '.join(f.far_areas) or '—'} | "
            f"{len(f.unserved)}{': ' + ', '.join(f.unserved[:3]) if f.unserved else ''} | "
            f"{len(f.errors)}{': ' + ', '.join(sorted({e.split()[0] for e in f.errors})) if f.errors else ''} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write each design's site into this folder, one subfolder each")
    parser.add_argument("--domain", help="only the corpus files whose name contains this")
    parser.add_argument("--details", action="store_true", help="list every error finding")
    args = parser.parse_args()
    started = time.perf_counter()
    rows = []
    for path in sorted(CORPUS.glob("*.yaml")):
        if args.domain and args.domain not in path.stem:
            continue
        row, design = facts(path)
        rows.append(row)
        if args.out:
            from archgen.pipeline import publish

            publish(design, args.out / path.stem, None, True, False, lambda _: None)
        if args.details:
            for error in row.errors:
                print(f"{row.domain}: {error}", file=sys.stderr)
    print(table(rows))
    print(f"\n{len(rows)} designs in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
